"""``client.batch.jobs``: run many requests asynchronously at a lower price."""

from __future__ import annotations

import os
from collections.abc import AsyncIterable, Callable, Iterable, Mapping, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any, Literal, Union

from typing_extensions import Unpack

from mistralai.batch._operations import CANCEL, CREATE, GET, LIST
from mistralai.batch.models import (
    ApiEndpoint,
    BatchJobIn,
    BatchJobOut,
    BatchJobsOut,
    BatchJobStatus,
    BatchRequest,
)
from mistralai.errors import RequestValidationError
from mistralai.types import UNSET, OptionalNullable, UnsetType
from mistralai.utils import (
    Call,
    CallOptions,
    NumberedPages,
    Resource,
    async_items,
    async_operation,
    async_pages,
    poll,
    poll_async,
    request_body,
    sync_items,
    sync_operation,
    sync_pages,
)

if TYPE_CHECKING:
    from pathlib import Path

    import pydantic

    from mistralai._runtime import ClientRuntime
    from mistralai.batch._flow import Pace
    from mistralai.batch._run import AsyncBatchRun, BatchRun, ProgressCallback, ProgressDisplay
    from mistralai.batch._start import Settings

MAX_REQUESTS_PER_JOB = 100_000
"""The default cap on requests per job of ``run``: the maximum Mistral documents for a
batch job."""
MAX_BYTES_PER_FILE = 500_000_000
"""The default cap on the bytes of one input file of ``run``: just under the documented
512 MB limit of an upload, whichever way MB is counted."""

RunRequest = Union["BatchRequest", Mapping[str, Any], "pydantic.BaseModel"]
"""One request of ``run``: ``{"custom_id": ..., "body": {...}}``, the body itself, a
``BatchRequest`` or a request model."""
RunRequests = Union[Iterable[RunRequest], AsyncIterable[RunRequest], str, "os.PathLike[str]"]
"""What ``run`` accepts: any iterable of requests (an async one for ``run_async``), or the
path of a JSONL file of requests."""


PAGES = NumberedPages[BatchJobsOut, BatchJobOut](
    lambda page: page.data, first=0, default_size=100, total=lambda page: page.total
)
"""How ``GET /v1/batch/jobs`` pages: ``page`` from 0, 100 jobs a page, with the ``total``."""


class BatchJobs(Resource):
    """Batch jobs (``/v1/batch/jobs``).

    >>> job = client.batch.jobs.create(input_files=[file_id], endpoint="/v1/chat/completions",
    ...                                model="mistral-small-latest")
    >>> job = client.batch.jobs.wait(job.id)
    """

    def _create(
        self,
        *,
        endpoint: ApiEndpoint,
        input_files: OptionalNullable[Sequence[str]] = UNSET,
        requests: OptionalNullable[Sequence[BatchRequest | dict[str, Any]]] = UNSET,
        model: OptionalNullable[str] = UNSET,
        agent_id: OptionalNullable[str] = UNSET,
        metadata: OptionalNullable[Mapping[str, str]] = UNSET,
        timeout_hours: int | UnsetType = UNSET,
        **options: Unpack[CallOptions],
    ) -> Call:
        """Create a batch job from uploaded input files or inline requests.

        :param endpoint: the API the requests go to, e.g. ``"/v1/chat/completions"``.
        :param input_files: ids of uploaded JSONL files (purpose ``batch``).
        :param requests: inline requests (up to 10,000), each ``{"body": ..., "custom_id": ...}``.
        :param model: the model to run them with, or ``agent_id``.
        :param agent_id: the agent to run them with.
        :param metadata: string key-value pairs stored with the job.
        :param timeout_hours: cancel the job if it runs longer (default 24).

        >>> job = client.batch.jobs.create(
        ...     endpoint="/v1/chat/completions", model="mistral-small-latest",
        ...     requests=[{"custom_id": "1", "body": {"messages": [{"role": "user", "content": "Hi"}]}}])
        >>> job.status
        'QUEUED'
        """
        return Call(body=request_body(BatchJobIn, locals()), options=options)

    def _list(
        self,
        *,
        page: int | UnsetType = UNSET,
        page_size: int | UnsetType = UNSET,
        model: str | None = None,
        agent_id: str | None = None,
        metadata: Mapping[str, Any] | None = None,
        created_after: datetime | None = None,
        created_by_me: bool | UnsetType = UNSET,
        status: Sequence[BatchJobStatus] | None = None,
        order_by: Literal["created", "-created"] | UnsetType = UNSET,
        **options: Unpack[CallOptions],
    ) -> Call:
        """List batch jobs, newest first; every filter is optional.

        >>> client.batch.jobs.list(status=["RUNNING"], page_size=20)
        """
        query = {
            "page": page,
            "page_size": page_size,
            "model": model,
            "agent_id": agent_id,
            "created_after": created_after.isoformat() if created_after else None,
            "created_by_me": created_by_me,
            "status": list(status) if status else None,
            "order_by": order_by,
        }
        # The spec declares metadata an exploded object: each key is its own query parameter.
        query.update(metadata or {})
        return Call(query=query, options=options)

    def _get(
        self, job_id: str, *, inline: bool | None = None, **options: Unpack[CallOptions]
    ) -> Call:
        """Get a batch job; ``inline=True`` includes the outputs of inline requests.

        >>> job = client.batch.jobs.get(batch_job_id)
        >>> job.status, job.completed_requests
        """
        return Call(path_params={"job_id": job_id}, query={"inline": inline}, options=options)

    def _cancel(self, job_id: str, **options: Unpack[CallOptions]) -> Call:
        """Ask for a batch job to be cancelled.

        >>> client.batch.jobs.cancel(batch_job_id).status
        'CANCELLATION_REQUESTED'
        """
        return Call(path_params={"job_id": job_id}, options=options)

    create = sync_operation(CREATE, _create)
    create_async = async_operation(CREATE, _create)
    list = sync_operation(LIST, _list)
    list_async = async_operation(LIST, _list)
    list_pages = sync_pages(
        list,
        PAGES,
        example="""
        >>> [len(page.data) for page in client.batch.jobs.list_pages(page_size=20)]
        """,
    )
    list_pages_async = async_pages(
        list_async,
        PAGES,
        example="""
        >>> [len(page.data) async for page in client.batch.jobs.list_pages_async(page_size=20)]
        """,
    )
    iter_all = sync_items(
        list,
        PAGES,
        example="""
        >>> running = [job.id for job in client.batch.jobs.iter_all(status=["RUNNING"])]
        """,
    )
    iter_all_async = async_items(
        list_async,
        PAGES,
        example="""
        >>> running = [job.id async for job in client.batch.jobs.iter_all_async(status=["RUNNING"])]
        """,
    )
    get = sync_operation(GET, _get)
    get_async = async_operation(GET, _get)
    cancel = sync_operation(CANCEL, _cancel)
    cancel_async = async_operation(CANCEL, _cancel)

    def wait(
        self,
        job_id: str,
        *,
        poll_interval: float = 2.0,
        max_interval: float = 30.0,
        timeout: float | None = 3600.0,
        progress: Callable[[BatchJobOut], None] | None = None,
    ) -> BatchJobOut:
        """Poll a job, with backoff, until it succeeds, fails, times out or is cancelled.

        Raises :class:`mistralai.errors.WaitTimeoutError` (holding the last job seen) after
        ``timeout`` seconds.

        >>> job = client.batch.jobs.wait(batch_job_id, progress=lambda j: print(j.status))
        """
        return poll(
            lambda: self.get(job_id),
            lambda job: job.done,
            poll_interval=poll_interval,
            max_interval=max_interval,
            timeout=timeout,
            progress=progress,
        )

    async def wait_async(
        self,
        job_id: str,
        *,
        poll_interval: float = 2.0,
        max_interval: float = 30.0,
        timeout: float | None = 3600.0,
        progress: Callable[[BatchJobOut], None] | None = None,
    ) -> BatchJobOut:
        """Async twin of :meth:`wait`.

        >>> job = await client.batch.jobs.wait_async(batch_job_id)
        >>> job.status
        'SUCCESS'
        """
        return await poll_async(
            lambda: self.get_async(job_id),
            lambda job: job.done,
            poll_interval=poll_interval,
            max_interval=max_interval,
            timeout=timeout,
            progress=progress,
        )


class Batch(Resource):
    """``client.batch``: the batch API. ``run`` sends any number of requests through it and
    hands back their results; ``client.batch.jobs`` manages single jobs.

    >>> run = client.batch.run(prompts, endpoint="/v1/chat/completions",
    ...                        model="mistral-small-latest", state="runs/prompts")
    >>> for result in run:
    ...     print(result.custom_id, result.ok)
    """

    __slots__ = ("jobs",)

    def __init__(self, runtime: ClientRuntime) -> None:
        super().__init__(runtime)
        self.jobs = BatchJobs(runtime)

    def run(
        self,
        requests: RunRequests,
        *,
        endpoint: ApiEndpoint,
        model: str | None = None,
        agent_id: str | None = None,
        state: str | os.PathLike[str] | None = None,
        metadata: Mapping[str, str] | None = None,
        timeout_hours: int | None = None,
        retry_failed: int = 0,
        order: Literal["input", "completion"] = "input",
        max_requests_per_job: int = MAX_REQUESTS_PER_JOB,
        max_bytes_per_file: int = MAX_BYTES_PER_FILE,
        poll_interval: float = 5.0,
        max_poll_interval: float = 60.0,
        on_progress: ProgressCallback | None = None,
        progress_bar: bool | None = None,
        **options: Unpack[CallOptions],
    ) -> BatchRun:
        """Run any number of requests through the Batch API; iterate the run for the results.

        The requests are written to JSONL files on disk as they are read (never held in
        memory), split so that no job passes ``max_requests_per_job`` requests or
        ``max_bytes_per_file`` bytes, uploaded, and one job is created per file. Iterating
        the returned :class:`~mistralai.batch.BatchRun` waits for the jobs, downloads their
        output and error files as they end, and yields a
        :class:`~mistralai.batch.models.BatchResult` per request, paired with its index and
        ``custom_id``, in input order (or, with ``order="completion"``, job by job as they
        end).

        With ``state="some/folder"`` the run survives its process: run the same call again,
        or ``client.batch.resume("some/folder")``, and it carries on without submitting
        anything twice and after the last result handed out. Without it the state lives in
        a temporary folder, removed when the run is closed or garbage collected.

        :param requests: an iterable of requests (each ``{"custom_id": ..., "body": {...}}``,
            the body alone, a ``BatchRequest`` or a request model), or the path of a JSONL
            file of them. Requests without a ``custom_id`` are named by their position.
        :param endpoint: the API every request goes to, e.g. ``"/v1/embeddings"``.
        :param model: the model for every request (or ``agent_id``).
        :param state: a folder for the run's state, to resume it after a crash.
        :param metadata: string pairs stored with each job (the run adds its own two).
        :param timeout_hours: the server cancels a job that runs longer (its default: 24).
        :param retry_failed: how many times a request that failed without an answer or
            with 408, 429 or 5xx is submitted again before its failure is reported.
        :param order: ``"input"`` or ``"completion"``, the default of iterating.
        :param max_requests_per_job: requests per job, at most (Mistral documents 100,000).
        :param max_bytes_per_file: bytes per uploaded file, at most (Mistral documents 512 MB).
        :param poll_interval: seconds between polls of the jobs, growing by half while
            nothing ends, up to ``max_poll_interval``.
        :param on_progress: called with a :class:`~mistralai.batch.models.RunProgress`
            whenever the run moves.
        :param progress_bar: draw a tqdm bar (``pip install 'mistral-batch[progress]'``);
            by default, when tqdm is installed and standard error is a terminal.
        :param options: per-call ``retries``, ``server_url``, ``timeout_ms``,
            ``http_headers`` for every request the run sends.
        :raises RequestValidationError: for an unknown endpoint, a request lacking a field
            its endpoint requires, a reused ``custom_id``, a JSONL path that does not
            exist... before anything is sent.

        >>> prompts = ({"custom_id": f"q{i}", "body": {"messages": [
        ...     {"role": "user", "content": question}]}} for i, question in enumerate(questions))
        >>> with client.batch.run(prompts, endpoint="/v1/chat/completions",
        ...                       model="mistral-small-latest", state="runs/questions") as run:
        ...     for result in run:
        ...         print(result.custom_id, result.response["choices"][0]["message"]["content"]
        ...               if result.ok else result.error.message)
        """
        from mistralai.batch import _start
        from mistralai.batch._run import BatchRun

        settings, pace, path, display = self._check(locals())
        opened = _start.open_state(state, settings)
        if opened.fresh:
            _start.spool(opened, requests, path)
        run = BatchRun(
            self._runtime,
            opened.store,
            temporary=opened.temporary,
            order=order,
            pace=pace,
            options=options,
            display=display,
        )
        try:
            run._submit()
        except BaseException:
            # The state stays on disk (given a folder) for resume(); let go of it here.
            run.close()
            raise
        return run

    async def run_async(
        self,
        requests: RunRequests,
        *,
        endpoint: ApiEndpoint,
        model: str | None = None,
        agent_id: str | None = None,
        state: str | os.PathLike[str] | None = None,
        metadata: Mapping[str, str] | None = None,
        timeout_hours: int | None = None,
        retry_failed: int = 0,
        order: Literal["input", "completion"] = "input",
        max_requests_per_job: int = MAX_REQUESTS_PER_JOB,
        max_bytes_per_file: int = MAX_BYTES_PER_FILE,
        poll_interval: float = 5.0,
        max_poll_interval: float = 60.0,
        on_progress: ProgressCallback | None = None,
        progress_bar: bool | None = None,
        **options: Unpack[CallOptions],
    ) -> AsyncBatchRun:
        """Async twin of :meth:`run`; ``requests`` may also be an async iterable.

        >>> async def bodies():
        ...     for text in texts:
        ...         yield {"input": text}
        >>> run = await client.batch.run_async(bodies(), endpoint="/v1/embeddings",
        ...                                    model="mistral-embed")
        >>> async for result in run:
        ...     print(result.index, result.ok)
        """
        from mistralai.batch import _start
        from mistralai.batch._run import AsyncBatchRun

        settings, pace, path, display = self._check(locals())
        opened = _start.open_state(state, settings)
        if opened.fresh:
            await _start.spool_async(opened, requests, path)
        run = AsyncBatchRun(
            self._runtime,
            opened.store,
            temporary=opened.temporary,
            order=order,
            pace=pace,
            options=options,
            display=display,
        )
        try:
            await run._submit()
        except BaseException:
            # The state stays on disk (given a folder) for resume(); let go of it here.
            run.close()
            raise
        return run

    def resume(
        self,
        state: str | os.PathLike[str],
        *,
        order: Literal["input", "completion"] = "input",
        poll_interval: float = 5.0,
        max_poll_interval: float = 60.0,
        on_progress: ProgressCallback | None = None,
        progress_bar: bool | None = None,
        **options: Unpack[CallOptions],
    ) -> BatchRun:
        """Pick up the run whose state is in ``state``, in this process or another.

        Sends nothing by itself. Iterating (or ``wait()``) first submits what was not
        submitted yet, finding the jobs a dead process created but did not record, then
        carries on after the results already handed out; ``cancel()`` stops the run
        without submitting anything more. The run keeps the settings it was started with.

        >>> run = client.batch.run(requests, endpoint="/v1/chat/completions",
        ...                        model="mistral-small-latest", state="runs/questions")
        >>> run.close()  # or the process died: the run is on disk
        >>> with client.batch.resume("runs/questions") as run:
        ...     for result in run:
        ...         save(result)
        """
        from mistralai.batch import _start
        from mistralai.batch._run import BatchRun

        pace, display = self._check_resume(
            order, poll_interval, max_poll_interval, on_progress, progress_bar
        )
        store = _start.open_existing(state)
        return BatchRun(
            self._runtime,
            store,
            temporary=False,
            order=order,
            pace=pace,
            options=options,
            display=display,
        )

    async def resume_async(
        self,
        state: str | os.PathLike[str],
        *,
        order: Literal["input", "completion"] = "input",
        poll_interval: float = 5.0,
        max_poll_interval: float = 60.0,
        on_progress: ProgressCallback | None = None,
        progress_bar: bool | None = None,
        **options: Unpack[CallOptions],
    ) -> AsyncBatchRun:
        """Async twin of :meth:`resume`.

        >>> run = client.batch.run(requests, endpoint="/v1/chat/completions",
        ...                        model="mistral-small-latest", state="runs/questions")
        >>> run.close()
        >>> async with await client.batch.resume_async("runs/questions") as run:
        ...     async for result in run:
        ...         print(result.custom_id, result.ok)
        """
        from mistralai.batch import _start
        from mistralai.batch._run import AsyncBatchRun

        pace, display = self._check_resume(
            order, poll_interval, max_poll_interval, on_progress, progress_bar
        )
        store = _start.open_existing(state)
        return AsyncBatchRun(
            self._runtime,
            store,
            temporary=False,
            order=order,
            pace=pace,
            options=options,
            display=display,
        )

    @staticmethod
    def _check(
        params: Mapping[str, Any],
    ) -> tuple[Settings, Pace, Path | None, ProgressDisplay]:
        """The checked arguments of ``run`` / ``run_async`` (before anything is written)."""
        from mistralai.batch import _start

        settings = _start.check_settings(
            endpoint=params["endpoint"],
            model=params["model"],
            agent_id=params["agent_id"],
            metadata=params["metadata"],
            timeout_hours=params["timeout_hours"],
            retry_failed=params["retry_failed"],
            max_requests_per_job=params["max_requests_per_job"],
            max_bytes_per_file=params["max_bytes_per_file"],
        )
        pace, display = Batch._check_resume(
            params["order"],
            params["poll_interval"],
            params["max_poll_interval"],
            params["on_progress"],
            params["progress_bar"],
        )
        path = _start.check_requests(params["requests"])
        return settings, pace, path, display

    @staticmethod
    def _check_resume(
        order: str,
        poll_interval: float,
        max_poll_interval: float,
        on_progress: ProgressCallback | None,
        progress_bar: bool | None,
    ) -> tuple[Pace, ProgressDisplay]:
        from mistralai.batch import _start
        from mistralai.batch._run import ProgressDisplay

        if order not in ("input", "completion"):
            raise RequestValidationError(f"order must be 'input' or 'completion', not {order!r}")
        pace = _start.check_pace(poll_interval, max_poll_interval)
        return pace, ProgressDisplay(on_progress, progress_bar)
