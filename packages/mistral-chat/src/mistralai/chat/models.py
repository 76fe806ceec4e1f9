"""Models of the chat completions API (the shared message and response types are in core)."""

from __future__ import annotations

from typing import Any, Generic, Literal, TypeAlias, TypeVar, Union

from mistralai.models import (
    AssistantMessage,
    ChatCompletionChoice,
    ChatCompletionResponse,
    GuardrailConfig,
    Messages,
    MistralPromptMode,
    Prediction,
    ReasoningEffort,
    ResponseFormat,
    Tool,
    ToolChoice,
    ToolChoiceEnum,
)
from mistralai.types import MistralModel, Nullable

T = TypeVar("T")

ChatCompletionRequestStop: TypeAlias = Union[str, list[str]]
ChatCompletionRequestToolChoice: TypeAlias = Union[ToolChoice, ToolChoiceEnum]


class ChatCompletionRequest(MistralModel):
    """The body of ``POST /v1/chat/completions``."""

    model: str
    messages: list[Messages]
    temperature: Nullable[float] = None
    top_p: float | None = None
    max_tokens: Nullable[int] = None
    stream: bool | None = None
    stop: ChatCompletionRequestStop | None = None
    random_seed: Nullable[int] = None
    metadata: Nullable[dict[str, Any]] = None
    response_format: ResponseFormat | None = None
    tools: Nullable[list[Tool]] = None
    tool_choice: ChatCompletionRequestToolChoice | None = None
    presence_penalty: float | None = None
    frequency_penalty: float | None = None
    n: Nullable[int] = None
    prediction: Prediction | None = None
    parallel_tool_calls: bool | None = None
    prompt_mode: Nullable[MistralPromptMode] = None
    reasoning_effort: ReasoningEffort | None = None
    guardrails: Nullable[list[GuardrailConfig]] = None
    prompt_cache_key: Nullable[str] = None
    safe_prompt: bool | None = None


class ParsedAssistantMessage(AssistantMessage, Generic[T]):
    """An assistant message whose JSON content was validated into ``parsed``."""

    parsed: T | None = None


class ParsedChatCompletionChoice(ChatCompletionChoice, Generic[T]):
    """A choice carrying a :class:`ParsedAssistantMessage`."""

    message: ParsedAssistantMessage[T]


class ParsedChatCompletionResponse(ChatCompletionResponse, Generic[T]):
    """What ``client.chat.parse`` returns: ``choices[i].message.parsed`` is your model."""

    # Narrows the element type of the base field; pydantic validates the narrower one.
    choices: list[ParsedChatCompletionChoice[T]] = []  # type: ignore[assignment]


ChatCompletionRequestMessage: TypeAlias = Messages
PromptMode: TypeAlias = Literal["reasoning"]

__all__ = [
    "ChatCompletionRequest",
    "ChatCompletionRequestMessage",
    "ChatCompletionRequestStop",
    "ChatCompletionRequestToolChoice",
    "ParsedAssistantMessage",
    "ParsedChatCompletionChoice",
    "ParsedChatCompletionResponse",
    "PromptMode",
]
