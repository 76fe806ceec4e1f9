"""The pydantic base model every SDK model derives from, and nullable field markers."""

from __future__ import annotations

import copy
import types
import typing
from typing import Annotated, Any, ClassVar, Final, Literal, TypeAlias, TypeVar, Union

import pydantic
from pydantic import ConfigDict, GetCoreSchemaHandler
from pydantic.fields import FieldInfo
from pydantic_core import CoreSchema, core_schema

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


_NULL_DEFAULT_MARK = "mistralai_null_means_default"


def _fields_schema(schema: Any) -> Any:
    """The ``model-fields`` schema of a model's schema, under its model validators if any."""
    while isinstance(schema, dict):
        kind = schema.get("type")
        if kind == "model-fields":
            return schema
        if kind not in (
            "model",
            "definitions",
            "function-before",
            "function-after",
            "function-wrap",
        ):
            return None
        schema = schema.get("schema")
    return None


def _null_means_default(info: FieldInfo) -> bool:
    """Whether ``null`` should give the field's default: it has one, and takes no ``None``."""
    return not info.is_required() and not _admits_none(info.annotation)


def _admits_none(annotation: Any) -> bool:
    if annotation is None or annotation is type(None) or annotation is Any:
        return True
    if isinstance(annotation, TypeVar):
        return True
    origin = typing.get_origin(annotation)
    if origin is Annotated:
        return _admits_none(typing.get_args(annotation)[0])
    if origin is Union or origin is types.UnionType:
        return any(_admits_none(arg) for arg in typing.get_args(annotation))
    if origin is Literal:
        return None in typing.get_args(annotation)
    return False


def _accept_null_as_default(field: Any, info: FieldInfo) -> None:
    """Let the field's value schema also take ``null``, turned into the default.

    A wrapper around the field's own schema keeps its error messages as they were.
    """
    inner = field.get("schema")
    if not isinstance(inner, dict) or inner.get("type") != "default":
        return
    value_schema = inner["schema"]
    if value_schema.get("metadata", {}).get(_NULL_DEFAULT_MARK):
        return  # this model's schema was already adjusted (it is reused where referenced)

    def value_or_default(value: Any) -> Any:
        if value is None:
            return copy.deepcopy(info.get_default(call_default_factory=True))
        return value

    inner["schema"] = core_schema.no_info_after_validator_function(
        value_or_default,
        core_schema.nullable_schema(value_schema),
        metadata={_NULL_DEFAULT_MARK: True},
    )


class MistralModel(pydantic.BaseModel):
    """Base of every SDK model.

    - Unknown fields the server adds are kept (``extra="allow"``), and unknown fields a caller
      adds are sent, so new API features work before the SDK knows them.
    - Fields are populated by name or by their JSON alias.
    - A ``Literal`` discriminator with a default (``role``, ``type``) is always serialised, even
      when the caller relied on the default, because the API needs it to tell variants apart.
    - ``null`` in a field that has a default but does not take ``None`` (``prefix: bool =
      False``, ``total_tokens: int = 0``) gives the default instead of a validation error: the
      API sends ``null`` for optional fields it has no value for. A required field, or one
      whose type takes ``None``, is not affected.
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
    def __get_pydantic_core_schema__(
        cls, source: type[pydantic.BaseModel], handler: GetCoreSchemaHandler, /
    ) -> CoreSchema:
        schema = handler(source)
        if source is cls:
            fields_schema = _fields_schema(schema)
            if fields_schema is not None:
                for name, info in cls.model_fields.items():
                    field = fields_schema["fields"].get(name)
                    if field is not None and _null_means_default(info):
                        _accept_null_as_default(field, info)
        return schema

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
