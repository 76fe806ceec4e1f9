"""Switchable faults: the next matching requests fail in a chosen way.

A fault is armed with ``times`` (how many matching requests it spoils), and optionally a
``path`` and a ``method`` that a request must have for it to apply. The first armed fault
that matches a request is used up by it; faulted requests are still recorded.

Its JSON form, for ``POST /__testing__/faults`` from another process::

    {"fault": {"kind": "status", "code": 429, "headers": {"Retry-After": "1"}},
     "times": 2, "path": "/v1/chat/completions", "method": "POST"}

with ``kind`` one of ``status`` (``code``, ``body``, ``headers``), ``reset``, ``slow``
(``delay`` in seconds), ``truncate`` (``after_events``), ``malformed_json`` and
``wrong_content_type``.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any

from mistralai.testing._routing import error_body

_DEFAULT_BODIES = {
    429: error_body("Requests rate limit exceeded", "rate_limited", "1300"),
    500: error_body("Internal server error", "internal_error"),
    502: error_body("Bad gateway", "internal_error"),
    503: error_body("Service unavailable", "service_unavailable"),
    504: error_body("Gateway timeout", "internal_error"),
}


KINDS = ("status", "reset", "slow", "truncate", "malformed_json", "wrong_content_type")


@dataclass(frozen=True)
class Fault:
    """How a request fails. Build one with the class methods.

    >>> server.faults.add(Fault.status(429, headers={"Retry-After": "1"}), times=2)
    """

    kind: str
    code: int = 200
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    after_events: int = 0

    @classmethod
    def status(cls, code: int, body: Any = None, headers: dict[str, str] | None = None) -> Fault:
        """Answer ``code`` with ``body`` (default: an API-shaped error) and ``headers``."""
        default = _DEFAULT_BODIES.get(code, error_body(f"status {code}"))
        return cls("status", code, default if body is None else body, dict(headers or {}))

    @classmethod
    def reset(cls) -> Fault:
        """Close the connection abruptly without any response."""
        return cls("reset")

    @classmethod
    def slow(cls, delay: float) -> Fault:
        """Wait ``delay`` seconds before answering, and between the events of a stream."""
        return cls("slow", delay=delay)

    @classmethod
    def truncate(cls, after_events: int) -> Fault:
        """Send ``after_events`` events of a stream (or half of a body), then drop the connection."""
        return cls("truncate", after_events=after_events)

    @classmethod
    def malformed_json(cls) -> Fault:
        """Answer 200 with a body that is not valid JSON."""
        return cls("malformed_json")

    @classmethod
    def wrong_content_type(cls) -> Fault:
        """Answer 200 with an HTML page."""
        return cls("wrong_content_type")

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Fault:
        """Build a fault from its JSON form (the ``/__testing__/faults`` control endpoint).

        >>> Fault.from_json({"kind": "slow", "delay": 0.5})
        Fault(kind='slow', code=200, body=None, headers={}, delay=0.5, after_events=0)
        """
        if not isinstance(data, dict) or data.get("kind") not in KINDS:
            kind = data.get("kind") if isinstance(data, dict) else data
            raise ValueError(f"unknown fault kind {kind!r}; expected one of {', '.join(KINDS)}")
        fields = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        if data["kind"] == "status":
            return cls.status(
                int(data.get("code") or data.get("status") or 500),
                data.get("body"),
                data.get("headers"),
            )
        return cls(**fields)


@dataclass
class _Armed:
    fault: Fault
    remaining: int
    path: str | None
    method: str | None


class FaultBook:
    """The faults waiting for requests. Thread-safe."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._armed: list[_Armed] = []

    def add(
        self, fault: Fault, times: int = 1, path: str | None = None, method: str | None = None
    ) -> None:
        """Apply ``fault`` to the next ``times`` requests matching ``path`` / ``method`` (any if None).

        >>> server.faults.add(Fault.reset(), times=1, path="/v1/embeddings")
        """
        if times < 1:
            raise ValueError(f"times must be at least 1, not {times}")
        with self._lock:
            self._armed.append(_Armed(fault, times, path, method.upper() if method else None))

    def take(self, method: str, path: str) -> Fault | None:
        """The fault for this request, if any, consuming one use of it."""
        with self._lock:
            for armed in self._armed:
                if (armed.path is None or armed.path == path) and (armed.method in (None, method)):
                    armed.remaining -= 1
                    if armed.remaining <= 0:
                        self._armed.remove(armed)
                    return armed.fault
        return None

    def clear(self) -> None:
        """Disarm every fault."""
        with self._lock:
            self._armed.clear()
