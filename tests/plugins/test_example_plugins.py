"""The example wrapping plugins against the local server: blocking, asyncio and trio."""

from __future__ import annotations

import itertools
import threading
import time
from typing import Any

import anyio
import httpx
import pytest
from mistral_rate_limiter import RateLimiter
from mistral_token_refresh import TokenRefresh

import mistralai
from mistralai import Mistral, errors
from mistralai.testing import Fault
from mistralai.utils import RetryConfig

CHAT = {"model": "mistral-small-latest", "messages": [{"role": "user", "content": "hi"}]}
BACKENDS = ["asyncio", "trio"]


class Tokens:
    """A token source handing out tok-1, tok-2... each valid for ``lifetime`` seconds."""

    def __init__(self, lifetime: float = 3600.0) -> None:
        self.lifetime = lifetime
        self.counter = itertools.count(1)

    def __call__(self) -> tuple[str, float]:
        return f"tok-{next(self.counter)}", time.time() + self.lifetime


class SendTimes:
    """Records when each attempt leaves the client."""

    def __init__(self) -> None:
        self.times: list[float] = []
        self.lock = threading.Lock()

    @mistralai.hookimpl
    def mistral_before_request(self) -> None:
        with self.lock:
            self.times.append(time.monotonic())


def tokens_sent(server: Any) -> list[str]:
    return [r.headers["authorization"] for r in server.requests if r.path == "/v1/chat/completions"]


def client_for(server: Any, *plugins: object, **kwargs: Any) -> Mistral:
    return Mistral(api_key="sk-unused", server_url=server.url, plugins=list(plugins), **kwargs)


# -- token refresh ------------------------------------------------------------------------


def test_401_is_sent_again_with_a_refreshed_token(mistral_test_server: Any) -> None:
    mistral_test_server.faults.add(Fault.status(401), times=1, path="/v1/chat/completions")
    plugin = TokenRefresh(Tokens())
    with client_for(mistral_test_server, plugin) as client:
        assert client.chat.complete(**CHAT).choices
        assert client.chat.complete(**CHAT).choices
    assert tokens_sent(mistral_test_server) == ["Bearer tok-1", "Bearer tok-2", "Bearer tok-2"]


def test_a_second_401_is_the_callers_error(mistral_test_server: Any) -> None:
    mistral_test_server.faults.add(Fault.status(401), times=2, path="/v1/chat/completions")
    with client_for(mistral_test_server, TokenRefresh(Tokens())) as client:
        with pytest.raises(errors.AuthenticationError):
            client.chat.complete(**CHAT)
    assert tokens_sent(mistral_test_server) == ["Bearer tok-1", "Bearer tok-2"]


def test_a_token_about_to_expire_is_renewed_before_sending(mistral_test_server: Any) -> None:
    plugin = TokenRefresh(Tokens(lifetime=10.0), leeway=30.0)
    with client_for(mistral_test_server, plugin) as client:
        client.chat.complete(**CHAT)
        client.chat.complete(**CHAT)
    assert tokens_sent(mistral_test_server) == ["Bearer tok-1", "Bearer tok-2"]


def test_streams_and_uploads_are_sent_again_whole(mistral_test_server: Any) -> None:
    mistral_test_server.faults.add(Fault.status(401), times=1, path="/v1/files")
    mistral_test_server.faults.add(Fault.status(401), times=1, path="/v1/chat/completions")
    payload = b'{"custom_id": "1"}\n' * 1000
    with client_for(mistral_test_server, TokenRefresh(Tokens())) as client:
        uploaded = client.files.upload(file={"file_name": "a.jsonl", "content": payload})
        with client.chat.stream(**CHAT) as stream:
            assert list(stream)
        assert client.files.download(uploaded.id).read() == payload
    uploads = [r for r in mistral_test_server.requests if r.path == "/v1/files"]
    assert len(uploads) == 2
    assert uploads[0].body == uploads[1].body


@pytest.mark.parametrize("backend", BACKENDS)
def test_async_refresh_under_each_event_loop(mistral_test_server: Any, backend: str) -> None:
    mistral_test_server.faults.add(Fault.status(401), times=1, path="/v1/chat/completions")

    async def main() -> None:
        async with client_for(mistral_test_server, TokenRefresh(Tokens())) as client:
            assert (await client.chat.complete_async(**CHAT)).choices
            async with await client.chat.stream_async(**CHAT) as stream:
                assert [event async for event in stream]

    anyio.run(main, backend=backend)
    assert tokens_sent(mistral_test_server) == ["Bearer tok-1", "Bearer tok-2", "Bearer tok-2"]


# -- rate limiter ---------------------------------------------------------------------------

RATE = 20.0
CALLS = 8


def assert_paced(times: list[float], rate: float, burst: int = 1) -> None:
    """No stretch of time holds more sends than the limiter allows.

    A send is stamped by a hook a moment after the limiter let it go, and a loaded machine can
    stretch that moment: one stamp may land late, next to the following one. So the check is
    on every stretch between two sends (``n`` sends in ``t`` seconds: at most ``burst + rate *
    t`` of them, plus that one late stamp), never on a single gap. Without the limiter all the
    sends of a test land within milliseconds and fail it.
    """
    times = sorted(times)
    assert len(times) == CALLS
    for i, j in itertools.combinations(range(len(times)), 2):
        sends = j - i + 1
        allowed = burst + rate * (times[j] - times[i]) * 1.1 + 1
        assert sends <= allowed, (i, j, [round(b - a, 4) for a, b in itertools.pairwise(times)])
    assert times[-1] - times[0] >= 0.9 * (CALLS - 1 - burst - 1) / rate


def test_concurrent_threads_share_the_limit(mistral_test_server: Any) -> None:
    spy = SendTimes()
    with client_for(mistral_test_server, RateLimiter(RATE, burst=1), spy) as client:
        threads = [threading.Thread(target=client.chat.complete, kwargs=CHAT) for _ in range(CALLS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert_paced(spy.times, RATE)


@pytest.mark.parametrize("backend", BACKENDS)
def test_concurrent_tasks_share_the_limit(mistral_test_server: Any, backend: str) -> None:
    spy = SendTimes()

    async def main() -> None:
        async with client_for(mistral_test_server, RateLimiter(RATE, burst=1), spy) as client:
            async with anyio.create_task_group() as group:
                for _ in range(CALLS):
                    group.start_soon(lambda: client.chat.complete_async(**CHAT))

    anyio.run(main, backend=backend)
    assert_paced(spy.times, RATE)


def test_retry_after_pauses_every_later_call(mistral_test_server: Any) -> None:
    mistral_test_server.faults.add(
        Fault.status(429, headers={"Retry-After": "1"}), times=1, path="/v1/chat/completions"
    )
    spy = SendTimes()
    limiter = RateLimiter(1000.0, burst=100)
    no_retry = RetryConfig("none")
    with client_for(mistral_test_server, limiter, spy, retry_config=no_retry) as client:
        with pytest.raises(errors.RateLimitError):
            client.chat.complete(**CHAT)
        first_refused = time.monotonic()
        threads = [threading.Thread(target=client.chat.complete, kwargs=CHAT) for _ in range(3)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert len(spy.times) == 4
    assert min(spy.times[1:]) >= first_refused + 0.9


def test_remaining_zero_waits_for_the_reset() -> None:
    headers = httpx.Headers(
        {"x-ratelimit-remaining-req-minute": "0", "x-ratelimit-reset-req-minute": "0.4"}
    )
    limiter = RateLimiter(1000.0, burst=10)
    limiter.observe(headers)
    assert 0.3 < limiter.reserve() <= 0.4
    limiter.observe(httpx.Headers({"x-ratelimit-remaining-req-minute": "12"}))
    assert 0.3 < limiter.reserve() <= 0.4
