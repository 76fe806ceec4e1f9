"""Models of the batch jobs API."""

from __future__ import annotations

from typing import Any, Literal, TypeAlias

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


__all__ = [
    "ApiEndpoint",
    "BatchError",
    "BatchJobIn",
    "BatchJobOut",
    "BatchJobStatus",
    "BatchJobsOut",
    "BatchRequest",
    "TERMINAL_STATUSES",
]
