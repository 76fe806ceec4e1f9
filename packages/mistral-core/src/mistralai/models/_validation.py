"""The body of a 422 answer as objects, as in ``err.data.detail[0].msg``."""

from __future__ import annotations

from typing import Any, TypeAlias, Union

import pydantic

from mistralai.types import MistralModel

Loc: TypeAlias = Union[str, int]
"""One step of a location: a field name or a list index."""


class ValidationError(MistralModel):
    """One problem the API found in a request: where (``loc``), what (``msg``), which kind
    (``type``), the value it got (``input``) and details (``ctx``). Other fields the API adds
    are kept as extras; a missing one is empty rather than an error."""

    loc: list[Loc] = []
    msg: str = ""
    type: str = ""
    input: Any = None
    ctx: dict[str, Any] | None = None


class HTTPValidationErrorData(MistralModel):
    """What a 422 answer holds: ``detail``, one :class:`ValidationError` per problem."""

    detail: list[ValidationError] | None = None

    @classmethod
    def from_detail(cls, detail: Any) -> HTTPValidationErrorData:
        """Objects from the ``detail`` of a 422 body; never fails, whatever the body held.

        >>> data = HTTPValidationErrorData.from_detail([{"loc": ["body", "model"], "msg": "required"}])
        >>> data.detail[0].msg
        'required'
        """
        if detail is None:
            return cls()
        items = detail if isinstance(detail, list) else [detail]
        return cls(detail=[_entry(item) for item in items])


def _entry(item: Any) -> ValidationError:
    if isinstance(item, dict):
        try:
            return ValidationError.model_validate(item)
        except pydantic.ValidationError:
            pass
    return ValidationError(msg=str(item))
