"""Chat-style completion responses and stream chunks, shared by chat, agents and FIM."""

from __future__ import annotations

from typing import Annotated, Any, Union

from pydantic import BeforeValidator

from mistralai._sse import model_event_decoder
from mistralai.models._content import AssistantMessage, ContentChunk
from mistralai.models._tools import ToolCall
from mistralai.types import MistralModel

FinishReason = str
"""``stop``, ``length``, ``model_length``, ``error`` or ``tool_calls`` (kept open for new ones)."""


def _number_or_none(value: Any) -> Any:
    # The spec's own example sends {} here; a malformed count must not lose the response.
    return value if isinstance(value, (int, float)) and not isinstance(value, bool) else None


class PromptTokensDetails(MistralModel):
    """Breakdown of prompt tokens."""

    cached_tokens: int = 0


class UsageInfo(MistralModel):
    """Token counts of one request."""

    prompt_tokens: int = 0
    completion_tokens: int = 0
    total_tokens: int = 0
    prompt_audio_seconds: Annotated[Union[int, float, None], BeforeValidator(_number_or_none)] = (
        None
    )
    num_cached_tokens: int | None = None
    prompt_tokens_details: PromptTokensDetails | None = None
    prompt_token_details: PromptTokensDetails | None = None


class ChatCompletionChoice(MistralModel):
    """One answer of a completion."""

    index: int = 0
    message: AssistantMessage
    finish_reason: FinishReason | None = None


class ChatCompletionResponse(MistralModel):
    """The answer to a chat, agents or FIM completion.

    Fields the server leaves out are None (or empty), never a validation error.
    """

    id: str | None = None
    object: str | None = None
    model: str | None = None
    created: int | None = None
    usage: UsageInfo | None = None
    choices: list[ChatCompletionChoice] = []


class DeltaMessage(MistralModel):
    """What one stream chunk adds to the answer."""

    role: str | None = None
    content: Union[str, list[ContentChunk], None] = None
    tool_calls: list[ToolCall] | None = None


class CompletionResponseStreamChoice(MistralModel):
    """One choice's delta in a stream chunk."""

    index: int = 0
    delta: DeltaMessage
    finish_reason: FinishReason | None = None


class CompletionChunk(MistralModel):
    """One streamed piece of a completion."""

    id: str | None = None
    object: str | None = None
    model: str | None = None
    created: int | None = None
    usage: UsageInfo | None = None
    choices: list[CompletionResponseStreamChoice] = []


class CompletionEvent(MistralModel):
    """One event of a completion stream; the chunk is in ``data``.

    >>> with client.chat.stream(model="mistral-small-latest", messages=msgs) as stream:
    ...     for event in stream:
    ...         print(event.data.choices[0].delta.content, end="")
    """

    data: CompletionChunk


completion_event = model_event_decoder(CompletionChunk, wrap=CompletionEvent)
"""Decode one server-sent event of a completion stream: ``completion_event(sse)``.

A plain event's bytes are validated once as a :class:`CompletionChunk`, without being
made text first (see :func:`mistralai.utils.model_event_decoder`)."""
