"""A run's state on disk: one folder holding a SQLite database and the run's JSONL files.

::

    <state>/
      run.sqlite3           the run's settings, its shards (one per job), one row per request
      input-000000.jsonl    the requests of shard 0, as uploaded
      output-000000.jsonl   its job's output file, as downloaded
      error-000000.jsonl    its job's error file, as downloaded

A shard moves through stages, each committed before the step that depends on it, so a
process killed at any point leaves a state the next one picks up without sending a request
twice:

- ``spooled``: its input file is written;
- ``uploaded``: the file is on the server (``file_id``);
- ``creating``: its job is being created; the job may exist on the server already, so it is
  looked up (by the metadata the run tags it with) before another is created;
- ``submitted``: its job exists (``job_id``);
- ``ended``: the job reached a terminal state and its result files are known;
- ``finished``: its results are read into the ``items`` table;
- ``skipped``: the run was cancelled before the shard was submitted.

Home shards (``attempt`` 0) hold the input in order: shard ``n`` has the requests
``first_idx .. first_idx + count - 1``. Retry shards (``attempt`` >= 1) hold requests sent
again after a failure. Each request's row names the shard whose files hold its latest
result and where in them, so results are read back in input order without holding them
in memory.
"""

from __future__ import annotations

import contextlib
import json
import shutil
import sqlite3
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any, BinaryIO

from mistralai.batch.models import RunProgress
from mistralai.errors import MistralError

DATABASE = "run.sqlite3"
LOCK = "run.lock"
FORMAT = 1

SPOOLED = "spooled"
UPLOADED = "uploaded"
CREATING = "creating"
SUBMITTED = "submitted"
ENDED = "ended"
FINISHED = "finished"
SKIPPED = "skipped"

WAITING, ANSWERED, FAILED = 0, 1, 2
"""``items.outcome``."""
FROM_OUTPUT, FROM_ERRORS = 0, 1
"""``items.source``: which of its shard's files holds a request's result line."""

_SCHEMA = """
CREATE TABLE IF NOT EXISTS run (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS shards (
    id INTEGER PRIMARY KEY,
    attempt INTEGER NOT NULL,
    first_idx INTEGER NOT NULL,
    count INTEGER NOT NULL,
    bytes INTEGER NOT NULL,
    stage TEXT NOT NULL,
    file_id TEXT,
    job_id TEXT,
    creating_since REAL,
    job_status TEXT,
    job_errors TEXT,
    completed INTEGER NOT NULL DEFAULT 0,
    succeeded INTEGER NOT NULL DEFAULT 0,
    failed INTEGER NOT NULL DEFAULT 0,
    output_file TEXT,
    error_file TEXT,
    delivered INTEGER NOT NULL DEFAULT 0,
    settled INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS items (
    idx INTEGER PRIMARY KEY,
    custom_id TEXT NOT NULL UNIQUE,
    shard INTEGER NOT NULL,
    outcome INTEGER NOT NULL DEFAULT 0,
    source INTEGER,
    offset INTEGER,
    length INTEGER,
    status INTEGER,
    attempts INTEGER NOT NULL DEFAULT 0,
    final INTEGER NOT NULL DEFAULT 0,
    message TEXT
);
"""


class IncompleteStateError(Exception):
    """A state folder whose database was created but never filled in."""


class RunInUseError(MistralError, RuntimeError):
    """The run's state is open in another process (or another handle of this one).

    Two drivers of one run could both create a job for the same requests, so a run is
    driven by one handle at a time. Close the other one, or wait for it to end; a process
    that died holds nothing.
    """


@dataclass(frozen=True)
class RunInfo:
    """What a run was started with; stored once, read by every process that resumes it."""

    run_id: str
    endpoint: str
    model: str | None
    agent_id: str | None
    metadata: dict[str, str]
    timeout_hours: int | None
    retry_failed: int
    max_requests_per_job: int
    max_bytes_per_file: int
    created_at: float
    total: int = 0
    spooled: bool = False
    cancelled: bool = False


@dataclass(frozen=True)
class Shard:
    """One row of ``shards``: a JSONL file and the job that runs it."""

    id: int
    attempt: int
    first_idx: int
    count: int
    bytes: int
    stage: str
    file_id: str | None
    job_id: str | None
    creating_since: float | None
    job_status: str | None
    job_errors: str | None
    completed: int
    succeeded: int
    failed: int
    output_file: str | None
    error_file: str | None
    delivered: int
    settled: bool

    @property
    def home(self) -> bool:
        """Whether the shard holds a slice of the input (not requests sent again)."""
        return self.attempt == 0

    @property
    def end_idx(self) -> int:
        """One past the last input position of a home shard."""
        return self.first_idx + self.count


_SHARD_COLUMNS = tuple(f.name for f in fields(Shard))


class RunStore:
    """The state folder of one run, opened by one process at a time.

    The connection runs in autocommit mode: each write commits on its own, and
    :meth:`transaction` groups the writes that must land together.
    """

    def __init__(self, folder: Path, db: sqlite3.Connection, lock: BinaryIO) -> None:
        self.folder = folder
        self.db = db
        self._lock = lock
        self._info: RunInfo | None = None

    # -- opening ---------------------------------------------------------------------------

    @staticmethod
    def exists(folder: Path) -> bool:
        """Whether ``folder`` holds a run's state."""
        return (folder / DATABASE).is_file()

    @classmethod
    def create(cls, folder: Path, info: RunInfo) -> RunStore:
        """A fresh state in ``folder`` (created if missing; any earlier state is discarded)."""
        folder.mkdir(parents=True, exist_ok=True)
        lock = _lock(folder)
        for name in (DATABASE, f"{DATABASE}-wal", f"{DATABASE}-shm"):
            (folder / name).unlink(missing_ok=True)
        for pattern in ("input-*.jsonl", "output-*.jsonl", "error-*.jsonl", "*.part"):
            for path in folder.glob(pattern):
                path.unlink()
        store = cls(folder, _connect(folder / DATABASE), lock)
        with store.transaction():
            for statement in _SCHEMA.split(";"):
                if statement.strip():
                    store.db.execute(statement)
            store._write_info(info)
        return store

    @classmethod
    def open(cls, folder: Path) -> RunStore:
        """The state already in ``folder``; :class:`IncompleteStateError` if its creation
        never finished, ``ValueError`` if another version of the SDK wrote it."""
        store = cls(folder, _connect(folder / DATABASE), _lock(folder))
        try:
            version = store._value("format")
            info = store._value("info")
        except sqlite3.OperationalError:
            version = info = None
        if version is None or info is None:
            store.close()
            raise IncompleteStateError(f"the state in {str(folder)!r} was never completed")
        if version != FORMAT:
            store.close()
            raise ValueError(f"state format {version!r}, this version reads {FORMAT}")
        store._info = RunInfo(**info)
        return store

    def close(self) -> None:
        self.db.close()
        self._lock.close()

    def remove(self) -> None:
        """Close and delete the whole folder."""
        self.close()
        shutil.rmtree(self.folder, ignore_errors=True)

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """Writes inside land together, or not at all."""
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    # -- the run ---------------------------------------------------------------------------

    @property
    def info(self) -> RunInfo:
        if self._info is None:
            raw = self._value("info")
            self._info = RunInfo(**raw)
        return self._info

    def update_info(self, **changes: Any) -> RunInfo:
        info = RunInfo(**{**self.info.__dict__, **changes})
        self._write_info(info)
        return info

    def _write_info(self, info: RunInfo) -> None:
        self.db.executemany(
            "INSERT OR REPLACE INTO run (key, value) VALUES (?, ?)",
            [("format", json.dumps(FORMAT)), ("info", json.dumps(info.__dict__))],
        )
        self._info = info

    def _value(self, key: str) -> Any:
        row = self.db.execute("SELECT value FROM run WHERE key = ?", (key,)).fetchone()
        return None if row is None else json.loads(row[0])

    # -- files -----------------------------------------------------------------------------

    def input_path(self, shard_id: int) -> Path:
        return self.folder / f"input-{shard_id:06d}.jsonl"

    def result_path(self, shard_id: int, source: int) -> Path:
        kind = "output" if source == FROM_OUTPUT else "error"
        return self.folder / f"{kind}-{shard_id:06d}.jsonl"

    # -- shards ----------------------------------------------------------------------------

    def shards(self) -> list[Shard]:
        """Every shard, home shards first in input order, then retry shards."""
        rows = self.db.execute(f"SELECT {', '.join(_SHARD_COLUMNS)} FROM shards ORDER BY id")
        return [_shard(row) for row in rows]

    def shard(self, shard_id: int) -> Shard:
        row = self.db.execute(
            f"SELECT {', '.join(_SHARD_COLUMNS)} FROM shards WHERE id = ?", (shard_id,)
        ).fetchone()
        return _shard(row)

    def next_shard_id(self) -> int:
        row = self.db.execute("SELECT COALESCE(MAX(id) + 1, 0) FROM shards").fetchone()
        return int(row[0])

    def add_shard(
        self, shard_id: int, *, attempt: int, first_idx: int, count: int, size: int
    ) -> None:
        self.db.execute(
            "INSERT INTO shards (id, attempt, first_idx, count, bytes, stage) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (shard_id, attempt, first_idx, count, size, SPOOLED),
        )

    def update_shard(self, shard_id: int, **changes: Any) -> Shard:
        assignments = ", ".join(f"{name} = ?" for name in changes)
        self.db.execute(
            f"UPDATE shards SET {assignments} WHERE id = ?", (*changes.values(), shard_id)
        )
        return self.shard(shard_id)

    def set_delivered(self, positions: dict[int, int]) -> None:
        """Record how many results of each home shard were handed out (never going back)."""
        self.db.executemany(
            "UPDATE shards SET delivered = MAX(delivered, ?) WHERE id = ?",
            [(count, shard_id) for shard_id, count in positions.items()],
        )

    # -- requests --------------------------------------------------------------------------

    def add_items(self, rows: Sequence[tuple[int, str, int]]) -> None:
        """Insert ``(idx, custom_id, shard)`` rows; ``sqlite3.IntegrityError`` on a reused id."""
        self.db.executemany("INSERT INTO items (idx, custom_id, shard) VALUES (?, ?, ?)", rows)

    def index_of(self, custom_id: str) -> int | None:
        row = self.db.execute("SELECT idx FROM items WHERE custom_id = ?", (custom_id,)).fetchone()
        return None if row is None else int(row[0])

    def result_rows(self, start: int, end: int, limit: int) -> list[tuple[Any, ...]]:
        """Up to ``limit`` result rows of the positions ``start .. end - 1``, in input order:
        ``(idx, custom_id, shard, outcome, source, offset, length, status, attempts, message)``."""
        return self.db.execute(
            "SELECT idx, custom_id, shard, outcome, source, offset, length, status, attempts, "
            "message FROM items WHERE idx >= ? AND idx < ? ORDER BY idx LIMIT ?",
            (start, end, limit),
        ).fetchall()

    def failed_rows(self, after: int, limit: int) -> list[tuple[Any, ...]]:
        """Like :meth:`result_rows`, for the requests whose final outcome is a failure."""
        return self.db.execute(
            "SELECT idx, custom_id, shard, outcome, source, offset, length, status, attempts, "
            "message FROM items WHERE idx > ? AND outcome = ? AND final = 1 ORDER BY idx LIMIT ?",
            (after, FAILED, limit),
        ).fetchall()

    def unsettled_in(self, start: int, end: int) -> bool:
        """Whether some request of ``start .. end - 1`` still waits for its final outcome."""
        row = self.db.execute(
            "SELECT 1 FROM items WHERE idx >= ? AND idx < ? AND final = 0 LIMIT 1", (start, end)
        ).fetchone()
        return row is not None

    # -- progress --------------------------------------------------------------------------

    def progress(self) -> RunProgress:
        info = self.info
        shards = self.shards()
        home = [s for s in shards if s.home]
        started = (SUBMITTED, ENDED, FINISHED)
        completed = sum(s.completed for s in home)
        succeeded = sum(s.succeeded for s in shards)
        return RunProgress(
            total=info.total,
            submitted=sum(s.count for s in home if s.stage in started),
            completed=completed,
            succeeded=succeeded,
            failed=max(completed - succeeded, 0),
            retried=sum(s.count for s in shards if not s.home),
            delivered=sum(s.delivered for s in home),
            jobs=sum(1 for s in shards if s.stage != SKIPPED),
            jobs_finished=sum(1 for s in shards if s.stage == FINISHED),
            done=bool(home) and all(s.settled for s in home),
            cancelled=info.cancelled,
        )


def _lock(folder: Path) -> BinaryIO:
    """Hold the run's lock file; the OS lets go of it when the process ends, however."""
    handle = open(folder / LOCK, "a+b")  # noqa: SIM115 - closed by RunStore.close
    try:
        if sys.platform == "win32":
            import msvcrt

            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        else:
            import fcntl

            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        handle.close()
        raise RunInUseError(
            f"the run in {str(folder)!r} is open in another process or handle; close that "
            "one first (a run is driven by one handle at a time)"
        ) from None
    return handle


def _connect(path: Path) -> sqlite3.Connection:
    # One process at a time drives a run, but async runs hand the connection to a worker
    # thread for the heavy steps (never two at once), hence check_same_thread=False.
    db = sqlite3.connect(path, isolation_level=None, check_same_thread=False, timeout=30)
    # WAL: another process (a progress monitor, a test) may read while the run writes; a
    # killed process loses nothing that was committed.
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=NORMAL")
    return db


def _shard(row: tuple[Any, ...]) -> Shard:
    values = dict(zip(_SHARD_COLUMNS, row))
    values["settled"] = bool(values["settled"])
    return Shard(**values)
