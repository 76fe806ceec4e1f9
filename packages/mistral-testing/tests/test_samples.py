"""Sample values for JSON schemas (structured output, tool arguments) validate against them."""

from __future__ import annotations

from typing import Any

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mistralai.testing._samples import sample

PERSON = {
    "type": "object",
    "properties": {
        "name": {"type": "string", "minLength": 12, "maxLength": 20},
        "email": {"type": "string", "format": "email"},
        "born": {"type": "string", "format": "date"},
        "friends": {"type": "array", "items": {"$ref": "#/$defs/Person"}},
    },
    "required": ["name", "email", "born", "friends"],
}

SCHEMAS = [
    pytest.param({"type": "string"}, id="string"),
    pytest.param({"type": "integer", "exclusiveMinimum": 10, "multipleOf": 7}, id="integer"),
    pytest.param({"type": "number", "minimum": 0, "maximum": 1, "multipleOf": 0.1}, id="decimal"),
    pytest.param({"type": "number", "exclusiveMaximum": 0}, id="negative"),
    pytest.param({"type": ["null", "boolean"]}, id="nullable"),
    pytest.param({"enum": [None, "a", 3]}, id="enum"),
    pytest.param({"const": {"k": [1]}}, id="const"),
    pytest.param({"type": "string", "pattern": "^[0-9]+$"}, id="pattern"),
    pytest.param(
        {"type": "array", "items": {"type": "integer"}, "minItems": 4, "uniqueItems": True},
        id="unique",
    ),
    pytest.param({"type": "array", "maxItems": 0}, id="empty-array"),
    pytest.param(
        {"type": "array", "prefixItems": [{"type": "string"}, {"type": "number"}], "items": False},
        id="tuple",
    ),
    pytest.param({"$defs": {"Person": PERSON}, "$ref": "#/$defs/Person"}, id="recursive-array"),
    pytest.param(
        {
            "definitions": {
                "Node": {
                    "type": "object",
                    "properties": {
                        "next": {"anyOf": [{"$ref": "#/definitions/Node"}, {"type": "null"}]}
                    },
                    "required": ["next"],
                }
            },
            "$ref": "#/definitions/Node",
        },
        id="recursive-nullable",
    ),
    pytest.param(
        {
            "allOf": [
                {"type": "object", "properties": {"a": {"type": "integer"}}, "required": ["a"]},
                {"properties": {"b": {"type": "boolean"}}, "required": ["b"]},
            ],
            "unevaluatedProperties": False,
        },
        id="allOf",
    ),
    pytest.param(
        {"oneOf": [{"type": "object", "properties": {"x": {"type": "string"}}}, {"type": "null"}]},
        id="oneOf",
    ),
    pytest.param(
        {"type": "object", "additionalProperties": {"type": "integer"}, "minProperties": 2},
        id="map",
    ),
    pytest.param({"properties": {"untyped": {}}, "required": ["untyped"]}, id="no-type"),
]


@pytest.mark.parametrize("schema", SCHEMAS)
def test_samples_validate(schema: dict[str, Any]) -> None:
    value = sample(schema)
    jsonschema.Draft202012Validator(schema).validate(value)
    assert sample(schema) == value


def test_only_required_properties_when_some_are_required() -> None:
    schema = {
        "type": "object",
        "properties": {"a": {"type": "string"}, "b": {"type": "string"}},
        "required": ["b"],
    }
    assert sample(schema) == {"b": "b"}


def test_every_property_when_none_is_required() -> None:
    schema = {"type": "object", "properties": {"a": {"type": "integer"}, "b": {"type": "string"}}}
    assert sample(schema) == {"a": 1, "b": "b"}


def test_a_remote_ref_is_refused() -> None:
    with pytest.raises(ValueError, match="local"):
        sample({"$ref": "https://example.com/schema.json"})


def _leaf() -> st.SearchStrategy[dict[str, Any]]:
    integer = st.fixed_dictionaries(
        {"type": st.just("integer")},
        optional={"minimum": st.integers(-50, 50), "multipleOf": st.integers(1, 9)},
    )
    number = st.fixed_dictionaries(
        {"type": st.just("number")},
        optional={
            "maximum": st.integers(-50, 50),
            "exclusiveMinimum": st.integers(-100, -60),
            "multipleOf": st.sampled_from([0.5, 0.25, 0.1, 2]),
        },
    )
    string = st.fixed_dictionaries(
        {"type": st.just("string")},
        optional={
            "minLength": st.integers(0, 30),
            "format": st.sampled_from(["date-time", "uuid", "uri"]),
        },
    )
    enum = st.lists(st.text(max_size=5) | st.integers(), min_size=1, max_size=4, unique=True)
    return (
        integer
        | number
        | string
        | st.just({"type": "boolean"})
        | st.just({"type": "null"})
        | enum.map(lambda values: {"enum": values})
    )


def _node(children: st.SearchStrategy[dict[str, Any]]) -> st.SearchStrategy[dict[str, Any]]:
    objects = st.dictionaries(st.from_regex(r"[a-z]{1,6}", fullmatch=True), children, max_size=4)
    return (
        objects.flatmap(
            lambda props: st.fixed_dictionaries(
                {
                    "type": st.just("object"),
                    "properties": st.just(props),
                    "required": st.lists(st.sampled_from(sorted(props)), unique=True)
                    if props
                    else st.just([]),
                    "additionalProperties": st.booleans(),
                }
            )
        )
        | st.fixed_dictionaries(
            {"type": st.just("array"), "items": children},
            optional={"minItems": st.integers(0, 3)},
        )
        | st.lists(children, min_size=1, max_size=3).map(lambda options: {"anyOf": options})
    )


@settings(max_examples=200, deadline=None)
@given(st.recursive(_leaf(), _node, max_leaves=12))
def test_samples_of_generated_schemas_validate(schema: dict[str, Any]) -> None:
    jsonschema.Draft202012Validator(schema).validate(sample(schema))
