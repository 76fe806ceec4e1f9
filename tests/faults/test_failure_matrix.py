"""The failure matrix: each case drives a server that misbehaves at the socket level.

Every test counts attempts on the server, uses a pool of two connections (a leak makes a
later call run dry), and checks the exact error type. Sync and async twins side by side.
"""

from __future__ import annotations

import asyncio
import email.utils
import logging
import os
import pickle
import socket
import threading
import time
from pathlib import Path
from typing import Any

import httpx
import pytest

import mistralai
from mistralai import Mistral, errors
from mistralai.utils import BackoffStrategy, RetryConfig

from .conftest import (
    CHAT,
    COMPLETION,
    KEY,
    RogueRequest,
    RogueServer,
    answer,
    chunk_event,
    cut_body,
    dribble,
    head,
    sse,
)

FILE = {
    "id": "f1",
    "object": "file",
    "bytes": 3,
    "created_at": 1,
    "filename": "a.txt",
    "purpose": "batch",
    "sample_type": "batch_request",
    "source": "upload",
}


def assert_no_secret(*texts: object) -> None:
    for text in texts:
        assert KEY not in str(text)
        assert "hunter2" not in str(text)


# -- 1. no retry loop without a floor or a cap ------------------------------------------

PAST = email.utils.formatdate(time.time() - 3600, usegmt=True)


@pytest.mark.parametrize("retry_after", ["0", "-5", PAST])
def test_retry_after_zero_negative_or_past_has_a_floor_and_a_cap(
    rogue: RogueServer, pool_client: Any, retry_after: str
) -> None:
    rogue.behaviour = lambda req, conn: answer(
        conn, 429, {"message": "slow down"}, {"retry-after": retry_after}
    )
    config = RetryConfig("backoff", BackoffStrategy(40, 80, 2.0, 10_000))
    started = time.monotonic()
    with pytest.raises(errors.RateLimitError):
        pool_client(retry_config=config).chat.complete(**CHAT)
    elapsed = time.monotonic() - started
    assert rogue.count() == 5  # the default cap: one attempt and four retries
    # four waits of at least 0.75 x (40, 80, 80, 80) ms: Retry-After never lowered them
    assert elapsed >= 0.75 * 0.28


async def test_async_retry_after_zero_has_a_floor_and_a_cap(
    rogue: RogueServer, apool_client: Any
) -> None:
    rogue.behaviour = lambda req, conn: answer(conn, 429, {}, {"retry-after": "0"})
    config = RetryConfig("backoff", BackoffStrategy(40, 80, 2.0, 10_000), max_attempts=3)
    started = time.monotonic()
    with pytest.raises(errors.RateLimitError):
        await apool_client(retry_config=config).chat.complete_async(**CHAT)
    assert rogue.count() == 3
    assert time.monotonic() - started >= 0.75 * 0.12


def test_default_settings_make_at_most_five_attempts(rogue: RogueServer) -> None:
    rogue.behaviour = lambda req, conn: answer(conn, 503, {}, {"retry-after-ms": "0"})
    with Mistral(api_key=KEY, server_url=rogue.url) as client, pytest.raises(errors.ServerError):
        client.models.list()
    assert rogue.count() == 5


def test_max_elapsed_time_holds(rogue: RogueServer, pool_client: Any) -> None:
    rogue.behaviour = lambda req, conn: answer(conn, 503, {})
    config = RetryConfig("backoff", BackoffStrategy(100, 100, 1.0, 350), max_attempts=100)
    started = time.monotonic()
    with pytest.raises(errors.ServerError):
        pool_client(retry_config=config).chat.complete(**CHAT)
    assert time.monotonic() - started < 0.35 + 0.3
    assert 3 <= rogue.count() <= 5  # waits of 75-100 ms fit three or four times in 350 ms


# -- 2. a body cut short is a failed attempt -------------------------------------------


class Observer:
    def __init__(self) -> None:
        self.errors: list[BaseException] = []

    @mistralai.hookimpl
    def mistral_after_error(self, error: BaseException) -> None:
        self.errors.append(error)


@pytest.mark.parametrize("reset", [False, True])
def test_post_body_cut_short_is_a_typed_error_seen_by_after_error(
    rogue: RogueServer, pool_client: Any, reset: bool
) -> None:
    rogue.behaviour = lambda req, conn: cut_body(conn, reset=reset)
    observer = Observer()
    with pytest.raises(errors.APIConnectionError, match="response body") as info:
        pool_client(plugins=[observer]).chat.complete(**CHAT)
    assert observer.errors == [info.value]
    assert rogue.count() == 1  # a POST that reached the server is not sent twice


async def test_async_get_body_cut_short_is_retried(rogue: RogueServer, apool_client: Any) -> None:
    calls = iter([False, True])

    def behaviour(req: RogueRequest, conn: socket.socket) -> bool:
        return answer(conn, 200, FILE) if next(calls) else cut_body(conn)

    rogue.behaviour = behaviour
    result = await apool_client().files.retrieve_async("f1")
    assert result.id == "f1"
    assert rogue.count() == 2


# -- 3. a hook that raises, a parse failure or a cancellation releases the connection ----


class RaisingAfterSuccess:
    @mistralai.hookimpl
    def mistral_after_success(self) -> None:
        raise ValueError("tracing backend down")


def test_raising_after_success_releases_the_connection(
    rogue: RogueServer, pool_client: Any
) -> None:
    client = pool_client(plugins=[RaisingAfterSuccess()])
    for _ in range(4):
        with pytest.raises(errors.PluginError, match="mistral_after_success") as info:
            client.chat.complete(**CHAT)
        assert "RaisingAfterSuccess" in info.value.plugin
        assert isinstance(info.value.__cause__, ValueError)
    for _ in range(3):
        with pytest.raises(errors.PluginError):
            client.chat.stream(**CHAT)


async def test_async_raising_after_success_and_bad_json_release_connections(
    rogue: RogueServer, apool_client: Any
) -> None:
    client = apool_client(plugins=[RaisingAfterSuccess()])
    for _ in range(3):
        with pytest.raises(errors.PluginError):
            await client.chat.complete_async(**CHAT)
    rogue.behaviour = lambda req, conn: conn.sendall(head(200, None, 9) + b'{"id": 1,') or True
    plain = apool_client()
    for _ in range(3):
        with pytest.raises(errors.ResponseValidationError):
            await plain.chat.complete_async(**CHAT)


async def test_cancelled_call_releases_the_connection(
    rogue: RogueServer, apool_client: Any
) -> None:
    slow = threading.Event()

    def behaviour(req: RogueRequest, conn: socket.socket) -> bool:
        if not slow.is_set():
            return dribble(conn, every=0.05, total=2.0)
        return answer(conn, 200, COMPLETION)

    rogue.behaviour = behaviour
    client = apool_client()
    for _ in range(3):
        task = asyncio.create_task(client.chat.complete_async(**CHAT))
        await asyncio.sleep(0.2)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
    slow.set()
    assert (await client.chat.complete_async(**CHAT)).id == "cmpl-1"


# -- 5. one pool per client, whatever the threads do --------------------------------------


def test_first_use_from_sixteen_threads_creates_one_pool(
    rogue: RogueServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    created: list[httpx.Client] = []
    original = httpx.Client.__init__

    def counting_init(self: httpx.Client, *args: Any, **kwargs: Any) -> None:
        created.append(self)
        time.sleep(0.01)  # widen the window a race would need
        original(self, *args, **kwargs)

    monkeypatch.setattr(httpx.Client, "__init__", counting_init)
    client = Mistral(api_key=KEY, server_url=rogue.url)
    barrier = threading.Barrier(16)
    failures: list[BaseException] = []

    def first_call() -> None:
        barrier.wait()
        try:
            client.chat.complete(**CHAT)
        except BaseException as exc:
            failures.append(exc)

    threads = [threading.Thread(target=first_call) for _ in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    client.close()
    assert failures == []
    assert len(created) == 1
    assert created[0].is_closed


# -- 6. dot segments never change the endpoint ------------------------------------------


@pytest.mark.parametrize("bad", [".", "..", ""])
def test_dot_segment_ids_are_refused_before_sending(
    rogue: RogueServer, pool_client: Any, bad: str
) -> None:
    client = pool_client()
    with pytest.raises(errors.RequestValidationError, match="not a valid id"):
        client.files.retrieve(bad)
    with pytest.raises(errors.RequestValidationError):
        client.files.delete(bad)
    with pytest.raises(errors.RequestValidationError):
        client.beta.libraries.documents.get(library_id=bad, document_id="d1")
    assert rogue.count() == 0


def test_ids_with_slashes_and_encoded_dots_stay_one_segment(
    rogue: RogueServer, pool_client: Any
) -> None:
    rogue.behaviour = lambda req, conn: answer(conn, 200, FILE)
    client = pool_client()
    client.files.retrieve("../models")
    client.files.retrieve("%2e%2e")
    paths = [r.path for r in rogue.requests]
    assert paths == ["/v1/files/..%2Fmodels", "/v1/files/%252e%252e"]


# -- 7. no secret in any message, log, repr ---------------------------------------------


@pytest.mark.parametrize("key", [KEY + "\r\nx-evil: 1", "sk-\x00" + KEY, KEY + "\n" + KEY])
def test_api_key_with_line_breaks_is_refused_without_echo(
    rogue: RogueServer, pool_client: Any, key: str
) -> None:
    with pytest.raises(errors.ConfigurationError) as info:
        pool_client(api_key=key).chat.complete(**CHAT)
    assert_no_secret(str(info.value), repr(info.value), info.value.args)
    assert rogue.count() == 0


def test_a_trailing_newline_of_a_key_read_from_a_file_is_dropped(
    rogue: RogueServer, pool_client: Any
) -> None:
    pool_client(api_key=KEY + "\n").chat.complete(**CHAT)
    assert rogue.requests[0].headers["authorization"] == f"Bearer {KEY}"


def test_credentials_in_server_url_are_refused_at_construction(rogue: RogueServer) -> None:
    url = rogue.url.replace("http://", "http://admin:hunter2@")
    with pytest.raises(errors.ConfigurationError, match="credentials") as info:
        Mistral(api_key=KEY, server_url=url)
    assert_no_secret(str(info.value), repr(info.value))
    client = Mistral(api_key=KEY, server_url=rogue.url)
    with pytest.raises(errors.ConfigurationError) as per_call:
        client.chat.complete(**CHAT, server_url=url)
    assert_no_secret(str(per_call.value))
    assert rogue.count() == 0


def test_key_never_in_logs_or_connection_errors(
    rogue: RogueServer, pool_client: Any, caplog: pytest.LogCaptureFixture
) -> None:
    rogue.behaviour = lambda req, conn: cut_body(conn, reset=True)
    logger = logging.getLogger("fault-matrix")
    with caplog.at_level(logging.DEBUG, logger="fault-matrix"):
        with pytest.raises(errors.APIConnectionError) as info:
            pool_client(debug_logger=logger).chat.complete(**CHAT)
    assert caplog.records
    assert_no_secret(caplog.text, str(info.value), repr(info.value))
    assert KEY.encode() not in pickle.dumps(str(info.value))


# -- 9. a failing plugin is named and never hides the SDK's own error ----------------------


class RaisingAfterError:
    @mistralai.hookimpl
    def mistral_after_error(self) -> None:
        raise ValueError("metrics exporter failed")


class RaisingBeforeRequest:
    @mistralai.hookimpl
    def mistral_before_request(self) -> None:
        raise RuntimeError("signer unavailable")


class RaisingStreamEvent:
    @mistralai.hookimpl
    def mistral_stream_event(self) -> None:
        raise KeyError("bad event")


class RaisingStreamEnd:
    @mistralai.hookimpl
    def mistral_stream_end(self) -> None:
        raise ValueError("span exporter down")


def test_raising_after_error_never_hides_the_sdk_error(
    rogue: RogueServer, pool_client: Any, caplog: pytest.LogCaptureFixture
) -> None:
    rogue.behaviour = lambda req, conn: answer(conn, 404, {"message": "no such model"})
    with pytest.raises(errors.NotFoundError, match="no such model") as info:
        pool_client(plugins=[RaisingAfterError()]).chat.complete(**CHAT)
    notes = getattr(info.value, "__notes__", [])
    assert any("RaisingAfterError" in note and "metrics exporter" in note for note in notes)
    assert "mistral_after_error" in caplog.text


def test_raising_before_request_fails_the_call_and_sends_nothing(
    rogue: RogueServer, pool_client: Any
) -> None:
    with pytest.raises(errors.PluginError, match="mistral_before_request") as info:
        pool_client(plugins=[RaisingBeforeRequest()]).chat.complete(**CHAT)
    assert info.value.hook == "mistral_before_request"
    assert isinstance(info.value.__cause__, RuntimeError)
    assert rogue.count() == 0


def test_raising_stream_event_stops_the_stream_and_releases_it(
    rogue: RogueServer, pool_client: Any
) -> None:
    rogue.behaviour = lambda req, conn: sse(conn, [chunk_event("a"), chunk_event("b")])
    client = pool_client(plugins=[RaisingStreamEvent()])
    for _ in range(3):
        with client.chat.stream(**CHAT) as stream, pytest.raises(errors.PluginError):
            list(stream)


def test_raising_stream_end_never_hides_the_stream_error(
    rogue: RogueServer, pool_client: Any
) -> None:
    rogue.behaviour = lambda req, conn: sse(conn, [chunk_event("a")], done=False)
    client = pool_client(plugins=[RaisingStreamEnd()])
    with client.chat.stream(**CHAT) as stream, pytest.raises(errors.StreamError) as info:
        list(stream)
    assert any("RaisingStreamEnd" in note for note in getattr(info.value, "__notes__", []))


# -- 10. an upload whose file vanished before a retry -----------------------------------


def test_upload_retry_after_the_file_vanished_sends_nothing_more(
    rogue: RogueServer, pool_client: Any, tmp_path: Path
) -> None:
    path = tmp_path / "train.jsonl"
    path.write_bytes(b'{"a": 1}\n' * 100)

    def behaviour(req: RogueRequest, conn: socket.socket) -> bool:
        os.remove(path)
        return answer(conn, 503, {"message": "busy"})

    rogue.behaviour = behaviour
    with pytest.raises(errors.RequestValidationError, match="no longer") as info:
        pool_client().files.upload(file=str(path))
    assert "not sent again" in str(info.value)
    assert rogue.count() == 1


# -- 11. a closed client refuses calls -------------------------------------------------


def test_use_after_close_is_refused(rogue: RogueServer) -> None:
    client = Mistral(api_key=KEY, server_url=rogue.url)
    client.chat.complete(**CHAT)
    client.close()
    with pytest.raises(errors.ClientClosedError):
        client.chat.complete(**CHAT)
    assert client._runtime._client is None
    assert rogue.count() == 1


async def test_async_use_after_close_is_refused(rogue: RogueServer) -> None:
    client = Mistral(api_key=KEY, server_url=rogue.url)
    await client.aclose()
    with pytest.raises(errors.ClientClosedError):
        await client.chat.complete_async(**CHAT)
    assert rogue.count() == 0


# -- 12. breaking out of a stream releases it --------------------------------------------


def test_break_out_of_a_referenced_stream_releases_the_connection(
    rogue: RogueServer, pool_client: Any
) -> None:
    rogue.behaviour = lambda req, conn: sse(conn, [chunk_event("a")] * 3, stall=5.0)
    client = pool_client()
    streams = []
    for _ in range(4):
        stream = client.chat.stream(**CHAT)
        streams.append(stream)  # still referenced
        for _event in stream:
            break
    assert len(streams) == 4


async def test_async_break_out_of_a_referenced_stream_releases_the_connection(
    rogue: RogueServer, apool_client: Any
) -> None:
    rogue.behaviour = lambda req, conn: sse(conn, [chunk_event("a")] * 3, stall=5.0)
    client = apool_client()
    streams = []
    for _ in range(4):
        stream = await client.chat.stream_async(**CHAT)
        streams.append(stream)
        async for _event in stream:
            break
    assert len(streams) == 4


# -- 13. what is re-sent ------------------------------------------------------------------


def _drop_after_reading(req: RogueRequest, conn: socket.socket) -> bool:
    return False  # the whole request was read; close without a word


def test_post_that_reached_the_server_is_not_resent(rogue: RogueServer, pool_client: Any) -> None:
    rogue.behaviour = _drop_after_reading
    with pytest.raises(errors.APIConnectionError):
        pool_client().chat.complete(**CHAT)
    assert rogue.count() == 1


def test_post_timeout_after_sending_is_not_resent(rogue: RogueServer, pool_client: Any) -> None:
    rogue.behaviour = lambda req, conn: time.sleep(1.0) or False
    with pytest.raises(errors.APITimeoutError):
        pool_client().chat.complete(**CHAT, timeout_ms=200)
    assert rogue.count() == 1


def test_opted_in_post_and_idempotent_get_are_resent(rogue: RogueServer, pool_client: Any) -> None:
    replies = iter([False, True, False, True])

    def behaviour(req: RogueRequest, conn: socket.socket) -> bool:
        if not next(replies):
            return False
        return answer(conn, 200, COMPLETION if req.method == "POST" else FILE)

    rogue.behaviour = behaviour
    opted = RetryConfig("backoff", BackoffStrategy(20, 40, 2.0, 5_000), retry_sent_requests=True)
    assert pool_client(retry_config=opted).chat.complete(**CHAT).id == "cmpl-1"
    assert pool_client().files.retrieve("f1").id == "f1"
    assert rogue.count() == 4


def test_refused_connection_is_always_retried(pool_client: Any) -> None:
    with socket.socket() as spare:
        spare.bind(("127.0.0.1", 0))
        port = spare.getsockname()[1]
    client = pool_client(server_url=f"http://127.0.0.1:{port}")
    started = time.monotonic()
    with pytest.raises(errors.APIConnectionError, match="before a response"):
        client.chat.complete(**CHAT)
    assert time.monotonic() - started >= 0.75 * (0.02 + 0.04 + 0.04 + 0.04)


# -- 14. timeouts bound what the user waits for ---------------------------------------------


def test_timeout_bounds_a_dribbling_body(rogue: RogueServer, pool_client: Any) -> None:
    rogue.behaviour = lambda req, conn: dribble(conn, every=0.1, total=5.0)
    started = time.monotonic()
    with pytest.raises(errors.APITimeoutError, match="response body"):
        pool_client().files.retrieve("f1", timeout_ms=600, retries=RetryConfig("none"))
    assert time.monotonic() - started < 2.5  # the server would dribble for 5 s


async def test_async_timeout_bounds_a_dribbling_body(rogue: RogueServer, apool_client: Any) -> None:
    rogue.behaviour = lambda req, conn: dribble(conn, every=0.1, total=5.0)
    started = time.monotonic()
    with pytest.raises(errors.APITimeoutError):
        await apool_client().chat.complete_async(**CHAT, timeout_ms=600)
    assert time.monotonic() - started < 2.5  # the server would dribble for 5 s


def test_retry_budget_bounds_the_whole_call(rogue: RogueServer, pool_client: Any) -> None:
    rogue.behaviour = lambda req, conn: dribble(conn, every=0.1, total=5.0)
    config = RetryConfig("backoff", BackoffStrategy(20, 40, 2.0, 1_000), max_attempts=10)
    started = time.monotonic()
    with pytest.raises(errors.APITimeoutError):
        pool_client(retry_config=config).files.retrieve("f1", timeout_ms=400)
    assert time.monotonic() - started < 3.0  # ten dribbled attempts would take 50 s


def test_stalled_stream_fails_after_the_idle_timeout(rogue: RogueServer, pool_client: Any) -> None:
    rogue.behaviour = lambda req, conn: sse(conn, [chunk_event("a")], stall=5.0, done=False)
    started = time.monotonic()
    with pool_client().chat.stream(**CHAT, stream_idle_timeout_ms=400) as stream:
        received = []
        with pytest.raises(errors.StreamError, match="stalled") as info:
            for event in stream:
                received.append(event)
    assert len(received) == 1
    assert info.value.events_received == 1
    assert time.monotonic() - started < 3.0  # the server stalls for 5 s


async def test_async_stalled_stream_fails_after_the_client_idle_timeout(
    rogue: RogueServer, apool_client: Any
) -> None:
    rogue.behaviour = lambda req, conn: sse(conn, [chunk_event("a")], stall=5.0, done=False)
    stream = await apool_client(stream_idle_timeout_ms=400).chat.stream_async(**CHAT)
    async with stream:
        with pytest.raises(errors.StreamError, match="stalled"):
            async for _event in stream:
                pass


def test_pool_exhaustion_says_so(rogue: RogueServer) -> None:
    rogue.behaviour = lambda req, conn: sse(conn, [chunk_event("a")], stall=3.0)
    http = httpx.Client(limits=httpx.Limits(max_connections=1), timeout=httpx.Timeout(5, pool=0.3))
    client = Mistral(api_key=KEY, server_url=rogue.url, client=http)
    with client.chat.stream(**CHAT), pytest.raises(errors.APITimeoutError, match="pool") as info:
        client.chat.complete(**CHAT, retries=RetryConfig("none"))
    assert "raise timeout_ms" not in str(info.value)
    http.close()


# -- async twins of the cases above ---------------------------------------------------------


async def test_async_dot_segment_ids_and_bad_keys_are_refused(
    rogue: RogueServer, apool_client: Any
) -> None:
    client = apool_client()
    with pytest.raises(errors.RequestValidationError, match="not a valid id"):
        await client.files.retrieve_async("..")
    with pytest.raises(errors.RequestValidationError):
        await client.beta.libraries.documents.get_async(library_id=".", document_id="d1")
    with pytest.raises(errors.ConfigurationError) as info:
        await apool_client(api_key=KEY + "\n" + KEY).chat.complete_async(**CHAT)
    assert_no_secret(str(info.value), repr(info.value))
    assert rogue.count() == 0


async def test_async_plugin_failures_are_named_and_never_hide_errors(
    rogue: RogueServer, apool_client: Any
) -> None:
    with pytest.raises(errors.PluginError, match="RaisingBeforeRequest"):
        await apool_client(plugins=[RaisingBeforeRequest()]).chat.complete_async(**CHAT)
    assert rogue.count() == 0
    rogue.behaviour = lambda req, conn: answer(conn, 404, {"message": "gone"})
    with pytest.raises(errors.NotFoundError, match="gone"):
        await apool_client(plugins=[RaisingAfterError()]).chat.complete_async(**CHAT)


async def test_async_post_that_reached_the_server_is_not_resent(
    rogue: RogueServer, apool_client: Any
) -> None:
    rogue.behaviour = _drop_after_reading
    with pytest.raises(errors.APIConnectionError):
        await apool_client().chat.complete_async(**CHAT)
    assert rogue.count() == 1


async def test_async_upload_retry_after_the_file_vanished(
    rogue: RogueServer, apool_client: Any, tmp_path: Path
) -> None:
    path = tmp_path / "train.jsonl"
    path.write_bytes(b'{"a": 1}\n' * 100)

    def behaviour(req: RogueRequest, conn: socket.socket) -> bool:
        os.remove(path)
        return answer(conn, 503, {"message": "busy"})

    rogue.behaviour = behaviour
    with pytest.raises(errors.RequestValidationError, match="not sent again"):
        await apool_client().files.upload_async(file=str(path))
    assert rogue.count() == 1


async def test_async_pool_exhaustion_says_so(rogue: RogueServer) -> None:
    rogue.behaviour = lambda req, conn: sse(conn, [chunk_event("a")], stall=3.0)
    http = httpx.AsyncClient(
        limits=httpx.Limits(max_connections=1), timeout=httpx.Timeout(5, pool=0.3)
    )
    client = Mistral(api_key=KEY, server_url=rogue.url, async_client=http)
    async with await client.chat.stream_async(**CHAT):
        with pytest.raises(errors.APITimeoutError, match="pool"):
            await client.chat.complete_async(**CHAT, retries=RetryConfig("none"))
    await http.aclose()
