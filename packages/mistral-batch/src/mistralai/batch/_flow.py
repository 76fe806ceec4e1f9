"""What a run does, written once for the sync and the async client.

The steps of a run (upload the shards, create their jobs, poll them, download and read
their results, send failures again, hand the results out) are generators that *yield
effects* instead of doing I/O themselves: a request to send, a file to download, a pause,
heavy local work. A driver performs each effect and sends its outcome back in (or throws
its exception in); ``mistralai.batch._run`` has one driver per mode. A
:class:`~mistralai.batch.models.BatchResult` yielded by a step is a result to hand to the
caller.

Every change of state is committed before the effect that depends on it, so a process
killed between any two effects leaves a state the next one resumes from.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Generator
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, TypeVar, Union, cast

import httpx

from mistralai.batch._operations import CANCEL, CREATE, DOWNLOAD, GET, LIST, UPLOAD
from mistralai.batch._results import ResultReader, ingest, settle, skip
from mistralai.batch._store import (
    CREATING,
    ENDED,
    FROM_ERRORS,
    FROM_OUTPUT,
    SPOOLED,
    SUBMITTED,
    UPLOADED,
    RunStore,
    Shard,
)
from mistralai.batch.models import (
    ApiEndpoint,
    BatchFileOut,
    BatchJobOut,
    BatchResult,
    RunProgress,
)
from mistralai.errors import (
    NoResponseError,
    RateLimitError,
    SDKError,
    ServerError,
    StreamError,
)
from mistralai.types import UNSET
from mistralai.utils import Call, CallOptions, MultipartUpload, Operation, RetryConfig, file_source

if TYPE_CHECKING:
    from mistralai.batch._resource import BatchJobs

T = TypeVar("T")

_DOWNLOAD_HEADERS = {"accept": "application/octet-stream, application/json"}

RUN_TAG = "mistral_batch_run"
SHARD_TAG = "mistral_batch_shard"
"""Metadata keys every job of a run carries, so that a job created by a process that died
before recording it can be found again instead of created twice."""

CREATE_GRACE = 15.0
"""Seconds after a job creation was started during which a job not yet listed may still be
on its way: the lookup keeps looking that long before creating the job again."""
CREATE_ATTEMPTS = 5
CREATE_BACKOFF = 2.0
"""Seconds before the second attempt to create a job the server refused; doubles after."""
DOWNLOAD_ATTEMPTS = 3
_LOOKUP_WINDOW = 86_400.0
_PAGE = 1_000
_CHECKPOINT_SECONDS = 0.5
_CHECKPOINT_RESULTS = 10_000
_REPORT_RESULTS = 10_000


@dataclass(frozen=True, slots=True)
class Send:
    """Send a request; the driver returns what ``runtime.execute`` returns."""

    operation: Operation[Any]
    call: Call


@dataclass(frozen=True, slots=True)
class Download:
    """Send a raw request and save the body at ``target`` (whole, or not at all)."""

    operation: Operation[httpx.Response]
    call: Call
    target: Path


@dataclass(frozen=True, slots=True)
class Sleep:
    """Wait ``seconds``."""

    seconds: float


@dataclass(frozen=True, slots=True)
class Blocking:
    """Local work that takes a while (reading a result file); async drivers run it in a
    thread."""

    work: Callable[[], Any]


Effect = Union[Send, Download, Sleep, Blocking, BatchResult[Any]]
Flow = Generator[Effect, Any, T]
"""A step of a run: yields effects, receives their outcomes, returns a ``T``."""


@dataclass(frozen=True)
class Pace:
    """How often a run polls its jobs: from ``interval``, growing by half while nothing
    ends, up to ``max_interval`` (seconds)."""

    interval: float = 5.0
    max_interval: float = 60.0


class RunFlow:
    """The steps of one run over its state.

    ``report`` is called with the run's progress whenever it moves.
    """

    def __init__(
        self,
        store: RunStore,
        jobs: BatchJobs,
        options: CallOptions,
        pace: Pace,
        report: Callable[[RunProgress], None],
    ) -> None:
        self.store = store
        self.jobs = jobs
        self.options = options
        self.pace = pace
        self.report = report

    # -- submitting ------------------------------------------------------------------------

    def submit(self) -> Flow[None]:
        """Upload every shard not yet uploaded and create every job not yet created."""
        if self.store.info.cancelled:
            return
        for shard in self.store.shards():
            if shard.stage in (SPOOLED, UPLOADED, CREATING):
                yield from self._submit(shard)

    def _submit(self, shard: Shard) -> Flow[None]:
        if shard.stage == SPOOLED:
            uploaded: BatchFileOut = yield Send(UPLOAD, self._upload_call(shard))
            shard = self.store.update_shard(shard.id, stage=UPLOADED, file_id=uploaded.id)
        job: BatchJobOut | None = None
        if shard.stage == CREATING:
            job = yield from self._find_job(shard)
        if job is None:
            job = yield from self._create_job(shard)
        self.store.update_shard(shard.id, stage=SUBMITTED, job_id=job.id, job_status=job.status)
        self.report(self.store.progress())

    def _upload_call(self, shard: Shard) -> Call:
        source = file_source(str(self.store.input_path(shard.id)))
        source.filename = f"batch-{self.store.info.run_id}-{shard.id:06d}.jsonl"
        return Call(content=MultipartUpload([("purpose", "batch")], source), options=self.options)

    def _create_job(self, shard: Shard) -> Flow[BatchJobOut]:
        info = self.store.info
        assert shard.file_id is not None
        # Never retried blindly: a create that got no answer may have created the job.
        options: CallOptions = {**self.options, "retries": RetryConfig("none")}
        call = self.jobs._create(
            endpoint=cast("ApiEndpoint", info.endpoint),
            input_files=[shard.file_id],
            model=UNSET if info.model is None else info.model,
            agent_id=UNSET if info.agent_id is None else info.agent_id,
            metadata={**info.metadata, RUN_TAG: info.run_id, SHARD_TAG: str(shard.id)},
            timeout_hours=UNSET if info.timeout_hours is None else info.timeout_hours,
            **options,
        )
        for attempt in range(1, CREATE_ATTEMPTS + 1):
            shard = self.store.update_shard(shard.id, stage=CREATING, creating_since=time.time())
            try:
                created: BatchJobOut = yield Send(CREATE, call)
            except SDKError as exc:
                if not isinstance(exc, (ServerError, RateLimitError)):
                    # A refusal: the job does not exist, and a resumed run need not look.
                    self.store.update_shard(shard.id, stage=UPLOADED)
                    raise
                if attempt == CREATE_ATTEMPTS:
                    raise
                if isinstance(exc, ServerError):
                    found = yield from self._find_job(shard)
                    if found is not None:
                        return found
                yield Sleep(min(CREATE_BACKOFF * 2 ** (attempt - 1), 30.0))
            except NoResponseError:
                if attempt == CREATE_ATTEMPTS:
                    raise
                found = yield from self._find_job(shard)
                if found is not None:
                    return found
                yield Sleep(min(CREATE_BACKOFF * 2 ** (attempt - 1), 30.0))
            else:
                return created
        raise AssertionError("unreachable")

    def _find_job(self, shard: Shard) -> Flow[BatchJobOut | None]:
        """The job of a shard whose creation may have happened, waiting out the grace period
        of a creation that may still be under way."""
        since = shard.creating_since or time.time()
        while True:
            found = yield from self._lookup(shard, since)
            remaining = since + CREATE_GRACE - time.time()
            if found is not None or remaining <= 0:
                return found
            yield Sleep(min(1.0, remaining))

    def _lookup(self, shard: Shard, since: float) -> Flow[BatchJobOut | None]:
        tags = {RUN_TAG: self.store.info.run_id, SHARD_TAG: str(shard.id)}
        after = datetime.fromtimestamp(since - _LOOKUP_WINDOW, tz=timezone.utc)
        page = 0
        while True:
            listed = yield Send(
                LIST,
                self.jobs._list(
                    metadata=tags, created_after=after, page=page, page_size=100, **self.options
                ),
            )
            for job in listed.data:
                metadata = job.metadata or {}
                if all(metadata.get(key) == value for key, value in tags.items()):
                    return job  # type: ignore[no-any-return]
            page += 1
            if not listed.data or page * 100 >= listed.total:
                return None

    # -- waiting ---------------------------------------------------------------------------

    def _poll(self) -> Flow[bool]:
        """Read every running job once, collect those that ended; True if any did."""
        ended = False
        for shard in self.store.shards():
            if shard.stage == SUBMITTED:
                assert shard.job_id is not None
                job: BatchJobOut = yield Send(GET, self.jobs._get(shard.job_id, **self.options))
                shard = self.store.update_shard(
                    shard.id,
                    job_status=job.status,
                    completed=job.completed_requests,
                    succeeded=job.succeeded_requests,
                    failed=job.failed_requests,
                    **(
                        {
                            "stage": ENDED,
                            "output_file": job.output_file,
                            "error_file": job.error_file,
                            "job_errors": "; ".join(e.message for e in job.errors) or None,
                        }
                        if job.done
                        else {}
                    ),
                )
            if shard.stage == ENDED:
                yield from self._collect(shard)
                ended = True
        return ended

    def _collect(self, shard: Shard) -> Flow[None]:
        for file_id, source in ((shard.output_file, FROM_OUTPUT), (shard.error_file, FROM_ERRORS)):
            target = self.store.result_path(shard.id, source)
            if file_id and not target.exists():
                yield from self._download(file_id, target)
        yield Blocking(lambda: ingest(self.store, self.store.shard(shard.id)))

    def _download(self, file_id: str, target: Path) -> Flow[None]:
        call = Call(
            path_params={"file_id": file_id},
            headers=_DOWNLOAD_HEADERS,
            options=self.options,
        )
        for attempt in range(1, DOWNLOAD_ATTEMPTS + 1):
            try:
                yield Download(DOWNLOAD, call, target)
                return
            except (StreamError, NoResponseError):
                if attempt == DOWNLOAD_ATTEMPTS:
                    raise
                yield Sleep(float(attempt))

    def _round(self, interval: float) -> Flow[float]:
        """One poll of the jobs (and submission of new shards); the next interval."""
        ended = yield from self._poll()
        yield from self.submit()
        self.report(self.store.progress())
        if ended:
            return self.pace.interval
        yield Sleep(interval)
        return min(interval * 1.5, self.pace.max_interval)

    def wait(self) -> Flow[RunProgress]:
        """Until every request has its final outcome on disk (nothing handed out)."""
        yield from self.submit()
        interval = self.pace.interval
        while not self.store.progress().done:
            interval = yield from self._round(interval)
        progress = self.store.progress()
        self.report(progress)
        return progress

    # -- handing results out ---------------------------------------------------------------

    def results(
        self, order: Literal["input", "completion"], replay: bool, reader: ResultReader
    ) -> Flow[None]:
        """Hand out each result (yield it) once its shard has every final outcome: shard
        after shard in input order, or in the order shards finish. Without ``replay``, starts
        after the results already handed out by earlier iterations (or processes)."""
        yield from self.submit()
        cursor = _Cursor(self.store, {s.id: 0 if replay else s.delivered for s in self._home()})
        interval = self.pace.interval
        try:
            while True:
                yield from self._hand_out(order, reader, cursor)
                if all(cursor.positions[s.id] >= s.count for s in self._home()):
                    break
                interval = yield from self._round(interval)
        finally:
            cursor.checkpoint()
            reader.close()
        self.report(self.store.progress())

    def _home(self) -> list[Shard]:
        return [s for s in self.store.shards() if s.home]

    def _hand_out(self, order: str, reader: ResultReader, cursor: _Cursor) -> Flow[None]:
        for shard in self._home():
            if cursor.positions[shard.id] >= shard.count:
                continue
            if not shard.settled:
                if order == "input":
                    return
                continue
            while cursor.positions[shard.id] < shard.count:
                start = shard.first_idx + cursor.positions[shard.id]
                for row in self.store.result_rows(start, shard.end_idx, _PAGE):
                    yield reader.result(row)
                    # Asked for the next one: the caller is done with this one.
                    if cursor.advance(shard.id) % _REPORT_RESULTS == 0:
                        self.report(self.store.progress())

    # -- cancelling ------------------------------------------------------------------------

    def cancel(self) -> Flow[RunProgress]:
        """Ask the server to cancel every job of the run; shards not submitted never will be."""
        self.store.update_info(cancelled=True)
        for shard in self.store.shards():
            if shard.stage == CREATING:
                job = yield from self._find_job(shard)
                if job is not None:
                    shard = self.store.update_shard(
                        shard.id, stage=SUBMITTED, job_id=job.id, job_status=job.status
                    )
            if shard.stage in (SPOOLED, UPLOADED, CREATING):
                skip(self.store, shard, "not submitted: the run was cancelled")
            elif shard.stage == SUBMITTED and shard.job_id is not None:
                job = yield Send(CANCEL, self.jobs._cancel(shard.job_id, **self.options))
                self.store.update_shard(shard.id, job_status=job.status)
        settle(self.store)
        progress = self.store.progress()
        self.report(progress)
        return progress


class _Cursor:
    """How far one iteration got in each home shard, written to the state now and then (and
    when the iteration ends): a crash hands out again at most the results since then."""

    def __init__(self, store: RunStore, positions: dict[int, int]) -> None:
        self.store = store
        self.positions = positions
        self.handed_out = 0
        self._pending = 0
        self._written_at = time.monotonic()

    def advance(self, shard_id: int) -> int:
        """Count one more result of ``shard_id`` handed out; the iteration's total so far."""
        self.positions[shard_id] += 1
        self.handed_out += 1
        self._pending += 1
        if (
            self._pending >= _CHECKPOINT_RESULTS
            or time.monotonic() - self._written_at >= _CHECKPOINT_SECONDS
        ):
            self.checkpoint()
        return self.handed_out

    def checkpoint(self) -> None:
        self.store.set_delivered(self.positions)
        self._pending = 0
        self._written_at = time.monotonic()
