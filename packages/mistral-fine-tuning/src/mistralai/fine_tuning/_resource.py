"""``client.fine_tuning.jobs``: create and follow fine-tuning jobs."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

from typing_extensions import Unpack

from mistralai.fine_tuning.models import (
    ClassifierTargetIn,
    ClassifierTrainingParametersIn,
    CompletionTrainingParametersIn,
    CreateJobResult,
    DetailedJobOut,
    FineTuneableModelType,
    GithubRepositoryIn,
    JobIn,
    JobOut,
    JobsOut,
    JobStatus,
    TrainingFile,
    WandbIntegration,
)
from mistralai.types import UNSET, OptionalNullable, UnsetType, is_set
from mistralai.utils import (
    Call,
    CallOptions,
    NumberedPages,
    Operation,
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
    from mistralai._runtime import ClientRuntime

_JOBS = "/v1/fine_tuning/jobs"
LIST: Operation[JobsOut] = Operation(
    "jobs_api_routes_fine_tuning_get_fine_tuning_jobs", "GET", _JOBS, JobsOut
)
CREATE: Operation[CreateJobResult] = Operation(
    "jobs_api_routes_fine_tuning_create_fine_tuning_job", "POST", _JOBS, CreateJobResult
)
GET: Operation[DetailedJobOut] = Operation(
    "jobs_api_routes_fine_tuning_get_fine_tuning_job", "GET", _JOBS + "/{job_id}", DetailedJobOut
)
CANCEL: Operation[DetailedJobOut] = Operation(
    "jobs_api_routes_fine_tuning_cancel_fine_tuning_job",
    "POST",
    _JOBS + "/{job_id}/cancel",
    DetailedJobOut,
)
START: Operation[DetailedJobOut] = Operation(
    "jobs_api_routes_fine_tuning_start_fine_tuning_job",
    "POST",
    _JOBS + "/{job_id}/start",
    DetailedJobOut,
)

Hyperparameters = CompletionTrainingParametersIn | ClassifierTrainingParametersIn | dict[str, Any]


def _training_files(files: Sequence[TrainingFile | dict[str, Any] | str]) -> list[Any]:
    return [{"file_id": f} if isinstance(f, str) else f for f in files]


def _is_done(job: Any) -> bool:
    return bool(getattr(job, "done", True))


PAGES = NumberedPages[JobsOut, JobOut](
    lambda page: page.data, first=0, default_size=100, total=lambda page: page.total
)
"""How ``GET /v1/fine_tuning/jobs`` pages: ``page`` from 0, 100 jobs a page, with the ``total``."""


class FineTuningJobs(Resource):
    """Fine-tuning jobs (``/v1/fine_tuning/jobs``).

    >>> job = client.fine_tuning.jobs.create(model="open-mistral-7b",
    ...     training_files=[{"file_id": file_id, "weight": 1}],
    ...     hyperparameters={"training_steps": 10, "learning_rate": 1e-4})
    """

    def _create(
        self,
        *,
        model: str,
        training_files: Sequence[TrainingFile | dict[str, Any] | str] | UnsetType = UNSET,
        validation_files: OptionalNullable[Sequence[str]] = UNSET,
        hyperparameters: Hyperparameters | UnsetType = UNSET,
        suffix: OptionalNullable[str] = UNSET,
        integrations: OptionalNullable[Sequence[WandbIntegration | dict[str, Any]]] = UNSET,
        auto_start: bool | UnsetType = UNSET,
        invalid_sample_skip_percentage: float | UnsetType = UNSET,
        job_type: OptionalNullable[FineTuneableModelType] = UNSET,
        repositories: OptionalNullable[Sequence[GithubRepositoryIn | dict[str, Any]]] = UNSET,
        classifier_targets: OptionalNullable[Sequence[ClassifierTargetIn | dict[str, Any]]] = UNSET,
        dry_run: bool | None = None,
        **options: Unpack[CallOptions],
    ) -> Call:
        """Create a fine-tuning job (or, with ``dry_run=True``, only estimate its cost).

        :param model: the base model to fine-tune.
        :param training_files: file ids, or ``{"file_id": ..., "weight": ...}``.
        :param validation_files: file ids to validate on.
        :param hyperparameters: training steps, learning rate, epochs...; server defaults if
            left out.
        :param suffix: added to the fine-tuned model's name (18 characters at most).
        :param integrations: e.g. a :class:`~mistralai.fine_tuning.models.WandbIntegration`.
        :param auto_start: start as soon as validated (else call :meth:`start`).
        :param invalid_sample_skip_percentage: share of invalid samples to skip (0 to 0.5).
        :param job_type: ``"completion"`` or ``"classifier"``.
        :param repositories: GitHub repositories to train on.
        :param classifier_targets: the labels a classifier learns.
        :param dry_run: return the cost and duration estimates without creating a job.

        >>> job = client.fine_tuning.jobs.create(
        ...     model="open-mistral-7b", training_files=[{"file_id": file_id, "weight": 1}],
        ...     hyperparameters={"training_steps": 10, "learning_rate": 1e-4}, suffix="support")
        >>> job.status
        'QUEUED'
        """
        if is_set(training_files):
            training_files = _training_files(training_files)
        if not is_set(hyperparameters):
            hyperparameters = {}
        body = request_body(JobIn, locals())
        return Call(body=body, query={"dry_run": dry_run}, options=options)

    def _list(
        self,
        *,
        page: int | UnsetType = UNSET,
        page_size: int | UnsetType = UNSET,
        model: str | None = None,
        created_after: datetime | None = None,
        created_before: datetime | None = None,
        created_by_me: bool | UnsetType = UNSET,
        status: JobStatus | None = None,
        wandb_project: str | None = None,
        wandb_name: str | None = None,
        suffix: str | None = None,
        **options: Unpack[CallOptions],
    ) -> Call:
        """List fine-tuning jobs; every filter is optional.

        >>> client.fine_tuning.jobs.list(status="RUNNING", model="open-mistral-7b")
        """
        query = {
            "page": page,
            "page_size": page_size,
            "model": model,
            "created_after": created_after.isoformat() if created_after else None,
            "created_before": created_before.isoformat() if created_before else None,
            "created_by_me": created_by_me,
            "status": status,
            "wandb_project": wandb_project,
            "wandb_name": wandb_name,
            "suffix": suffix,
        }
        return Call(query=query, options=options)

    def _get(self, job_id: str, **options: Unpack[CallOptions]) -> Call:
        """Get a job with its events and checkpoints.

        >>> job = client.fine_tuning.jobs.get(job_id)
        >>> job.status, [event.name for event in job.events]
        """
        return Call(path_params={"job_id": job_id}, options=options)

    def _cancel(self, job_id: str, **options: Unpack[CallOptions]) -> Call:
        """Ask for a job to be cancelled.

        >>> client.fine_tuning.jobs.cancel(job_id).status
        'CANCELLATION_REQUESTED'
        """
        return Call(path_params={"job_id": job_id}, options=options)

    def _start(self, job_id: str, **options: Unpack[CallOptions]) -> Call:
        """Start a validated job that was created with ``auto_start=False``.

        >>> from mistralai.utils import poll
        >>> job = poll(lambda: client.fine_tuning.jobs.get(job_id), lambda j: j.status == "VALIDATED")
        >>> client.fine_tuning.jobs.start(job_id).status
        'RUNNING'
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
        >>> [len(page.data) for page in client.fine_tuning.jobs.list_pages(page_size=20)]
        """,
    )
    list_pages_async = async_pages(
        list_async,
        PAGES,
        example="""
        >>> [len(page.data) async for page in client.fine_tuning.jobs.list_pages_async(page_size=20)]
        """,
    )
    iter_all = sync_items(
        list,
        PAGES,
        example="""
        >>> failed = [job.id for job in client.fine_tuning.jobs.iter_all(status="FAILED")]
        """,
    )
    iter_all_async = async_items(
        list_async,
        PAGES,
        example="""
        >>> failed = [job.id async for job in client.fine_tuning.jobs.iter_all_async(status="FAILED")]
        """,
    )
    get = sync_operation(GET, _get)
    get_async = async_operation(GET, _get)
    cancel = sync_operation(CANCEL, _cancel)
    cancel_async = async_operation(CANCEL, _cancel)
    start = sync_operation(START, _start)
    start_async = async_operation(START, _start)

    def wait(
        self,
        job_id: str,
        *,
        poll_interval: float = 5.0,
        max_interval: float = 60.0,
        timeout: float | None = 24 * 3600.0,
        progress: Callable[[DetailedJobOut], None] | None = None,
    ) -> DetailedJobOut:
        """Poll a job, with backoff, until it succeeds, fails or is cancelled.

        Raises :class:`mistralai.errors.WaitTimeoutError` (holding the last job seen) after
        ``timeout`` seconds.

        >>> job = client.fine_tuning.jobs.create(
        ...     model="open-mistral-7b", training_files=[{"file_id": file_id, "weight": 1}],
        ...     hyperparameters={"training_steps": 10}, auto_start=True)
        >>> job = client.fine_tuning.jobs.wait(job.id, progress=lambda j: print(j.status))
        """
        return poll(
            lambda: self.get(job_id),
            _is_done,
            poll_interval=poll_interval,
            max_interval=max_interval,
            timeout=timeout,
            progress=progress,
        )

    async def wait_async(
        self,
        job_id: str,
        *,
        poll_interval: float = 5.0,
        max_interval: float = 60.0,
        timeout: float | None = 24 * 3600.0,
        progress: Callable[[DetailedJobOut], None] | None = None,
    ) -> DetailedJobOut:
        """Async twin of :meth:`wait`.

        >>> job = await client.fine_tuning.jobs.create_async(
        ...     model="open-mistral-7b", training_files=[{"file_id": file_id, "weight": 1}],
        ...     hyperparameters={"training_steps": 10}, auto_start=True)
        >>> job = await client.fine_tuning.jobs.wait_async(job.id)
        >>> job.status
        'SUCCESS'
        """
        return await poll_async(
            lambda: self.get_async(job_id),
            _is_done,
            poll_interval=poll_interval,
            max_interval=max_interval,
            timeout=timeout,
            progress=progress,
        )


class FineTuning(Resource):
    """``client.fine_tuning``: its jobs are ``client.fine_tuning.jobs``."""

    __slots__ = ("jobs",)

    def __init__(self, runtime: ClientRuntime) -> None:
        super().__init__(runtime)
        self.jobs = FineTuningJobs(runtime)
