"""pydantic helpers shared by the executor, the streams and the toolkit."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import pydantic


@functools.cache
def validator(tp: Any) -> Callable[[bytes | str], Any]:
    """A function validating JSON text as ``tp``, built once per type."""
    if isinstance(tp, type) and issubclass(tp, pydantic.BaseModel):
        return tp.model_validate_json
    return pydantic.TypeAdapter(tp).validate_json


def summary_of(exc: pydantic.ValidationError, limit: int = 3) -> str:
    """The first few problems of a validation error, one line each, inputs cut short."""
    parts = []
    for error in exc.errors(include_url=False)[:limit]:
        loc = ".".join(str(part) for part in error["loc"])
        got = repr(error.get("input"))
        got = got if len(got) <= 60 else got[:57] + "..."
        parts.append(f"{loc or 'value'}: {error['msg']} (got {got})")
    more = exc.error_count() - limit
    return "; ".join(parts) + (f"; and {more} more" if more > 0 else "")


def type_name(tp: Any) -> str:
    """A short name for a response type, for messages."""
    return getattr(tp, "__name__", None) or str(tp)
