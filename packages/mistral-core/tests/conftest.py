"""A minimal API area, defined here, so core's tests need no area package."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from typing_extensions import Unpack

import mistralai
from mistralai import Mistral, ResourceSpec
from mistralai.models import ChatCompletionResponse, CompletionEvent, completion_event
from mistralai.testing import Part, parse_form
from mistralai.utils import (
    Call,
    CallOptions,
    CompletionAccumulator,
    Operation,
    Resource,
    async_operation,
    async_stream,
    sync_operation,
    sync_stream,
)

_ID = "chat_completion_v1_chat_completions_post"
COMPLETE: Operation[ChatCompletionResponse] = Operation(
    _ID, "POST", "/v1/chat/completions", ChatCompletionResponse
)
STREAM: Operation[CompletionEvent] = Operation(
    _ID, "POST", "/v1/chat/completions", decode=completion_event
)


class Probe(Resource):
    """Sends chat-completion requests with a hand-written body."""

    def _complete(self, body: dict[str, Any], **options: Unpack[CallOptions]) -> Call:
        return Call(body=body, options=options)

    def _stream(self, body: dict[str, Any], **options: Unpack[CallOptions]) -> Call:
        return Call(body={**body, "stream": True}, options=options)

    complete = sync_operation(COMPLETE, _complete)
    complete_async = async_operation(COMPLETE, _complete)
    stream = sync_stream(STREAM, _stream)
    stream_async = async_stream(STREAM, _stream)
    final_stream = sync_stream(STREAM, _stream, accumulate=CompletionAccumulator)
    final_stream_async = async_stream(STREAM, _stream, accumulate=CompletionAccumulator)


class ProbePlugin:
    @mistralai.hookimpl
    def mistral_resources(self) -> list[ResourceSpec]:
        return [ResourceSpec("probe", f"{__name__}:Probe", "mistral-core-tests")]


@pytest.fixture
def body() -> dict[str, Any]:
    """A valid chat-completion body."""
    return {
        "model": "mistral-small-latest",
        "messages": [{"role": "user", "content": "hello there"}],
    }


@pytest.fixture
def make_client(mistral_test_server: Any) -> Any:
    """Build clients bound to the test server with the probe area mounted; closes them after."""
    clients: list[Mistral] = []

    def make(**kwargs: Any) -> Mistral:
        kwargs.setdefault("api_key", "sk-test-secret-123")
        kwargs.setdefault("server_url", mistral_test_server.url)
        client = Mistral(plugins=[ProbePlugin(), *kwargs.pop("plugins", [])], **kwargs)
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.close()


@pytest.fixture
def read_form() -> Callable[[bytes, str], dict[str, Part]]:
    """Parses a multipart/form-data body with mistral-testing's parser, which shares no code
    with the SDK's encoder."""
    return parse_form
