"""When and how long to wait before sending a request again.

Retried: connection failures and timeouts before any byte of a response arrived, and the
statuses 429, 500, 502, 503 and 504. The wait grows exponentially with jitter, unless the
server names it (``retry-after-ms``, or ``Retry-After`` in seconds or as an HTTP date). The
whole sequence stops once ``max_elapsed_time`` would be exceeded.
"""

from __future__ import annotations

import email.utils
import random
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Mapping

RETRYABLE_STATUSES = frozenset({429, 500, 502, 503, 504})


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

    >>> from mistralai.utils import BackoffStrategy, RetryConfig
    >>> RetryConfig("backoff", BackoffStrategy(1, 50, 1.1, 100), False).strategy
    'backoff'
    >>> RetryConfig("none").enabled
    False
    """

    strategy: str = "backoff"
    backoff: BackoffStrategy = field(default_factory=BackoffStrategy)
    retry_connection_errors: bool = True

    def __post_init__(self) -> None:
        if self.strategy not in ("backoff", "none"):
            raise ValueError(
                f"RetryConfig.strategy must be 'backoff' or 'none', not {self.strategy!r}"
            )
        if self.backoff is None:
            self.backoff = BackoffStrategy()

    @property
    def enabled(self) -> bool:
        """Whether any retry may happen."""
        return self.strategy == "backoff"


DEFAULT_RETRY_CONFIG = RetryConfig()
NO_RETRY = RetryConfig("none")


def retry_after_seconds(headers: Mapping[str, str], now: float | None = None) -> float | None:
    """The wait the server asked for, from ``retry-after-ms`` or ``Retry-After``; None if absent.

    >>> retry_after_seconds({"retry-after-ms": "250"})
    0.25
    """
    millis = headers.get("retry-after-ms")
    if millis:
        try:
            return max(float(millis) / 1000, 0.0)
        except ValueError:
            pass
    value = headers.get("retry-after")
    if not value:
        return None
    try:
        return max(float(value), 0.0)
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when is None:
        return None
    return max(when.timestamp() - (time.time() if now is None else now), 0.0)


class RetryPolicy:
    """The retry state of one call: attempts so far and time spent."""

    __slots__ = ("_config", "_started", "attempt")

    def __init__(self, config: RetryConfig) -> None:
        self._config = config
        self._started = time.monotonic()
        self.attempt = 0

    def delay_after_status(self, status: int, headers: Mapping[str, str]) -> float | None:
        """Seconds to wait before retrying a response with ``status``; None to give up."""
        if status not in RETRYABLE_STATUSES or not self._config.enabled:
            return None
        asked = retry_after_seconds(headers)
        return self._within_budget(self._backoff() if asked is None else asked)

    def delay_after_connection_error(self) -> float | None:
        """Seconds to wait before retrying after no response arrived; None to give up."""
        if not (self._config.enabled and self._config.retry_connection_errors):
            return None
        return self._within_budget(self._backoff())

    def _backoff(self) -> float:
        backoff = self._config.backoff
        millis = min(
            backoff.initial_interval * backoff.exponent**self.attempt, backoff.max_interval
        )
        return millis / 1000 * random.uniform(0.75, 1.0)

    def _within_budget(self, delay: float) -> float | None:
        elapsed = time.monotonic() - self._started
        if elapsed + delay > self._config.backoff.max_elapsed_time / 1000:
            return None
        self.attempt += 1
        return delay
