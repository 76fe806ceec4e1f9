"""Models of the moderation and classification APIs (messages are core's shared types)."""

from __future__ import annotations

from typing import Any, TypeAlias, Union

from pydantic import Field

from mistralai.models import Messages
from mistralai.types import MistralModel, Nullable

ClassificationRequestInputs: TypeAlias = Union[str, list[str]]
"""One text or a list of texts to classify."""

ChatModerationRequestInputs: TypeAlias = Union[list[Messages], list[list[Messages]]]
"""One conversation (a list of messages) or several."""


class ClassificationRequest(MistralModel):
    """The body of ``POST /v1/moderations`` and ``POST /v1/classifications``; ``inputs`` is
    sent as ``input``.

    >>> ClassificationRequest(model="mistral-moderation-latest", inputs="hi").to_wire()
    {'model': 'mistral-moderation-latest', 'input': 'hi'}
    """

    model: str
    inputs: ClassificationRequestInputs = Field(alias="input")
    metadata: Nullable[dict[str, Any]] = None


class ChatModerationRequest(MistralModel):
    """The body of ``POST /v1/chat/moderations``; ``inputs`` is sent as ``input``."""

    inputs: ChatModerationRequestInputs = Field(alias="input")
    model: str


class InstructRequest(MistralModel):
    """One conversation to classify."""

    messages: list[Messages]


ChatClassificationRequestInputs: TypeAlias = Union[InstructRequest, list[InstructRequest]]
"""One conversation (``{"messages": [...]}``) or several."""


class ChatClassificationRequest(MistralModel):
    """The body of ``POST /v1/chat/classifications``; ``inputs`` is sent as ``input``."""

    model: str
    inputs: ChatClassificationRequestInputs = Field(alias="input")


class ModerationObject(MistralModel):
    """The moderation verdict on one input: a flag and a score per category."""

    categories: dict[str, bool] = {}
    category_scores: dict[str, float] = {}


class ModerationResponse(MistralModel):
    """The answer to a moderation request: one result per input, in order.

    >>> res = ModerationResponse.model_validate_json(
    ...     '{"id": "1", "model": "m", "results": [{"categories": {"pii": true}}]}')
    >>> res.results[0].categories["pii"]
    True
    """

    id: str | None = None
    model: str | None = None
    results: list[ModerationObject] = []


class ClassificationTargetResult(MistralModel):
    """The scores of each label of one classifier target."""

    scores: dict[str, float] = {}


class ClassificationResponse(MistralModel):
    """The answer to a classification request: per input, the results by target name.

    >>> res = ClassificationResponse.model_validate_json(
    ...     '{"id": "1", "model": "m", "results": [{"sentiment": {"scores": {"pos": 0.9}}}]}')
    >>> res.results[0]["sentiment"].scores
    {'pos': 0.9}
    """

    id: str | None = None
    model: str | None = None
    results: list[dict[str, ClassificationTargetResult]] = []


__all__ = [
    "ChatClassificationRequest",
    "ChatClassificationRequestInputs",
    "ChatModerationRequest",
    "ChatModerationRequestInputs",
    "ClassificationRequest",
    "ClassificationRequestInputs",
    "ClassificationResponse",
    "ClassificationTargetResult",
    "InstructRequest",
    "ModerationObject",
    "ModerationResponse",
]
