"""The in-memory state the fakes share, reset between tests."""

from __future__ import annotations

import itertools
import threading
import time
from typing import Any

SEEDED_AGENTS = ("ag_test_agent", "ag_your_agent_id_here", "ag_weather_agent_id")


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
        (so each test sees the same ids)."""
        with self.lock:
            self._ids = itertools.count(1)
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
        "created_at": now,
        "updated_at": now,
    }
