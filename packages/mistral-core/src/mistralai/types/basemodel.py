"""The official SDK's ``types.basemodel`` names, on this SDK's own types.

``from mistralai.client.types.basemodel import Unset`` (the 3.x layout) and
``from mistralai.types.basemodel import BaseModel`` work; ``isinstance(value, Unset)`` is
true for :data:`UNSET`, the marker of a parameter that was not given.
"""

from mistralai._sentinel import UNSET, UnsetType
from mistralai.types._base import MistralModel, Nullable, OptionalNullable

BaseModel = MistralModel
Unset = UnsetType
UNSET_SENTINEL = "<mistralai:unset>"
"""A text standing for :data:`UNSET` where only text can go."""
UnrecognizedInt = int
"""An open enum's integer value this SDK does not know: any ``int``."""
UnrecognizedStr = str
"""An open enum's value this SDK does not know: any ``str``."""

__all__ = [
    "UNSET",
    "UNSET_SENTINEL",
    "BaseModel",
    "Nullable",
    "OptionalNullable",
    "UnrecognizedInt",
    "UnrecognizedStr",
    "Unset",
]
