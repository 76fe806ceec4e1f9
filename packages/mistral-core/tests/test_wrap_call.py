"""mistral_wrap_call: wrappers around a whole call, over real loopback HTTP."""

from __future__ import annotations

import time
from collections.abc import Generator
from typing import Any

import anyio
import httpx
import pytest

import mistralai
from mistralai import errors
from mistralai.hookspecs import Wait
from mistralai.testing import Fault
from mistralai.utils import BackoffStrategy, RetryConfig

FAST = RetryConfig("backoff", BackoffStrategy(1, 5, 2.0, 2_000), True)
Steps = Generator[Any, Any, Any]


def completions(server: Any) -> list[Any]:
    return [r for r in server.requests if r.path == "/v1/chat/completions"]


class Tag:
    """Adds its name to a header on the way in and to a list on the way out."""

    def __init__(self, name: str, trail: list[str]) -> None:
        self.name = name
        self.trail = trail

    @mistralai.hookimpl
    def mistral_wrap_call(self, request: httpx.Request) -> Steps:
        self.trail.append(f"{self.name} in")
        request.headers["x-order"] = request.headers.get("x-order", "") + self.name
        response = yield request
        self.trail.append(f"{self.name} out")
        return response


def test_wrappers_nest_in_hook_order(make_client: Any, mistral_test_server: Any, body: Any) -> None:
    trail: list[str] = []
    client = make_client(plugins=[Tag("a", trail)])
    client.register_plugin(Tag("b", trail))
    client.probe.complete(body)
    # the most recently registered wrapper is called first, so it is the outermost
    assert trail == ["b in", "a in", "a out", "b out"]
    assert completions(mistral_test_server)[0].headers["x-order"] == "ba"


def test_sdk_retries_happen_inside_the_wrapper(
    make_client: Any, mistral_test_server: Any, body: Any
) -> None:
    seen: list[int] = []

    class Once:
        @mistralai.hookimpl
        def mistral_wrap_call(self, request: httpx.Request) -> Steps:
            response = yield request
            seen.append(response.status_code)
            return response

    mistral_test_server.faults.add(Fault.status(503), times=2)
    make_client(plugins=[Once()], retry_config=FAST).probe.complete(body)
    assert seen == [200]
    assert len(completions(mistral_test_server)) == 3


def test_error_statuses_reach_the_wrapper_then_the_caller(
    make_client: Any, mistral_test_server: Any, body: Any
) -> None:
    seen: list[int] = []

    class Watch:
        @mistralai.hookimpl
        def mistral_wrap_call(self, request: httpx.Request) -> Steps:
            response = yield request
            seen.append(response.status_code)
            assert b"bad thing" in response.content  # the error body is read for the wrapper

    mistral_test_server.faults.add(Fault.status(400, body={"message": "bad thing"}), times=1)
    with pytest.raises(errors.BadRequestError, match="bad thing"):
        make_client(plugins=[Watch()]).probe.complete(body)
    assert seen == [400]


def test_a_wrapper_can_wait_and_retry_a_connection_failure(
    make_client: Any, mistral_test_server: Any, body: Any
) -> None:
    class RetryOnce:
        @mistralai.hookimpl
        def mistral_wrap_call(self, request: httpx.Request) -> Steps:
            try:
                return (yield request)
            except errors.APIConnectionError:
                yield Wait(0.2)
                return (yield request)

    mistral_test_server.faults.add(Fault.reset(), times=1)
    started = time.monotonic()
    result = make_client(plugins=[RetryOnce()]).probe.complete(body)
    assert result.choices
    assert time.monotonic() - started >= 0.2
    assert len(completions(mistral_test_server)) == 2


def test_an_uncaught_thrown_error_keeps_its_type(
    make_client: Any, mistral_test_server: Any, body: Any
) -> None:
    mistral_test_server.faults.add(Fault.reset(), times=1)
    with pytest.raises(errors.APIConnectionError):
        make_client(plugins=[Tag("a", [])]).probe.complete(body)


def test_a_wrapper_may_answer_without_sending(
    make_client: Any, mistral_test_server: Any, body: Any
) -> None:
    cached = make_client().probe.complete(body).model_dump(mode="json")

    class Cache:
        @mistralai.hookimpl
        def mistral_wrap_call(self, request: httpx.Request) -> Steps:
            return httpx.Response(200, json=cached, request=request)
            yield  # a generator that never sends

    result = make_client(plugins=[Cache()]).probe.complete(body)
    assert result.id == cached["id"]
    assert len(completions(mistral_test_server)) == 1


@pytest.mark.parametrize(
    ("wrapper", "match"),
    [
        ("raises", "RuntimeError: circuit open"),
        ("yields junk", "yield an httpx.Request or a Wait"),
        ("ends empty", "ended without a response"),
    ],
)
def test_a_failing_wrapper_is_a_named_plugin_error(
    make_client: Any, mistral_test_server: Any, body: Any, wrapper: str, match: str
) -> None:
    class Broken:
        @mistralai.hookimpl
        def mistral_wrap_call(self, request: httpx.Request) -> Steps:
            if wrapper == "raises":
                raise RuntimeError("circuit open")
            if wrapper == "yields junk":
                yield "a string"
            return None
            yield

    with pytest.raises(errors.PluginError, match=match) as info:
        make_client(plugins=[Broken()]).probe.complete(body)
    assert info.value.hook == "mistral_wrap_call"
    assert "Broken" in info.value.plugin
    assert completions(mistral_test_server) == []


def test_a_discarded_stream_response_is_released(mistral_test_server: Any, body: Any) -> None:
    from mistralai import Mistral

    from .conftest import ProbePlugin

    class SendTwice:
        @mistralai.hookimpl
        def mistral_wrap_call(self, request: httpx.Request) -> Steps:
            yield request  # an open stream, thrown away
            return (yield request)

    http = httpx.Client(limits=httpx.Limits(max_connections=2), timeout=httpx.Timeout(5, pool=1))
    client = Mistral(
        api_key="k",
        server_url=mistral_test_server.url,
        client=http,
        plugins=[ProbePlugin(), SendTwice()],
    )
    for _ in range(3):
        with client.probe.stream(body) as stream:
            assert list(stream)
    http.close()


@pytest.mark.parametrize("backend", ["asyncio", "trio"])
def test_the_same_wrapper_runs_async(
    make_client: Any, mistral_test_server: Any, body: Any, backend: str
) -> None:
    trail: list[str] = []

    class Slow:
        @mistralai.hookimpl
        def mistral_wrap_call(self, request: httpx.Request) -> Steps:
            yield Wait(0.05)
            return (yield request)

    client = make_client(plugins=[Tag("a", trail), Slow()])

    async def main() -> None:
        assert (await client.probe.complete_async(body)).choices
        async with await client.probe.stream_async(body) as stream:
            assert [event async for event in stream]
        await client.aclose()

    anyio.run(main, backend=backend)
    assert trail == ["a in", "a out", "a in", "a out"]


def test_a_mistral_error_raised_on_purpose_keeps_its_type(
    make_client: Any, mistral_test_server: Any, body: Any
) -> None:
    class CircuitOpen(errors.MistralError):
        pass

    seen: list[bool] = []

    class Breaker:
        @mistralai.hookimpl
        def mistral_wrap_call(self, request: httpx.Request, context: Any) -> Steps:
            seen.append(context.streams)
            raise CircuitOpen("the circuit is open")
            yield

    client = make_client(plugins=[Breaker()])
    with pytest.raises(CircuitOpen, match="circuit is open"):
        client.probe.complete(body)
    with pytest.raises(CircuitOpen):
        client.probe.stream(body)
    assert seen == [False, True]
    assert completions(mistral_test_server) == []
