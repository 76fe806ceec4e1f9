"""A client-side rate limit for the Mistral SDK, as a ``mistral_wrap_call`` plugin.

:class:`RateLimiter` is a token bucket shared by every call that goes through it, from any
thread or task: a call waits for capacity before it is sent, so a burst of concurrent calls
leaves at the configured pace instead of collecting 429s. It also listens to the server:
after a ``Retry-After`` (or ``retry-after-ms``) answer, or when an ``x-ratelimit-remaining*``
header reaches 0 with its ``x-ratelimit-reset*`` time, every call waits until then. One
plugin object serves blocking and async calls (asyncio or trio)::

    from mistralai import Mistral
    from mistral_rate_limiter import RateLimiter

    limiter = RateLimiter(requests_per_second=5, burst=5)
    client = Mistral(plugins=[limiter])          # or share one limiter between clients
"""

from __future__ import annotations

import threading
import time
from collections.abc import Generator, Mapping

import httpx

import mistralai
from mistralai.hookspecs import Wait


class RateLimiter:
    """At most ``requests_per_second`` calls on average, ``burst`` at once.

    Waiting happens through the SDK (``yield Wait(...)``), so an async caller's event loop
    keeps running while its call waits.
    """

    def __init__(self, requests_per_second: float, burst: int = 1) -> None:
        if requests_per_second <= 0 or burst < 1:
            raise ValueError("requests_per_second must be > 0 and burst >= 1")
        self._rate = float(requests_per_second)
        self._capacity = float(burst)
        self._tokens = float(burst)
        self._updated = time.monotonic()
        self._paused_until = 0.0
        self._lock = threading.Lock()

    def reserve(self) -> float:
        """Take one unit of capacity now (returns 0.0), or say how long to wait for one."""
        with self._lock:
            now = time.monotonic()
            if now < self._paused_until:
                return self._paused_until - now
            self._tokens = min(self._capacity, self._tokens + (now - self._updated) * self._rate)
            self._updated = now
            if self._tokens >= 1.0:
                self._tokens -= 1.0
                return 0.0
            return (1.0 - self._tokens) / self._rate

    def observe(self, headers: Mapping[str, str]) -> None:
        """Pause every call as long as the server's rate-limit headers ask."""
        pause = _server_pause(headers)
        if pause > 0:
            with self._lock:
                self._paused_until = max(self._paused_until, time.monotonic() + pause)

    @mistralai.hookimpl
    def mistral_wrap_call(
        self, request: httpx.Request
    ) -> Generator[httpx.Request | Wait, httpx.Response | None, httpx.Response]:
        while (wait := self.reserve()) > 0:
            yield Wait(wait)
        response = yield request
        assert response is not None
        self.observe(response.headers)
        return response


def _server_pause(headers: Mapping[str, str]) -> float:
    """Seconds the server asked every caller to hold off, from its headers (0 if none)."""
    pause = 0.0
    millis = headers.get("retry-after-ms")
    seconds = headers.get("retry-after")
    if millis is not None:
        pause = _number(millis) / 1000
    elif seconds is not None:
        pause = _number(seconds)
    for name, value in headers.items():
        lowered = name.lower()
        if lowered.startswith("x-ratelimit-remaining") and _number(value) <= 0:
            reset = headers.get(lowered.replace("remaining", "reset"), "")
            pause = max(pause, _number(reset))
    return pause


def _number(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        return 0.0
    return value if 0 < value < 3600 else 0.0


__all__ = ["RateLimiter"]
