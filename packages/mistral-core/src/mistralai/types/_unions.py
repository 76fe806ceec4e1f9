"""Discriminated unions that accept variants the SDK does not know yet.

The API adds new kinds of content chunks, tools and events over time. A union built with
:func:`tag_or_unknown` routes a known tag to its model and anything else to an
:class:`UnknownVariant`, which keeps every field, instead of failing the whole response.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from mistralai.types._base import MistralModel

UNKNOWN_TAG = "unknown"


class UnknownVariant(MistralModel):
    """A variant of a union this SDK version does not know; every field is kept as an extra.

    >>> UnknownVariant.model_validate({"type": "hologram", "depth": 3}).model_extra
    {'type': 'hologram', 'depth': 3}
    """

    @property
    def tag(self) -> Any:
        """The value of the discriminating field (``type``, ``role``...) if present."""
        extra = self.model_extra or {}
        return extra.get("type", extra.get("role", extra.get("object")))


def tag_or_unknown(field: str, *models: type[MistralModel]) -> Callable[[Any], str]:
    """A pydantic ``Discriminator`` callable: the model's tag, or ``"unknown"``.

    Each model's tag is the default of its ``field`` (a ``Literal`` with a default).
    """
    known = frozenset(_default_tag(model, field) for model in models)

    def discriminate(value: Any) -> str:
        tag = value.get(field) if isinstance(value, dict) else getattr(value, field, None)
        return tag if tag in known else UNKNOWN_TAG

    return discriminate


def _default_tag(model: type[MistralModel], field: str) -> str:
    default = model.model_fields[field].default
    if not isinstance(default, str):
        raise TypeError(f"{model.__name__}.{field} needs a string default to act as a tag")
    return default
