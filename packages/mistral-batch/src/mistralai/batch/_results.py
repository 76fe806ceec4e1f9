"""A run's results: read from a finished job's files into the state, and back out in order.

A job's output and error files list results in any order, each line naming its request by
``custom_id``. :func:`ingest` records, for each request, which file holds its line and at
which byte offset; it never keeps the lines themselves. :class:`ResultReader` then reads
each line back when its turn comes, so results go out in input order with memory that does
not grow with the run.

A line is a failure when it comes from the error file, carries an ``error``, or its
``response.status_code`` is 400 or more. A request without any line (its job failed, timed
out or was cancelled before it ran) fails with a message saying so.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any, BinaryIO

import pydantic

from mistralai.batch._store import (
    ANSWERED,
    FAILED,
    FINISHED,
    FROM_ERRORS,
    FROM_OUTPUT,
    SKIPPED,
    RunStore,
    Shard,
)
from mistralai.batch.models import RETRYABLE_STATUSES, BatchResult, BatchResultError
from mistralai.errors import ResponseValidationError

_ROWS_PER_UPDATE = 10_000
_OPEN_FILES = 16

ResultRow = tuple[Any, ...]
"""``(idx, custom_id, shard, outcome, source, offset, length, status, attempts, message)``."""


def ingest(store: RunStore, shard: Shard) -> None:
    """Record the results of a shard whose job ended and whose files are downloaded; send
    retryable failures to a new shard when the run retries them. One transaction."""
    info = store.info
    attempts = shard.attempt + 1
    retry = not info.cancelled and shard.attempt < info.retry_failed
    with store.transaction():
        for source in (FROM_OUTPUT, FROM_ERRORS):
            path = store.result_path(shard.id, source)
            if path.exists():
                _record_lines(store, shard, path, source, attempts, retry)
        where, params = _members(shard)
        store.db.execute(
            "UPDATE items SET outcome = ?, source = NULL, offset = NULL, length = NULL, "
            f"status = NULL, attempts = ?, final = ?, message = ? WHERE {where} AND outcome = 0",
            (
                FAILED,
                attempts,
                0 if retry else 1,
                _missing(shard),
                *params,
            ),
        )
        if retry:
            _resubmit(store, shard)
        store.update_shard(shard.id, stage=FINISHED)
        settle(store)


def _missing(shard: Shard) -> str:
    reason = f"no result: its batch job {shard.job_id} ended {shard.job_status}"
    return f"{reason} ({shard.job_errors})" if shard.job_errors else reason


def skip(store: RunStore, shard: Shard, reason: str) -> None:
    """Fail every request of a shard that will never be submitted (a cancelled run)."""
    where, params = _members(shard)
    with store.transaction():
        store.db.execute(
            f"UPDATE items SET outcome = ?, final = 1, message = ? WHERE {where} AND outcome = 0",
            (FAILED, reason, *params),
        )
        store.update_shard(shard.id, stage=SKIPPED)
        settle(store)


def settle(store: RunStore) -> None:
    """Mark the home shards whose every request has its final outcome."""
    for shard in store.shards():
        if (
            shard.home
            and not shard.settled
            and not store.unsettled_in(shard.first_idx, shard.end_idx)
        ):
            store.update_shard(shard.id, settled=1)


def _members(shard: Shard) -> tuple[str, tuple[int, ...]]:
    """The SQL condition selecting a shard's requests (a home shard's by its index range)."""
    if shard.home:
        return "idx >= ? AND idx < ? AND shard = ?", (shard.first_idx, shard.end_idx, shard.id)
    return "shard = ?", (shard.id,)


def _record_lines(
    store: RunStore, shard: Shard, path: Path, source: int, attempts: int, retry: bool
) -> None:
    updates: list[tuple[Any, ...]] = []
    offset = 0
    with open(path, "rb") as fh:
        for line in fh:
            found = _outcome(line, source)
            if found is not None:
                custom_id, failed, status = found
                again = failed and retry and (status is None or _retryable(status))
                updates.append(
                    (
                        FAILED if failed else ANSWERED,
                        source,
                        offset,
                        len(line),
                        status,
                        attempts,
                        0 if again else 1,
                        custom_id,
                        shard.id,
                    )
                )
                if len(updates) >= _ROWS_PER_UPDATE:
                    _update(store, updates)
                    updates = []
            offset += len(line)
    _update(store, updates)


def _update(store: RunStore, rows: list[tuple[Any, ...]]) -> None:
    store.db.executemany(
        "UPDATE items SET outcome = ?, source = ?, offset = ?, length = ?, status = ?, "
        "attempts = ?, final = ?, message = NULL WHERE custom_id = ? AND shard = ?",
        rows,
    )


def _outcome(line: bytes, source: int) -> tuple[str, bool, int | None] | None:
    """``(custom_id, failed, status)`` of a result line; None for a line naming no request."""
    if not line.strip():
        return None
    try:
        record = json.loads(line)
    except ValueError:
        return None
    if not isinstance(record, dict) or not isinstance(record.get("custom_id"), str):
        return None
    response = record.get("response")
    status = response.get("status_code") if isinstance(response, dict) else None
    if not isinstance(status, int) or isinstance(status, bool):
        status = None
    failed = (
        source == FROM_ERRORS
        or record.get("error") is not None
        or (status is not None and status >= 400)
    )
    return record["custom_id"], failed, status


def _retryable(status: int) -> bool:
    return status in RETRYABLE_STATUSES or status >= 500


def _resubmit(store: RunStore, shard: Shard) -> None:
    """Copy the lines of the shard's requests to send again into a new shard."""
    where, params = _members(shard)
    rows = store.db.execute(
        f"SELECT idx, final = 0 AND outcome = ? FROM items WHERE {where} ORDER BY idx",
        (FAILED, *params),
    )
    new_id = store.next_shard_id()
    target = store.input_path(new_id)
    moved: list[tuple[int, int]] = []
    size = 0
    # The shard's file lists its requests in index order, one line each, as the rows come.
    with open(store.input_path(shard.id), "rb") as source, open(target, "wb") as copy:
        for (idx, again), line in zip(rows, source):
            if again:
                copy.write(line)
                size += len(line)
                moved.append((new_id, idx))
    if not moved:
        target.unlink()
        return
    store.add_shard(
        new_id, attempt=shard.attempt + 1, first_idx=moved[0][1], count=len(moved), size=size
    )
    store.db.executemany(
        "UPDATE items SET shard = ?, outcome = 0, source = NULL, offset = NULL, length = NULL, "
        "status = NULL, message = NULL WHERE idx = ?",
        moved,
    )


class ResultReader:
    """Turns result rows into :class:`BatchResult` objects, reading each line from disk."""

    def __init__(self, store: RunStore, response_model: type[Any] | None = None) -> None:
        self.store = store
        self.validate: Callable[[Any], Any] | None = None
        if response_model is not None:
            self.validate = pydantic.TypeAdapter(response_model).validate_python
            self.model_name = getattr(response_model, "__name__", str(response_model))
        self._files: dict[tuple[int, int], BinaryIO] = {}

    def result(self, row: ResultRow) -> BatchResult[Any]:
        idx, custom_id, shard, outcome, source, offset, length, status, attempts, message = row
        if source is None:
            reason = message or "no result yet"
            return BatchResult(idx, custom_id, None, BatchResultError(reason), attempts, None)
        record = self._record(shard, source, offset, length)
        response = record.get("response")
        body = response
        if isinstance(response, dict) and "status_code" in response and "body" in response:
            body = response["body"]
        if outcome != ANSWERED:
            error = _error(record, status, body)
            return BatchResult(idx, custom_id, None, error, attempts, record)
        if self.validate is not None:
            body = self._validated(body, idx, custom_id)
        return BatchResult(idx, custom_id, body, None, attempts, record)

    def close(self) -> None:
        for fh in self._files.values():
            fh.close()
        self._files.clear()

    def _record(self, shard: int, source: int, offset: int, length: int) -> dict[str, Any]:
        key = (shard, source)
        fh = self._files.get(key)
        if fh is None:
            if len(self._files) >= _OPEN_FILES:
                self._files.pop(next(iter(self._files))).close()
            fh = self._files[key] = open(self.store.result_path(shard, source), "rb")  # noqa: SIM115 - closed in close()
        fh.seek(offset)
        record: dict[str, Any] = json.loads(fh.read(length))
        return record

    def _validated(self, body: Any, idx: int, custom_id: str) -> Any:
        assert self.validate is not None
        try:
            return self.validate(body)
        except pydantic.ValidationError as exc:
            raise ResponseValidationError(
                f"the response to request {idx} ({custom_id!r}) does not match "
                f"{self.model_name}: {exc.errors(include_url=False)[:1]}. Iterate without "
                "response_model to get it as a dict; the raw body is in .body",
                None,
                json.dumps(body),
                exc,
            ) from exc


def _error(record: dict[str, Any], status: int | None, body: Any) -> BatchResultError:
    error = record.get("error")
    message: Any = None
    code: Any = None
    if isinstance(error, dict):
        message, code = error.get("message"), error.get("code")
    elif isinstance(error, str):
        message = error
    if not message and isinstance(body, dict):
        message = body.get("message") or body.get("detail")
    if not message:
        message = f"the request failed with status {status}"
    if not isinstance(message, str):
        message = json.dumps(message)
    return BatchResultError(message, status, None if code is None else str(code), body)
