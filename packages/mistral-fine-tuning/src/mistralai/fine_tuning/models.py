"""Models of the fine-tuning jobs API."""

from __future__ import annotations

from typing import Annotated, Any, Literal, TypeAlias, Union

from pydantic import Discriminator, Field, Tag

from mistralai.models import ClassifierTargetOut
from mistralai.types import MistralModel, Nullable, UnknownVariant, tag_or_unknown

JobStatus: TypeAlias = Literal[
    "QUEUED", "STARTED", "VALIDATING", "VALIDATED", "RUNNING", "FAILED_VALIDATION",
    "FAILED", "SUCCESS", "CANCELLED", "CANCELLATION_REQUESTED",
]  # fmt: skip
TERMINAL_STATUSES: frozenset[str] = frozenset(
    {"FAILED_VALIDATION", "FAILED", "SUCCESS", "CANCELLED"}
)
FineTuneableModelType: TypeAlias = Literal["completion", "classifier"]


class TrainingFile(MistralModel):
    """An uploaded training file (purpose ``fine-tune``) and its weight in the mix."""

    file_id: str
    weight: float | None = None


class CompletionTrainingParametersIn(MistralModel):
    """Hyperparameters of a completion fine-tune."""

    training_steps: Nullable[int] = None
    learning_rate: float | None = None
    weight_decay: Nullable[float] = None
    warmup_fraction: Nullable[float] = None
    epochs: Nullable[float] = None
    seq_len: Nullable[int] = None
    fim_ratio: Nullable[float] = None


class ClassifierTrainingParametersIn(MistralModel):
    """Hyperparameters of a classifier fine-tune."""

    training_steps: Nullable[int] = None
    learning_rate: float | None = None
    weight_decay: Nullable[float] = None
    warmup_fraction: Nullable[float] = None
    epochs: Nullable[float] = None
    seq_len: Nullable[int] = None


class WandbIntegration(MistralModel):
    """Report training metrics to Weights & Biases (the key is never shown in reprs)."""

    project: str
    api_key: str = Field(repr=False)
    name: Nullable[str] = None
    run_name: Nullable[str] = None
    type: Literal["wandb"] = "wandb"


class GithubRepositoryIn(MistralModel):
    """A GitHub repository to train on (the token is never shown in reprs)."""

    name: str
    owner: str
    token: str = Field(repr=False)
    ref: Nullable[str] = None
    weight: float | None = None
    type: Literal["github"] = "github"


class ClassifierTargetIn(MistralModel):
    """A label set a classifier learns."""

    name: str
    labels: list[str]
    weight: float | None = None
    loss_function: Nullable[str] = None


class JobIn(MistralModel):
    """The body of ``POST /v1/fine_tuning/jobs``."""

    model: str
    hyperparameters: Union[
        CompletionTrainingParametersIn, ClassifierTrainingParametersIn, dict[str, Any]
    ]
    training_files: list[TrainingFile] | None = None
    validation_files: Nullable[list[str]] = None
    suffix: Nullable[str] = None
    integrations: Nullable[list[WandbIntegration]] = None
    auto_start: bool | None = None
    invalid_sample_skip_percentage: float | None = None
    job_type: Nullable[FineTuneableModelType] = None
    repositories: Nullable[list[GithubRepositoryIn]] = None
    classifier_targets: Nullable[list[ClassifierTargetIn]] = None


class CompletionTrainingParameters(MistralModel):
    """The hyperparameters a completion job runs with (``job.hyperparameters.epochs``)."""

    training_steps: int | None = None
    learning_rate: float | None = None
    weight_decay: float | None = None
    warmup_fraction: float | None = None
    epochs: float | None = None
    seq_len: int | None = None
    fim_ratio: float | None = None


class ClassifierTrainingParameters(MistralModel):
    """The hyperparameters a classifier job runs with."""

    training_steps: int | None = None
    learning_rate: float | None = None
    weight_decay: float | None = None
    warmup_fraction: float | None = None
    epochs: float | None = None
    seq_len: int | None = None


class WandbIntegrationOut(MistralModel):
    """A job's Weights & Biases integration, as the API shows it (no key)."""

    project: str
    name: str | None = None
    run_name: str | None = None
    url: str | None = None
    type: Literal["wandb"] = "wandb"


class GithubRepositoryOut(MistralModel):
    """A repository a job trains on, as the API shows it (no token)."""

    name: str
    owner: str
    ref: str | None = None
    weight: float | None = None
    commit_id: str | None = None
    type: Literal["github"] = "github"


Integration: TypeAlias = Annotated[
    Union[
        Annotated[WandbIntegrationOut, Tag("wandb")],
        Annotated[UnknownVariant, Tag("unknown")],
    ],
    Discriminator(tag_or_unknown("type", WandbIntegrationOut)),
]
"""An integration of a job; a kind this SDK does not know is kept as an UnknownVariant."""

Repository: TypeAlias = Annotated[
    Union[
        Annotated[GithubRepositoryOut, Tag("github")],
        Annotated[UnknownVariant, Tag("unknown")],
    ],
    Discriminator(tag_or_unknown("type", GithubRepositoryOut)),
]
"""A repository of a job; a kind this SDK does not know is kept as an UnknownVariant."""


class MetricOut(MistralModel):
    """Losses and accuracy measured at a checkpoint."""

    train_loss: float | None = None
    valid_loss: float | None = None
    valid_mean_token_accuracy: float | None = None


class JobMetadataOut(MistralModel):
    """Cost and duration estimates of a job."""

    expected_duration_seconds: int | None = None
    cost: float | None = None
    cost_currency: str | None = None
    train_tokens_per_step: int | None = None
    train_tokens: int | None = None
    data_tokens: int | None = None
    estimated_start_time: int | None = None


class EventOut(MistralModel):
    """Something that happened to a job."""

    name: str
    created_at: int | None = None
    data: dict[str, Any] | None = None


class CheckpointOut(MistralModel):
    """A training checkpoint with its metrics."""

    step_number: int | None = None
    created_at: int | None = None
    metrics: MetricOut = Field(default_factory=MetricOut)


class _JobOut(MistralModel):
    id: str
    status: str
    model: str | None = None
    auto_start: bool | None = None
    created_at: int | None = None
    modified_at: int | None = None
    training_files: list[str] = Field(default_factory=list)
    validation_files: list[str] | None = None
    object: str = "job"
    fine_tuned_model: str | None = None
    suffix: str | None = None
    integrations: list[Integration] | None = None
    trained_tokens: int | None = None
    metadata: JobMetadataOut | None = None

    @property
    def done(self) -> bool:
        """Whether the job reached a terminal state."""
        return self.status in TERMINAL_STATUSES


class CompletionJobOut(_JobOut):
    """A completion fine-tuning job."""

    job_type: Literal["completion"] = "completion"
    hyperparameters: CompletionTrainingParameters = Field(
        default_factory=CompletionTrainingParameters
    )
    repositories: list[Repository] = Field(default_factory=list)


class ClassifierJobOut(_JobOut):
    """A classifier fine-tuning job."""

    job_type: Literal["classifier"] = "classifier"
    hyperparameters: ClassifierTrainingParameters = Field(
        default_factory=ClassifierTrainingParameters
    )


class CompletionDetailedJobOut(CompletionJobOut):
    """A completion job with its events and checkpoints."""

    events: list[EventOut] = Field(default_factory=list)
    checkpoints: list[CheckpointOut] = Field(default_factory=list)


class ClassifierDetailedJobOut(ClassifierJobOut):
    """A classifier job with its events and checkpoints."""

    classifier_targets: list[ClassifierTargetOut] = Field(default_factory=list)
    events: list[EventOut] = Field(default_factory=list)
    checkpoints: list[CheckpointOut] = Field(default_factory=list)


class LegacyJobMetadataOut(JobMetadataOut):
    """What a dry run answers: the estimates, no job."""

    details: str = ""
    deprecated: bool = True
    epochs: float | None = None
    training_steps: int | None = None
    object: str = "job.metadata"


JobOut: TypeAlias = Annotated[
    Union[
        Annotated[CompletionJobOut, Tag("completion")],
        Annotated[ClassifierJobOut, Tag("classifier")],
        Annotated[UnknownVariant, Tag("unknown")],
    ],
    Discriminator(tag_or_unknown("job_type", CompletionJobOut, ClassifierJobOut)),
]
DetailedJobOut: TypeAlias = Annotated[
    Union[
        Annotated[CompletionDetailedJobOut, Tag("completion")],
        Annotated[ClassifierDetailedJobOut, Tag("classifier")],
        Annotated[UnknownVariant, Tag("unknown")],
    ],
    Discriminator(tag_or_unknown("job_type", CompletionDetailedJobOut, ClassifierDetailedJobOut)),
]
CreateJobResponse: TypeAlias = Union[JobOut, LegacyJobMetadataOut]


def _create_response_tag(value: Any) -> str:
    kind = value.get("object") if isinstance(value, dict) else getattr(value, "object", None)
    return "dry_run" if kind == "job.metadata" else "job"


CreateJobResult: TypeAlias = Annotated[
    Union[Annotated[JobOut, Tag("job")], Annotated[LegacyJobMetadataOut, Tag("dry_run")]],
    Discriminator(_create_response_tag),
]


class JobsOut(MistralModel):
    """A page of fine-tuning jobs."""

    data: list[JobOut] = Field(default_factory=list)
    object: str = "list"
    total: int = 0


__all__ = [
    "CheckpointOut",
    "ClassifierDetailedJobOut",
    "ClassifierJobOut",
    "ClassifierTargetIn",
    "ClassifierTargetOut",
    "ClassifierTrainingParameters",
    "ClassifierTrainingParametersIn",
    "CompletionDetailedJobOut",
    "CompletionJobOut",
    "CompletionTrainingParameters",
    "CompletionTrainingParametersIn",
    "CreateJobResponse",
    "CreateJobResult",
    "DetailedJobOut",
    "EventOut",
    "FineTuneableModelType",
    "GithubRepositoryIn",
    "GithubRepositoryOut",
    "Integration",
    "JobIn",
    "JobMetadataOut",
    "JobOut",
    "JobStatus",
    "JobsOut",
    "LegacyJobMetadataOut",
    "MetricOut",
    "Repository",
    "TERMINAL_STATUSES",
    "TrainingFile",
    "WandbIntegration",
    "WandbIntegrationOut",
]
