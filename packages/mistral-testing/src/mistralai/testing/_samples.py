"""Deterministic sample values for JSON schemas: the same schema always gives the same value,
and the value validates against the schema.

Used for structured-output answers (``response_format`` ``json_schema``), tool-call
arguments and OCR annotations. Covers what model schemas use: objects (required properties,
or every property when none is required), arrays (``minItems``/``maxItems``,
``uniqueItems``, ``prefixItems``), strings (``minLength``/``maxLength``, common ``format``s,
simple ``pattern``s), integers and numbers (bounds, ``multipleOf``), booleans, ``null``,
``enum``, ``const``, ``anyOf``/``oneOf``/``allOf`` and local ``$ref``s (``#/$defs/...``,
``#/definitions/...``), recursive ones included. A string ``pattern`` that none of a few
simple candidates matches is not honoured.
"""

from __future__ import annotations

import math
import re
from typing import Any
from urllib.parse import unquote

MAX_DEPTH = 6
"""Below this depth only what the schema requires is generated, so recursion ends."""

_FORMATS = {
    "date-time": "2024-01-01T00:00:00Z",
    "date": "2024-01-01",
    "time": "12:00:00Z",
    "email": "user@example.com",
    "uri": "https://example.com/",
    "url": "https://example.com/",
    "uuid": "00000000-0000-4000-8000-000000000000",
    "ipv4": "127.0.0.1",
    "ipv6": "::1",
    "hostname": "example.com",
}
_PATTERN_CANDIDATES = ("example", "a", "A", "0", "1", "abc123", "ABC", "a-b", "a_b", "x@y.z")


def sample(schema: Any, hint: str = "example") -> Any:
    """A value valid for ``schema``; ``$ref``s resolve against ``schema`` itself.

    >>> sample({"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]})
    {'city': 'city'}
    """
    return _Sampler(schema if isinstance(schema, dict) else {}).value(schema, hint, 0, 0)


class _Sampler:
    def __init__(self, root: dict[str, Any]) -> None:
        self.root = root

    def value(self, schema: Any, hint: str, depth: int, variant: int) -> Any:
        if depth > 4 * MAX_DEPTH:
            raise ValueError("the schema requires an endlessly nested value")
        if schema is True or schema == {}:
            return self.string({}, hint, variant)
        if not isinstance(schema, dict):
            return None
        schema = self.flatten(schema, depth)
        if "const" in schema:
            return schema["const"]
        if schema.get("enum"):
            options = [o for o in schema["enum"] if o is not None] or schema["enum"]
            return options[variant % len(options)]
        kind = self.kind(schema, depth)
        if kind == "object":
            return self.object(schema, depth)
        if kind == "array":
            return self.array(schema, hint, depth)
        if kind == "integer":
            return self.number(schema, variant, integer=True)
        if kind == "number":
            return self.number(schema, variant, integer=False)
        if kind == "boolean":
            return variant % 2 == 0
        if kind == "null":
            return None
        return self.string(schema, hint, variant)

    def flatten(self, schema: dict[str, Any], depth: int) -> dict[str, Any]:
        """``schema`` with its ``$ref``, ``allOf`` and chosen ``anyOf``/``oneOf`` branch merged in."""
        for _ in range(64):
            if "$ref" in schema:
                rest = {k: v for k, v in schema.items() if k != "$ref"}
                schema = {**self.resolve(schema["$ref"]), **rest}
            elif "allOf" in schema:
                parts = [self.flatten(p, depth) for p in schema["allOf"] if isinstance(p, dict)]
                schema = _merge({k: v for k, v in schema.items() if k != "allOf"}, parts)
            elif "anyOf" in schema or "oneOf" in schema:
                key = "anyOf" if "anyOf" in schema else "oneOf"
                rest = {k: v for k, v in schema.items() if k != key}
                schema = {**rest, **self.choose(schema[key], depth)}
            else:
                return schema
        raise ValueError("the schema's $refs loop without ever reaching a value")

    def choose(self, options: list[Any], depth: int) -> dict[str, Any]:
        """The branch to sample: the first that is not ``null``; ``null`` once too deep."""
        branches = [o for o in options if isinstance(o, dict)]
        nulls = [o for o in branches if o.get("type") == "null"]
        others = [o for o in branches if o.get("type") != "null"]
        if nulls and (depth >= MAX_DEPTH or not others):
            return nulls[0]
        return others[0] if others else {}

    def resolve(self, ref: str) -> dict[str, Any]:
        if not ref.startswith("#"):
            raise ValueError(f"only local $refs are supported, not {ref!r}")
        node: Any = self.root
        for token in ref.lstrip("#").strip("/").split("/") if ref != "#" else []:
            token = unquote(token).replace("~1", "/").replace("~0", "~")
            node = node[int(token)] if isinstance(node, list) else node[token]
        if not isinstance(node, dict):
            raise ValueError(f"$ref {ref!r} does not name a schema")
        return node

    def kind(self, schema: dict[str, Any], depth: int) -> str:
        kind = schema.get("type")
        if isinstance(kind, list):
            concrete = [k for k in kind if k != "null"]
            if "null" in kind and (depth >= MAX_DEPTH or not concrete):
                return "null"
            kind = concrete[0]
        if isinstance(kind, str):
            return kind
        if "properties" in schema or "required" in schema:
            return "object"
        if "items" in schema or "prefixItems" in schema:
            return "array"
        return "string"

    def object(self, schema: dict[str, Any], depth: int) -> dict[str, Any]:
        properties: dict[str, Any] = schema.get("properties") or {}
        required = schema.get("required")
        names = list(required) if required else list(properties)
        if depth >= MAX_DEPTH:
            names = list(required or [])
        extra = schema.get("additionalProperties", True)
        out: dict[str, Any] = {}
        for name in names:
            sub = properties.get(name, extra if isinstance(extra, dict) else {})
            out[name] = self.value(sub, name, depth + 1, 0)
        for index in range(len(out), schema.get("minProperties", 0)):
            name = next((p for p in properties if p not in out), f"key{index}")
            out[name] = self.value(properties.get(name, extra), name, depth + 1, 0)
        return out

    def array(self, schema: dict[str, Any], hint: str, depth: int) -> list[Any]:
        prefix = schema.get("prefixItems") or []
        items = schema.get("items", {})
        minimum = schema.get("minItems", 0)
        count = max(minimum, len(prefix), 0 if depth >= MAX_DEPTH or items is False else 1)
        count = min(count, schema.get("maxItems", count))
        out = []
        for index in range(count):
            sub = prefix[index] if index < len(prefix) else items
            # Distinct variants keep uniqueItems arrays unique.
            out.append(self.value(sub, hint, depth + 1, index))
        return out

    def number(self, schema: dict[str, Any], variant: int, integer: bool) -> int | float:
        low, high = _bounds(schema, integer)
        value: float = (1 if integer else 1.5) + variant
        if low is not None and value < low:
            value = low + variant
        if high is not None and value > high:
            value = high
        step = schema.get("multipleOf")
        if step:
            value = _multiple_of(step, value, low, high)
        return int(value) if integer else float(value)

    def string(self, schema: dict[str, Any], hint: str, variant: int) -> str:
        words = re.findall(r"\w+", hint)
        text = _FORMATS.get(schema.get("format", ""), words[-1] if words else "example")
        if variant:
            text = f"{text}{variant}" if schema.get("format") not in _FORMATS else text
        pattern = schema.get("pattern")
        if pattern and not re.search(pattern, text):
            text = next((c for c in _PATTERN_CANDIDATES if re.search(pattern, c)), text)
        minimum, maximum = schema.get("minLength", 0), schema.get("maxLength")
        text = text.ljust(minimum, "x")
        return text[:maximum] if maximum is not None else text


def _bounds(schema: dict[str, Any], integer: bool) -> tuple[float | None, float | None]:
    """The inclusive bounds a number must keep to (exclusive ones stepped inside)."""
    step = 1 if integer else 0.5
    low = schema.get("minimum")
    if "exclusiveMinimum" in schema and isinstance(schema["exclusiveMinimum"], (int, float)):
        low = schema["exclusiveMinimum"] + step
    high = schema.get("maximum")
    if "exclusiveMaximum" in schema and isinstance(schema["exclusiveMaximum"], (int, float)):
        high = schema["exclusiveMaximum"] - step
    if integer:
        low = math.ceil(low) if low is not None else None
        high = math.floor(high) if high is not None else None
    return low, high


def _multiple_of(step: float, near: float, low: float | None, high: float | None) -> float:
    """A multiple of ``step`` within the bounds, from ``near`` upwards, else downwards, whose
    quotient is exact in floats (validators check ``value / step`` for an integer, and
    ``0.1 * 16`` is not one)."""
    start = math.ceil(near / step - 1e-9)
    for k in [*range(start, start + 50), *range(start - 1, start - 51, -1)]:
        value = float(round(k * step, 12))
        exact = value / step == int(value / step)
        if exact and (low is None or value >= low) and (high is None or value <= high):
            return value
    return float(round(start * step, 12))


def _merge(base: dict[str, Any], parts: list[dict[str, Any]]) -> dict[str, Any]:
    """The ``allOf`` of ``parts`` as one schema: properties and required lists are united."""
    merged = dict(base)
    for part in parts:
        properties = {**merged.get("properties", {}), **part.get("properties", {})}
        required = [*merged.get("required", []), *part.get("required", [])]
        merged.update(part)
        if properties:
            merged["properties"] = properties
        if required:
            merged["required"] = list(dict.fromkeys(required))
    return merged
