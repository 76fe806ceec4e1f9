"""``/v1/batch/jobs``: batch jobs that run their requests for real.

A job reads its requests from its input files (JSONL, one ``{"custom_id": ..., "body": ...}``
per line) or from its inline ``requests``, and sends each body to the fake of the job's
endpoint through the server's own router: a chat line gets the answer
``POST /v1/chat/completions`` would give, an embeddings line the same vectors, and so on for
FIM, moderation, classification, OCR and conversations. Each result is one line of the job's
output file (answered) or error file (failed)::

    {"id": "batch-...-7", "custom_id": "7", "response": {"status_code": 200, "body": {...}}, "error": null}
    {"id": "batch-...-8", "custom_id": "8", "response": {"status_code": 400, "body": {...}},
     "error": {"message": "...", "code": "400"}}

Both are stored as files (``output_file``, ``error_file``) when the job ends, downloadable
from ``/v1/files/{id}/content``. Ids come from the server's counter, so a test sees the same
ones on every run.

Speed, set on :class:`BatchEngine` (``server.batch``, or ``POST /__testing__/batch``):

- by default a job turns RUNNING when first read and runs every line at the next read;
- ``lines_per_poll=n``: each read of a running job runs its next ``n`` lines;
- ``lines_per_second=r``: a background thread runs each new job at ``r`` lines a second
  (``0``: as fast as it can); reading a job only looks at it.

Failures, line by line (they land in the error file):

- a line containing ``[batch-fail]`` (in a message, say) fails with 400, every time;
- ``[batch-flaky]`` fails with 503 the first time its ``custom_id`` runs, then succeeds;
- ``fail_every=n`` fails every n-th line of each job with 500;
- a body the spec (when the server validates) or the endpoint's fake rejects fails with
  that answer.

``metadata={"outcome": "fail"}`` ends a job FAILED without running a line; a cancelled job
stops where it is and keeps the results of the lines it ran. :attr:`BatchEngine.executed`
counts the runs of each ``custom_id``, so a test can check that nothing ran twice.
"""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import json
import os
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from mistralai.testing._routing import (
    Headers,
    JSONResponse,
    Request,
    Response,
    Router,
    error_body,
    not_found,
)
from mistralai.testing._state import ServerState
from mistralai.testing._validation import body_problems
from mistralai.testing.fakes import files

FAIL_MARKER = "[batch-fail]"
"""In a line: the line fails with 400 every time it runs."""
FLAKY_MARKER = "[batch-flaky]"
"""In a line: the line fails with 503 the first time its ``custom_id`` runs."""

_FAIL_BYTES = FAIL_MARKER.encode()
_FLAKY_BYTES = FLAKY_MARKER.encode()
TERMINAL = frozenset({"SUCCESS", "FAILED", "TIMEOUT_EXCEEDED", "CANCELLED"})
_LIST_PARAMS = frozenset(
    {"page", "page_size", "model", "agent_id", "created_after", "created_by_me", "status"}
    | {"order_by", "metadata"}
)
_BACKGROUND_CHUNK = 500


@dataclass
class BatchEngine:
    """How batch jobs run on this server, and what they ran. Reset with the server.

    >>> server.batch.configure(lines_per_poll=2, fail_every=10)
    >>> job = client.batch.jobs.create(endpoint="/v1/embeddings", model="mistral-embed",
    ...     requests=[{"custom_id": "request-7", "body": {"input": "Hi"}}])
    >>> job = client.batch.jobs.wait(job.id)
    >>> server.batch.executed["request-7"]
    1
    """

    lines_per_poll: int | None = None
    lines_per_second: float | None = None
    fail_every: int = 0
    executed: Counter[str] = field(default_factory=Counter)
    """How many times each ``custom_id`` ran, over every job."""
    lines_run: int = 0
    busy_seconds: float = 0.0
    """CPU time spent running lines (the fakes' work and writing results)."""
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    SETTINGS = ("lines_per_poll", "lines_per_second", "fail_every")

    def configure(self, **settings: Any) -> None:
        """Change some settings; raises ``ValueError`` for an unknown one or a negative value."""
        for name, value in settings.items():
            if name not in self.SETTINGS:
                raise ValueError(f"unknown batch setting {name!r} (known: {self.SETTINGS})")
            if value is not None and (
                isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0
            ):
                raise ValueError(f"{name} must be a number >= 0 or null, not {value!r}")
        for name, value in settings.items():
            setattr(self, name, value)

    def stats(self) -> dict[str, Any]:
        """The settings and counters, as ``GET /__testing__/batch`` answers them."""
        with self.lock:
            return {
                **{name: getattr(self, name) for name in self.SETTINGS},
                "lines_run": self.lines_run,
                "busy_seconds": round(self.busy_seconds, 6),
                "custom_ids": len(self.executed),
                "most_runs_of_one_id": max(self.executed.values(), default=0),
            }

    def record(self, custom_id: str, seconds: float) -> int:
        """Count one run of ``custom_id``; returns how many times it ran before."""
        with self.lock:
            before = self.executed[custom_id]
            self.executed[custom_id] = before + 1
            self.lines_run += 1
            self.busy_seconds += seconds
            return before


def engine(state: ServerState) -> BatchEngine:
    """The batch engine of a server's state (a fresh one after each reset)."""
    with state.lock:
        store = state.store("batch")
        found: BatchEngine | None = store.get("engine")
        if found is None:
            found = store["engine"] = BatchEngine()
        return found


def control(state: ServerState, body: bytes) -> JSONResponse:
    """``/__testing__/batch``: an empty body reads the engine, a JSON object configures it."""
    batch = engine(state)
    if body.strip():
        try:
            settings = json.loads(body)
            if not isinstance(settings, dict):
                raise ValueError("expected a JSON object of settings")
            batch.configure(**settings)
        except ValueError as exc:
            return JSONResponse({"detail": f"invalid batch settings: {exc}"}, 400)
    return JSONResponse(batch.stats())


class _ResultFile:
    """One of a job's two result files, written to disk as lines run."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self.path: str | None = None
        self.file: Any = None
        self.size = 0
        self.lines = 0
        self.digest = hashlib.sha256()

    def write(self, record: dict[str, Any]) -> None:
        if self.file is None:
            fd, self.path = tempfile.mkstemp(
                prefix=f"mistral-testing-{self.kind}-", suffix=".jsonl"
            )
            self.file = os.fdopen(fd, "wb")
        data = json.dumps(record).encode() + b"\n"
        self.file.write(data)
        self.size += len(data)
        self.lines += 1
        self.digest.update(data)

    def store(self, state: ServerState, job_id: str) -> str | None:
        """Close the file and store it with the server's files; its id, or None if empty."""
        if self.file is None or self.path is None:
            return None
        self.file.close()
        stored = files.add_written(
            state,
            f"{self.kind}-{job_id}.jsonl",
            self.path,
            size=self.size,
            lines=self.lines,
            signature=self.digest.hexdigest()[:16],
        )
        return stored.id

    def discard(self) -> None:
        if self.file is not None and self.path is not None:
            self.file.close()
            with contextlib.suppress(OSError):
                os.unlink(self.path)


class _JobRun:
    """A job's lines still to run, its result files and the lock its runners take."""

    def __init__(self, job: dict[str, Any], lines: Iterator[bytes], background: bool) -> None:
        self.job = job
        self.lines = lines
        self.background = background
        self.lock = threading.Lock()
        self.position = 0
        self.output = _ResultFile("output")
        self.errors = _ResultFile("error")

    def step(self, router: Router, state: ServerState, limit: int | None) -> bool:
        """Run up to ``limit`` lines (all when None); True once no line is left."""
        batch = engine(state)
        job = self.job
        ran = 0
        for raw in self.lines:
            if not raw.strip():
                continue
            self.position += 1
            # CPU time of this thread: right even while other jobs' threads run alongside.
            started = time.thread_time()
            custom_id, ok, record = _run_line(router, state, batch, job, raw, self.position)
            (self.output if ok else self.errors).write(record)
            batch.record(custom_id, time.thread_time() - started)
            job["completed_requests"] += 1
            job["succeeded_requests" if ok else "failed_requests"] += 1
            ran += 1
            if limit is not None and ran >= limit:
                return False
        return True

    def finish(self, state: ServerState, status: str) -> None:
        job = self.job
        job["output_file"] = self.output.store(state, job["id"])
        job["error_file"] = self.errors.store(state, job["id"])
        job["completed_at"] = int(time.time())
        # Last: whoever sees the terminal status also sees the files.
        job["status"] = status
        close = getattr(self.lines, "close", None)
        if close is not None:
            close()

    def abandon(self) -> None:
        """The server was reset under this job: drop what it wrote."""
        self.output.discard()
        self.errors.discard()


def _run_line(
    router: Router,
    state: ServerState,
    batch: BatchEngine,
    job: dict[str, Any],
    raw: bytes,
    position: int,
) -> tuple[str, bool, dict[str, Any]]:
    """Run one line; its ``custom_id``, whether it succeeded, and its result record."""
    record_id = f"batch-{job['id'][-12:]}-{position}"
    try:
        item = json.loads(raw)
    except ValueError as exc:
        return str(position), False, _failed(record_id, str(position), 400, f"not JSON: {exc}")
    if not isinstance(item, dict):
        item = {}
    custom_id = str(item.get("custom_id") or position)
    body = item.get("body")
    if not isinstance(body, dict):
        return custom_id, False, _failed(record_id, custom_id, 422, "the line has no body object")
    if _FAIL_BYTES in raw:
        return custom_id, False, _failed(record_id, custom_id, 400, "failed on purpose")
    if _FLAKY_BYTES in raw and batch.executed[custom_id] == 0:
        return custom_id, False, _failed(record_id, custom_id, 503, "flaky on purpose")
    if batch.fail_every and position % batch.fail_every == 0:
        return custom_id, False, _failed(record_id, custom_id, 500, "fail_every")
    status, answer = _dispatch(router, state, job, body)
    if status >= 400:
        message = answer.get("message") or json.dumps(answer.get("detail", answer))[:500]
        return custom_id, False, _failed(record_id, custom_id, status, message, answer)
    response = {"status_code": status, "body": answer}
    return (
        custom_id,
        True,
        {"id": record_id, "custom_id": custom_id, "response": response, "error": None},
    )


def _dispatch(
    router: Router, state: ServerState, job: dict[str, Any], body: dict[str, Any]
) -> tuple[int, dict[str, Any]]:
    """Send one body to the fake of the job's endpoint, as a direct call would."""
    path = job["endpoint"]
    body = dict(body)
    if job.get("agent_id") and path == "/v1/chat/completions":
        path = "/v1/agents/completions"
        body["agent_id"] = job["agent_id"]
    elif job.get("model"):
        body["model"] = job["model"]
    found = router.match("POST", path)
    if found is None:
        return 404, error_body(f"{path} cannot run in a batch here", "not_found")
    route, params = found
    raw = b""
    if state.validate and route.operation_id:
        raw = json.dumps(body).encode()
        problems = body_problems(route.operation_id, raw)
        if problems:
            return 422, {"detail": problems}
    request = Request("POST", path, {}, Headers(), raw, state, params, parsed=body)
    try:
        answer = route.handler(request)
    except Exception as exc:
        return 500, error_body(f"the fake failed: {type(exc).__name__}: {exc}", "internal_error")
    if not isinstance(answer, JSONResponse):
        return 400, error_body("batch requests cannot stream", "invalid_request_error")
    return answer.status, answer.body


def _failed(
    record_id: str, custom_id: str, status: int, message: str, body: Any = None
) -> dict[str, Any]:
    answer = body if body is not None else error_body(message, "invalid_request_error", str(status))
    return {
        "id": record_id,
        "custom_id": custom_id,
        "response": {"status_code": status, "body": answer},
        "error": {"message": message, "code": str(status)},
    }


def _jobs(state: ServerState) -> dict[str, dict[str, Any]]:
    return state.store("batch_jobs")


def _run(job: dict[str, Any]) -> _JobRun:
    run: _JobRun = job["_run"]
    return run


def _count_lines(stored: files.StoredFile) -> int:
    return sum(1 for line in stored.lines() if line.strip())


def _start(job: dict[str, Any]) -> None:
    job["status"] = "RUNNING"
    job["started_at"] = int(time.time())


def _fail_whole(job: dict[str, Any], state: ServerState) -> None:
    total = job["total_requests"]
    job["errors"] = [{"message": "the batch failed on purpose", "count": total}]
    job.update(completed_requests=total, succeeded_requests=0, failed_requests=total)
    _run(job).finish(state, "FAILED")


def _advance(router: Router, state: ServerState, job: dict[str, Any]) -> None:
    """What one read of a job does when no background thread runs it."""
    run = _run(job)
    with run.lock:
        status = job["status"]
        if status == "QUEUED":
            _start(job)
        elif status == "CANCELLATION_REQUESTED":
            run.finish(state, "CANCELLED")
        elif status == "RUNNING":
            if (job.get("metadata") or {}).get("outcome") == "fail":
                _fail_whole(job, state)
            elif run.step(router, state, engine(state).lines_per_poll):
                run.finish(state, "SUCCESS")


def _work(router: Router, state: ServerState, job: dict[str, Any], rate: float) -> None:
    """A background thread's loop: run ``job`` at ``rate`` lines a second (0: unbounded)."""
    run = _run(job)
    jobs = _jobs(state)
    chunk = _BACKGROUND_CHUNK if not rate else max(1, min(_BACKGROUND_CHUNK, int(rate / 20)))
    with run.lock:
        _start(job)
    started = time.monotonic()
    while True:
        if jobs.get(job["id"]) is not job or _jobs(state) is not jobs:
            run.abandon()
            return
        with run.lock:
            if job["status"] == "CANCELLATION_REQUESTED":
                run.finish(state, "CANCELLED")
                return
            if (job.get("metadata") or {}).get("outcome") == "fail":
                _fail_whole(job, state)
                return
            if run.step(router, state, chunk):
                run.finish(state, "SUCCESS")
                return
        if rate:
            time.sleep(max(0.0, started + job["completed_requests"] / rate - time.monotonic()))


def _inline_lines(requests: list[Any]) -> Iterator[bytes]:
    for item in requests:
        yield json.dumps(item).encode()


def _created_after(value: str | None) -> float | None:
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.timestamp()


def _public(job: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in job.items() if not k.startswith("_")}


def _inline_outputs(job: dict[str, Any], state: ServerState) -> list[dict[str, Any]]:
    outputs: list[dict[str, Any]] = []
    for file_id in (job["output_file"], job["error_file"]):
        stored = files.lookup(state, file_id) if file_id else None
        if stored is not None:
            outputs.extend(json.loads(line) for line in stored.lines() if line.strip())
    return outputs


def register(router: Router) -> None:
    def create(request: Request) -> Response:
        state = request.state
        body = request.json()
        inline = body.get("requests") or []
        stored = []
        for file_id in body.get("input_files") or []:
            found = files.lookup(state, file_id)
            if found is None:
                return not_found(f"File {file_id!r}")
            stored.append(found)
        lines = (
            _inline_lines(inline)
            if inline
            else itertools.chain.from_iterable(f.lines() for f in stored)
        )
        rate = engine(state).lines_per_second
        job: dict[str, Any] = {
            "id": state.new_uuid(),
            "object": "batch",
            "input_files": [f.id for f in stored],
            "metadata": body.get("metadata"),
            "endpoint": body["endpoint"],
            "model": body.get("model"),
            "agent_id": body.get("agent_id"),
            "output_file": None,
            "error_file": None,
            "errors": [],
            "outputs": None,
            "status": "QUEUED",
            "created_at": int(time.time()),
            "total_requests": len(inline) or sum(_count_lines(f) for f in stored),
            "completed_requests": 0,
            "succeeded_requests": 0,
            "failed_requests": 0,
            "started_at": None,
            "completed_at": None,
        }
        job["_run"] = _JobRun(job, lines, background=rate is not None)
        job["_inline"] = bool(inline)
        with state.lock:
            _jobs(state)[job["id"]] = job
            answer = _public(job)
        if rate is not None:
            threading.Thread(
                target=_work, args=(router, state, job, rate), name="batch-job", daemon=True
            ).start()
        return JSONResponse(answer)

    def get(request: Request) -> Response:
        state = request.state
        job = _jobs(state).get(request.path_params["job_id"])
        if job is None:
            return not_found("Batch job")
        if not _run(job).background:
            _advance(router, state, job)
        with _run(job).lock:
            answer = _public(job)
        if request.arg("inline") == "true" and job["_inline"] and job["status"] in TERMINAL:
            answer["outputs"] = _inline_outputs(job, state)
        return JSONResponse(answer)

    def cancel(request: Request) -> Response:
        job = _jobs(request.state).get(request.path_params["job_id"])
        if job is None:
            return not_found("Batch job")
        with _run(job).lock:
            if job["status"] in ("QUEUED", "RUNNING"):
                job["status"] = "CANCELLATION_REQUESTED"
            return JSONResponse(_public(job))

    router.add("POST", "/v1/batch/jobs", create, "jobs_api_routes_batch_create_batch_job")
    router.add("GET", "/v1/batch/jobs", list_jobs, "jobs_api_routes_batch_get_batch_jobs")
    router.add("GET", "/v1/batch/jobs/{job_id}", get, "jobs_api_routes_batch_get_batch_job")
    router.add(
        "POST", "/v1/batch/jobs/{job_id}/cancel", cancel, "jobs_api_routes_batch_cancel_batch_job"
    )


def list_jobs(request: Request) -> Response:
    jobs = list(_jobs(request.state).values())
    wanted = request.query.get("status")
    if wanted:
        jobs = [j for j in jobs if j["status"] in wanted]
    for name in ("model", "agent_id"):
        if request.arg(name):
            jobs = [j for j in jobs if j.get(name) == request.arg(name)]
    after = _created_after(request.arg("created_after"))
    if after is not None:
        jobs = [j for j in jobs if j["created_at"] >= int(after)]
    # The spec declares metadata an exploded object: every other parameter is a metadata key.
    for key, values in request.query.items():
        if key not in _LIST_PARAMS:
            jobs = [j for j in jobs if (j.get("metadata") or {}).get(key) == values[0]]
    # A tie (the same second) goes by creation order, so the order never depends on how
    # fast a test runs.
    order = {id(job): i for i, job in enumerate(jobs)}
    jobs.sort(
        key=lambda j: (j["created_at"], order[id(j)]),
        reverse=request.arg("order_by", "-created") == "-created",
    )
    page, size = int(request.arg("page", "0") or 0), int(request.arg("page_size", "100") or 100)
    return JSONResponse(
        {
            "data": [_public(j) for j in jobs[page * size : (page + 1) * size]],
            "object": "list",
            "total": len(jobs),
        }
    )
