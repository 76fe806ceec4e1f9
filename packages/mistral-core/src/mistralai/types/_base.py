"""The pydantic base model every SDK model derives from, and nullable field markers."""

from __future__ import annotations

import typing
from typing import Annotated, Any, ClassVar, Final, Literal, TypeAlias, TypeVar, Union

import pydantic
from pydantic import ConfigDict

from mistralai._sentinel import UnsetType

T = TypeVar("T")


class _NullableMarker:
    """Annotation metadata: the field may be sent as JSON ``null``."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "nullable"


NULLABLE: Final = _NullableMarker()

Nullable: TypeAlias = Annotated[Union[T, None], NULLABLE]
"""A field that accepts ``None`` and sends it as ``null``."""

OptionalNullable: TypeAlias = Union[Annotated[Union[T, None], NULLABLE], UnsetType]
"""A parameter that may be omitted (``UNSET``), ``None`` (sent as ``null``) or a value."""


class MistralModel(pydantic.BaseModel):
    """Base of every SDK model.

    - Unknown fields the server adds are kept (``extra="allow"``), and unknown fields a caller
      adds are sent, so new API features work before the SDK knows them.
    - Fields are populated by name or by their JSON alias.
    - A ``Literal`` discriminator with a default (``role``, ``type``) is always serialised, even
      when the caller relied on the default, because the API needs it to tell variants apart.
    """

    model_config = ConfigDict(
        extra="allow",
        populate_by_name=True,
        protected_namespaces=(),
        ser_json_inf_nan="constants",
    )

    _always_sent: ClassVar[frozenset[str]] = frozenset()
    _nullable_fields: ClassVar[frozenset[str]] = frozenset()

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        super().__pydantic_init_subclass__(**kwargs)
        always: set[str] = set()
        nullable: set[str] = set()
        for name, info in cls.model_fields.items():
            if NULLABLE in info.metadata:
                nullable.add(name)
            if typing.get_origin(info.annotation) is Literal and not info.is_required():
                always.add(name)
        cls._always_sent = frozenset(always)
        cls._nullable_fields = frozenset(nullable)

    def model_post_init(self, context: Any, /) -> None:
        if self._always_sent:
            self.__pydantic_fields_set__.update(self._always_sent)

    def to_wire(self) -> dict[str, Any]:
        """The JSON object this model sends: given fields only, under their wire names."""
        return self.model_dump(mode="json", by_alias=True, exclude_unset=True)
