"""Request bodies checked against Mistral's OpenAPI spec, answered with 422 like the API."""

from __future__ import annotations

import functools
import re
from importlib import resources
from typing import Any

import jsonschema
import yaml
from jsonschema.exceptions import ValidationError, best_match

_BASE_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _SpecLoader(_BASE_LOADER):  # type: ignore[misc]
    """YAML 1.1 reads ``1e-08`` (no dot) as a string; JSON Schema needs the number."""


_SpecLoader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"^[-+]?[0-9][0-9_]*(?:\.[0-9_]*)?[eE][-+]?[0-9]+$"),
    list("-+0123456789"),
)


@functools.cache
def spec() -> dict[str, Any]:
    """The OpenAPI document shipped with this package (loaded once per process)."""
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


@functools.cache
def body_validator(operation_id: str) -> jsonschema.protocols.Validator | None:
    """A validator for the JSON request body of an operation, or None if it takes none."""
    operation = operations().get(operation_id)
    if operation is None:
        return None
    content = operation.get("requestBody", {}).get("content", {})
    schema = content.get("application/json", {}).get("schema")
    if schema is None:
        return None
    root = {"components": spec()["components"], **schema}
    validator_cls = jsonschema.validators.validator_for(
        root, default=jsonschema.Draft202012Validator
    )
    return validator_cls(root)


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
    """The problems of ``body`` as FastAPI-style ``detail`` entries (empty when valid)."""
    validator = body_validator(operation_id)
    if validator is None:
        return []
    errors = list(validator.iter_errors(body))
    if not errors:
        return []
    primary = best_match(errors)
    others = [e for e in errors if e is not primary][:4]
    return [_detail(error, body) for error in [primary, *others] if error is not None]


def _detail(error: ValidationError, body: Any) -> dict[str, Any]:
    deepest = error
    while deepest.context:
        deepest = best_match(deepest.context) or deepest.context[0]
    location = ["body", *deepest.absolute_path]
    return {
        "type": deepest.validator if isinstance(deepest.validator, str) else "value_error",
        "loc": location,
        "msg": deepest.message,
        "input": deepest.instance,
    }


@functools.cache
def _schema_validator(schema: str) -> jsonschema.protocols.Validator:
    root = {"components": spec()["components"], "$ref": f"#/components/schemas/{schema}"}
    return jsonschema.Draft202012Validator(root)


def schema_problems(schema: str, instance: Any) -> list[str]:
    """What makes ``instance`` invalid for ``#/components/schemas/<schema>`` (empty if valid).

    >>> schema_problems("EmbeddingRequest", {"model": "mistral-embed", "input": "hi"})
    []
    """
    return [error.message for error in _schema_validator(schema).iter_errors(instance)]
