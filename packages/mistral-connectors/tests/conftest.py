"""Fixtures: ``client.beta.connectors`` on the local test server, every answer it gets
checked against the 2xx schema Mistral's spec gives the operation."""

from __future__ import annotations

import functools
from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx
import jsonschema
import pytest

import mistralai
from mistralai import HookContext
from mistralai.testing._validation import operations, spec


class SpecAnswers:
    """A client plugin that collects where the server's answers break the spec."""

    def __init__(self) -> None:
        self.problems: list[str] = []

    @mistralai.hookimpl
    def mistral_after_success(self, response: httpx.Response, context: HookContext) -> None:
        documented = operations()[context.operation_id]["responses"].get(str(response.status_code))
        if documented is None:
            self.problems.append(f"{context.operation_id}: undocumented {response.status_code}")
            return
        validator = _validator(context.operation_id, response.status_code)
        for error in validator.iter_errors(response.json()):
            self.problems.append(f"{context.operation_id}: {error.message} at {error.json_path}")


@functools.cache
def _validator(operation_id: str, status: int) -> jsonschema.Draft202012Validator:
    content = operations()[operation_id]["responses"][str(status)]["content"]
    schema = {"components": spec()["components"], **content["application/json"]["schema"]}
    return jsonschema.Draft202012Validator(schema)


@pytest.fixture
def connectors(mistral_client: Any) -> Iterator[Any]:
    """``client.beta.connectors`` of a client whose answers are checked against the spec."""
    answers = SpecAnswers()
    mistral_client.register_plugin(answers)
    yield mistral_client.beta.connectors
    assert not answers.problems, "\n".join(answers.problems)


@pytest.fixture
async def aconnectors(mistral_async_client: Any) -> AsyncIterator[Any]:
    """The async twin of :func:`connectors`."""
    answers = SpecAnswers()
    mistral_async_client.register_plugin(answers)
    yield mistral_async_client.beta.connectors
    assert not answers.problems, "\n".join(answers.problems)
