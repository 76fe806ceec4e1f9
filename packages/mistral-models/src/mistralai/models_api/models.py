"""Models of the Models API (``/v1/models`` and ``/v1/fine_tuning/models``)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal, TypeAlias, Union

import pydantic
from pydantic import Discriminator, Tag

from mistralai.models import ClassifierTargetOut
from mistralai.types import MistralModel, Nullable, UnknownVariant, tag_or_unknown


class ModelCapabilities(MistralModel):
    """What a model can do."""

    completion_chat: bool = False
    function_calling: bool = False
    completion_fim: bool = False
    fine_tuning: bool = False
    vision: bool = False
    ocr: bool = False
    classification: bool = False
    moderation: bool = False
    audio: bool = False
    audio_transcription: bool = False


class _ModelCardFields(MistralModel):
    """What every model card holds."""

    id: str
    object: str = "model"
    created: int | None = None
    owned_by: str | None = "mistralai"
    capabilities: ModelCapabilities = pydantic.Field(default_factory=ModelCapabilities)
    name: str | None = None
    description: str | None = None
    max_context_length: int = 32768
    aliases: list[str] = []
    deprecation: datetime | None = None
    deprecation_replacement_model: str | None = None
    default_model_temperature: float | None = None


class BaseModelCard(_ModelCardFields):
    """A model provided by Mistral (``type == "base"``)."""

    type: Literal["base"] = "base"


class FTModelCard(_ModelCardFields):
    """A fine-tuned model (``type == "fine-tuned"``): a base card plus its job and root."""

    type: Literal["fine-tuned"] = "fine-tuned"
    job: str | None = None
    root: str | None = None
    archived: bool = False


_CARD_TAGS = frozenset({"base", "fine-tuned"})


def _card_tag(value: Any) -> str:
    """``type`` (or ``TYPE``, as the API's own examples spell it); a card without one is
    ``base``, the schema's default; an unknown kind is ``unknown``."""
    if isinstance(value, dict):
        tag = value.get("type", value.get("TYPE", "base"))
    else:
        tag = getattr(value, "type", "base")
    return tag if tag in _CARD_TAGS else "unknown"


ModelCard: TypeAlias = Annotated[
    Union[
        Annotated[BaseModelCard, Tag("base")],
        Annotated[FTModelCard, Tag("fine-tuned")],
        Annotated[UnknownVariant, Tag("unknown")],
    ],
    Discriminator(_card_tag),
]
"""A base or fine-tuned model card, by ``type``; a new kind of card is an
:class:`~mistralai.types.UnknownVariant` holding every field."""


class ModelList(MistralModel):
    """The answer to ``GET /v1/models``.

    Accepts the documented ``{"object": "list", "data": [...]}`` and the bare array of cards
    the API's own example shows.

    >>> ModelList.model_validate_json('[{"id": "m", "type": "base"}]').data[0].id
    'm'
    """

    object: str = "list"
    data: list[ModelCard] = []

    @pydantic.model_validator(mode="before")
    @classmethod
    def _accept_bare_array(cls, value: Any) -> Any:
        if isinstance(value, list):
            return {"object": "list", "data": value}
        return value


class DeleteModelOut(MistralModel):
    """The answer to ``DELETE /v1/models/{model_id}``."""

    id: str
    object: str = "model"
    deleted: bool = True


class UpdateFTModelIn(MistralModel):
    """The body of ``PATCH /v1/fine_tuning/models/{model_id}``: a new name or description."""

    name: Nullable[str] = None
    description: Nullable[str] = None


class FTModelCapabilitiesOut(MistralModel):
    """What a fine-tuned model can do."""

    completion_chat: bool = True
    completion_fim: bool = False
    function_calling: bool = False
    fine_tuning: bool = False
    classification: bool = False


class _FTModelOutFields(MistralModel):
    """What the fine-tuning API tells about any fine-tuned model."""

    id: str
    object: str = "model"
    created: int | None = None
    owned_by: str | None = None
    workspace_id: str | None = None
    root: str | None = None
    root_version: str | None = None
    archived: bool = False
    name: str | None = None
    description: str | None = None
    capabilities: FTModelCapabilitiesOut = pydantic.Field(default_factory=FTModelCapabilitiesOut)
    max_context_length: int = 32768
    aliases: list[str] = []
    job: str | None = None


class CompletionFTModelOut(_FTModelOutFields):
    """A fine-tuned completion model, as the fine-tuning API describes it."""

    model_type: Literal["completion"] = "completion"


class ClassifierFTModelOut(_FTModelOutFields):
    """A fine-tuned classifier model, as the fine-tuning API describes it."""

    classifier_targets: list[ClassifierTargetOut] = []
    model_type: Literal["classifier"] = "classifier"


FTModelOut: TypeAlias = Annotated[
    Union[
        Annotated[CompletionFTModelOut, Tag("completion")],
        Annotated[ClassifierFTModelOut, Tag("classifier")],
        Annotated[UnknownVariant, Tag("unknown")],
    ],
    Discriminator(tag_or_unknown("model_type", CompletionFTModelOut, ClassifierFTModelOut)),
]
"""What ``update`` returns: a completion or classifier model, by ``model_type``."""


class ArchiveFTModelOut(MistralModel):
    """The answer to archiving a fine-tuned model."""

    id: str
    object: str = "model"
    archived: bool = True


class UnarchiveFTModelOut(MistralModel):
    """The answer to un-archiving a fine-tuned model."""

    id: str
    object: str = "model"
    archived: bool = False


__all__ = [
    "ArchiveFTModelOut",
    "BaseModelCard",
    "ClassifierFTModelOut",
    "ClassifierTargetOut",
    "CompletionFTModelOut",
    "DeleteModelOut",
    "FTModelCapabilitiesOut",
    "FTModelCard",
    "FTModelOut",
    "ModelCapabilities",
    "ModelCard",
    "ModelList",
    "UnarchiveFTModelOut",
    "UpdateFTModelIn",
]
