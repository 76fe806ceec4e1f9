"""``client.batch.jobs``: run many requests asynchronously at a lower price."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

from typing_extensions import Unpack

from mistralai.batch.models import (
    ApiEndpoint,
    BatchJobIn,
    BatchJobOut,
    BatchJobsOut,
    BatchJobStatus,
    BatchRequest,
)
from mistralai.types import UNSET, OptionalNullable, UnsetType
from mistralai.utils import (
    Call,
    CallOptions,
    Operation,
    Resource,
    async_operation,
    poll,
    poll_async,
    request_body,
    sync_operation,
)

if TYPE_CHECKING:
    from mistralai._runtime import ClientRuntime

LIST: Operation[BatchJobsOut] = Operation(
    "jobs_api_routes_batch_get_batch_jobs", "GET", "/v1/batch/jobs", BatchJobsOut
)
CREATE: Operation[BatchJobOut] = Operation(
    "jobs_api_routes_batch_create_batch_job", "POST", "/v1/batch/jobs", BatchJobOut
)
GET: Operation[BatchJobOut] = Operation(
    "jobs_api_routes_batch_get_batch_job", "GET", "/v1/batch/jobs/{job_id}", BatchJobOut
)
CANCEL: Operation[BatchJobOut] = Operation(
    "jobs_api_routes_batch_cancel_batch_job", "POST", "/v1/batch/jobs/{job_id}/cancel", BatchJobOut
)


class BatchJobs(Resource):
    """Batch jobs (``/v1/batch/jobs``).

    >>> job = client.batch.jobs.create(input_files=[file_id], endpoint="/v1/chat/completions",  # doctest: +SKIP
    ...                                model="mistral-small-latest")
    >>> job = client.batch.jobs.wait(job.id)  # doctest: +SKIP
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
        order_by: str | UnsetType = UNSET,
        **options: Unpack[CallOptions],
    ) -> Call:
        """List batch jobs, newest first; every filter is optional.

        >>> client.batch.jobs.list(status=["RUNNING"], page_size=20)  # doctest: +SKIP
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
        """Get a batch job; ``inline=True`` includes the outputs of inline requests."""
        return Call(path_params={"job_id": job_id}, query={"inline": inline}, options=options)

    def _cancel(self, job_id: str, **options: Unpack[CallOptions]) -> Call:
        """Ask for a batch job to be cancelled."""
        return Call(path_params={"job_id": job_id}, options=options)

    create = sync_operation(CREATE, _create)
    create_async = async_operation(CREATE, _create)
    list = sync_operation(LIST, _list)
    list_async = async_operation(LIST, _list)
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

        >>> job = client.batch.jobs.wait(job.id, progress=lambda j: print(j.completed_requests))  # doctest: +SKIP
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
        """Async twin of :meth:`wait`."""
        return await poll_async(
            lambda: self.get_async(job_id),
            lambda job: job.done,
            poll_interval=poll_interval,
            max_interval=max_interval,
            timeout=timeout,
            progress=progress,
        )


class Batch(Resource):
    """``client.batch``: the batch API; its jobs are ``client.batch.jobs``."""

    __slots__ = ("jobs",)

    def __init__(self, runtime: ClientRuntime) -> None:
        super().__init__(runtime)
        self.jobs = BatchJobs(runtime)
