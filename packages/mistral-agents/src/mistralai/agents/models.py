"""Models of the agents completions API (responses are the shared chat types of core)."""

from __future__ import annotations

from typing import Any, TypeAlias, Union

from mistralai.models import (
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

AgentsCompletionRequestStop: TypeAlias = Union[str, list[str]]
AgentsCompletionRequestToolChoice: TypeAlias = Union[ToolChoice, ToolChoiceEnum]
AgentsCompletionRequestMessages: TypeAlias = Messages


class AgentsCompletionRequest(MistralModel):
    """The body of ``POST /v1/agents/completions``."""

    agent_id: str
    messages: list[Messages]
    max_tokens: Nullable[int] = None
    stream: bool | None = None
    stop: AgentsCompletionRequestStop | None = None
    random_seed: Nullable[int] = None
    metadata: Nullable[dict[str, Any]] = None
    response_format: ResponseFormat | None = None
    tools: Nullable[list[Tool]] = None
    tool_choice: AgentsCompletionRequestToolChoice | None = None
    presence_penalty: float | None = None
    frequency_penalty: float | None = None
    n: Nullable[int] = None
    prediction: Prediction | None = None
    parallel_tool_calls: bool | None = None
    prompt_mode: Nullable[MistralPromptMode] = None
    reasoning_effort: ReasoningEffort | None = None
    prompt_cache_key: Nullable[str] = None


__all__ = [
    "AgentsCompletionRequest",
    "AgentsCompletionRequestMessages",
    "AgentsCompletionRequestStop",
    "AgentsCompletionRequestToolChoice",
]
