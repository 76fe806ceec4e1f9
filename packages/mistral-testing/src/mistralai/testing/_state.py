"""The in-memory state the fakes share, reset between tests."""

from __future__ import annotations

import itertools
import threading
import time
import uuid
from collections import Counter
from typing import Any

SEEDED_AGENTS = ("ag_test_agent", "ag_your_agent_id_here", "ag_weather_agent_id")

RATE_LIMIT_REQUESTS_PER_MINUTE = 1_000
"""The request budget the rate-limit headers announce (``x-ratelimit-limit-req-minute``)."""
RATE_LIMIT_TOKENS_PER_MINUTE = 2_000_000
"""The token budget the rate-limit headers announce (``x-ratelimit-limit-tokens-minute``)."""


class ServerState:
    """Stores of every fake, keyed by id. Fakes take ``lock`` around compound updates.

    ``validate`` says whether request bodies are checked against the spec (fakes that run
    requests of their own, as batch jobs do, follow it too); :meth:`reset` keeps it.

    ``agents`` is shared on purpose: an agents fake that creates agents makes them known to
    ``/v1/agents/completions``. A fake with records of its own keeps them in ``store(name)``.

    >>> state = server.state
    >>> state.agents["ag_test_agent"]["model"]
    'mistral-small-latest'
    """

    def __init__(self, *, validate: bool = True) -> None:
        self.lock = threading.RLock()
        self.validate = validate
        self.reset()

    def reset(self) -> None:
        """Back to the seeded state: the seeded agents, empty stores, ids counted from 1
        (so each test sees the same ids), full rate-limit budgets."""
        with self.lock:
            self._ids = itertools.count(1)
            self._counters: Counter[str] = Counter()
            self.requests_used = 0
            self.tokens_used = 0
            self.agents: dict[str, dict[str, Any]] = {
                agent_id: seeded_agent(agent_id) for agent_id in SEEDED_AGENTS
            }
            self.files: dict[str, dict[str, Any]] = {}
            self.file_contents: dict[str, bytes] = {}
            self.stores: dict[str, dict[str, Any]] = {}

    def store(self, name: str) -> dict[str, Any]:
        """A named dict for a fake's own records (created on first use)."""
        with self.lock:
            return self.stores.setdefault(name, {})

    def new_id(self, prefix: str = "") -> str:
        """A fresh, readable, unique id."""
        return f"{prefix}{next(self._ids):012x}"

    def new_uuid(self) -> str:
        """A fresh id shaped like a UUID, for fields the spec declares ``format: uuid``;
        counted like :meth:`new_id`, so it is the same in every run of a test.

        >>> ServerState().new_uuid()
        '00000000-0000-4000-8000-000000000001'
        """
        return f"00000000-0000-4000-8000-{next(self._ids):012x}"

    def count(self, kind: str) -> int:
        """The next number (from 1) of a counter of its own for ``kind``, restarted by
        :meth:`reset`: ids that must not move the resource ids (request ids) count here.

        >>> state = ServerState(); state.count("request"), state.count("request")
        (1, 2)
        """
        with self.lock:
            self._counters[kind] += 1
            return self._counters[kind]

    def kind_uuid(self, kind: str) -> str:
        """A UUID derived from the next number of ``kind``'s counter (a name-based uuid5):
        the same sequence after every reset, different for each kind.

        >>> ServerState().kind_uuid("owner") == ServerState().kind_uuid("owner")
        True
        """
        return str(uuid.uuid5(_NAMESPACE, f"{kind}:{self.count(kind)}"))

    def request_id(self) -> str:
        """The ``x-request-id`` of the next answer: 32 hex digits, as the API's, counted
        on their own so that answering does not change any resource id.

        >>> ServerState().request_id()
        '00000000000000000000000000000001'
        """
        return f"{self.count('request'):032x}"

    def spend(self, tokens: int) -> tuple[int, int]:
        """Count one request costing ``tokens`` against the minute's budgets; returns what
        remains of them (requests, tokens), never below zero."""
        with self.lock:
            self.requests_used += 1
            self.tokens_used += tokens
            return (
                max(RATE_LIMIT_REQUESTS_PER_MINUTE - self.requests_used, 0),
                max(RATE_LIMIT_TOKENS_PER_MINUTE - self.tokens_used, 0),
            )


_NAMESPACE = uuid.UUID("6d697374-7261-6c2d-7465-7374696e6721")
"""The namespace of :meth:`ServerState.kind_uuid` (the bytes of "mistral-testing!")."""


def now_iso() -> str:
    """The current time as the API writes it."""
    return time.strftime("%Y-%m-%dT%H:%M:%S.000000Z", time.gmtime())


def seeded_agent(agent_id: str) -> dict[str, Any]:
    now = now_iso()
    return {
        "id": agent_id,
        "object": "agent",
        "name": agent_id.removeprefix("ag_").replace("_", " "),
        "model": "mistral-small-latest",
        "instructions": None,
        "tools": [],
        "version": 0,
        "versions": [0],
        "deployment_chat": False,
        "source": "api",
        "created_at": now,
        "updated_at": now,
    }
