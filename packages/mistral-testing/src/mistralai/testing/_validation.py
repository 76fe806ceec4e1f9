"""Request bodies checked against Mistral's OpenAPI spec, answered with 422 like the API.

The spec is read once per process, on the first validated request; each operation's
validator is built on first use and kept. ``jsonschema`` and ``yaml`` are imported then too,
not when this module is: the pytest plugin imports it in every pytest run of an environment
where mistral-testing is installed. ``oneOf`` unions with a ``discriminator``
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
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from jsonschema.exceptions import ValidationError
    from jsonschema.protocols import Validator


def _spec_loader() -> Any:
    """A YAML loader for the spec (imports ``yaml``)."""
    import yaml

    base: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    class _SpecLoader(base):  # type: ignore[misc]
        """YAML 1.1 reads ``1e-08`` (no dot) as a string; JSON Schema needs the number."""

    _SpecLoader.add_implicit_resolver(
        "tag:yaml.org,2002:float",
        re.compile(r"^[-+]?[0-9][0-9_]*(?:\.[0-9_]*)?[eE][-+]?[0-9]+$"),
        list("-+0123456789"),
    )
    return _SpecLoader


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
    import yaml

    document: dict[str, Any] = yaml.load(text, Loader=_spec_loader())
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
    import jsonschema
    from jsonschema.exceptions import ValidationError

    discriminator = schema.get("discriminator") or {}
    mapping = discriminator.get("mapping")
    if not mapping or not isinstance(instance, dict):
        yield from jsonschema.Draft202012Validator.VALIDATORS["oneOf"](
            validator, one_of, instance, schema
        )
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


@functools.cache
def _spec_validator_class() -> Any:
    """Draft 2020-12 with ``oneOf`` checked by discriminator (imports ``jsonschema``)."""
    import jsonschema

    return jsonschema.validators.extend(  # type: ignore[no-untyped-call]
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
    validator: Validator = _spec_validator_class()({"components": _request_components(), **schema})
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
    from jsonschema.exceptions import best_match

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
    from jsonschema.exceptions import best_match

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
    import jsonschema

    root = {"components": spec()["components"], "$ref": f"#/components/schemas/{schema}"}
    validator: Validator = jsonschema.Draft202012Validator(root)
    return validator


def schema_problems(schema: str, instance: Any) -> list[str]:
    """What makes ``instance`` invalid for ``#/components/schemas/<schema>`` (empty if valid).

    >>> schema_problems("EmbeddingRequest", {"model": "mistral-embed", "input": "hi"})
    []
    """
    return [error.message for error in _schema_validator(schema).iter_errors(instance)]


KNOWN_RESPONSE_DEVIATIONS: dict[tuple[str, str], str] = {
    ("ChatCompletionResponse", "data"): (
        "required, but declared by no part of the schema; the API never sends it (chat, "
        "agents and FIM completions)"
    ),
    ("WorkflowListResponse", "beta.workflows"): (
        "required, but not a declared property (the list is under `workflows`)"
    ),
}
"""Where the spec is stricter than the API, by (component schema, field): the response
check does not require these fields, and checks everything else as the spec says."""


@functools.cache
def _response_components() -> dict[str, Any]:
    """The spec's components with :data:`KNOWN_RESPONSE_DEVIATIONS` taken out."""
    components = dict(spec()["components"])
    schemas = dict(components.get("schemas", {}))
    for name, field_name in KNOWN_RESPONSE_DEVIATIONS:
        schemas[name] = _without_required(schemas[name], field_name)
    components["schemas"] = schemas
    return components


def _without_required(schema: dict[str, Any], field_name: str) -> dict[str, Any]:
    """``schema`` (or the parts of its ``allOf``) without ``field_name`` in ``required``."""
    copy = dict(schema)
    if field_name in copy.get("required", []):
        copy["required"] = [f for f in copy["required"] if f != field_name]
    if "allOf" in copy:
        copy["allOf"] = [
            _without_required(part, field_name) if isinstance(part, dict) else part
            for part in copy["allOf"]
        ]
    return copy


@functools.cache
def response_validator(operation_id: str, status: int, content_type: str) -> Validator | None:
    """A validator for an answer of an operation with a 2xx ``status`` and a
    ``content_type`` (``application/json`` or ``text/event-stream``: one event, as
    ``{"event", "data", "id", "retry"}``), or None when the spec gives no schema for it."""
    operation = operations().get(operation_id)
    if operation is None:
        return None
    responses = operation.get("responses", {})
    answer = responses.get(str(status)) or responses.get("2XX") or responses.get("default")
    if not isinstance(answer, dict):
        return None
    schema = (answer.get("content") or {}).get(content_type, {}).get("schema")
    if schema is None:
        return None
    validator: Validator = _spec_validator_class()({"components": _response_components(), **schema})
    return validator


def declared_statuses(operation_id: str) -> list[int]:
    """The 2xx statuses the spec declares for an operation."""
    responses = operations().get(operation_id, {}).get("responses", {})
    return sorted(int(code) for code in responses if str(code).isdigit() and str(code)[0] == "2")


def response_problems(
    operation_id: str, status: int, content_type: str, instance: Any
) -> list[str]:
    """What makes an answer (or one stream event) invalid for the spec, one line each
    (empty when valid or not described); :data:`KNOWN_RESPONSE_DEVIATIONS` are allowed.

    >>> response_problems("embeddings_v1_embeddings_post", 200, "application/json", {})[0]
    "$: 'id' is a required property"
    """
    declared = declared_statuses(operation_id)
    if declared and status not in declared and "2XX" not in operations()[operation_id]["responses"]:
        return [f"$: status {status} is not among the documented {declared}"]
    validator = response_validator(operation_id, status, content_type)
    if validator is None:
        return []
    return [
        f"{error.json_path}: {_deepest_message(error)}" for error in validator.iter_errors(instance)
    ]


def _deepest_message(error: ValidationError) -> str:
    from jsonschema.exceptions import best_match

    deepest = error
    while deepest.context:
        deepest = best_match(deepest.context) or deepest.context[0]
    if deepest is error:
        return error.message
    return f"{error.message[:200]} ({deepest.json_path}: {deepest.message[:200]})"
