"""Building blocks shared by every model of the SDK.

``UNSET`` marks an argument the caller did not give: it is left out of the request, while an
explicit ``None`` on a nullable field is sent as JSON ``null``.

>>> from mistralai.types import UNSET
>>> bool(UNSET)
False
"""

from mistralai._sentinel import UNSET, UnsetType, is_set
from mistralai.types._base import MistralModel, Nullable, OptionalNullable
from mistralai.types._unions import UnknownVariant, tag_or_unknown
from mistralai.types.basemodel import UNSET_SENTINEL, UnrecognizedInt, UnrecognizedStr, Unset

BaseModel = MistralModel

__all__ = [
    "UNSET",
    "UNSET_SENTINEL",
    "BaseModel",
    "MistralModel",
    "Nullable",
    "OptionalNullable",
    "UnknownVariant",
    "UnrecognizedInt",
    "UnrecognizedStr",
    "Unset",
    "UnsetType",
    "is_set",
    "tag_or_unknown",
]
