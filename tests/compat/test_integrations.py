"""What libraries built on the official SDK (pydantic-ai, llama-index) rely on beyond its
import layout, checked without them: the HTTP client they hand over (pydantic-ai passes an
``httpx2.AsyncClient``), ``client.sdk_configuration``, the attributes every error has, the
per-call ``retries`` they pass, and the conversations they build with the 3.x models.

``scripts/integrations.py`` runs the libraries themselves in environments of their own;
these tests keep what it found in the normal test run. Calls go to the local test server.
"""

from __future__ import annotations

import pickle
import socket
from typing import Any

import httpx
import pytest

from mistralai import Mistral
from mistralai.errors import (
    MistralError,
    RequestValidationError,
    ResponseValidationError,
    ServerError,
    StreamError,
)
from mistralai.testing import Fault
from mistralai.utils import BackoffStrategy, RetryConfig

MESSAGES = [{"role": "user", "content": "Hello"}]
FAST = RetryConfig("backoff", BackoffStrategy(10, 20, 1.0, 5_000))
"""Retries that wait milliseconds, not seconds."""


def refused_url() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"


# -- errors: every MistralError has the official attributes ---------------------------------


def test_every_error_has_status_body_headers_and_raw_response(
    mistral_client: Mistral, mistral_test_server: Any
) -> None:
    # pydantic-ai: `except MistralError as e: if e.status_code >= 400: ... dict(e.headers)`
    with Mistral(api_key="k", server_url=refused_url()) as client:
        with pytest.raises(MistralError) as refused:
            client.chat.complete(model="m", messages=MESSAGES, retries=None)
    mistral_test_server.faults.add(Fault.status(503, headers={"x-request-id": "r1"}))
    with pytest.raises(MistralError) as failed:
        mistral_client.chat.complete(model="m", messages=MESSAGES, retries=None)
    for error in (refused.value, StreamError("broke"), RequestValidationError("bad")):
        assert error.status_code == 0
        assert error.body == ""
        assert dict(error.headers) == {}
        assert error.raw_response is None
    assert isinstance(failed.value, ServerError)
    assert failed.value.status_code == 503
    assert failed.value.headers["x-request-id"] == "r1"


def test_a_response_validation_error_has_the_response_status_and_headers() -> None:
    request = httpx.Request("POST", "https://api.mistral.ai/v1/chat/completions")
    response = httpx.Response(
        200, headers={"set-cookie": "session=s3cr3t", "x-request-id": "r2"}, request=request
    )
    error = ResponseValidationError("bad answer", response, "{}")
    assert (error.status_code, error.headers["x-request-id"], error.body) == (200, "r2", "{}")
    copy = pickle.loads(pickle.dumps(error))
    assert copy.status_code == 200
    assert copy.raw_response is None
    assert copy.headers["set-cookie"] == "[REDACTED]"
    assert copy.headers["x-request-id"] == "r2"


# -- per-call retries as the libraries pass them ---------------------------------------------


@pytest.mark.parametrize(
    ("retries", "attempts"),
    [
        (None, 1),  # the official SDK retries only with a RetryConfig; pydantic-ai's max_retries=0
        (0, 1),
        (2, 3),  # llama-index passes retries=max_retries, a number
        (FAST, FAST.max_attempts),
    ],
)
def test_per_call_retries(mistral_test_server: Any, retries: Any, attempts: int) -> None:
    mistral_test_server.faults.add(Fault.status(503), times=10)
    with Mistral(api_key="k", server_url=mistral_test_server.url, retry_config=FAST) as client:
        with pytest.raises(ServerError):
            client.chat.complete(model="m", messages=MESSAGES, retries=retries)
    assert len(mistral_test_server.requests) == attempts


def test_a_number_of_retries_keeps_the_clients_backoff(mistral_test_server: Any) -> None:
    from mistralai.types import UNSET

    mistral_test_server.faults.add(Fault.status(503), times=1)
    with Mistral(
        api_key="k", server_url=mistral_test_server.url, retry_config=RetryConfig("none")
    ) as client:
        # the client never retries, the call asks for one retry: it gets one
        assert client.chat.complete(model="m", messages=MESSAGES, retries=1).choices
        mistral_test_server.faults.add(Fault.status(503), times=1)
        with pytest.raises(ServerError):
            client.chat.complete(model="m", messages=MESSAGES, retries=UNSET)
    assert len(mistral_test_server.requests) == 3


@pytest.mark.parametrize("retries", ["5", -1, True, 2.5])
def test_retries_of_another_kind_are_refused_before_sending(
    mistral_client: Mistral, mistral_test_server: Any, retries: Any
) -> None:
    with pytest.raises(RequestValidationError, match="retries must be"):
        mistral_client.chat.complete(model="m", messages=MESSAGES, retries=retries)
    assert mistral_test_server.requests == []


def test_a_timeout_in_milliseconds_may_be_a_float(
    mistral_client: Mistral, mistral_test_server: Any
) -> None:
    # llama-index sends timeout_ms=self.timeout * 1000, a float
    assert mistral_client.chat.complete(model="m", messages=MESSAGES, timeout_ms=120_000.0)


# -- conversations built with the 3.x models, as the libraries build them -------------------


def test_a_tool_round_trip_as_llama_index_builds_it(
    mistral_client: Mistral, mistral_test_server: Any
) -> None:
    from mistralai.client import models

    tools = [
        {
            "type": "function",
            "function": {
                "name": "add",
                "description": "Add two numbers.",
                "parameters": {
                    "type": "object",
                    "properties": {"a": {"type": "integer"}, "b": {"type": "integer"}},
                    "required": ["a", "b"],
                },
            },
        }
    ]
    history: list[Any] = [models.UserMessage(content=[models.TextChunk(text="add 2 and 3")])]
    first = mistral_client.chat.complete(
        model="m", messages=history, tools=tools, tool_choice="required", retries=5
    )
    message = first.choices[0].message
    assert first.choices[0].finish_reason == "tool_calls"
    (call,) = message.tool_calls or []
    assert isinstance(call, models.ToolCall)
    arguments = call.function.arguments
    assert isinstance(arguments, str)
    history.append(
        models.AssistantMessage(
            content=[models.TextChunk(text="")],
            tool_calls=[
                models.ToolCall(
                    id=call.id,
                    function=models.FunctionCall(name=call.function.name, arguments=arguments),
                )
            ],
        )
    )
    history.append(
        models.ToolMessage(
            content=[models.TextChunk(text="5")], tool_call_id=call.id, name=call.function.name
        )
    )
    second = mistral_client.chat.complete(model="m", messages=history, tools=tools)
    assert second.choices[0].message.content == "The tool answered: 5"
    sent = mistral_test_server.requests[-1].json()
    assert sent["messages"][2] == {
        "role": "tool",
        "content": [{"type": "text", "text": "5"}],
        "tool_call_id": call.id,
        "name": "add",
    }
    assert sent["messages"][1]["tool_calls"][0]["id"] == call.id


async def test_a_streamed_tool_call_as_pydantic_ai_reads_it(mistral_async_client: Mistral) -> None:
    from mistralai.client.models import (
        CompletionEvent,
        Function,
        FunctionName,
        SystemMessage,
        Tool,
        ToolCall,
        ToolChoice,
        UserMessage,
    )
    from mistralai.client.types import UNSET
    from mistralai.client.utils.eventstreaming import EventStreamAsync

    tool = Tool(function=Function(name="add", parameters={"type": "object"}, description=""))
    stream = await mistral_async_client.chat.stream_async(
        model="m",
        messages=[SystemMessage(content="Be brief."), UserMessage(content="add 2 and 3")],
        n=1,
        tools=[tool],
        tool_choice=ToolChoice(function=FunctionName(name="add")),
        response_format=None,
        stream=True,
        temperature=UNSET,
        top_p=1,
        max_tokens=UNSET,
        timeout_ms=None,
        retries=UNSET,
        random_seed=UNSET,
        presence_penalty=None,
        frequency_penalty=None,
        stop=None,
        reasoning_effort=UNSET,
        parallel_tool_calls=None,
        prompt_cache_key=UNSET,
    )
    assert isinstance(stream, EventStreamAsync)
    calls: list[ToolCall] = []
    async with stream:
        async for event in stream:
            assert isinstance(event, CompletionEvent)
            calls.extend(event.data.choices[0].delta.tool_calls or [])
    (call,) = calls
    assert (call.function.name, call.index) == ("add", 0)
    # pydantic-ai closes a stream it leaves early through the response it holds
    await stream.response.aclose()
