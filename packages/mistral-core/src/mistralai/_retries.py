"""When and how long to wait before sending a request again.

Retried: the statuses 429, 500, 502, 503 and 504, and failures where no response arrived.
A request that may already have reached the server (it was written in full, then the
connection dropped or the answer timed out) is sent again only when the operation is
idempotent (GET, PUT, DELETE...) or the caller opted in with
``RetryConfig(retry_sent_requests=True)``: re-sending a completion can bill it twice.

Every wait has a floor: the exponential backoff with jitter, raised to what the server asks
for (``retry-after-ms``, or ``Retry-After`` in seconds or as an HTTP date) but never lowered
by it, so ``Retry-After: 0`` cannot make a client hammer the API. A call makes at most
``max_attempts`` attempts and stops retrying once ``max_elapsed_time`` would be exceeded.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Mapping

RETRYABLE_STATUSES = frozenset({429, 500, 502, 503, 504})
DEFAULT_MAX_ATTEMPTS = 5
MIN_WAIT_SECONDS = 0.01
"""No wait is ever shorter than this, whatever the configuration or the server says."""


@dataclass
class BackoffStrategy:
    """Exponential backoff settings, in milliseconds.

    >>> BackoffStrategy(initial_interval=200, max_interval=5_000, exponent=2.0, max_elapsed_time=30_000)
    BackoffStrategy(initial_interval=200, max_interval=5000, exponent=2.0, max_elapsed_time=30000)
    """

    initial_interval: int = 500
    max_interval: int = 8_000
    exponent: float = 2.0
    max_elapsed_time: int = 20_000


@dataclass
class RetryConfig:
    """How a client (or one call) retries.

    ``strategy`` is ``"backoff"`` to retry or ``"none"`` to never retry.
    ``retry_connection_errors`` retries when no response arrived. ``max_attempts`` caps the
    attempts of one call (the first one included). ``retry_sent_requests`` also re-sends a
    non-idempotent request (a POST) that may have reached the server before the connection
    failed; off by default, because a completion sent twice is billed twice.

    >>> from mistralai.utils import BackoffStrategy, RetryConfig
    >>> RetryConfig("backoff", BackoffStrategy(1, 50, 1.1, 100), False).strategy
    'backoff'
    >>> RetryConfig("none").enabled
    False
    """

    strategy: str = "backoff"
    backoff: BackoffStrategy = field(default_factory=BackoffStrategy)
    retry_connection_errors: bool = True
    max_attempts: int = DEFAULT_MAX_ATTEMPTS
    retry_sent_requests: bool = False

    def __post_init__(self) -> None:
        if self.strategy not in ("backoff", "none"):
            raise ValueError(
                f"RetryConfig.strategy must be 'backoff' or 'none', not {self.strategy!r}"
            )
        if self.backoff is None:
            self.backoff = BackoffStrategy()
        if not isinstance(self.max_attempts, int) or self.max_attempts < 1:
            raise ValueError(
                f"RetryConfig.max_attempts must be an integer >= 1, not {self.max_attempts!r}"
            )

    @property
    def enabled(self) -> bool:
        """Whether any retry may happen."""
        return self.strategy == "backoff" and self.max_attempts > 1


DEFAULT_RETRY_CONFIG = RetryConfig()
NO_RETRY = RetryConfig("none")


def retry_after_seconds(headers: Mapping[str, str], now: float | None = None) -> float | None:
    """The wait the server asked for, from ``retry-after-ms`` or ``Retry-After``; None if absent.

    A negative value or a date in the past counts as zero.

    >>> retry_after_seconds({"retry-after-ms": "250"})
    0.25
    """
    millis = headers.get("retry-after-ms")
    if millis:
        seconds = _number(millis)
        if seconds is not None:
            return max(seconds / 1000, 0.0)
    value = headers.get("retry-after")
    if not value:
        return None
    seconds = _number(value)
    if seconds is not None:
        return max(seconds, 0.0)
    # Only an HTTP date is left; the parser is imported when one actually arrives.
    import email.utils

    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    return max(when.timestamp() - (time.time() if now is None else now), 0.0)


def _number(text: str) -> float | None:
    try:
        value = float(text)
    except ValueError:
        return None
    return value if value == value and value not in (float("inf"), float("-inf")) else None


class RetryPolicy:
    """The retry state of one call: attempts so far and time spent.

    ``idempotent`` says whether the operation may be sent twice without a second effect.
    """

    __slots__ = ("_config", "_idempotent", "_started", "attempt")

    def __init__(self, config: RetryConfig, *, idempotent: bool = False) -> None:
        self._config = config
        self._idempotent = idempotent
        self._started = time.monotonic()
        self.attempt = 1

    def delay_after_status(self, status: int, headers: Mapping[str, str]) -> float | None:
        """Seconds to wait before retrying a response with ``status``; None to give up."""
        if status not in RETRYABLE_STATUSES or not self._config.enabled:
            return None
        return self._next_delay(retry_after_seconds(headers))

    def delay_after_transport_error(self, *, maybe_sent: bool) -> float | None:
        """Seconds to wait before retrying after no (complete) response; None to give up.

        ``maybe_sent`` is True when the request may have reached the server: it was
        written in full before the connection failed or the answer timed out.
        """
        config = self._config
        if not (config.enabled and config.retry_connection_errors):
            return None
        if maybe_sent and not (self._idempotent or config.retry_sent_requests):
            return None
        return self._next_delay(None)

    def remaining(self) -> float:
        """Seconds left of the call's retry budget (``max_elapsed_time``)."""
        budget = self._config.backoff.max_elapsed_time / 1000
        return budget - (time.monotonic() - self._started)

    def _next_delay(self, asked: float | None) -> float | None:
        if self.attempt >= self._config.max_attempts:
            return None
        delay = self._backoff()
        if asked is not None and asked > delay:
            delay = asked
        if delay > self.remaining():
            return None
        self.attempt += 1
        return delay

    def _backoff(self) -> float:
        backoff = self._config.backoff
        millis = min(
            backoff.initial_interval * backoff.exponent ** (self.attempt - 1), backoff.max_interval
        )
        import random  # on the first retry, not with every client

        return max(millis / 1000 * random.uniform(0.75, 1.0), MIN_WAIT_SECONDS)
