"""Fixtures checking what reached the wire against the OpenAPI spec shipped with
mistral-testing (the repository's copy of Mistral's spec)."""

from __future__ import annotations

import functools
from collections.abc import Callable
from importlib import resources
from typing import Any

import jsonschema
import pytest
import yaml

pytest.importorskip("mistralai.testing", reason="needs mistral-testing")


@functools.cache
def _spec() -> dict[str, Any]:
    text = resources.files("mistralai.testing").joinpath("openapi/mistral-openapi.yaml")
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    spec: dict[str, Any] = yaml.load(text.read_text(), Loader=loader)
    return spec


@pytest.fixture
def wire_body(mistral_test_server: Any) -> Callable[[str], Any]:
    """``wire_body("EmbeddingRequest")``: the last request's JSON body, after checking it
    against ``#/components/schemas/EmbeddingRequest``."""

    def check(schema: str) -> Any:
        body = mistral_test_server.requests[-1].json()
        root = {"components": _spec()["components"], "$ref": f"#/components/schemas/{schema}"}
        errors = [e.message for e in jsonschema.Draft202012Validator(root).iter_errors(body)]
        assert not errors, f"{body} is not a valid {schema}: {errors}"
        return body

    return check


@pytest.fixture
def spec_example() -> Callable[[str, str], Any]:
    """``spec_example("/v1/embeddings", "post")``: the 200 example the spec documents."""

    def example(path: str, method: str) -> Any:
        content = _spec()["paths"][path][method]["responses"]["200"]["content"]
        return content["application/json"]["examples"]["userExample"]["value"]

    return example
