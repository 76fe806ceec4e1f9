"""Models of the FIM completions API (the shared response and stream types are in core)."""

from __future__ import annotations

from typing import Any, TypeAlias, Union

from mistralai.models import ChatCompletionResponse
from mistralai.types import MistralModel, Nullable

FIMCompletionRequestStop: TypeAlias = Union[str, list[str]]


class FIMCompletionRequest(MistralModel):
    """The body of ``POST /v1/fim/completions``.

    >>> FIMCompletionRequest(model="codestral-latest", prompt="def f(", suffix="return a").to_wire()
    {'model': 'codestral-latest', 'prompt': 'def f(', 'suffix': 'return a'}
    """

    model: str
    prompt: str
    suffix: Nullable[str] = None
    temperature: Nullable[float] = None
    top_p: float | None = None
    max_tokens: Nullable[int] = None
    min_tokens: Nullable[int] = None
    stream: bool | None = None
    stop: FIMCompletionRequestStop | None = None
    random_seed: Nullable[int] = None
    metadata: Nullable[dict[str, Any]] = None
    prompt_cache_key: Nullable[str] = None


class FIMCompletionResponse(ChatCompletionResponse):
    """The answer to ``POST /v1/fim/completions``: the completion is in
    ``choices[0].message.content``."""


__all__ = ["FIMCompletionRequest", "FIMCompletionRequestStop", "FIMCompletionResponse"]
