"""Reading Mistral's OpenAPI document and holding SDK code against it.

- :func:`compare_model` lists where a pydantic model drifts from a spec schema (wire names,
  required fields, enum values).
- :func:`sdk_operations` finds every ``Operation`` (streamed or not) the installed area
  packages define, and :func:`spec_operations` every operation of the document.
"""

from __future__ import annotations

import enum
import functools
import importlib
import os
import pkgutil
import types
import typing
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any, Literal, Union

import pydantic
import yaml

from mistralai.utils import Operation

REPO_ROOT = Path(__file__).resolve().parents[2]
SPEC_ENV = "MISTRAL_OPENAPI_SPEC"
HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")

SEED_TAGS = (
    "chat",
    "deprecated.agents",
    "files",
    "beta.conversations",
    "beta.agents",
    "beta.libraries",
    "beta.libraries.documents",
    "beta.libraries.accesses",
    "embeddings",
    "models",
    "fim",
    "ocr",
    "classifiers",
    "deprecated.fine-tuning",
    "batch",
    "audio.transcriptions",
    "audio.speech",
    "audio.voices",
    "beta.observability.campaigns",
    "beta.observability.chat_completion_events",
    "beta.observability.chat_completion_events.fields",
    "beta.observability.datasets",
    "beta.observability.datasets.records",
    "beta.observability.judges",
    "beta.workflows",
    "beta.workflows.deployments",
    "beta.workflows.events",
    "beta.workflows.executions",
    "beta.workflows.metrics",
    "beta.workflows.runs",
    "beta.workflows.schedules",
    "beta.workflows.workers",
    "beta.connectors",
)
"""The spec tags of the API areas this SDK sets out to cover (see ARCHITECTURE.md)."""


SHIPPED_SPEC = (
    REPO_ROOT / "packages/mistral-testing/src/mistralai/testing/openapi/mistral-openapi.yaml"
)
"""The copy of Mistral's spec that mistral-testing ships (kept identical, see test_conformance)."""


def spec_path() -> Path:
    """``$MISTRAL_OPENAPI_SPEC``; else ``shared/openapi/mistral-openapi.yaml`` beside the repo,
    Mistral's published spec; else the identical copy mistral-testing ships."""
    override = os.environ.get(SPEC_ENV)
    if override:
        return Path(override)
    published = REPO_ROOT.parent / "shared" / "openapi" / "mistral-openapi.yaml"
    return published if published.is_file() else SHIPPED_SPEC


@functools.lru_cache(maxsize=4)
def load_spec(path: Path | None = None) -> dict[str, Any]:
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    with (path or spec_path()).open("rb") as fh:
        spec: dict[str, Any] = yaml.load(fh, Loader=loader)
    return spec


# -- schemas -------------------------------------------------------------------------------


def resolve(spec: Mapping[str, Any], schema: Mapping[str, Any]) -> Mapping[str, Any]:
    """Follow ``$ref`` (local JSON pointers) until a schema without one."""
    seen = set()
    while "$ref" in schema:
        ref = schema["$ref"]
        if ref in seen or not ref.startswith("#/"):
            raise ValueError(f"cannot resolve {ref!r}")
        seen.add(ref)
        node: Any = spec
        for part in ref[2:].split("/"):
            node = node[part.replace("~1", "/").replace("~0", "~")]
        schema = node
    return schema


@dataclass(frozen=True)
class ObjectShape:
    """What an object schema says about its properties once ``$ref`` and ``allOf`` are merged."""

    properties: Mapping[str, Mapping[str, Any]]
    required: frozenset[str]


def object_shape(spec: Mapping[str, Any], schema: Mapping[str, Any]) -> ObjectShape:
    schema = resolve(spec, schema)
    properties: dict[str, Mapping[str, Any]] = dict(schema.get("properties", {}))
    required = set(schema.get("required", ()))
    for part in schema.get("allOf", ()):
        shape = object_shape(spec, part)
        properties.update(shape.properties)
        required |= shape.required
    return ObjectShape(properties, frozenset(required))


def spec_enum(spec: Mapping[str, Any], schema: Mapping[str, Any]) -> frozenset[Any] | None:
    """The closed set of values a property schema allows, or None when it is open.

    ``null`` branches are ignored, arrays are judged by their items, and a union is closed
    only when every branch is.
    """
    schema = resolve(spec, schema)
    if "const" in schema:
        return frozenset([schema["const"]])
    if "enum" in schema:
        return frozenset(v for v in schema["enum"] if v is not None)
    branches = [*schema.get("anyOf", ()), *schema.get("oneOf", ()), *schema.get("allOf", ())]
    if branches:
        values: set[Any] = set()
        for branch in branches:
            if resolve(spec, branch).get("type") == "null":
                continue
            inner = spec_enum(spec, branch)
            if inner is None:
                return None
            values |= inner
        return frozenset(values) if values else None
    if schema.get("type") == "array" and "items" in schema:
        return spec_enum(spec, schema["items"])
    return None


def sdk_enum(annotation: Any) -> frozenset[Any] | None:
    """The closed set of values a field annotation accepts, or None when it is open."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return sdk_enum(typing.get_args(annotation)[0])
    if origin is Literal:
        return frozenset(typing.get_args(annotation))
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        return frozenset(member.value for member in annotation)
    if origin in (Union, types.UnionType):
        values: set[Any] = set()
        for arg in typing.get_args(annotation):
            if arg is type(None) or getattr(arg, "__name__", "") == "UnsetType":
                continue
            inner = sdk_enum(arg)
            if inner is None:
                return None
            values |= inner
        return frozenset(values) if values else None
    if origin in (list, tuple, set, frozenset) or _is_sequence(origin):
        args = typing.get_args(annotation)
        return sdk_enum(args[0]) if args else None
    return None


def _is_sequence(origin: Any) -> bool:
    import collections.abc as abc

    return origin in (abc.Sequence, abc.MutableSequence, abc.Set)


@dataclass(frozen=True, order=True)
class Drift:
    """One way a model differs from its schema; ``key`` identifies it in the reviewed table."""

    model: str
    field: str
    kind: str
    detail: str = ""

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.model, self.field, self.kind)

    def __str__(self) -> str:
        return f"{self.model}.{self.field}: {self.kind}" + (
            f" ({self.detail})" if self.detail else ""
        )


UNKNOWN_FIELD = "not in the spec"
MISSING_FIELD = "missing from the SDK"
REQUIRED_IN_SPEC_ONLY = "required by the spec, optional in the SDK"
REQUIRED_IN_SDK_ONLY = "required by the SDK, optional in the spec"
ENUM_MISMATCH = "enum values differ"


def compare_model(
    model: type[pydantic.BaseModel],
    spec: Mapping[str, Any],
    schema_name: str | None = None,
) -> list[Drift]:
    """Where ``model`` and the spec schema ``schema_name`` (default: the class name) disagree.

    Compares JSON field names (aliases), which fields are required, and the closed value
    sets of ``Literal`` / enum fields against ``enum`` / ``const``. A ``Literal`` field with a
    default (a discriminator) satisfies the spec's ``required``: the SDK always sends it.

    >>> compare_model(ChatCompletionRequest, load_spec())  # doctest: +SKIP
    []
    """
    name = schema_name or model.__name__
    shape = object_shape(spec, spec["components"]["schemas"][name])
    always_sent: frozenset[str] = getattr(model, "_always_sent", frozenset())
    drifts: list[Drift] = []
    wire_fields = {
        (info.alias or field): (field, info) for field, info in model.model_fields.items()
    }
    for wire, (field, info) in wire_fields.items():
        prop = shape.properties.get(wire)
        if prop is None:
            drifts.append(Drift(name, wire, UNKNOWN_FIELD))
            continue
        if wire in shape.required and not (info.is_required() or field in always_sent):
            drifts.append(Drift(name, wire, REQUIRED_IN_SPEC_ONLY))
        elif info.is_required() and wire not in shape.required:
            drifts.append(Drift(name, wire, REQUIRED_IN_SDK_ONLY))
        ours, theirs = sdk_enum(info.annotation), spec_enum(spec, prop)
        if ours is not None and theirs is not None and ours != theirs:
            detail = f"spec only {sorted(theirs - ours, key=str)}, SDK only {sorted(ours - theirs, key=str)}"
            drifts.append(Drift(name, wire, ENUM_MISMATCH, detail))
    for wire in shape.properties.keys() - wire_fields.keys():
        drifts.append(
            Drift(name, wire, MISSING_FIELD, "required" if wire in shape.required else "")
        )
    return sorted(drifts)


def mirrored_models(
    spec: Mapping[str, Any], modules: list[Any]
) -> dict[str, type[pydantic.BaseModel]]:
    """Public pydantic models of ``modules`` whose class name is a schema of the spec."""
    schemas = spec["components"]["schemas"]
    found: dict[str, type[pydantic.BaseModel]] = {}
    for module in modules:
        for attr in getattr(module, "__all__", ()):
            value = getattr(module, attr, None)
            if (
                isinstance(value, type)
                and issubclass(value, pydantic.BaseModel)
                and value.__name__ in schemas
                and object_shape(spec, schemas[value.__name__]).properties
            ):
                found.setdefault(value.__name__, value)
    return found


# -- operations ----------------------------------------------------------------------------


@dataclass(frozen=True)
class SpecOperation:
    id: str
    method: str
    path: str
    tags: tuple[str, ...]
    streaming_only: bool


def spec_operations(spec: Mapping[str, Any]) -> dict[str, SpecOperation]:
    """Every operation of the document by ``operationId``."""
    found = {}
    for path, item in spec["paths"].items():
        for method in HTTP_METHODS:
            op = item.get(method)
            if op is None:
                continue
            content = op.get("responses", {}).get("200", {}).get("content", {})
            found[op["operationId"]] = SpecOperation(
                op["operationId"],
                method.upper(),
                path,
                tuple(op.get("tags", ())),
                set(content) == {"text/event-stream"},
            )
    return found


@dataclass(frozen=True)
class SdkOperation:
    id: str
    method: str
    path: str
    module: str
    streaming: bool


def area_packages() -> list[str]:
    """Import names of the installed area packages, from the ``mistralai.plugins`` entry points."""
    names = set()
    for ep in entry_points(group="mistralai.plugins"):
        module = ep.value.split(":")[0]
        if module.startswith("mistralai."):
            names.add(".".join(module.split(".")[:2]))
    return sorted(names)


def _area_modules(package: str) -> Iterator[Any]:
    root = importlib.import_module(package)
    yield root
    for info in pkgutil.walk_packages(root.__path__, package + "."):
        if not info.name.endswith(".__main__"):
            yield importlib.import_module(info.name)


def sdk_operations() -> list[SdkOperation]:
    """Every ``Operation`` defined at module level in an area package."""
    found: dict[tuple[int, str], SdkOperation] = {}
    for package in area_packages():
        for module in _area_modules(package):
            for value in vars(module).values():
                if isinstance(value, Operation):
                    found[(id(value), module.__name__)] = SdkOperation(
                        value.id,
                        value.method,
                        value.path,
                        module.__name__,
                        value.streams,
                    )
    unique = {(op.id, op.method, op.path, op.streaming): op for op in found.values()}
    return sorted(unique.values(), key=lambda op: (op.module, op.id, op.streaming))
