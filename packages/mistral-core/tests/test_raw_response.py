"""with_raw_response: the HTTP status, headers and request id of successful calls; request ids on errors."""

from __future__ import annotations

import asyncio
import pickle
import threading
from typing import Any

import httpx
import pytest

from mistralai import RawResponse, errors, with_raw_response
from mistralai._raw import CAPTURE, NoResponseCapturedError
from mistralai.models import ChatCompletionResponse
from mistralai.testing import Fault
from mistralai.utils import RetryConfig


def test_sync_call_gives_its_result_and_response(
    make_client: Any, mistral_test_server: Any, body: dict[str, Any]
) -> None:
    client = make_client()
    raw = with_raw_response(client.probe.complete)(body)
    assert isinstance(raw, RawResponse)
    assert isinstance(raw.data, ChatCompletionResponse)
    assert raw.parse() is raw.data
    assert raw.status_code == 200
    assert raw.headers["content-type"].startswith("application/json")
    assert raw.http_response.request.url.path == "/v1/chat/completions"
    assert raw.http_response.is_closed  # the body was read; nothing is left open
    assert raw.elapsed_ms is not None
    assert raw.elapsed_ms >= 0
    # the wrapper keeps the method's name and the capture is gone once it returned
    assert with_raw_response(client.probe.complete).__name__ == "complete"
    assert CAPTURE.get() is None


def test_the_response_is_the_one_of_this_call_after_retries(
    make_client: Any, mistral_test_server: Any, body: dict[str, Any]
) -> None:
    client = make_client(retry_config=RetryConfig("backoff", None, True))
    mistral_test_server.faults.add(Fault.status(503), times=1)
    raw = with_raw_response(client.probe.complete)(body)
    assert raw.status_code == 200
    assert len(mistral_test_server.requests) == 2


async def test_async_call_gives_its_result_and_response(
    make_client: Any, body: dict[str, Any]
) -> None:
    client = make_client()
    wrapped = with_raw_response(client.probe.complete_async)
    raw = await wrapped(body)
    assert isinstance(raw.data, ChatCompletionResponse)
    assert raw.status_code == 200
    await client.aclose()


def test_stream_keeps_its_response_open_until_read(make_client: Any, body: dict[str, Any]) -> None:
    client = make_client()
    raw = with_raw_response(client.probe.stream)(body)
    assert raw.status_code == 200
    assert raw.headers["content-type"].startswith("text/event-stream")
    assert raw.elapsed_ms is None  # still streaming
    with raw.data as stream:
        assert raw.http_response is stream.response
        assert list(stream)
    assert raw.http_response.is_closed


def test_request_ids_come_from_the_headers() -> None:
    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            200,
            headers={"x-request-id": "req-abc", "x-ratelimit-remaining-tokens-minute": "999"},
            json={
                "id": "c1",
                "object": "chat.completion",
                "model": "m",
                "created": 1,
                "choices": [],
                "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
            },
            request=request,
        )

    from mistralai import Mistral

    from .conftest import ProbePlugin

    with Mistral(
        api_key="sk-test-secret-123",
        client=httpx.Client(transport=httpx.MockTransport(answer)),
        plugins=[ProbePlugin()],
    ) as client:
        raw = with_raw_response(client.probe.complete)(  # type: ignore[attr-defined]
            {"model": "m", "messages": [{"role": "user", "content": "x"}]}
        )
    assert raw.request_id == "req-abc"
    assert raw.headers["x-ratelimit-remaining-tokens-minute"] == "999"
    shown = repr(raw)
    assert "req-abc" in shown
    assert "POST /v1/chat/completions" in shown
    assert "sk-test" not in shown
    assert "Bearer" not in shown


def test_errors_carry_the_request_id_and_keep_it_when_pickled(
    make_client: Any, mistral_test_server: Any, body: dict[str, Any]
) -> None:
    client = make_client(retry_config=RetryConfig("none"))
    mistral_test_server.faults.add(
        Fault.status(429, {"message": "slow down"}, headers={"x-request-id": "req-429"})
    )
    with pytest.raises(errors.RateLimitError) as caught:
        with_raw_response(client.probe.complete)(body)
    error = caught.value
    assert error.request_id == "req-429"
    assert "request id req-429" in str(error)
    assert pickle.loads(pickle.dumps(error)).request_id == "req-429"
    assert CAPTURE.get() is None


def test_errors_without_an_answer_have_no_request_id(
    make_client: Any, body: dict[str, Any]
) -> None:
    client = make_client(server_url="http://127.0.0.1:9", retry_config=RetryConfig("none"))
    with pytest.raises(errors.APIConnectionError) as caught:
        client.probe.complete(body)
    assert caught.value.request_id is None


def test_threads_and_tasks_each_see_their_own_response(
    make_client: Any, body: dict[str, Any]
) -> None:
    client = make_client()
    wrapped = with_raw_response(client.probe.complete)
    seen: dict[str, str] = {}

    def work(name: str) -> None:
        raw = wrapped({**body, "messages": [{"role": "user", "content": name}]})
        seen[name] = raw.http_response.request.content.decode()

    threads = [threading.Thread(target=work, args=(f"thread-{i}",)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all(name in request for name, request in seen.items())
    assert len(seen) == 8

    async def both() -> list[RawResponse[ChatCompletionResponse]]:
        wrapped_async = with_raw_response(client.probe.complete_async)
        return await asyncio.gather(
            *(
                wrapped_async({**body, "messages": [{"role": "user", "content": f"task-{i}"}]})
                for i in range(5)
            )
        )

    results = asyncio.run(both())
    for i, raw in enumerate(results):
        assert f"task-{i}".encode() in raw.http_response.request.content


def test_calls_made_without_the_wrapper_are_not_captured(
    make_client: Any, body: dict[str, Any]
) -> None:
    client = make_client()
    inner: list[RawResponse[Any]] = []

    def two_calls(payload: dict[str, Any]) -> ChatCompletionResponse:
        client.probe.complete(payload)
        inner.append(with_raw_response(client.probe.complete)(payload))
        return client.probe.complete({**payload, "n": 1})

    raw = with_raw_response(two_calls)(body)
    # the outer capture holds the last response of its own scope, not the inner one's
    assert raw.http_response is not inner[0].http_response
    assert b'"n"' in raw.http_response.request.content


def test_misuse_is_refused_clearly() -> None:
    with pytest.raises(NoResponseCapturedError, match="without sending a request"):
        with_raw_response(lambda: 42)()
    with pytest.raises(TypeError, match="SDK method"):
        with_raw_response(42)  # type: ignore[call-overload]

    async def coroutine() -> int:
        return 1

    with pytest.raises(TypeError, match="awaitable"):
        with_raw_response(lambda: coroutine())()
