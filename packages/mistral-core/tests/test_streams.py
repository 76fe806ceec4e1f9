"""Event streams over loopback: delivery, early close, broken streams, hooks."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

import mistralai
from mistralai import errors
from mistralai.testing import Fault
from mistralai.utils import BackoffStrategy, EventStream, RetryConfig

FAST = RetryConfig("backoff", BackoffStrategy(1, 5, 2.0, 2_000), True)


def long_body(body: dict[str, Any], tokens: int) -> dict[str, Any]:
    return {**body, "max_tokens": tokens}


def test_stream_delivers_every_event_then_stops_at_done(
    make_client: Any, body: dict[str, Any]
) -> None:
    with make_client().probe.stream(long_body(body, 25)) as stream:
        assert isinstance(stream, EventStream)
        events = list(stream)
    assert len(events) >= 25
    text = "".join(e.data.choices[0].delta.content or "" for e in events if e.data.choices)
    assert len(text.split()) == 25
    assert stream.response.is_closed


def test_early_close_returns_the_connection_to_the_pool(
    make_client: Any, body: dict[str, Any]
) -> None:
    http = httpx.Client(
        limits=httpx.Limits(max_connections=1), timeout=httpx.Timeout(5.0, pool=1.0)
    )
    client = make_client(client=http)
    with client.probe.stream(long_body(body, 500)) as stream:
        first = next(iter(stream))
        assert first.data.choices
    # With one connection in the pool, this waits at most 1s and fails if the stream still held it.
    assert client.probe.complete(body).choices
    for _ in range(3):
        stream = client.probe.stream(long_body(body, 500))
        next(stream)
        stream.close()
    assert client.probe.complete(body).choices
    http.close()


def test_started_stream_is_never_resent(
    make_client: Any, mistral_test_server: Any, body: dict[str, Any]
) -> None:
    mistral_test_server.faults.add(Fault.truncate(after_events=3), times=1)
    received = []
    with pytest.raises(errors.StreamError) as info:
        with make_client(retry_config=FAST).probe.stream(long_body(body, 50)) as stream:
            received.extend(stream)
    assert len(received) == 3
    assert info.value.events_received == 3
    assert sum(1 for r in mistral_test_server.requests if r.path == "/v1/chat/completions") == 1


def test_error_status_before_the_stream_is_retried_then_typed(
    make_client: Any, mistral_test_server: Any, body: dict[str, Any]
) -> None:
    mistral_test_server.faults.add(Fault.status(503), times=1)
    with make_client(retry_config=FAST).probe.stream(body) as stream:
        assert list(stream)
    mistral_test_server.faults.add(Fault.status(401, body={"message": "bad key"}), times=1)
    with pytest.raises(errors.AuthenticationError, match="bad key"):
        make_client(retry_config=FAST).probe.stream(body)


class _StreamRecorder:
    def __init__(self) -> None:
        self.events = 0
        self.ends: list[tuple[str | None, bool]] = []

    @mistralai.hookimpl
    def mistral_stream_event(self, event: Any) -> None:
        self.events += 1

    @mistralai.hookimpl
    def mistral_stream_end(self, error: BaseException | None, completed: bool) -> None:
        self.ends.append((type(error).__name__ if error else None, completed))


def test_stream_hooks_see_each_event_and_one_end(make_client: Any, body: dict[str, Any]) -> None:
    recorder = _StreamRecorder()
    client = make_client(plugins=[recorder])
    with client.probe.stream(long_body(body, 10)) as stream:
        count = sum(1 for _ in stream)
    assert recorder.events == count
    with client.probe.stream(long_body(body, 10)) as stream:
        next(stream)
    assert recorder.ends == [(None, True), (None, False)]


def test_error_event_becomes_a_stream_error() -> None:
    body = b'data: {"id": "1", "choices": []}\n\nevent: error\ndata: {"message": "overloaded"}\n\n'

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=body, headers={"content-type": "text/event-stream"})

    from mistralai.models import completion_event

    response = httpx.Client(transport=httpx.MockTransport(handler)).send(
        httpx.Request("POST", "http://test/v1/chat/completions"), stream=True
    )
    stream = EventStream(response, completion_event)
    assert next(stream).data.id == "1"
    with pytest.raises(errors.StreamError, match="overloaded") as info:
        next(stream)
    assert info.value.events_received == 1
    assert response.is_closed


async def test_async_stream_and_early_close(make_client: Any, body: dict[str, Any]) -> None:
    http = httpx.AsyncClient(
        limits=httpx.Limits(max_connections=1), timeout=httpx.Timeout(5.0, pool=1.0)
    )
    client = make_client(async_client=http)
    stream = await client.probe.stream_async(long_body(body, 20))
    async with stream:
        texts = [e.data.choices[0].delta.content async for e in stream if e.data.choices]
    assert len("".join(t or "" for t in texts).split()) == 20
    stream = await client.probe.stream_async(long_body(body, 500))
    async with stream:
        async for _ in stream:
            break
    assert (await client.probe.complete_async(body)).choices
    await http.aclose()


async def test_async_truncated_stream(
    make_client: Any, mistral_test_server: Any, body: dict[str, Any]
) -> None:
    mistral_test_server.faults.add(Fault.truncate(after_events=2), times=1)
    stream = await make_client().probe.stream_async(long_body(body, 50))
    received = []
    with pytest.raises(errors.StreamError):
        async with stream:
            async for event in stream:
                received.append(event)
    assert len(received) == 2


@pytest.mark.parametrize("encoding", [None, "gzip"])
def test_streams_read_encoded_unencoded_and_already_read_bodies(encoding: str | None) -> None:
    import gzip

    from mistralai.models import completion_event

    body = b"".join(b'data: {"id": "%d"}\n\n' % i for i in range(3)) + b"data: [DONE]\n\n"
    headers = {"content-type": "text/event-stream"}
    if encoding:
        headers["content-encoding"] = encoding
        body = gzip.compress(body)
    for read_already in (False, True):
        stream = httpx.ByteStream(body)
        response = (
            httpx.Response(200, headers=headers, content=body)
            if read_already
            else httpx.Response(200, headers=headers, stream=stream)
        )
        events = EventStream(response, completion_event)
        assert [event.data.id for event in events] == ["0", "1", "2"]
        assert response.is_closed
