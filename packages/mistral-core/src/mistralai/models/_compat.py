"""Names of the official SDK that are derived from this SDK's own code on first use.

``mistralai.models`` resolves them through the tables of :mod:`mistralai.models._catalog`:

- a *field type* is the type of a field of one of our models: ``UserMessageContent`` is
  the type of ``UserMessage.content`` (without ``None``), ``AgentTools`` the item type of
  ``Agent.tools``;
- an *operation model* holds the parameters of one method under the official SDK's name
  (``FilesAPIRoutesRetrieveFileRequest`` has ``file_id``), typed from our method's
  signature.

Both follow our models and methods as they change; nothing here is copied from elsewhere.
"""

from __future__ import annotations

import collections.abc
import contextlib
import importlib
import inspect
import threading
import types
import typing
from collections.abc import Callable
from typing import Annotated, Any, Union

import pydantic

from mistralai._sentinel import UnsetType
from mistralai.types import MistralModel

_LOCK = threading.Lock()


class OperationModel(MistralModel):
    """Base of the parameter models built by :func:`operation_model`."""

    model_config = pydantic.ConfigDict(**MistralModel.model_config, arbitrary_types_allowed=True)


def field_type(model_name: str, field: str, path: str) -> Any:
    """The type of ``model_name.field``, followed along ``path`` (``item`` of a list,
    ``value`` of a dict), without ``None`` or ``UNSET``.

    >>> field_type("UserMessage", "role", "")
    typing.Literal['user']
    """
    import mistralai.models

    model = getattr(mistralai.models, model_name)
    fields = model.model_fields
    info = fields.get(field) or _field_by_other_name(fields, field)
    annotation = info.annotation
    for step in filter(None, path.split(".")):
        annotation = _step(without_none(annotation), step)
    return without_none(annotation)


def _field_by_other_name(fields: dict[str, Any], name: str) -> Any:
    for field_name, info in fields.items():
        if name in (field_name.upper(), field_name.lower(), info.alias):
            return info
    raise LookupError(f"no field {name!r}")


def without_none(annotation: Any) -> Any:
    """``annotation`` without ``None`` and ``UnsetType`` members (and the nullable marker)."""
    origin = typing.get_origin(annotation)
    if origin is Annotated:
        inner = typing.get_args(annotation)[0]
        meta = annotation.__metadata__
        if all(type(m).__name__ == "_NullableMarker" for m in meta):
            return without_none(inner)
        return annotation
    if origin is Union or origin is types.UnionType:
        kept = [arg for arg in typing.get_args(annotation) if arg not in (type(None), UnsetType)]
        kept = [without_none(arg) for arg in kept]
        if len(kept) == 1:
            return kept[0]
        return Union[tuple(kept)]
    return annotation


def _step(annotation: Any, step: str) -> Any:
    """The items (``item``) or values (``value``) of a list or dict type, or of each list or
    dict member of a union."""
    members = (
        typing.get_args(annotation)
        if typing.get_origin(annotation) in (Union, types.UnionType)
        else (annotation,)
    )
    found = []
    for member in members:
        origin = typing.get_origin(without_none(member))
        args = typing.get_args(without_none(member))
        if step == "item" and origin in (list, tuple, set, collections.abc.Sequence) and args:
            found.append(args[0])
        elif step == "value" and origin in (dict, collections.abc.Mapping) and len(args) == 2:
            found.append(args[1])
    if not found:
        raise LookupError(f"{annotation!r} has no {step}")
    return found[0] if len(found) == 1 else Union[tuple(found)]


def operation_model(
    name: str,
    method_ref: str,
    fields: tuple[tuple[str, bool, str], ...],
    lookup: Callable[[str], Any] | None = None,
) -> type[MistralModel]:
    """A model named ``name`` with ``fields`` (name, required, type), typed from a method.

    ``method_ref`` is ``module:Class.method`` of one of our public methods; a type is
    ``param:<name>`` (that parameter's annotation), ``model:<Name>`` (a model of
    ``mistralai.models``, or as ``lookup`` finds it) or ``any``.
    """
    import mistralai.models

    find = lookup or (lambda target: getattr(mistralai.models, target))

    module_name, _, qualname = method_ref.partition(":")
    module = importlib.import_module(module_name)
    owner_name, _, method_name = qualname.rpartition(".")
    method = getattr(getattr(module, owner_name), method_name)
    parameters = inspect.signature(method).parameters
    namespace = _annotation_namespace(module)
    definitions: dict[str, Any] = {}
    for field_name, required, spec in fields:
        kind, _, target = spec.partition(":")
        if kind == "param":
            annotation = _evaluate(parameters[target].annotation, namespace)
        elif kind == "model":
            annotation = find(target)
        else:
            annotation = Any
        annotation = without_none(annotation)
        if required:
            definitions[field_name] = (annotation, ...)
        else:
            definitions[field_name] = (Union[annotation, None], None)
    with _LOCK:
        model: type[MistralModel] = pydantic.create_model(
            name,
            __base__=OperationModel,
            __module__="mistralai.models",
            __doc__=f"The parameters of ``{method_name}``, under the official SDK's name.",
            **definitions,
        )
    return model


def _annotation_namespace(module: types.ModuleType) -> dict[str, Any]:
    """Names a method's string annotations may use: typing, collections.abc, the SDK's
    types, the area's models, then the module's own globals."""
    import mistralai.types

    namespace: dict[str, Any] = {}
    namespace.update(vars(typing))
    namespace.update(vars(collections.abc))
    namespace.update({n: getattr(mistralai.types, n) for n in mistralai.types.__all__})
    package = module.__name__.rpartition(".")[0]
    with contextlib.suppress(ModuleNotFoundError):
        namespace.update(vars(importlib.import_module(f"{package}.models")))
    namespace.update(vars(module))
    return namespace


def _evaluate(annotation: Any, namespace: dict[str, Any]) -> Any:
    if not isinstance(annotation, str):
        return annotation
    try:
        return eval(annotation, namespace)  # an annotation of our own code
    except Exception:
        return Any


__all__ = ["OperationModel", "field_type", "operation_model", "without_none"]
