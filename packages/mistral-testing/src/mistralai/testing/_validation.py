"""Request bodies checked against Mistral's OpenAPI spec, answered with 422 like the API.

The spec is read once per process, on the first validated request; each operation's
validator is built on first use and kept. ``oneOf`` unions with a ``discriminator``
(messages by ``role``, chunks by ``type``) are checked against the one branch their tag
names, which is both much faster than trying every branch and gives the error of that
branch, as the real API (pydantic's tagged unions) does.
"""

from __future__ import annotations

import functools
import json
import re
import threading
from collections.abc import Iterator
from importlib import resources
from typing import Any

import jsonschema
import yaml
from jsonschema.exceptions import ValidationError, best_match
from jsonschema.protocols import Validator

_BASE_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _SpecLoader(_BASE_LOADER):  # type: ignore[misc]
    """YAML 1.1 reads ``1e-08`` (no dot) as a string; JSON Schema needs the number."""


_SpecLoader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"^[-+]?[0-9][0-9_]*(?:\.[0-9_]*)?[eE][-+]?[0-9]+$"),
    list("-+0123456789"),
)


_SPEC_LOCK = threading.Lock()
_CACHED_BODY_BYTES = 64 * 1024
"""Bodies up to this size have their verdict cached: benchmarks send one body many times."""


def spec() -> dict[str, Any]:
    """The OpenAPI document shipped with this package (loaded once per process)."""
    with _SPEC_LOCK:
        return _load_spec()


@functools.cache
def _load_spec() -> dict[str, Any]:
    text = resources.files("mistralai.testing").joinpath("openapi/mistral-openapi.yaml").read_text()
    document: dict[str, Any] = yaml.load(text, Loader=_SpecLoader)
    return document


@functools.cache
def operations() -> dict[str, dict[str, Any]]:
    """Every operation of the spec by operationId."""
    found = {}
    for path_item in spec()["paths"].values():
        for method, operation in path_item.items():
            if isinstance(operation, dict) and "operationId" in operation:
                found[operation["operationId"]] = {**operation, "method": method}
    return found


def _discriminated_one_of(
    validator: Any, one_of: list[Any], instance: Any, schema: dict[str, Any]
) -> Iterator[ValidationError]:
    discriminator = schema.get("discriminator") or {}
    mapping = discriminator.get("mapping")
    if not mapping or not isinstance(instance, dict):
        yield from _STANDARD_ONE_OF(validator, one_of, instance, schema)
        return
    tag_name = discriminator["propertyName"]
    tag = instance.get(tag_name)
    if tag not in mapping:
        yield ValidationError(
            f"Input tag {tag!r} found using {tag_name!r} does not match any of the expected "
            f"tags: {', '.join(repr(t) for t in mapping)}",
            path=[tag_name],
        )
        return
    yield from validator.descend(instance, {"$ref": mapping[tag]})


_STANDARD_ONE_OF = jsonschema.Draft202012Validator.VALIDATORS["oneOf"]
_SpecValidator = jsonschema.validators.extend(  # type: ignore[no-untyped-call]
    jsonschema.Draft202012Validator, {"oneOf": _discriminated_one_of}
)


@functools.cache
def body_validator(operation_id: str) -> Validator | None:
    """A validator for the JSON request body of an operation, or None if it takes none."""
    operation = operations().get(operation_id)
    if operation is None:
        return None
    content = operation.get("requestBody", {}).get("content", {})
    schema = content.get("application/json", {}).get("schema")
    if schema is None:
        return None
    validator: Validator = _SpecValidator({"components": _request_components(), **schema})
    return validator


@functools.cache
def _request_components() -> dict[str, Any]:
    """The spec's components as request bodies are checked against them.

    A component schema whose ``required`` list names a field its ``properties`` never
    declare (``SharingDelete`` lists ``level``) is checked without that name: the API's
    validation is generated from its models, which cannot require a field they do not have,
    and both official SDKs send these bodies without it.
    """
    components = dict(spec()["components"])
    schemas = dict(components.get("schemas", {}))
    for name, schema in schemas.items():
        if not isinstance(schema, dict) or "properties" not in schema:
            continue
        declared = schema["properties"]
        required = schema.get("required", [])
        if any(field not in declared for field in required):
            schemas[name] = {**schema, "required": [f for f in required if f in declared]}
    components["schemas"] = schemas
    return components


def body_problems(operation_id: str, raw: bytes) -> list[dict[str, Any]]:
    """The problems of a raw JSON request body as ``detail`` entries (empty when valid).

    >>> body_problems("chat_completion_v1_chat_completions_post", b'{"model": "m"}')[0]["loc"]
    ['body', 'messages']
    """
    if len(raw) <= _CACHED_BODY_BYTES:
        return _cached_problems(operation_id, raw)
    return _problems(operation_id, raw)


@functools.lru_cache(maxsize=256)
def _cached_problems(operation_id: str, raw: bytes) -> list[dict[str, Any]]:
    return _problems(operation_id, raw)


def _problems(operation_id: str, raw: bytes) -> list[dict[str, Any]]:
    if body_validator(operation_id) is None:
        return []
    if not raw.strip():
        if not operations()[operation_id]["requestBody"].get("required", False):
            return []
        return [{"type": "missing", "loc": ["body"], "msg": "Field required", "input": None}]
    try:
        payload = json.loads(raw)
    except ValueError as exc:
        return [
            {
                "type": "json_invalid",
                "loc": ["body"],
                "msg": f"JSON decode error: {exc}",
                "input": None,
            }
        ]
    return validate_body(stream_variant(operation_id, payload), payload)


def stream_variant(operation_id: str, body: Any) -> str:
    """The spec describes some streams as their own operation (``..._stream``) on the same
    path; a body asking to stream is checked against that one."""
    if (
        isinstance(body, dict)
        and body.get("stream") is True
        and f"{operation_id}_stream" in operations()
    ):
        return f"{operation_id}_stream"
    return operation_id


def validate_body(operation_id: str, body: Any) -> list[dict[str, Any]]:
    """The problems of a parsed body as FastAPI-style ``detail`` entries (empty when valid)."""
    validator = body_validator(operation_id)
    if validator is None:
        return []
    errors = list(validator.iter_errors(body))
    if not errors:
        return []
    primary = best_match(errors)
    others = [e for e in errors if e is not primary][:4]
    return [_detail(error) for error in [primary, *others] if error is not None]


_TYPE_NAMES = {
    "string": "string_type",
    "integer": "int_type",
    "number": "float_type",
    "boolean": "bool_type",
    "object": "dict_type",
    "array": "list_type",
}


def _detail(error: ValidationError) -> dict[str, Any]:
    """One jsonschema error in pydantic's words: ``type``, ``loc``, ``msg``, ``input``."""
    deepest = error
    while deepest.context:
        deepest = best_match(deepest.context) or deepest.context[0]
    location: list[Any] = ["body", *deepest.absolute_path]
    if deepest.validator == "required":
        missing = deepest.message.split("'")[1] if "'" in deepest.message else ""
        return {
            "type": "missing",
            "loc": [*location, missing],
            "msg": "Field required",
            "input": deepest.instance,
        }
    if (
        deepest.validator == "oneOf"
        and isinstance(deepest.schema, dict)
        and "discriminator" in deepest.schema
    ):
        tag = location[-1]
        value = deepest.instance.get(tag) if isinstance(deepest.instance, dict) else None
        return {
            "type": "union_tag_invalid",
            "loc": location,
            "msg": deepest.message,
            "input": value,
        }
    kind = str(deepest.validator)
    if kind == "type":
        expected = deepest.validator_value
        kind = (
            _TYPE_NAMES.get(expected, "value_error") if isinstance(expected, str) else "value_error"
        )
    elif kind in ("enum", "const"):
        kind = "literal_error"
    return {"type": kind, "loc": location, "msg": deepest.message, "input": deepest.instance}


@functools.cache
def _schema_validator(schema: str) -> Validator:
    root = {"components": spec()["components"], "$ref": f"#/components/schemas/{schema}"}
    return jsonschema.Draft202012Validator(root)


def schema_problems(schema: str, instance: Any) -> list[str]:
    """What makes ``instance`` invalid for ``#/components/schemas/<schema>`` (empty if valid).

    >>> schema_problems("EmbeddingRequest", {"model": "mistral-embed", "input": "hi"})
    []
    """
    return [error.message for error in _schema_validator(schema).iter_errors(instance)]
