"""The ``UNSET`` sentinel: an argument the caller did not give (kept free of pydantic)."""

from __future__ import annotations

from enum import Enum
from typing import Final, Literal, TypeGuard, TypeVar

T = TypeVar("T")


class UnsetType(Enum):
    """Type of :data:`UNSET`; an enum so that ``Literal``-style narrowing works in mypy."""

    UNSET = "UNSET"

    def __bool__(self) -> Literal[False]:
        return False

    def __repr__(self) -> str:
        return "UNSET"


UNSET: Final = UnsetType.UNSET
"""An argument the caller did not give. It never reaches the wire."""


def is_set(value: T | UnsetType) -> TypeGuard[T]:
    """Tell whether ``value`` was given by the caller.

    >>> is_set(UNSET), is_set(None)
    (False, True)
    """
    return value is not UNSET


__all__ = ["UNSET", "UnsetType", "is_set"]
