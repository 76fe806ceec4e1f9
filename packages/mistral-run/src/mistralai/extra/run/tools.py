"""Local Python functions as conversation tools: their JSON schema, and calling them.

The schema of a function's parameters comes from its signature and type hints, through a
pydantic model built once per function; parameter descriptions come from the docstring
(Google or reST style) unless a ``Field(description=...)`` gives one. The same model
validates the arguments the model sends before the function is called, so the function
receives the types it declares (a ``datetime``, an ``Enum``, a pydantic model...).
"""

from __future__ import annotations

import functools
import inspect
import json
import re
import typing
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Annotated, Any

import pydantic
import pydantic_core
from pydantic.fields import FieldInfo

from mistralai.extra.exceptions import RunException
from mistralai.extra.run._docstrings import parse_docstring
from mistralai.models import Function, FunctionTool

_NAME = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
_SKIPPED_KINDS = (inspect.Parameter.VAR_POSITIONAL, inspect.Parameter.VAR_KEYWORD)


@dataclass(frozen=True)
class LocalFunction:
    """A registered Python function: the tool the model sees and how to call it."""

    name: str
    func: Callable[..., Any]
    tool: FunctionTool
    arguments: type[pydantic.BaseModel]
    positional_only: tuple[str, ...]
    is_async: bool

    def bind(self, arguments: Mapping[str, Any]) -> Callable[[], Any]:
        """The call of the function with the model's ``arguments``, validated and converted
        to the declared types (raises ``pydantic.ValidationError`` when they do not fit)."""
        validated = self.arguments.model_validate(dict(arguments))
        values = {name: getattr(validated, name) for name in type(validated).model_fields}
        positional = [values.pop(name) for name in self.positional_only]
        return functools.partial(self.func, *positional, **values)


def local_function(
    func: Callable[..., Any], name: str | None = None, description: str | None = None
) -> LocalFunction:
    """Describe ``func`` as a tool named ``name`` (default: the function's name).

    >>> def add(a: int, b: int = 1) -> int:
    ...     '''Add two numbers.'''
    ...     return a + b
    >>> local_function(add).tool.function.parameters["required"]
    ['a']
    """
    if not callable(func):
        raise RunException(f"only callables can be registered as tools, not {func!r}")
    name = name or getattr(func, "__name__", None)
    if not name or not _NAME.match(name):
        raise RunException(
            f"a tool name must be 1 to 64 letters, digits, '_' or '-', not {name!r}: "
            "pass name=... to register_func"
        )
    doc = parse_docstring(inspect.getdoc(func))
    signature = inspect.signature(func)
    arguments = _arguments_model(func, name, signature, doc.parameters)
    schema = arguments.model_json_schema()
    schema.pop("title", None)
    for prop in schema.get("properties", {}).values():
        prop.pop("title", None)
    tool = FunctionTool(
        function=Function(
            name=name,
            description=description if description is not None else doc.description,
            parameters=schema,
            strict=True,
        )
    )
    positional_only = tuple(
        p.name for p in signature.parameters.values() if p.kind is inspect.Parameter.POSITIONAL_ONLY
    )
    return LocalFunction(
        name, func, tool, arguments, positional_only, inspect.iscoroutinefunction(func)
    )


def create_tool_call(func: Callable[..., Any]) -> FunctionTool:
    """The :class:`~mistralai.models.FunctionTool` the model sees for ``func``."""
    return local_function(func).tool


def _arguments_model(
    func: Callable[..., Any],
    name: str,
    signature: inspect.Signature,
    descriptions: Mapping[str, str],
) -> type[pydantic.BaseModel]:
    try:
        hints = typing.get_type_hints(func, include_extras=True)
    except (NameError, TypeError) as exc:
        raise RunException(f"the type hints of {name} cannot be resolved: {exc}") from exc
    fields: dict[str, Any] = {}
    for parameter in signature.parameters.values():
        if parameter.kind in _SKIPPED_KINDS:
            continue
        annotation = hints.get(parameter.name, Any)
        default = ... if parameter.default is inspect.Parameter.empty else parameter.default
        description = descriptions.get(parameter.name)
        if description and not _describes_itself(annotation, default):
            annotation = Annotated[annotation, pydantic.Field(description=description)]
        fields[parameter.name] = (annotation, default)
    config = pydantic.ConfigDict(extra="forbid")
    try:
        model: type[pydantic.BaseModel] = pydantic.create_model(
            f"{name}_arguments", __config__=config, **fields
        )
        model.model_json_schema()
    except (pydantic.PydanticSchemaGenerationError, pydantic.PydanticUserError) as exc:
        raise RunException(f"the parameters of {name} have no JSON schema: {exc}") from exc
    return model


def _describes_itself(annotation: Any, default: Any) -> bool:
    """Whether a ``Field(description=...)`` (as the default or in ``Annotated``) describes
    the parameter already; it wins over the docstring."""
    infos = [default, *getattr(annotation, "__metadata__", ())]
    return any(isinstance(info, FieldInfo) and info.description for info in infos)


def parse_arguments(arguments: str | Mapping[str, Any]) -> dict[str, Any]:
    """A function call's arguments as a dict: the API sends JSON text or an object."""
    if isinstance(arguments, str):
        parsed = json.loads(arguments) if arguments.strip() else {}
    else:
        parsed = dict(arguments)
    if not isinstance(parsed, dict):
        raise ValueError(f"the arguments are not a JSON object: {arguments!r}")
    return parsed


def result_text(value: Any) -> str:
    """What a tool returned, as the text of a function result: strings as they are,
    anything else as JSON (pydantic models, dataclasses, dates... included)."""
    if isinstance(value, str):
        return value
    if _is_text_chunks(value):
        return "".join(chunk["text"] for chunk in value)
    return pydantic_core.to_json(value, fallback=str).decode()


def _is_text_chunks(value: Any) -> bool:
    """MCP clients return their tool results as text chunks: ``[{"type": "text", ...}]``."""
    return (
        isinstance(value, list)
        and bool(value)
        and all(isinstance(c, dict) and c.get("type") == "text" and "text" in c for c in value)
    )
