"""Models of the observability APIs: chat completion events, judges, campaigns, datasets.

Class names and fields follow the schemas of Mistral's OpenAPI document. Answers tolerate
what the server leaves out (defaults) and adds (extra fields kept, unknown judge output
kinds kept as :class:`~mistralai.types.UnknownVariant`); statuses and other enumerations of
answers stay plain strings so a new value never fails a response.
"""

from __future__ import annotations

from typing import Annotated, Any, Generic, Literal, TypeAlias, TypeVar, Union

import pydantic
from pydantic import Discriminator, Field, Tag

from mistralai.types import MistralModel, Nullable, UnknownVariant, tag_or_unknown

T = TypeVar("T")


def _wire_messages(messages: Any) -> Any:
    """Chat message models (``UserMessage(...)``) as the JSON objects the API stores."""
    if isinstance(messages, (list, tuple)):
        return [m.to_wire() if isinstance(m, MistralModel) else m for m in messages]
    return messages


WireMessages: TypeAlias = Annotated[list[dict[str, Any]], pydantic.BeforeValidator(_wire_messages)]
"""Messages as dicts; chat message models given in their place are turned into dicts."""

FilterOperator: TypeAlias = Literal[
    "lt",
    "lte",
    "gt",
    "gte",
    "startswith",
    "istartswith",
    "endswith",
    "iendswith",
    "contains",
    "icontains",
    "matches",
    "notcontains",
    "inotcontains",
    "eq",
    "neq",
    "isnull",
    "includes",
    "excludes",
    "len_eq",
]
"""How a :class:`FilterCondition` compares a field with its value."""

BaseTaskStatus: TypeAlias = Literal[
    "RUNNING",
    "COMPLETED",
    "FAILED",
    "CANCELED",
    "TERMINATED",
    "CONTINUED_AS_NEW",
    "TIMED_OUT",
    "UNKNOWN",
]
"""The states of a campaign or a dataset import task (answers keep them as plain strings)."""

TERMINAL_TASK_STATUSES: frozenset[str] = frozenset(
    {"COMPLETED", "FAILED", "CANCELED", "TERMINATED", "TIMED_OUT"}
)
"""The states a campaign or an import task never leaves."""

JudgeOutputType: TypeAlias = Literal["REGRESSION", "CLASSIFICATION"]
ConversationSource: TypeAlias = Literal["EXPLORER", "UPLOADED_FILE", "DIRECT_INPUT", "PLAYGROUND"]


# -- search filters --------------------------------------------------------------------------


class FilterCondition(MistralModel):
    """One test on a field of an event, e.g. ``FilterCondition(field="model", op="eq",
    value="mistral-small-latest")``; the fields and their operators are listed by
    ``client.beta.observability.chat_completion_events.fields.list()``."""

    field: str
    op: Union[FilterOperator, str]
    value: Any


class FilterGroup(MistralModel):
    """Conditions (or groups) joined by ``AND`` or by ``OR`` (``and_`` / ``or_`` in Python).

    >>> FilterGroup(and_=[FilterCondition(field="model", op="eq", value="m")]).to_wire()
    {'AND': [{'field': 'model', 'op': 'eq', 'value': 'm'}]}
    """

    and_: Nullable[list[FilterNode]] = Field(default=None, alias="AND")
    or_: Nullable[list[FilterNode]] = Field(default=None, alias="OR")


def _filter_kind(value: Any) -> str:
    if isinstance(value, dict):
        return "condition" if "field" in value or "op" in value else "group"
    return "group" if isinstance(value, FilterGroup) else "condition"


FilterNode: TypeAlias = Annotated[
    Union[Annotated[FilterGroup, Tag("group")], Annotated[FilterCondition, Tag("condition")]],
    Discriminator(_filter_kind),
]
"""A condition, or a group of them."""

FilterGroup.model_rebuild()


class FilterPayload(MistralModel):
    """Which events a search, a campaign or an option count looks at; ``filters=None``
    means every event.

    >>> FilterPayload(filters=FilterCondition(field="model", op="eq", value="m")).to_wire()
    {'filters': {'field': 'model', 'op': 'eq', 'value': 'm'}}
    """

    filters: Nullable[FilterNode]


# -- pages -----------------------------------------------------------------------------------


class PaginatedResult(MistralModel, Generic[T]):
    """One numbered page of a listing: ``results``, the total ``count``, and the URLs of the
    ``next`` and ``previous`` pages (None at either end)."""

    results: list[T] = Field(default_factory=list)
    count: int = 0
    next: str | None = None
    previous: str | None = None


class FeedResult(MistralModel, Generic[T]):
    """One page of a feed read by cursor: send ``cursor`` back to read the next one."""

    results: list[T] = Field(default_factory=list)
    next: str | None = None
    cursor: str | None = None


# -- chat completion events ------------------------------------------------------------------


class GetChatCompletionEventsInSchema(MistralModel):
    """The body of ``POST /v1/observability/chat-completion-events/search``."""

    search_params: FilterPayload
    extra_fields: Nullable[list[str]] = None


class GetChatCompletionEventIdsInSchema(MistralModel):
    """The body of ``POST /v1/observability/chat-completion-events/search-ids``."""

    search_params: FilterPayload
    extra_fields: Nullable[list[str]] = None


class ChatCompletionEventPreview(MistralModel):
    """A chat completion the platform recorded, in short; ``extra_fields`` holds the
    fields asked for with ``extra_fields``."""

    event_id: str
    correlation_id: str | None = None
    created_at: str | None = None
    extra_fields: dict[str, Any] = Field(default_factory=dict)
    nb_input_tokens: int = 0
    nb_output_tokens: int = 0


class ChatTranscriptionEvent(MistralModel):
    """An audio transcription that was part of a chat completion."""

    audio_url: str | None = None
    model: str | None = None
    response_message: dict[str, Any] = Field(default_factory=dict)


class ChatCompletionEvent(MistralModel):
    """A recorded chat completion with its messages and tools."""

    event_id: str
    correlation_id: str | None = None
    created_at: str | None = None
    extra_fields: dict[str, Any] = Field(default_factory=dict)
    nb_input_tokens: int = 0
    nb_output_tokens: int = 0
    enabled_tools: list[dict[str, Any]] = Field(default_factory=list)
    request_messages: list[dict[str, Any]] = Field(default_factory=list)
    response_messages: list[dict[str, Any]] = Field(default_factory=list)
    nb_messages: int = 0
    chat_transcription_events: list[ChatTranscriptionEvent] = Field(default_factory=list)


class ChatCompletionEvents(MistralModel):
    """A page of a search of chat completion events."""

    completion_events: FeedResult[ChatCompletionEventPreview] = Field(default_factory=FeedResult)


class ChatCompletionEventIds(MistralModel):
    """The ids of the events a search matched."""

    completion_event_ids: list[str] = Field(default_factory=list)


class BaseFieldDefinition(MistralModel):
    """A field events can be searched on: its ``type`` and the operators it supports."""

    name: str
    label: str | None = None
    type: str | None = None
    group: str | None = None
    supported_operators: list[str] = Field(default_factory=list)


class FieldGroup(MistralModel):
    """A group of fields, as the console shows them."""

    name: str
    label: str | None = None


class ChatCompletionFields(MistralModel):
    """Every field chat completion events can be searched on."""

    field_definitions: list[BaseFieldDefinition] = Field(default_factory=list)
    field_groups: list[FieldGroup] = Field(default_factory=list)


class ChatCompletionFieldOptions(MistralModel):
    """The values a field takes (None when it takes any value)."""

    options: list[Union[str, bool, None]] | None = None


class FieldOptionCountsInSchema(MistralModel):
    """The body of ``POST .../chat-completion-fields/{field_name}/options-counts``."""

    filter_params: Nullable[FilterPayload] = None


class FieldOptionCountItem(MistralModel):
    """How many events have one value of a field."""

    value: str
    count: int = 0


class FieldOptionCounts(MistralModel):
    """How many events have each value of a field."""

    counts: list[FieldOptionCountItem] = Field(default_factory=list)


# -- judges ----------------------------------------------------------------------------------


class JudgeClassificationOutputOption(MistralModel):
    """One class a classification judge may answer."""

    value: str
    description: str


class JudgeClassificationOutput(MistralModel):
    """A judge that answers one of ``options``."""

    options: list[JudgeClassificationOutputOption]
    type: Literal["CLASSIFICATION"] = "CLASSIFICATION"


class JudgeRegressionOutput(MistralModel):
    """A judge that answers a score between ``min`` (default 0) and ``max`` (default 1)."""

    min_description: str
    max_description: str
    min: float = 0
    max: float = 1
    type: Literal["REGRESSION"] = "REGRESSION"


JudgeOutputFormat: TypeAlias = Annotated[
    Union[
        Annotated[JudgeClassificationOutput, Tag("CLASSIFICATION")],
        Annotated[JudgeRegressionOutput, Tag("REGRESSION")],
        Annotated[UnknownVariant, Tag("unknown")],
    ],
    Discriminator(tag_or_unknown("type", JudgeClassificationOutput, JudgeRegressionOutput)),
]
"""What a judge answers, chosen by ``type``; an unknown ``type`` is kept as
:class:`~mistralai.types.UnknownVariant`."""


class PostJudgeInSchema(MistralModel):
    """A judge's definition: the body of ``POST /v1/observability/judges``, and the
    ``judge_definition`` of a live judging."""

    name: str
    description: str
    model_name: str
    output: JudgeOutputFormat
    instructions: str
    tools: list[str]


class PutJudgeInSchema(MistralModel):
    """The body of ``PUT /v1/observability/judges/{judge_id}``: the whole new definition."""

    name: str
    description: str
    model_name: str
    output: JudgeOutputFormat
    instructions: str
    tools: list[str]


class JudgePreview(MistralModel):
    """A saved judge. ``up_revision`` / ``down_revision`` link its versions."""

    id: str
    created_at: str | None = None
    updated_at: str | None = None
    deleted_at: str | None = None
    owner_id: str | None = None
    workspace_id: str | None = None
    name: str | None = None
    description: str | None = None
    model_name: str | None = None
    output: JudgeOutputFormat | None = None
    instructions: str | None = None
    tools: list[str] = Field(default_factory=list)
    up_revision: str | None = None
    down_revision: str | None = None
    base_revision: str | None = None


class JudgePreviews(MistralModel):
    """A page of judges."""

    judges: PaginatedResult[JudgePreview] = Field(default_factory=PaginatedResult)


class JudgeConversationRequest(MistralModel):
    """The body of ``POST /v1/observability/judges/{judge_id}/live-judging``."""

    messages: WireMessages
    properties: Nullable[dict[str, Any]] = None


class PostChatCompletionEventJudgingInSchema(MistralModel):
    """The body of ``POST .../chat-completion-events/{event_id}/live-judging``."""

    judge_definition: PostJudgeInSchema


class JudgeOutput(MistralModel):
    """A judge's verdict: its ``analysis`` and its ``answer`` (a class or a score)."""

    analysis: str = ""
    answer: Union[float, str, None] = None


# -- campaigns -------------------------------------------------------------------------------


class PostCampaignInSchema(MistralModel):
    """The body of ``POST /v1/observability/campaigns``."""

    search_params: FilterPayload
    judge_id: str
    name: str
    description: str
    max_nb_events: int


class CampaignPreview(MistralModel):
    """A campaign: a judge run over the events a search selects."""

    id: str
    created_at: str | None = None
    updated_at: str | None = None
    deleted_at: str | None = None
    name: str | None = None
    owner_id: str | None = None
    workspace_id: str | None = None
    description: str | None = None
    max_nb_events: int | None = None
    search_params: FilterPayload | None = None
    judge: JudgePreview | None = None


class CampaignPreviews(MistralModel):
    """A page of campaigns."""

    campaigns: PaginatedResult[CampaignPreview] = Field(default_factory=PaginatedResult)


class CampaignStatus(MistralModel):
    """Where a campaign is (``RUNNING``, ``COMPLETED``, ``FAILED``...)."""

    status: str

    @property
    def done(self) -> bool:
        """Whether the campaign reached a state it never leaves."""
        return self.status in TERMINAL_TASK_STATUSES


class CampaignSelectedEvents(MistralModel):
    """The events a campaign selected."""

    completion_events: PaginatedResult[ChatCompletionEventPreview] = Field(
        default_factory=PaginatedResult
    )


# -- datasets --------------------------------------------------------------------------------


class PostDatasetInSchema(MistralModel):
    """The body of ``POST /v1/observability/datasets``."""

    name: str
    description: str


class PatchDatasetInSchema(MistralModel):
    """The body of ``PATCH /v1/observability/datasets/{dataset_id}``."""

    name: Nullable[str] = None
    description: Nullable[str] = None


class Dataset(MistralModel):
    """A dataset of conversations, as created."""

    id: str
    created_at: str | None = None
    updated_at: str | None = None
    deleted_at: str | None = None
    name: str | None = None
    description: str | None = None
    owner_id: str | None = None
    workspace_id: str | None = None


class DatasetPreview(MistralModel):
    """A dataset of conversations."""

    id: str
    created_at: str | None = None
    updated_at: str | None = None
    deleted_at: str | None = None
    name: str | None = None
    description: str | None = None
    owner_id: str | None = None
    workspace_id: str | None = None


class DatasetPreviews(MistralModel):
    """A page of datasets."""

    datasets: PaginatedResult[DatasetPreview] = Field(default_factory=PaginatedResult)


class ConversationPayload(MistralModel):
    """A conversation: its ``messages`` (dicts, or chat message models such as
    ``UserMessage``) and any other field."""

    messages: WireMessages


class DatasetRecord(MistralModel):
    """One conversation of a dataset, with its ``properties`` and where it came from."""

    id: str
    created_at: str | None = None
    updated_at: str | None = None
    deleted_at: str | None = None
    dataset_id: str | None = None
    payload: ConversationPayload | None = None
    properties: dict[str, Any] = Field(default_factory=dict)
    source: str | None = None


class DatasetRecords(MistralModel):
    """A page of the records of a dataset."""

    records: PaginatedResult[DatasetRecord] = Field(default_factory=PaginatedResult)


class PostDatasetRecordInSchema(MistralModel):
    """The body of ``POST /v1/observability/datasets/{dataset_id}/records``."""

    payload: ConversationPayload
    properties: dict[str, Any]


class PostDatasetImportFromCampaignInSchema(MistralModel):
    """The body of ``POST .../datasets/{dataset_id}/imports/from-campaign``."""

    campaign_id: str


class PostDatasetImportFromExplorerInSchema(MistralModel):
    """The body of ``POST .../datasets/{dataset_id}/imports/from-explorer``."""

    completion_event_ids: list[str]


class PostDatasetImportFromFileInSchema(MistralModel):
    """The body of ``POST .../datasets/{dataset_id}/imports/from-file``."""

    file_id: str


class PostDatasetImportFromPlaygroundInSchema(MistralModel):
    """The body of ``POST .../datasets/{dataset_id}/imports/from-playground``."""

    conversation_ids: list[str]


class PostDatasetImportFromDatasetInSchema(MistralModel):
    """The body of ``POST .../datasets/{dataset_id}/imports/from-dataset``."""

    dataset_record_ids: list[str]


class DatasetImportTask(MistralModel):
    """An import into a dataset, running in the background: its ``status``, ``progress``
    (0 to 100) and ``message``."""

    id: str
    created_at: str | None = None
    updated_at: str | None = None
    deleted_at: str | None = None
    creator_id: str | None = None
    dataset_id: str | None = None
    workspace_id: str | None = None
    status: str = "UNKNOWN"
    progress: int | None = None
    message: str | None = None

    @property
    def done(self) -> bool:
        """Whether the import reached a state it never leaves."""
        return self.status in TERMINAL_TASK_STATUSES


class DatasetImportTasks(MistralModel):
    """A page of the import tasks of a dataset."""

    tasks: PaginatedResult[DatasetImportTask] = Field(default_factory=PaginatedResult)


class DatasetExport(MistralModel):
    """Where to download a dataset exported as JSONL (a presigned URL)."""

    file_url: str


# -- dataset records -------------------------------------------------------------------------


class DeleteDatasetRecordsInSchema(MistralModel):
    """The body of ``POST /v1/observability/dataset-records/bulk-delete``."""

    dataset_record_ids: list[str]


class PostDatasetRecordJudgingInSchema(MistralModel):
    """The body of ``POST .../dataset-records/{dataset_record_id}/live-judging``."""

    judge_definition: PostJudgeInSchema


class PutDatasetRecordPayloadInSchema(MistralModel):
    """The body of ``PUT .../dataset-records/{dataset_record_id}/payload``."""

    payload: ConversationPayload


class PutDatasetRecordPropertiesInSchema(MistralModel):
    """The body of ``PUT .../dataset-records/{dataset_record_id}/properties``."""

    properties: dict[str, Any]


# -- errors ----------------------------------------------------------------------------------


class ObservabilityErrorDetail(MistralModel):
    """What went wrong, and its ``error_code`` (``DATASET_NOT_FOUND``,
    ``JUDGE_NAME_ALREADY_EXISTS``...)."""

    message: str = ""
    error_code: str | None = None


class ObservabilityError(MistralModel):
    """The body of an observability API error; read it from an error's ``body``:

    >>> from mistralai.errors import NotFoundError
    >>> try:
    ...     client.beta.observability.datasets.fetch(dataset_id="4c9d1e00-0000-4000-8000-000000000000")
    ... except NotFoundError as error:
    ...     print(ObservabilityError.model_validate_json(error.body).detail.error_code)
    DATASET_NOT_FOUND
    """

    detail: ObservabilityErrorDetail = Field(default_factory=ObservabilityErrorDetail)


__all__ = [
    "BaseFieldDefinition",
    "BaseTaskStatus",
    "CampaignPreview",
    "CampaignPreviews",
    "CampaignSelectedEvents",
    "CampaignStatus",
    "ChatCompletionEvent",
    "ChatCompletionEventIds",
    "ChatCompletionEventPreview",
    "ChatCompletionEvents",
    "ChatCompletionFieldOptions",
    "ChatCompletionFields",
    "ChatTranscriptionEvent",
    "ConversationPayload",
    "ConversationSource",
    "Dataset",
    "DatasetExport",
    "DatasetImportTask",
    "DatasetImportTasks",
    "DatasetPreview",
    "DatasetPreviews",
    "DatasetRecord",
    "DatasetRecords",
    "DeleteDatasetRecordsInSchema",
    "FeedResult",
    "FieldGroup",
    "FieldOptionCountItem",
    "FieldOptionCounts",
    "FieldOptionCountsInSchema",
    "FilterCondition",
    "FilterGroup",
    "FilterNode",
    "FilterOperator",
    "FilterPayload",
    "GetChatCompletionEventIdsInSchema",
    "GetChatCompletionEventsInSchema",
    "JudgeClassificationOutput",
    "JudgeClassificationOutputOption",
    "JudgeConversationRequest",
    "JudgeOutput",
    "JudgeOutputFormat",
    "JudgeOutputType",
    "JudgePreview",
    "JudgePreviews",
    "JudgeRegressionOutput",
    "ObservabilityError",
    "ObservabilityErrorDetail",
    "PaginatedResult",
    "PatchDatasetInSchema",
    "PostCampaignInSchema",
    "PostChatCompletionEventJudgingInSchema",
    "PostDatasetImportFromCampaignInSchema",
    "PostDatasetImportFromDatasetInSchema",
    "PostDatasetImportFromExplorerInSchema",
    "PostDatasetImportFromFileInSchema",
    "PostDatasetImportFromPlaygroundInSchema",
    "PostDatasetInSchema",
    "PostDatasetRecordInSchema",
    "PostDatasetRecordJudgingInSchema",
    "PostJudgeInSchema",
    "PutDatasetRecordPayloadInSchema",
    "PutDatasetRecordPropertiesInSchema",
    "PutJudgeInSchema",
    "TERMINAL_TASK_STATUSES",
]
