"""Starting a run: check the arguments, find or create its state folder, write its input.

Everything here happens before the first request is sent, so a bad argument, a missing
JSONL file or an invalid request raises :class:`~mistralai.errors.RequestValidationError`
with nothing sent and no state left behind.
"""

from __future__ import annotations

import asyncio
import os
import secrets
import sqlite3
import tempfile
import time
from collections.abc import AsyncIterable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pydantic

from mistralai.batch._flow import RUN_TAG, SHARD_TAG, Pace
from mistralai.batch._spool import Spooler, check_jsonl, read_jsonl
from mistralai.batch._store import DATABASE, LOCK, IncompleteStateError, RunInfo, RunStore
from mistralai.batch.models import ApiEndpoint
from mistralai.errors import RequestValidationError
from mistralai.utils import validate_arg

_ENDPOINT: pydantic.TypeAdapter[ApiEndpoint] = pydantic.TypeAdapter(ApiEndpoint)
_RESERVED = (RUN_TAG, SHARD_TAG)

Requests = Any
"""What ``run`` accepts as ``requests``: an iterable (or async iterable) of requests, or the
path of a JSONL file."""


@dataclass(frozen=True)
class Settings:
    """The arguments of ``run`` that describe the run itself (stored with it)."""

    endpoint: str
    model: str | None
    agent_id: str | None
    metadata: dict[str, str]
    timeout_hours: int | None
    retry_failed: int
    max_requests_per_job: int
    max_bytes_per_file: int

    def info(self) -> RunInfo:
        return RunInfo(
            run_id=secrets.token_hex(8),
            endpoint=self.endpoint,
            model=self.model,
            agent_id=self.agent_id,
            metadata=self.metadata,
            timeout_hours=self.timeout_hours,
            retry_failed=self.retry_failed,
            max_requests_per_job=self.max_requests_per_job,
            max_bytes_per_file=self.max_bytes_per_file,
            created_at=time.time(),
        )


def check_settings(
    *,
    endpoint: Any,
    model: str | None,
    agent_id: str | None,
    metadata: Mapping[str, str] | None,
    timeout_hours: int | None,
    retry_failed: int,
    max_requests_per_job: int,
    max_bytes_per_file: int,
) -> Settings:
    """The run's settings, or RequestValidationError saying what is wrong."""
    chosen = validate_arg(_ENDPOINT, endpoint, "endpoint")
    if model is None and agent_id is None:
        raise RequestValidationError(
            "give the model every request of the run uses (model=...), or agent_id=...; "
            "nothing was sent"
        )
    tags = dict(metadata or {})
    for key, value in tags.items():
        if not isinstance(key, str) or not 1 <= len(key) <= 32 or key in _RESERVED:
            raise RequestValidationError(
                f"metadata key {key!r} must be a string of 1 to 32 characters, other than "
                f"{' and '.join(_RESERVED)} (the run uses those); nothing was sent"
            )
        if not isinstance(value, str) or not 1 <= len(value) <= 512:
            raise RequestValidationError(
                f"metadata[{key!r}] must be a string of 1 to 512 characters; nothing was sent"
            )
    _positive("timeout_hours", timeout_hours, allow_none=True)
    _positive("retry_failed", retry_failed, minimum=0)
    _positive("max_requests_per_job", max_requests_per_job)
    _positive("max_bytes_per_file", max_bytes_per_file)
    return Settings(
        chosen,
        model,
        agent_id,
        tags,
        timeout_hours,
        retry_failed,
        max_requests_per_job,
        max_bytes_per_file,
    )


def check_pace(poll_interval: float, max_poll_interval: float) -> Pace:
    if not poll_interval > 0 or not max_poll_interval >= poll_interval:
        raise RequestValidationError(
            "poll_interval must be > 0 and max_poll_interval >= poll_interval "
            f"(got {poll_interval} and {max_poll_interval})"
        )
    return Pace(poll_interval, max_poll_interval)


def _positive(name: str, value: Any, *, minimum: int = 1, allow_none: bool = False) -> None:
    if value is None and allow_none:
        return
    if not isinstance(value, int) or isinstance(value, bool) or value < minimum:
        raise RequestValidationError(
            f"{name} must be an integer >= {minimum}, not {value!r}; nothing was sent"
        )


def check_requests(requests: Requests) -> Path | None:
    """The JSONL path when ``requests`` is one (it must exist); None for an iterable."""
    if isinstance(requests, (str, os.PathLike)):
        return check_jsonl(requests)
    if isinstance(requests, (Mapping, bytes, bytearray)):
        raise RequestValidationError(
            f"requests must be an iterable of requests or the path of a JSONL file, not a "
            f"{type(requests).__name__}; nothing was sent"
        )
    if not isinstance(requests, (Iterable, AsyncIterable)):
        raise RequestValidationError(
            f"requests must be an iterable of requests or the path of a JSONL file, not "
            f"{type(requests).__name__}; nothing was sent"
        )
    return None


@dataclass
class Opened:
    """A run's state, and whether its input still has to be written."""

    store: RunStore
    temporary: bool
    fresh: bool
    created_folder: bool


def open_state(state: str | os.PathLike[str] | None, settings: Settings) -> Opened:
    """The state of a new run, or of the run already in ``state`` (which must match)."""
    if state is None:
        folder = Path(tempfile.mkdtemp(prefix="mistral-batch-"))
        return Opened(RunStore.create(folder, settings.info()), True, True, True)
    folder = Path(state)
    if folder.exists() and not folder.is_dir():
        raise RequestValidationError(
            f"state={str(folder)!r} is a file; give the path of a folder for the run's state"
        )
    existing = _open_existing(folder)
    if existing is not None and existing.info.spooled:
        _check_same(existing, settings)
        return Opened(existing, False, False, False)
    if existing is not None:
        # A run that never finished writing its input: nothing of it was sent.
        existing.close()
    elif folder.is_dir() and any(not _ours(path) for path in folder.iterdir()):
        raise RequestValidationError(
            f"state={str(folder)!r} is a folder that holds no run; give a new or empty folder"
        )
    created = not folder.exists()
    return Opened(RunStore.create(folder, settings.info()), False, True, created)


def open_existing(state: str | os.PathLike[str]) -> RunStore:
    """The state of a started run, for ``resume``."""
    folder = Path(state)
    store = _open_existing(folder)
    if store is None:
        raise RequestValidationError(
            f"no run at {str(folder)!r}; start one with client.batch.run(requests, ..., "
            f"state={str(folder)!r})"
        )
    if not store.info.spooled:
        store.close()
        raise RequestValidationError(
            f"the run at {str(folder)!r} stopped while reading its input, before anything was "
            "sent; start it again with client.batch.run(requests, ..., state=...)"
        )
    return store


def _open_existing(folder: Path) -> RunStore | None:
    """The run in ``folder``; None when there is none, or when it stopped before even its
    settings were written."""
    if not RunStore.exists(folder):
        return None
    try:
        return RunStore.open(folder)
    except IncompleteStateError:
        return None
    except (sqlite3.Error, ValueError, TypeError) as exc:
        raise RequestValidationError(
            f"{str(folder / DATABASE)!r} is not a run state this version can read ({exc})"
        ) from None


def _ours(path: Path) -> bool:
    """Whether a file in a state folder is one a run writes."""
    return path.name.startswith(DATABASE) or path.name == LOCK or path.match("input-*.jsonl")


def _check_same(store: RunStore, settings: Settings) -> None:
    info = store.info
    for name in ("endpoint", "model", "agent_id"):
        if getattr(info, name) != getattr(settings, name):
            raise RequestValidationError(
                f"the run at {str(store.folder)!r} was started with {name}="
                f"{getattr(info, name)!r}, not {getattr(settings, name)!r}; resume it as it "
                "is, or give another state folder"
            )


def spool(opened: Opened, requests: Requests, path: Path | None) -> None:
    """Write the input of a fresh run; on any error leave no state behind."""
    spooler = Spooler(opened.store)
    try:
        for item, where in _items(requests, path):
            spooler.add(item, where)
        spooler.finish()
    except BaseException:
        spooler.abort()
        discard(opened)
        raise


async def spool_async(opened: Opened, requests: Requests, path: Path | None) -> None:
    """Async twin of :func:`spool`: an async iterable is read on the loop, anything else
    in a thread (the input may be large)."""
    if path is not None or not isinstance(requests, AsyncIterable):
        await asyncio.to_thread(spool, opened, requests, path)
        return
    spooler = Spooler(opened.store)
    try:
        async for item in requests:
            spooler.add(item)
        spooler.finish()
    except BaseException:
        spooler.abort()
        discard(opened)
        raise


def _items(requests: Requests, path: Path | None) -> Iterator[tuple[Any, str | None]]:
    if path is not None:
        yield from read_jsonl(path)
        return
    for item in requests:
        yield item, None


def discard(opened: Opened) -> None:
    """Remove the state of a run that never sent anything."""
    store = opened.store
    if opened.temporary or opened.created_folder:
        store.remove()
        return
    store.close()
    for pattern in (f"{DATABASE}*", LOCK, "input-*.jsonl"):
        for path in store.folder.glob(pattern):
            path.unlink(missing_ok=True)
