"""``client.chat``: chat completions, streamed or not, and structured output."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar

import pydantic
from typing_extensions import Unpack

from mistralai.chat._structured import (
    ParsedCompletionAccumulator,
    parse_response,
    response_format_for,
)
from mistralai.chat.models import (
    ChatCompletionRequest,
    ChatCompletionRequestStop,
    ChatCompletionRequestToolChoice,
    ParsedChatCompletionResponse,
)
from mistralai.models import (
    ChatCompletionResponse,
    CompletionEvent,
    GuardrailConfig,
    MessageInput,
    MistralPromptMode,
    Prediction,
    ReasoningEffort,
    ResponseFormat,
    Tool,
    completion_event,
)
from mistralai.types import UNSET, OptionalNullable, UnsetType
from mistralai.utils import (
    AsyncResponseStream,
    Call,
    CallOptions,
    CompletionAccumulator,
    Operation,
    Resource,
    ResponseStream,
    async_operation,
    async_stream,
    request_body,
    sync_operation,
    sync_stream,
)

M = TypeVar("M", bound=pydantic.BaseModel)

_OPERATION_ID = "chat_completion_v1_chat_completions_post"
COMPLETE: Operation[ChatCompletionResponse] = Operation(
    _OPERATION_ID, "POST", "/v1/chat/completions", ChatCompletionResponse
)
STREAM: Operation[CompletionEvent] = Operation(
    _OPERATION_ID, "POST", "/v1/chat/completions", decode=completion_event
)


_STREAM_SUMMARY = (
    "Stream a chat completion as typed events (use it in a ``with`` block); "
    "``get_final_response()`` adds them up."
)


class Chat(Resource):
    """Chat completions (``POST /v1/chat/completions``).

    >>> res = client.chat.complete(model="mistral-small-latest",
    ...                            messages=[{"role": "user", "content": "Hello"}])
    >>> res.choices[0].message.content
    """

    def _prepare(
        self,
        *,
        model: str,
        messages: Sequence[MessageInput],
        temperature: OptionalNullable[float] = UNSET,
        top_p: float | UnsetType = UNSET,
        max_tokens: OptionalNullable[int] = UNSET,
        stream: bool | UnsetType = UNSET,
        stop: ChatCompletionRequestStop | UnsetType = UNSET,
        random_seed: OptionalNullable[int] = UNSET,
        metadata: OptionalNullable[dict[str, Any]] = UNSET,
        response_format: ResponseFormat | dict[str, Any] | UnsetType = UNSET,
        tools: OptionalNullable[Sequence[Tool | dict[str, Any]]] = UNSET,
        tool_choice: ChatCompletionRequestToolChoice | dict[str, Any] | UnsetType = UNSET,
        presence_penalty: float | UnsetType = UNSET,
        frequency_penalty: float | UnsetType = UNSET,
        n: OptionalNullable[int] = UNSET,
        prediction: Prediction | dict[str, Any] | UnsetType = UNSET,
        parallel_tool_calls: bool | UnsetType = UNSET,
        prompt_mode: OptionalNullable[MistralPromptMode] = UNSET,
        reasoning_effort: ReasoningEffort | UnsetType = UNSET,
        guardrails: OptionalNullable[Sequence[GuardrailConfig | dict[str, Any]]] = UNSET,
        prompt_cache_key: OptionalNullable[str] = UNSET,
        safe_prompt: bool | UnsetType = UNSET,
        **options: Unpack[CallOptions],
    ) -> Call:
        """Create a chat completion.

        :param model: the model id, e.g. ``"mistral-small-latest"``.
        :param messages: the conversation so far, as message models or dicts with ``role``
            and ``content``.
        :param temperature: sampling temperature (0.0 to 1.5; 0.0-0.7 recommended).
        :param top_p: nucleus sampling probability mass (0 to 1).
        :param max_tokens: the most tokens to generate.
        :param stream: must be False or left out here; the ``stream`` methods stream.
        :param stop: a string or strings that end generation.
        :param random_seed: a seed that makes sampling deterministic.
        :param metadata: free-form metadata stored with the request.
        :param response_format: ``{"type": "text" | "json_object" | "json_schema", ...}``.
        :param tools: functions the model may call.
        :param tool_choice: ``"auto"``, ``"none"``, ``"any"``, ``"required"`` or a
            :class:`~mistralai.models.ToolChoice` naming one function.
        :param presence_penalty: penalises tokens already present (-2 to 2).
        :param frequency_penalty: penalises tokens by their frequency (-2 to 2).
        :param n: how many completions to return.
        :param prediction: expected output, to speed up mostly-known answers.
        :param parallel_tool_calls: whether the model may call several tools at once.
        :param prompt_mode: ``"reasoning"`` to use the reasoning system prompt.
        :param reasoning_effort: ``"high"`` or ``"none"``.
        :param guardrails: moderation guardrails to apply.
        :param prompt_cache_key: a key grouping requests that share a prompt prefix.
        :param safe_prompt: inject the safety prompt before the conversation.
        :param options: per-call ``retries``, ``server_url``, ``timeout_ms``, ``http_headers``.

        >>> from mistralai.models import UserMessage
        >>> msgs = [UserMessage(content="Hi")]
        >>> res = client.chat.complete(model="mistral-small-latest", messages=msgs, temperature=0.2)
        >>> res.choices[0].message.content
        >>> with client.chat.stream(model="mistral-small-latest", messages=msgs) as events:
        ...     for event in events:
        ...         print(event.data.choices[0].delta.content or "", end="")
        ...     res = events.get_final_response()
        You said: Hi
        >>> res.choices[0].message.content
        'You said: Hi'
        """
        return Call(body=request_body(ChatCompletionRequest, locals()), options=options)

    complete = sync_operation(COMPLETE, _prepare)
    complete_async = async_operation(COMPLETE, _prepare)
    stream = sync_stream(
        STREAM, _prepare, summary=_STREAM_SUMMARY, accumulate=CompletionAccumulator
    )
    stream_async = async_stream(
        STREAM, _prepare, summary=_STREAM_SUMMARY, accumulate=CompletionAccumulator
    )
    _event_stream = sync_stream(STREAM, _prepare)
    _event_stream_async = async_stream(STREAM, _prepare)

    def parse(self, response_format: type[M], **kwargs: Any) -> ParsedChatCompletionResponse[M]:
        """Ask for an answer shaped as ``response_format`` and return it parsed.

        Takes every parameter of :meth:`complete`. The JSON schema of the pydantic model
        is sent as a strict ``json_schema`` response format; each choice's
        ``message.parsed`` holds the validated object. An answer that does not validate
        raises :class:`~mistralai.chat.StructuredOutputError` with the raw text.

        >>> class Book(pydantic.BaseModel):
        ...     name: str
        ...     authors: list[str]
        >>> res = client.chat.parse(Book, model="mistral-small-latest", messages=msgs)
        >>> res.choices[0].message.parsed.name
        """
        response = self.complete(response_format=response_format_for(response_format), **kwargs)
        return parse_response(response, response_format)

    async def parse_async(
        self, response_format: type[M], **kwargs: Any
    ) -> ParsedChatCompletionResponse[M]:
        """Async twin of :meth:`parse`.

        >>> class City(pydantic.BaseModel):
        ...     name: str
        ...     country: str
        >>> res = await client.chat.parse_async(City, model="mistral-small-latest", messages=msgs)
        >>> res.choices[0].message.parsed.country
        """
        response = await self.complete_async(
            response_format=response_format_for(response_format), **kwargs
        )
        return parse_response(response, response_format)

    def parse_stream(
        self, response_format: type[M], **kwargs: Any
    ) -> ResponseStream[CompletionEvent, ParsedChatCompletionResponse[M]]:
        """Stream an answer shaped as ``response_format``.

        Takes every parameter of :meth:`complete`; the events are those of :meth:`stream`.
        ``get_final_response()`` returns the answer with each choice's ``message.parsed``
        validated as in :meth:`parse` (an answer that does not validate raises
        :class:`~mistralai.chat.StructuredOutputError`).

        >>> class City(pydantic.BaseModel):
        ...     name: str
        ...     country: str
        >>> with client.chat.parse_stream(City, model="mistral-small-latest", messages=msgs) as s:
        ...     text = "".join(e.data.choices[0].delta.content or "" for e in s)
        ...     res = s.get_final_response()
        >>> City.model_validate_json(text) == res.choices[0].message.parsed
        True
        """
        stream = self._event_stream(response_format=response_format_for(response_format), **kwargs)
        return ResponseStream(stream, lambda: ParsedCompletionAccumulator(response_format))

    async def parse_stream_async(
        self, response_format: type[M], **kwargs: Any
    ) -> AsyncResponseStream[CompletionEvent, ParsedChatCompletionResponse[M]]:
        """Async twin of :meth:`parse_stream`.

        >>> class City(pydantic.BaseModel):
        ...     name: str
        >>> stream = await client.chat.parse_stream_async(City, model="mistral-small-latest",
        ...                                                messages=msgs)
        >>> async with stream:
        ...     res = await stream.get_final_response()
        >>> isinstance(res.choices[0].message.parsed, City)
        True
        """
        stream = await self._event_stream_async(
            response_format=response_format_for(response_format), **kwargs
        )
        return AsyncResponseStream(stream, lambda: ParsedCompletionAccumulator(response_format))


# parse_stream sends through these private methods, which check its keywords: a misspelled
# one is reported under the name the caller used.
Chat._event_stream.__name__ = "parse_stream"
Chat._event_stream_async.__name__ = "parse_stream_async"
