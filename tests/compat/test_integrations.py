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
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from mistralai import Mistral
from mistralai.errors import (
    APIConnectionError,
    APITimeoutError,
    ConfigurationError,
    MistralError,
    RequestValidationError,
    ResponseValidationError,
    ServerError,
    StreamError,
)
from mistralai.testing import Fault, MistralTestServer
from mistralai.utils import BackoffStrategy, RetryConfig

MESSAGES = [{"role": "user", "content": "Hello"}]
FAST = RetryConfig("backoff", BackoffStrategy(10, 20, 1.0, 5_000))
"""Retries that wait milliseconds, not seconds."""


def refused_url() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"


# -- HTTP clients that are not httpx's ------------------------------------------------------


class RecordingAsyncClient:
    """An async HTTP client of another kind: build_request() and send(), as the official
    SDK's ``AsyncHttpClient`` protocol has them; no httpx class in its ancestry."""

    def __init__(self) -> None:
        self._inner = httpx.AsyncClient(headers={"x-from": "given-client"})
        self.sent: list[httpx.Request] = []
        self.closed = False

    def build_request(self, method: str, url: str, **kwargs: Any) -> httpx.Request:
        return self._inner.build_request(method, url, **kwargs)

    async def send(self, request: httpx.Request, **kwargs: Any) -> httpx.Response:
        self.sent.append(request)
        return await self._inner.send(request, **kwargs)

    async def aclose(self) -> None:
        self.closed = True
        await self._inner.aclose()


@pytest.fixture
def httpx2() -> Any:
    return pytest.importorskip(
        "httpx2", reason="httpx2 (pydantic-ai's HTTP client) is not installed"
    )


@pytest.fixture
def sync_httpx2_client(httpx2: Any) -> Iterator[Any]:
    seen: list[Any] = []
    with httpx2.Client(
        headers={"user-agent": "library/1.0", "x-library": "yes"},
        timeout=httpx2.Timeout(30, connect=5),
        event_hooks={"request": [seen.append]},
    ) as client:
        client.seen = seen
        yield client


async def test_an_httpx2_async_client_sends_every_request(
    httpx2: Any, mistral_test_server: MistralTestServer
) -> None:
    timeouts: list[dict[str, Any]] = []

    async def record(request: Any) -> None:
        # pydantic-ai's client compares these numbers in a hook of its own
        timeouts.append(dict(request.extensions["timeout"]))

    given = httpx2.AsyncClient(
        headers={"x-library": "pydantic-ai-like", "user-agent": "library/1.0"},
        timeout=httpx2.Timeout(600, connect=5),
        event_hooks={"request": [record]},
    )
    async with given:
        async with Mistral(
            api_key="k", server_url=mistral_test_server.url, async_client=given
        ) as client:
            answer = await client.chat.complete_async(
                model="m", messages=MESSAGES, http_headers={"user-agent": "caller/2.0"}
            )
            stream = await client.chat.stream_async(model="m", messages=MESSAGES, timeout_ms=9_000)
            async with stream:
                deltas = [e.data.choices[0].delta.content async for e in stream]
            assert stream.response.is_closed
            assert client.sdk_configuration.async_client is given
        assert not given.is_closed  # the caller's client is the caller's to close
    assert answer.choices[0].message.content == "You said: Hello"
    assert "".join(d for d in deltas if isinstance(d, str)) == "You said: Hello"
    first, second = mistral_test_server.requests
    assert first.headers["x-library"] == "pydantic-ai-like"  # the given client's defaults
    assert first.headers["user-agent"] == "caller/2.0"  # under the call's own
    assert first.headers["authorization"] == "Bearer k"
    assert second.headers["accept"] == "text/event-stream"
    # the client's own timeout when the call sets none, the call's otherwise: numbers only
    assert timeouts == [
        {"connect": 5, "read": 600, "write": 600, "pool": 600},
        {"connect": 9.0, "read": 9.0, "write": 9.0, "pool": 9.0},
    ]


def test_an_httpx2_blocking_client_sends_every_request(
    sync_httpx2_client: Any, mistral_test_server: MistralTestServer
) -> None:
    with Mistral(
        api_key="k", server_url=mistral_test_server.url, client=sync_httpx2_client
    ) as client:
        answer = client.chat.complete(model="m", messages=MESSAGES)
        with client.chat.stream(model="m", messages=MESSAGES) as stream:
            events = list(stream)
    assert answer.choices[0].message.content == "You said: Hello"
    assert events[-1].data.choices[0].finish_reason == "stop"
    assert len(sync_httpx2_client.seen) == 2
    assert [r.headers["x-library"] for r in mistral_test_server.requests] == ["yes", "yes"]
    assert not sync_httpx2_client.is_closed


def test_httpx2_transport_errors_are_the_sdks(httpx2: Any, mistral_test_server: Any) -> None:
    with httpx2.Client() as given:
        with Mistral(api_key="k", server_url=refused_url(), client=given) as client:
            with pytest.raises(httpx.ConnectError) as refused:
                client.chat.complete(model="m", messages=MESSAGES, retries=None)
        mistral_test_server.faults.add(Fault.slow(1.0))
        with Mistral(api_key="k", server_url=mistral_test_server.url, client=given) as client:
            with pytest.raises(APITimeoutError) as slow:
                client.chat.complete(model="m", messages=MESSAGES, timeout_ms=150, retries=0)
    assert isinstance(refused.value, APIConnectionError)
    assert "Connection refused" in str(refused.value)
    assert refused.value.status_code == 0  # what code written for the official SDK compares
    assert isinstance(slow.value, httpx.TimeoutException)


async def test_connection_errors_of_a_given_client_are_retried(httpx2: Any) -> None:
    attempts: list[Any] = []

    async def count(request: Any) -> None:
        attempts.append(request)

    async with httpx2.AsyncClient(event_hooks={"request": [count]}) as given:
        async with Mistral(
            api_key="k", server_url=refused_url(), async_client=given, retry_config=FAST
        ) as client:
            with pytest.raises(APIConnectionError):
                await client.chat.complete_async(model="m", messages=MESSAGES)
    assert len(attempts) == FAST.max_attempts


async def test_any_client_with_build_request_and_send_works(
    mistral_test_server: MistralTestServer,
) -> None:
    given = RecordingAsyncClient()
    async with Mistral(
        api_key="k", server_url=mistral_test_server.url, async_client=given
    ) as client:
        answer = await client.chat.complete_async(model="m", messages=MESSAGES)
    assert answer.choices[0].message.content == "You said: Hello"
    (sent,) = given.sent
    assert sent.url.path == "/v1/chat/completions"
    assert mistral_test_server.requests[0].headers["x-from"] == "given-client"
    assert not given.closed
    await given.aclose()


def test_what_cannot_send_is_refused_when_the_client_is_made(httpx2: Any) -> None:
    with pytest.raises(ConfigurationError, match="async_client must be an async HTTP client"):
        Mistral(api_key="k", async_client=object())  # type: ignore[arg-type]
    with httpx2.Client() as blocking, pytest.raises(ConfigurationError, match="coroutine"):
        Mistral(api_key="k", async_client=blocking)
    given = RecordingAsyncClient()
    with pytest.raises(ConfigurationError, match="pass it as async_client"):
        Mistral(api_key="k", client=given)  # type: ignore[arg-type]


def test_constructing_with_no_client_still_imports_no_httpx() -> None:
    import subprocess
    import sys

    out = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from mistralai import Mistral; c = Mistral(api_key='k'); "
            "c.sdk_configuration.get_server_details(); "
            "print(sorted(m for m in sys.modules if m.startswith('httpx')))",
        ],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    assert out.stdout.strip() == "[]"


# -- client.sdk_configuration ---------------------------------------------------------------


def test_sdk_configuration_gives_the_server_and_the_settings() -> None:
    from mistralai.client.sdkconfiguration import SDKConfiguration

    import mistralai

    retry = RetryConfig("none")
    client = Mistral(
        api_key="secret-key-123456",
        server_url="https://{region}.example.com/",
        url_params={"region": "eu"},
        retry_config=retry,
        timeout_ms=1_234,
    )
    config = client.sdk_configuration
    assert isinstance(config, SDKConfiguration)
    assert mistralai.SDKConfiguration is SDKConfiguration  # the official top-level name
    assert config.get_server_details() == ("https://eu.example.com", {})
    assert (config.server_url, config.server) == ("https://eu.example.com", None)
    assert (config.retry_config, config.timeout_ms) == (retry, 1_234)
    assert (config.client, config.async_client) == (None, None)
    assert not config.client_supplied
    assert config.user_agent.startswith("mistral-core/")
    assert "secret-key" not in repr(config)
    with pytest.raises(AttributeError):
        config.server_url = "https://elsewhere.example.com"  # type: ignore[misc]


async def test_assigning_the_async_client_moves_the_next_requests(
    httpx2: Any, mistral_test_server: MistralTestServer
) -> None:
    # pydantic-ai does this when the HTTP client it made was closed or its event loop ended
    first = httpx2.AsyncClient(headers={"x-client": "first"})
    second = httpx2.AsyncClient(headers={"x-client": "second"})
    async with first, second:
        client = Mistral(api_key="k", server_url=mistral_test_server.url, async_client=first)
        await client.chat.complete_async(model="m", messages=MESSAGES)
        client.sdk_configuration.async_client = second
        assert client.sdk_configuration.async_client is second
        assert client.sdk_configuration.async_client_supplied
        await client.chat.complete_async(model="m", messages=MESSAGES)
        client.sdk_configuration.async_client = None  # back to a client of the SDK's own
        await client.chat.complete_async(model="m", messages=MESSAGES)
        await client.aclose()
        assert not first.is_closed
        assert not second.is_closed
    assert [r.headers.get("x-client") for r in mistral_test_server.requests] == [
        "first",
        "second",
        None,
    ]


def test_assigning_the_blocking_client_before_the_first_call(
    mistral_test_server: MistralTestServer,
) -> None:
    with httpx.Client(headers={"x-client": "assigned"}) as given:
        client = Mistral(api_key="k", server_url=mistral_test_server.url)
        client.sdk_configuration.client = given
        client.chat.complete(model="m", messages=MESSAGES)
        client.close()
        assert not given.is_closed
    assert mistral_test_server.requests[0].headers["x-client"] == "assigned"


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
