"""Fixtures: ``client.beta.observability`` on the local test server, every answer it gets
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
from mistralai.testing import MistralTestServer
from mistralai.testing._validation import operations, spec


class SpecAnswers:
    """A client plugin that collects where the server's answers break the spec."""

    def __init__(self) -> None:
        self.problems: list[str] = []

    @mistralai.hookimpl
    def mistral_after_success(self, response: httpx.Response, context: HookContext) -> None:
        operation = operations()[context.operation_id]
        documented = operation["responses"].get(str(response.status_code))
        if documented is None:
            self.problems.append(f"{context.operation_id}: undocumented {response.status_code}")
            return
        content = documented.get("content")
        if content is None:
            if response.content:
                self.problems.append(f"{context.operation_id}: a body where the spec has none")
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
def obs(mistral_client: Any) -> Iterator[Any]:
    """``client.beta.observability`` of a client whose answers are checked against the spec."""
    answers = SpecAnswers()
    mistral_client.register_plugin(answers)
    yield mistral_client.beta.observability
    assert not answers.problems, "\n".join(answers.problems)


@pytest.fixture
async def aobs(mistral_async_client: Any) -> AsyncIterator[Any]:
    """The async twin of :func:`obs`."""
    answers = SpecAnswers()
    mistral_async_client.register_plugin(answers)
    yield mistral_async_client.beta.observability
    assert not answers.problems, "\n".join(answers.problems)


@pytest.fixture
def http(mistral_test_server: MistralTestServer) -> Iterator[httpx.Client]:
    """Plain HTTP to the test server, for what other API areas would do (upload a file,
    start a conversation) without depending on their packages."""
    headers = {"authorization": "Bearer test-api-key"}
    with httpx.Client(base_url=mistral_test_server.url, headers=headers, timeout=10) as client:
        yield client
