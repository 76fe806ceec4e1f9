"""``client.agents``: completions from an agent configured on the platform."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from typing_extensions import Unpack

from mistralai.agents.models import (
    AgentsCompletionRequest,
    AgentsCompletionRequestStop,
    AgentsCompletionRequestToolChoice,
)
from mistralai.models import (
    ChatCompletionResponse,
    CompletionEvent,
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
    Call,
    CallOptions,
    CompletionAccumulator,
    Operation,
    Resource,
    async_operation,
    async_stream,
    request_body,
    sync_operation,
    sync_stream,
)

_OPERATION_ID = "agents_completion_v1_agents_completions_post"
COMPLETE: Operation[ChatCompletionResponse] = Operation(
    _OPERATION_ID, "POST", "/v1/agents/completions", ChatCompletionResponse
)
STREAM: Operation[CompletionEvent] = Operation(
    _OPERATION_ID, "POST", "/v1/agents/completions", decode=completion_event
)


_STREAM_SUMMARY = (
    "Stream an agent completion as typed events (use it in a ``with`` block); "
    "``get_final_response()`` adds them up."
)


class Agents(Resource):
    """Agent completions (``POST /v1/agents/completions``).

    >>> res = client.agents.complete(agent_id=agent_id,
    ...                              messages=[{"role": "user", "content": "Hello"}])
    >>> res.choices[0].message.content
    """

    def _prepare(
        self,
        *,
        messages: Sequence[MessageInput],
        agent_id: str,
        max_tokens: OptionalNullable[int] = UNSET,
        stream: bool | UnsetType = UNSET,
        stop: AgentsCompletionRequestStop | UnsetType = UNSET,
        random_seed: OptionalNullable[int] = UNSET,
        metadata: OptionalNullable[dict[str, Any]] = UNSET,
        response_format: ResponseFormat | dict[str, Any] | UnsetType = UNSET,
        tools: OptionalNullable[Sequence[Tool | dict[str, Any]]] = UNSET,
        tool_choice: AgentsCompletionRequestToolChoice | dict[str, Any] | UnsetType = UNSET,
        presence_penalty: float | UnsetType = UNSET,
        frequency_penalty: float | UnsetType = UNSET,
        n: OptionalNullable[int] = UNSET,
        prediction: Prediction | dict[str, Any] | UnsetType = UNSET,
        parallel_tool_calls: bool | UnsetType = UNSET,
        prompt_mode: OptionalNullable[MistralPromptMode] = UNSET,
        reasoning_effort: ReasoningEffort | UnsetType = UNSET,
        prompt_cache_key: OptionalNullable[str] = UNSET,
        **options: Unpack[CallOptions],
    ) -> Call:
        """Generate a completion with an agent.

        :param messages: the conversation so far, as message models or dicts with ``role``
            and ``content``.
        :param agent_id: the id of the agent to answer.
        :param max_tokens: the most tokens to generate.
        :param stream: must be False or left out here; the ``stream`` methods stream.
        :param stop: a string or strings that end generation.
        :param random_seed: a seed that makes sampling deterministic.
        :param metadata: free-form metadata stored with the request.
        :param response_format: ``{"type": "text" | "json_object" | "json_schema", ...}``.
        :param tools: functions the agent may call, in addition to its own tools.
        :param tool_choice: ``"auto"``, ``"none"``, ``"any"``, ``"required"`` or a
            :class:`~mistralai.models.ToolChoice` naming one function.
        :param presence_penalty: penalises tokens already present (-2 to 2).
        :param frequency_penalty: penalises tokens by their frequency (-2 to 2).
        :param n: how many completions to return.
        :param prediction: expected output, to speed up mostly-known answers.
        :param parallel_tool_calls: whether the agent may call several tools at once.
        :param prompt_mode: ``"reasoning"`` to use the reasoning system prompt.
        :param reasoning_effort: ``"high"`` or ``"none"``.
        :param prompt_cache_key: a key grouping requests that share a prompt prefix.
        :param options: per-call ``retries``, ``server_url``, ``timeout_ms``, ``http_headers``.

        >>> from mistralai.models import UserMessage
        >>> msgs = [UserMessage(content="What is the capital of France?")]
        >>> res = client.agents.complete(agent_id=agent_id, messages=msgs, max_tokens=500)
        >>> with client.agents.stream(agent_id=agent_id, messages=msgs) as events:
        ...     text = "".join(e.data.choices[0].delta.content or "" for e in events)
        ...     res = events.get_final_response()
        >>> res.choices[0].message.content == text
        True
        """
        return Call(body=request_body(AgentsCompletionRequest, locals()), options=options)

    complete = sync_operation(COMPLETE, _prepare)
    complete_async = async_operation(COMPLETE, _prepare)
    stream = sync_stream(
        STREAM, _prepare, summary=_STREAM_SUMMARY, accumulate=CompletionAccumulator
    )
    stream_async = async_stream(
        STREAM, _prepare, summary=_STREAM_SUMMARY, accumulate=CompletionAccumulator
    )
