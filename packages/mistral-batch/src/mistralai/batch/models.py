"""Models of the batch jobs API, and of ``client.batch.run``'s results and progress.

The API's own objects are pydantic models like every SDK model. The results of a run
(:class:`BatchResult`, :class:`BatchResultError`) and its :class:`RunProgress` are made on the
client, up to millions of times, so they are plain frozen dataclasses.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Generic, Literal, TypeAlias, TypeVar

from pydantic import Field

from mistralai.types import MistralModel, Nullable

BatchJobStatus: TypeAlias = Literal[
    "QUEUED",
    "RUNNING",
    "SUCCESS",
    "FAILED",
    "TIMEOUT_EXCEEDED",
    "CANCELLATION_REQUESTED",
    "CANCELLED",
]
TERMINAL_STATUSES: frozenset[str] = frozenset(
    {"SUCCESS", "FAILED", "TIMEOUT_EXCEEDED", "CANCELLED"}
)
ApiEndpoint: TypeAlias = Literal[
    "/v1/chat/completions",
    "/v1/embeddings",
    "/v1/fim/completions",
    "/v1/moderations",
    "/v1/chat/moderations",
    "/v1/ocr",
    "/v1/classifications",
    "/v1/chat/classifications",
    "/v1/conversations",
    "/v1/audio/transcriptions",
]


class BatchRequest(MistralModel):
    """One inline request of a batch: the body of a call to the batch's endpoint."""

    body: dict[str, Any]
    custom_id: Nullable[str] = None


class BatchJobIn(MistralModel):
    """The body of ``POST /v1/batch/jobs``."""

    endpoint: ApiEndpoint
    input_files: Nullable[list[str]] = None
    requests: Nullable[list[BatchRequest]] = None
    model: Nullable[str] = None
    agent_id: Nullable[str] = None
    metadata: Nullable[dict[str, str]] = None
    timeout_hours: int | None = None


class BatchError(MistralModel):
    """An error of some requests of a batch."""

    message: str
    count: int = 1


class BatchJobOut(MistralModel):
    """A batch job and its progress. ``status`` stays a plain string for new states."""

    id: str
    status: str
    endpoint: str | None = None
    object: str = "batch"
    input_files: list[str] = Field(default_factory=list)
    metadata: dict[str, Any] | None = None
    model: str | None = None
    agent_id: str | None = None
    output_file: str | None = None
    error_file: str | None = None
    errors: list[BatchError] = Field(default_factory=list)
    outputs: list[dict[str, Any]] | None = None
    created_at: int | None = None
    total_requests: int = 0
    completed_requests: int = 0
    succeeded_requests: int = 0
    failed_requests: int = 0
    started_at: int | None = None
    completed_at: int | None = None

    @property
    def done(self) -> bool:
        """Whether the job reached a terminal state."""
        return self.status in TERMINAL_STATUSES


class BatchJobsOut(MistralModel):
    """A page of batch jobs."""

    data: list[BatchJobOut] = Field(default_factory=list)
    object: str = "list"
    total: int = 0


class BatchFileOut(MistralModel):
    """A file uploaded for a run (the answer of ``POST /v1/files``, the fields a run reads)."""

    id: str
    bytes: int | None = None
    filename: str | None = None


R = TypeVar("R")

RETRYABLE_STATUSES: frozenset[int] = frozenset({408, 429, 500, 502, 503, 504})


@dataclass(frozen=True, slots=True)
class BatchResultError:
    """Why one request of a run failed.

    ``status_code`` is the HTTP status its line carried (None when the request got no
    answer: its job failed, timed out or was cancelled first); ``code`` the API's error code;
    ``body`` the error body the endpoint answered, when there is one.
    """

    message: str
    status_code: int | None = None
    code: str | None = None
    body: Any = None

    @property
    def retryable(self) -> bool:
        """Whether sending the request again may succeed: it got no answer, or 408, 429 or 5xx."""
        status = self.status_code
        return status is None or status in RETRYABLE_STATUSES or status >= 500


@dataclass(frozen=True, slots=True)
class BatchResult(Generic[R]):
    """The outcome of one request of ``client.batch.run``, paired with its input.

    ``index`` is the request's position in the input (from 0) and ``custom_id`` its id (the
    one you gave, else the position as a string). ``response`` is what the endpoint answered:
    the JSON body as a dict, or the model passed as ``results(response_model=...)``; None when
    the request failed, and then ``error`` says why. ``attempts`` counts how many times the
    request was submitted (more than one with ``retry_failed``). ``raw`` is the result line as
    the API wrote it.

    >>> for result in run:
    ...     print(result.custom_id, result.response["choices"][0]["message"]["content"]
    ...           if result.ok else result.error.message)
    """

    index: int
    custom_id: str
    response: R | None
    error: BatchResultError | None = None
    attempts: int = 1
    raw: dict[str, Any] | None = None

    @property
    def ok(self) -> bool:
        """Whether the request was answered successfully."""
        return self.error is None


@dataclass(frozen=True, slots=True)
class RunProgress:
    """Where a run stands, counted in requests (and in jobs for ``jobs`` / ``jobs_finished``).

    - ``submitted``: requests in jobs created on the server;
    - ``completed``: requests the server has run (each counted once, retries aside);
    - ``succeeded`` / ``failed``: of those, answered / failed in their latest attempt;
    - ``retried``: requests submitted again after a failure (``retry_failed``);
    - ``delivered``: results handed out by iterating the run;
    - ``done``: every request has its final outcome on disk.
    """

    total: int
    submitted: int
    completed: int
    succeeded: int
    failed: int
    retried: int
    delivered: int
    jobs: int
    jobs_finished: int
    done: bool
    cancelled: bool = False


__all__ = [
    "ApiEndpoint",
    "BatchError",
    "BatchFileOut",
    "BatchJobIn",
    "BatchJobOut",
    "BatchJobStatus",
    "BatchJobsOut",
    "BatchRequest",
    "BatchResult",
    "BatchResultError",
    "RunProgress",
    "TERMINAL_STATUSES",
]
