"""Writing a run's input to disk: one JSONL file per shard, one row per request.

Requests are read one at a time and written as they come, so the input is never held in
memory. Each is checked before anything is sent: it must be a mapping (a ``BatchRequest``
shape ``{"custom_id": ..., "body": {...}}``, or the body itself), a ``BatchRequest`` or a
request model; its body must have the fields the endpoint requires and must not ask to
stream; its ``custom_id`` (the position when it has none) must be unique in the run. A shard
is closed when one more request would pass either limit.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, BinaryIO

import pydantic

from mistralai.batch._store import RunStore
from mistralai.batch.models import BatchRequest
from mistralai.errors import RequestValidationError
from mistralai.types import MistralModel

REQUIRED_FIELDS: dict[str, tuple[str, ...]] = {
    "/v1/chat/completions": ("messages",),
    "/v1/embeddings": ("input",),
    "/v1/fim/completions": ("prompt",),
    "/v1/moderations": ("input",),
    "/v1/chat/moderations": ("input",),
    "/v1/ocr": ("document",),
    "/v1/classifications": ("input",),
    "/v1/chat/classifications": ("input",),
    "/v1/conversations": (),
    "/v1/audio/transcriptions": (),
}
"""The body fields each endpoint's request schema requires, besides ``model`` (which the
run gives once for every request)."""

_ROWS_PER_INSERT = 10_000
_WRITE_BUFFER = 1 << 20


class Spooler:
    """Writes requests into the shards of a new run; :meth:`finish` commits them.

    Everything happens in one transaction: a process that dies while spooling leaves no
    shard behind, and nothing has been sent.
    """

    def __init__(self, store: RunStore) -> None:
        info = store.info
        self.store = store
        self.required = REQUIRED_FIELDS[info.endpoint]
        self.max_requests = info.max_requests_per_job
        self.max_bytes = info.max_bytes_per_file
        self.index = 0
        self.shard_id = -1
        self.shard_first = 0
        self.shard_count = 0
        self.shard_bytes = 0
        self.file: BinaryIO | None = None
        self.rows: list[tuple[int, str, int]] = []
        store.db.execute("BEGIN IMMEDIATE")

    def add(self, item: Any, where: str | None = None) -> None:
        """Check one request and write it to the current shard."""
        index = self.index
        place = where or f"request {index}"
        custom_id, line = request_line(item, index, place, self.required)
        if len(line) > self.max_bytes:
            raise RequestValidationError(
                f"{place} takes {len(line)} bytes, more than max_bytes_per_file="
                f"{self.max_bytes}; nothing was sent"
            )
        if (
            self.file is None
            or self.shard_count >= self.max_requests
            or self.shard_bytes + len(line) > self.max_bytes
        ):
            self._next_shard()
        assert self.file is not None
        self.file.write(line)
        self.shard_count += 1
        self.shard_bytes += len(line)
        self.rows.append((index, custom_id, self.shard_id))
        self.index += 1
        if len(self.rows) >= _ROWS_PER_INSERT:
            self._insert_rows()

    def finish(self) -> int:
        """Close the last shard and commit the run's input; returns the number of requests."""
        if self.index == 0:
            raise RequestValidationError("no requests were given; nothing was sent")
        self._close_shard()
        self._insert_rows()
        self.store.update_info(total=self.index, spooled=True)
        self.store.db.execute("COMMIT")
        return self.index

    def abort(self) -> None:
        """Forget everything written so far."""
        if self.file is not None:
            self.file.close()
            self.file = None
        if self.store.db.in_transaction:
            self.store.db.execute("ROLLBACK")

    def _next_shard(self) -> None:
        self._close_shard()
        self.shard_id += 1
        self.shard_first = self.index
        self.shard_count = 0
        self.shard_bytes = 0
        self.file = open(self.store.input_path(self.shard_id), "wb", buffering=_WRITE_BUFFER)  # noqa: SIM115 - closed in _close_shard / abort

    def _close_shard(self) -> None:
        if self.file is None:
            return
        self.file.close()
        self.file = None
        self.store.add_shard(
            self.shard_id,
            attempt=0,
            first_idx=self.shard_first,
            count=self.shard_count,
            size=self.shard_bytes,
        )

    def _insert_rows(self) -> None:
        try:
            self.store.add_items(self.rows)
        except sqlite3.IntegrityError:
            raise _duplicate(self.store, self.rows) from None
        self.rows = []


def _duplicate(store: RunStore, rows: list[tuple[int, str, int]]) -> RequestValidationError:
    for index, custom_id, _ in rows:
        first = store.index_of(custom_id)
        if first is not None and first != index:
            return RequestValidationError(
                f"custom_id {custom_id!r} is used by requests {first} and {index}; each "
                "request needs its own (requests without one are named by their position); "
                "nothing was sent"
            )
    return RequestValidationError("two requests share a custom_id; nothing was sent")


def request_line(item: Any, index: int, place: str, required: tuple[str, ...]) -> tuple[str, bytes]:
    """The ``custom_id`` of one request and its JSONL line, or RequestValidationError."""
    custom_id, body = _split(item, place)
    if type(body) is not dict:
        if isinstance(body, pydantic.BaseModel):
            body = _model_body(body)
        elif not isinstance(body, Mapping):
            raise RequestValidationError(
                f"the body of {place} is a {type(body).__name__}, not an object; nothing was sent"
            )
    missing = [name for name in required if name not in body]
    if missing:
        raise RequestValidationError(
            f"{place} lacks {', '.join(map(repr, missing))}, which this endpoint requires; "
            "nothing was sent"
        )
    if body.get("stream") is True:
        raise RequestValidationError(
            f"{place} asks to stream; batch requests cannot stream. Drop 'stream'; nothing was sent"
        )
    if custom_id is None:
        custom_id = str(index)
    elif type(custom_id) is int:
        custom_id = str(custom_id)
    elif type(custom_id) is not str or not custom_id:
        raise RequestValidationError(
            f"the custom_id of {place} must be a non-empty string, not {custom_id!r}; "
            "nothing was sent"
        )
    try:
        text = _ENCODER.encode({"custom_id": custom_id, "body": body})
    except (TypeError, ValueError) as exc:
        raise RequestValidationError(
            f"{place} cannot be written as JSON ({exc}); nothing was sent"
        ) from None
    return custom_id, text.encode() + b"\n"


def _split(item: Any, place: str) -> tuple[Any, Any]:
    """``(custom_id or None, body)`` of one request, whatever its shape."""
    if type(item) is dict or (
        isinstance(item, Mapping) and not isinstance(item, pydantic.BaseModel)
    ):
        if "body" in item:
            return item.get("custom_id"), item["body"]
        return None, item
    if isinstance(item, BatchRequest):
        return item.custom_id, item.body
    if isinstance(item, pydantic.BaseModel):
        return None, _model_body(item)
    raise RequestValidationError(
        f"{place} is a {type(item).__name__}; give a dict (the request body, or "
        '{"custom_id": ..., "body": {...}}), a BatchRequest or a request model; '
        "nothing was sent"
    )


def _model_body(value: Any) -> dict[str, Any]:
    """The JSON object a model sends (nested models inside a dict body too)."""
    if isinstance(value, MistralModel):
        return value.to_wire()
    if isinstance(value, pydantic.BaseModel):
        dumped: dict[str, Any] = value.model_dump(mode="json", by_alias=True, exclude_none=True)
        return dumped
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


# One encoder for every line (building one per call costs as much as encoding); NaN and
# infinities are refused, since the API would refuse the line.
_ENCODER = json.JSONEncoder(
    ensure_ascii=False, allow_nan=False, separators=(",", ":"), default=_model_body
)


def check_jsonl(path: str | os.PathLike[str]) -> Path:
    """The path of a JSONL input, once it is known to be a readable file."""
    source = Path(path)
    if not source.exists():
        raise RequestValidationError(
            f"no file at {str(source)!r}; give the path of a JSONL file of requests "
            f"(relative paths start at {os.getcwd()!r}); nothing was sent"
        )
    if not source.is_file():
        raise RequestValidationError(f"{str(source)!r} is not a file; nothing was sent")
    if not os.access(source, os.R_OK):
        raise RequestValidationError(f"{str(source)!r} is not readable; nothing was sent")
    return source


def read_jsonl(source: Path) -> Iterator[tuple[Any, str]]:
    """The requests of a JSONL file, each with where it was (blank lines skipped)."""
    with open(source, "rb") as fh:
        for number, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            where = f"line {number} of {source.name}"
            try:
                item = json.loads(line)
            except ValueError as exc:
                raise RequestValidationError(
                    f"{where} is not valid JSON ({exc}); nothing was sent"
                ) from None
            yield item, where
