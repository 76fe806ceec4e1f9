"""Models of the workflows API: workflows and their registrations, executions and their
events and traces, runs, schedules, deployments, metrics and worker info.

Class and field names follow the schemas of Mistral's OpenAPI document. Response models keep
the fields the server adds and take defaults for the ones it leaves out; statuses stay plain
strings so new ones do not break parsing; unions of events, payloads and patch operations
keep a variant this SDK does not know as :class:`~mistralai.types.UnknownVariant`.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Annotated, Any, Literal, TypeAlias, Union

from pydantic import Discriminator, Field, Tag
from typing_extensions import TypeAliasType

from mistralai.types import MistralModel, Nullable, UnknownVariant, tag_or_unknown

# -- enumerations ----------------------------------------------------------------------------

WorkflowExecutionStatus: TypeAlias = Literal[
    "RUNNING",
    "COMPLETED",
    "FAILED",
    "CANCELED",
    "TERMINATED",
    "CONTINUED_AS_NEW",
    "TIMED_OUT",
    "RETRYING_AFTER_ERROR",
]
"""The state of a workflow execution (responses carry it as a plain string)."""

TERMINAL_EXECUTION_STATUSES: frozenset[str] = frozenset(
    {"COMPLETED", "FAILED", "CANCELED", "TERMINATED", "TIMED_OUT"}
)
"""Statuses after which an execution does no more work. ``CONTINUED_AS_NEW`` is not one: the
execution goes on in a new run under the same id."""

WorkflowEventType: TypeAlias = Literal[
    "WORKFLOW_EXECUTION_STARTED",
    "WORKFLOW_EXECUTION_COMPLETED",
    "WORKFLOW_EXECUTION_FAILED",
    "WORKFLOW_EXECUTION_CANCELED",
    "WORKFLOW_EXECUTION_CONTINUED_AS_NEW",
    "WORKFLOW_TASK_TIMED_OUT",
    "WORKFLOW_TASK_FAILED",
    "CUSTOM_TASK_STARTED",
    "CUSTOM_TASK_IN_PROGRESS",
    "CUSTOM_TASK_COMPLETED",
    "CUSTOM_TASK_FAILED",
    "CUSTOM_TASK_TIMED_OUT",
    "CUSTOM_TASK_CANCELED",
    "ACTIVITY_TASK_STARTED",
    "ACTIVITY_TASK_COMPLETED",
    "ACTIVITY_TASK_RETRYING",
    "ACTIVITY_TASK_FAILED",
]
"""The kinds of workflow events, to filter a stream with."""

EventSource: TypeAlias = Literal["DATABASE", "LIVE"]
"""Where an execution stream reads its events: stored ones, live ones (default: both)."""

EventStreamScope: TypeAlias = Literal["activity", "workflow", "*"]
"""Which events an event stream carries: activity events, workflow events or all."""

EncodedPayloadOptions: TypeAlias = Literal["offloaded", "encrypted", "encrypted-partial"]
"""How a :class:`NetworkEncodedInput` payload was encoded."""

EventType: TypeAlias = Literal["EVENT", "EVENT_PROGRESS"]
EventProgressStatus: TypeAlias = Literal["RUNNING", "COMPLETED", "FAILED"]
TempoTraceScopeKind: TypeAlias = Literal[
    "SPAN_KIND_INTERNAL", "SPAN_KIND_SERVER", "SPAN_KIND_CLIENT"
]
WorkflowType: TypeAlias = Literal["code"]
ScheduleOverlapPolicy: TypeAlias = Literal[1, 2, 3, 4, 5, 6]
"""What a schedule does when a run is still going: 1 skip (default), 2 buffer one,
3 buffer all, 4 cancel the other, 5 terminate the other, 6 allow all."""

# -- workflows and registrations -------------------------------------------------------------


class Workflow(MistralModel):
    """A workflow: a named kind of durable job, run by the workers of a deployment."""

    id: str
    name: str
    display_name: str | None = None
    type: str = "code"
    description: str | None = None
    customer_id: str | None = None
    workspace_id: str | None = None
    shared_namespace: str | None = None
    available_in_chat_assistant: bool = False
    is_technical: bool = False
    archived: bool = False


class WorkflowWithWorkerStatus(Workflow):
    """A workflow and whether a live worker serves it."""

    active: bool = False


class WorkflowGetResponse(MistralModel):
    """The answer of ``client.beta.workflows.get``."""

    workflow: WorkflowWithWorkerStatus


class WorkflowUpdateResponse(MistralModel):
    """The answer of ``client.beta.workflows.update``: the workflow as it now is."""

    workflow: Workflow


class WorkflowArchiveResponse(MistralModel):
    """The answer of ``client.beta.workflows.archive``."""

    workflow: Workflow


class WorkflowUnarchiveResponse(MistralModel):
    """The answer of ``client.beta.workflows.unarchive``."""

    workflow: Workflow


class WorkflowUpdateRequest(MistralModel):
    """The body of ``PUT /v1/workflows/{workflow_identifier}``; only the fields given change."""

    display_name: Nullable[str] = None
    description: Nullable[str] = None
    available_in_chat_assistant: Nullable[bool] = None


class SignalDefinition(MistralModel):
    """A signal a workflow accepts: a message that changes a running execution."""

    name: str
    description: str | None = None
    input_schema: dict[str, Any] = Field(default_factory=dict)


class QueryDefinition(MistralModel):
    """A query a workflow answers: a read of a running execution's state."""

    name: str
    description: str | None = None
    input_schema: dict[str, Any] = Field(default_factory=dict)
    output_schema: dict[str, Any] | None = None


class UpdateDefinition(MistralModel):
    """An update a workflow accepts: a change that answers with a result."""

    name: str
    description: str | None = None
    input_schema: dict[str, Any] = Field(default_factory=dict)
    output_schema: dict[str, Any] | None = None


class WorkflowCodeDefinition(MistralModel):
    """What a registered workflow takes, returns and handles."""

    input_schema: dict[str, Any] = Field(default_factory=dict)
    output_schema: dict[str, Any] | None = None
    signals: list[SignalDefinition] = Field(default_factory=list)
    queries: list[QueryDefinition] = Field(default_factory=list)
    updates: list[UpdateDefinition] = Field(default_factory=list)
    enforce_determinism: bool = False
    execution_timeout: float | None = None


class WorkflowRegistration(MistralModel):
    """One version of a workflow, as a worker registered it on a task queue."""

    id: str
    task_queue: str | None = None
    definition: WorkflowCodeDefinition = Field(default_factory=WorkflowCodeDefinition)
    workflow_id: str | None = None
    workflow: Workflow | None = None
    compatible_with_chat_assistant: bool = False


class WorkflowRegistrationWithWorkerStatus(WorkflowRegistration):
    """A registration and whether a live worker serves it."""

    active: bool = False


class WorkflowRegistrationListResponse(MistralModel):
    """One page of registrations; ``next_cursor`` asks for the next one (None: last page)."""

    workflow_registrations: list[WorkflowRegistration] = Field(default_factory=list)
    next_cursor: str | None = None
    workflow_versions: list[WorkflowRegistration] = Field(default_factory=list)
    """Deprecated: the same list as ``workflow_registrations``."""


class WorkflowRegistrationGetResponse(MistralModel):
    """The answer of ``client.beta.workflows.get_registration``."""

    workflow_registration: WorkflowRegistrationWithWorkerStatus
    workflow_version: WorkflowRegistrationWithWorkerStatus | None = None
    """Deprecated: the same as ``workflow_registration``."""


# -- executions ------------------------------------------------------------------------------


class NetworkEncodedInput(MistralModel):
    """An input the client encoded itself (offloaded or encrypted payloads)."""

    b64payload: str
    encoding_options: list[EncodedPayloadOptions] | None = None
    empty: bool | None = None


class WorkflowExecutionRequest(MistralModel):
    """The body of ``POST /v1/workflows/{workflow_identifier}/execute``."""

    execution_id: Nullable[str] = Field(default=None, max_length=256)
    input: Nullable[dict[str, Any]] = None
    encoded_input: Nullable[NetworkEncodedInput] = None
    wait_for_result: bool | None = None
    timeout_seconds: Nullable[float] = None
    custom_tracing_attributes: Nullable[dict[str, str]] = None
    task_queue: Nullable[str] = None
    deployment_name: Nullable[str] = None


class WorkflowExecutionWithoutResultResponse(MistralModel):
    """An execution as a listing shows it: where it stands, without its result."""

    workflow_name: str | None = None
    execution_id: str
    parent_execution_id: str | None = None
    root_execution_id: str | None = None
    status: str | None = None
    """One of :data:`WorkflowExecutionStatus` (None while unknown)."""
    start_time: str | None = None
    end_time: str | None = None
    total_duration_ms: int | None = None

    @property
    def done(self) -> bool:
        """Whether the execution reached a terminal state, one of
        :data:`TERMINAL_EXECUTION_STATUSES`."""
        return self.status in TERMINAL_EXECUTION_STATUSES


class WorkflowExecutionResponse(WorkflowExecutionWithoutResultResponse):
    """An execution and, once it finished, its result."""

    result: Any = None


class WorkflowExecutionSyncResponse(MistralModel):
    """The answer of ``execute(..., wait_for_result=True)``: the finished execution's result."""

    workflow_name: str | None = None
    execution_id: str
    result: Any = None


def _execution_or_result(value: Any) -> str:
    """An execution has a status and a start time; a synchronous result has neither."""
    fields = set(value) if isinstance(value, dict) else getattr(value, "model_fields_set", set())
    return "execution" if {"status", "start_time", "root_execution_id"} & fields else "result"


ExecuteWorkflowResponse = TypeAliasType(
    "ExecuteWorkflowResponse",
    Annotated[
        Union[
            Annotated[WorkflowExecutionResponse, Tag("execution")],
            Annotated[WorkflowExecutionSyncResponse, Tag("result")],
        ],
        Discriminator(_execution_or_result),
    ],
)
"""What starting an execution answers: the running execution, or its result when
``wait_for_result=True`` (a named alias, so signatures show its name)."""


class WorkflowExecutionListResponse(MistralModel):
    """One page of runs; ``next_page_token`` asks for the next one (None: last page)."""

    executions: list[WorkflowExecutionWithoutResultResponse] = Field(default_factory=list)
    next_page_token: str | None = None


class SignalInvocationBody(MistralModel):
    """The body of a signal: its name and input."""

    name: str
    input: Nullable[Union[NetworkEncodedInput, dict[str, Any]]] = Field(
        default=None, union_mode="left_to_right"
    )


class QueryInvocationBody(MistralModel):
    """The body of a query: its name and input."""

    name: str
    input: Nullable[Union[NetworkEncodedInput, dict[str, Any]]] = Field(
        default=None, union_mode="left_to_right"
    )


class UpdateInvocationBody(MistralModel):
    """The body of an update: its name and input."""

    name: str
    input: Nullable[Union[NetworkEncodedInput, dict[str, Any]]] = Field(
        default=None, union_mode="left_to_right"
    )


class SignalWorkflowResponse(MistralModel):
    """A signal was accepted."""

    message: str = "Signal accepted"


class QueryWorkflowResponse(MistralModel):
    """What a query answered."""

    query_name: str
    result: Any = None


class UpdateWorkflowResponse(MistralModel):
    """What an update answered."""

    update_name: str
    result: Any = None


class ResetInvocationBody(MistralModel):
    """The body of ``POST /v1/workflows/executions/{execution_id}/reset``."""

    event_id: int
    reason: Nullable[str] = None
    exclude_signals: bool | None = None
    exclude_updates: bool | None = None


class BatchExecutionBody(MistralModel):
    """The executions a batch cancel or terminate acts on (1 to 100)."""

    execution_ids: list[str] = Field(min_length=1, max_length=100)


class BatchExecutionResult(MistralModel):
    """What happened to one execution of a batch: ``status`` and, on failure, ``error``."""

    status: str
    error: str | None = None


class BatchExecutionResponse(MistralModel):
    """The outcome of a batch cancel or terminate, by execution id."""

    results: dict[str, BatchExecutionResult] = Field(default_factory=dict)


# -- traces ----------------------------------------------------------------------------------


class _ExecutionSummary(MistralModel):
    """The fields every trace answer starts with."""

    workflow_name: str | None = None
    execution_id: str
    parent_execution_id: str | None = None
    root_execution_id: str | None = None
    status: str | None = None
    start_time: str | None = None
    end_time: str | None = None
    total_duration_ms: int | None = None
    result: Any = None


class TempoTraceAttributeStringValue(MistralModel):
    stringValue: str


class TempoTraceAttributeIntValue(MistralModel):
    intValue: str


class TempoTraceAttributeBoolValue(MistralModel):
    boolValue: bool


def _attribute_kind(value: Any) -> str:
    keys = set(value) if isinstance(value, dict) else getattr(value, "model_fields_set", set())
    for kind in ("stringValue", "intValue", "boolValue"):
        if kind in keys:
            return kind
    return "unknown"


TempoTraceAttributeValue: TypeAlias = Annotated[
    Union[
        Annotated[TempoTraceAttributeStringValue, Tag("stringValue")],
        Annotated[TempoTraceAttributeIntValue, Tag("intValue")],
        Annotated[TempoTraceAttributeBoolValue, Tag("boolValue")],
        Annotated[UnknownVariant, Tag("unknown")],
    ],
    Discriminator(_attribute_kind),
]


class TempoTraceAttribute(MistralModel):
    """An OpenTelemetry attribute: a key and a typed value."""

    key: str
    value: TempoTraceAttributeValue


class TempoTraceEvent(MistralModel):
    name: str
    timeUnixNano: str | None = None
    attributes: list[TempoTraceAttribute] = Field(default_factory=list)


class TempoTraceSpan(MistralModel):
    """An OpenTelemetry span."""

    traceId: str | None = None
    spanId: str
    parentSpanId: str | None = None
    name: str | None = None
    kind: str | None = None
    """One of :data:`TempoTraceScopeKind`."""
    startTimeUnixNano: str | None = None
    endTimeUnixNano: str | None = None
    attributes: list[TempoTraceAttribute] = Field(default_factory=list)
    events: list[TempoTraceEvent] = Field(default_factory=list)


class TempoTraceScope(MistralModel):
    name: str


class TempoTraceScopeSpan(MistralModel):
    scope: TempoTraceScope
    spans: list[TempoTraceSpan] = Field(default_factory=list)


class TempoTraceResource(MistralModel):
    attributes: list[TempoTraceAttribute] = Field(default_factory=list)


class TempoTraceBatch(MistralModel):
    resource: TempoTraceResource = Field(default_factory=TempoTraceResource)
    scopeSpans: list[TempoTraceScopeSpan] = Field(default_factory=list)


class TempoGetTraceResponse(MistralModel):
    """A trace in OpenTelemetry's (Tempo's) JSON form."""

    batches: list[TempoTraceBatch] = Field(default_factory=list)


class WorkflowExecutionTraceOTelResponse(_ExecutionSummary):
    """An execution with its OpenTelemetry trace."""

    data_source: str | None = None
    otel_trace_id: str | None = None
    otel_trace_data: TempoGetTraceResponse | None = None


class WorkflowExecutionTraceEvent(MistralModel):
    """Something that happened in an execution, at one instant."""

    type: EventType = "EVENT"
    name: str
    id: str
    timestamp_unix_nano: int | None = None
    attributes: dict[str, Any] = Field(default_factory=dict)
    internal: bool = False


class WorkflowExecutionProgressTraceEvent(MistralModel):
    """Something that takes time in an execution, with its progress."""

    type: EventType = "EVENT_PROGRESS"
    name: str
    id: str
    timestamp_unix_nano: int | None = None
    attributes: dict[str, Any] = Field(default_factory=dict)
    internal: bool = False
    status: str = "RUNNING"
    """One of :data:`EventProgressStatus`."""
    start_time_unix_ms: int | None = None
    end_time_unix_ms: int | None = None
    error: str | None = None


_TRACE_EVENT_TAG = tag_or_unknown(
    "type", WorkflowExecutionTraceEvent, WorkflowExecutionProgressTraceEvent
)


def _trace_event_kind(value: Any) -> str:
    """The event's ``type``; an event without one is a plain ``EVENT``, as the spec defaults."""
    if isinstance(value, dict) and "type" not in value:
        return "EVENT"
    return _TRACE_EVENT_TAG(value)


TraceEvent: TypeAlias = Annotated[
    Union[
        Annotated[WorkflowExecutionTraceEvent, Tag("EVENT")],
        Annotated[WorkflowExecutionProgressTraceEvent, Tag("EVENT_PROGRESS")],
        Annotated[UnknownVariant, Tag("unknown")],
    ],
    Discriminator(_trace_event_kind),
]
"""An event of an execution trace; an unknown ``type`` is kept as :class:`UnknownVariant`."""


class WorkflowExecutionTraceEventsResponse(_ExecutionSummary):
    """An execution with the events of its trace."""

    events: list[TraceEvent] = Field(default_factory=list)


class WorkflowExecutionTraceSummarySpan(MistralModel):
    """A span of an execution trace, with its events and child spans."""

    span_id: str | None = None
    name: str | None = None
    start_time_unix_nano: int | None = None
    end_time_unix_nano: int | None = None
    attributes: dict[str, Any] = Field(default_factory=dict)
    events: list[WorkflowExecutionTraceEvent] = Field(default_factory=list)
    children: list[WorkflowExecutionTraceSummarySpan] = Field(default_factory=list)


class WorkflowExecutionTraceSummaryResponse(_ExecutionSummary):
    """An execution with the tree of its trace's spans."""

    span_tree: WorkflowExecutionTraceSummarySpan | None = None


# -- events ----------------------------------------------------------------------------------


class Failure(MistralModel):
    """An error raised while a workflow, activity or task ran."""

    message: str = ""


class JSONPayloadResponse(MistralModel):
    """A whole JSON value (a result, an input, a state snapshot)."""

    type: Literal["json"] = "json"
    value: Any = None


class JSONPatchAdd(MistralModel):
    path: str
    value: Any = None
    op: Literal["add"] = "add"


class JSONPatchAppend(MistralModel):
    """Append ``value`` to the string at ``path`` (streamed text)."""

    path: str
    value: str = ""
    op: Literal["append"] = "append"


class JSONPatchRemove(MistralModel):
    path: str
    value: Any = None
    op: Literal["remove"] = "remove"


class JSONPatchReplace(MistralModel):
    path: str
    value: Any = None
    op: Literal["replace"] = "replace"


_PATCHES = (JSONPatchAdd, JSONPatchAppend, JSONPatchRemove, JSONPatchReplace)
JSONPatchOperation: TypeAlias = Annotated[
    Union[
        Annotated[JSONPatchAdd, Tag("add")],
        Annotated[JSONPatchAppend, Tag("append")],
        Annotated[JSONPatchRemove, Tag("remove")],
        Annotated[JSONPatchReplace, Tag("replace")],
        Annotated[UnknownVariant, Tag("unknown")],
    ],
    Discriminator(tag_or_unknown("op", *_PATCHES)),
]


class JSONPatchPayloadResponse(MistralModel):
    """Changes to apply, in order, to the state a task reported before."""

    type: Literal["json_patch"] = "json_patch"
    value: list[JSONPatchOperation] = Field(default_factory=list)


Payload: TypeAlias = Annotated[
    Union[
        Annotated[JSONPayloadResponse, Tag("json")],
        Annotated[JSONPatchPayloadResponse, Tag("json_patch")],
        Annotated[UnknownVariant, Tag("unknown")],
    ],
    Discriminator(tag_or_unknown("type", JSONPayloadResponse, JSONPatchPayloadResponse)),
]
"""A task's progress: a whole value or a JSON patch to the previous one."""


class _WorkflowEvent(MistralModel):
    """The fields every workflow event has."""

    event_id: str
    event_timestamp: int | None = None
    """Unix time in nanoseconds."""
    root_workflow_exec_id: str | None = None
    parent_workflow_exec_id: str | None = None
    workflow_exec_id: str | None = None
    workflow_run_id: str | None = None
    workflow_name: str | None = None


class WorkflowExecutionStartedAttributesResponse(MistralModel):
    task_id: str
    workflow_name: str | None = None
    input: JSONPayloadResponse | None = None


class WorkflowExecutionStartedResponse(_WorkflowEvent):
    """An execution began."""

    event_type: Literal["WORKFLOW_EXECUTION_STARTED"] = "WORKFLOW_EXECUTION_STARTED"
    attributes: WorkflowExecutionStartedAttributesResponse


class WorkflowExecutionCompletedAttributesResponse(MistralModel):
    task_id: str
    result: JSONPayloadResponse | None = None


class WorkflowExecutionCompletedResponse(_WorkflowEvent):
    """An execution finished; ``attributes.result`` holds its result."""

    event_type: Literal["WORKFLOW_EXECUTION_COMPLETED"] = "WORKFLOW_EXECUTION_COMPLETED"
    attributes: WorkflowExecutionCompletedAttributesResponse


class WorkflowExecutionFailedAttributes(MistralModel):
    task_id: str
    failure: Failure = Field(default_factory=Failure)


class WorkflowExecutionFailedResponse(_WorkflowEvent):
    """An execution ended with an error."""

    event_type: Literal["WORKFLOW_EXECUTION_FAILED"] = "WORKFLOW_EXECUTION_FAILED"
    attributes: WorkflowExecutionFailedAttributes


class WorkflowExecutionCanceledAttributes(MistralModel):
    task_id: str
    reason: str | None = None


class WorkflowExecutionCanceledResponse(_WorkflowEvent):
    """An execution was cancelled."""

    event_type: Literal["WORKFLOW_EXECUTION_CANCELED"] = "WORKFLOW_EXECUTION_CANCELED"
    attributes: WorkflowExecutionCanceledAttributes


class WorkflowExecutionContinuedAsNewAttributesResponse(MistralModel):
    task_id: str
    new_execution_run_id: str | None = None
    workflow_name: str | None = None
    input: JSONPayloadResponse | None = None


class WorkflowExecutionContinuedAsNewResponse(_WorkflowEvent):
    """An execution went on in a new run (same execution id, new run id)."""

    event_type: Literal["WORKFLOW_EXECUTION_CONTINUED_AS_NEW"] = (
        "WORKFLOW_EXECUTION_CONTINUED_AS_NEW"
    )
    attributes: WorkflowExecutionContinuedAsNewAttributesResponse


class WorkflowTaskTimedOutAttributes(MistralModel):
    task_id: str
    timeout_type: str | None = None


class WorkflowTaskTimedOutResponse(_WorkflowEvent):
    """A workflow task took longer than it may."""

    event_type: Literal["WORKFLOW_TASK_TIMED_OUT"] = "WORKFLOW_TASK_TIMED_OUT"
    attributes: WorkflowTaskTimedOutAttributes


class WorkflowTaskFailedAttributes(MistralModel):
    task_id: str
    failure: Failure = Field(default_factory=Failure)


class WorkflowTaskFailedResponse(_WorkflowEvent):
    """A workflow task failed (it may be retried)."""

    event_type: Literal["WORKFLOW_TASK_FAILED"] = "WORKFLOW_TASK_FAILED"
    attributes: WorkflowTaskFailedAttributes


class CustomTaskStartedAttributesResponse(MistralModel):
    custom_task_id: str
    custom_task_type: str | None = None
    payload: JSONPayloadResponse | None = None


class CustomTaskStartedResponse(_WorkflowEvent):
    """A custom task (an LLM call, an API request...) began."""

    event_type: Literal["CUSTOM_TASK_STARTED"] = "CUSTOM_TASK_STARTED"
    attributes: CustomTaskStartedAttributesResponse


class CustomTaskInProgressAttributesResponse(MistralModel):
    custom_task_id: str
    custom_task_type: str | None = None
    payload: Payload | None = None


class CustomTaskInProgressResponse(_WorkflowEvent):
    """A custom task reported progress: its state, or a JSON patch to it."""

    event_type: Literal["CUSTOM_TASK_IN_PROGRESS"] = "CUSTOM_TASK_IN_PROGRESS"
    attributes: CustomTaskInProgressAttributesResponse


class CustomTaskCompletedAttributesResponse(MistralModel):
    custom_task_id: str
    custom_task_type: str | None = None
    payload: JSONPayloadResponse | None = None


class CustomTaskCompletedResponse(_WorkflowEvent):
    """A custom task finished."""

    event_type: Literal["CUSTOM_TASK_COMPLETED"] = "CUSTOM_TASK_COMPLETED"
    attributes: CustomTaskCompletedAttributesResponse


class CustomTaskFailedAttributes(MistralModel):
    custom_task_id: str
    custom_task_type: str | None = None
    failure: Failure = Field(default_factory=Failure)


class CustomTaskFailedResponse(_WorkflowEvent):
    """A custom task failed."""

    event_type: Literal["CUSTOM_TASK_FAILED"] = "CUSTOM_TASK_FAILED"
    attributes: CustomTaskFailedAttributes


class CustomTaskTimedOutAttributes(MistralModel):
    custom_task_id: str
    custom_task_type: str | None = None
    timeout_type: str | None = None


class CustomTaskTimedOutResponse(_WorkflowEvent):
    """A custom task took longer than it may."""

    event_type: Literal["CUSTOM_TASK_TIMED_OUT"] = "CUSTOM_TASK_TIMED_OUT"
    attributes: CustomTaskTimedOutAttributes


class CustomTaskCanceledAttributes(MistralModel):
    custom_task_id: str
    custom_task_type: str | None = None
    reason: str | None = None


class CustomTaskCanceledResponse(_WorkflowEvent):
    """A custom task was stopped before it finished."""

    event_type: Literal["CUSTOM_TASK_CANCELED"] = "CUSTOM_TASK_CANCELED"
    attributes: CustomTaskCanceledAttributes


class ActivityTaskStartedAttributesResponse(MistralModel):
    task_id: str
    activity_name: str | None = None
    input: JSONPayloadResponse | None = None


class ActivityTaskStartedResponse(_WorkflowEvent):
    """An activity began (its first attempt)."""

    event_type: Literal["ACTIVITY_TASK_STARTED"] = "ACTIVITY_TASK_STARTED"
    attributes: ActivityTaskStartedAttributesResponse


class ActivityTaskCompletedAttributesResponse(MistralModel):
    task_id: str
    activity_name: str | None = None
    result: JSONPayloadResponse | None = None


class ActivityTaskCompletedResponse(_WorkflowEvent):
    """An activity finished."""

    event_type: Literal["ACTIVITY_TASK_COMPLETED"] = "ACTIVITY_TASK_COMPLETED"
    attributes: ActivityTaskCompletedAttributesResponse


class ActivityTaskRetryingAttributes(MistralModel):
    task_id: str
    activity_name: str | None = None
    attempt: int | None = None
    failure: Failure = Field(default_factory=Failure)


class ActivityTaskRetryingResponse(_WorkflowEvent):
    """An activity attempt failed and will be retried."""

    event_type: Literal["ACTIVITY_TASK_RETRYING"] = "ACTIVITY_TASK_RETRYING"
    attributes: ActivityTaskRetryingAttributes


class ActivityTaskFailedAttributes(MistralModel):
    task_id: str
    activity_name: str | None = None
    attempt: int | None = None
    failure: Failure = Field(default_factory=Failure)


class ActivityTaskFailedResponse(_WorkflowEvent):
    """An activity failed for good, its retries spent."""

    event_type: Literal["ACTIVITY_TASK_FAILED"] = "ACTIVITY_TASK_FAILED"
    attributes: ActivityTaskFailedAttributes


_EVENTS = (
    WorkflowExecutionStartedResponse,
    WorkflowExecutionCompletedResponse,
    WorkflowExecutionFailedResponse,
    WorkflowExecutionCanceledResponse,
    WorkflowExecutionContinuedAsNewResponse,
    WorkflowTaskTimedOutResponse,
    WorkflowTaskFailedResponse,
    CustomTaskStartedResponse,
    CustomTaskInProgressResponse,
    CustomTaskCompletedResponse,
    CustomTaskFailedResponse,
    CustomTaskTimedOutResponse,
    CustomTaskCanceledResponse,
    ActivityTaskStartedResponse,
    ActivityTaskCompletedResponse,
    ActivityTaskRetryingResponse,
    ActivityTaskFailedResponse,
)

WorkflowEvent: TypeAlias = Annotated[
    Union[
        Annotated[WorkflowExecutionStartedResponse, Tag("WORKFLOW_EXECUTION_STARTED")],
        Annotated[WorkflowExecutionCompletedResponse, Tag("WORKFLOW_EXECUTION_COMPLETED")],
        Annotated[WorkflowExecutionFailedResponse, Tag("WORKFLOW_EXECUTION_FAILED")],
        Annotated[WorkflowExecutionCanceledResponse, Tag("WORKFLOW_EXECUTION_CANCELED")],
        Annotated[
            WorkflowExecutionContinuedAsNewResponse, Tag("WORKFLOW_EXECUTION_CONTINUED_AS_NEW")
        ],
        Annotated[WorkflowTaskTimedOutResponse, Tag("WORKFLOW_TASK_TIMED_OUT")],
        Annotated[WorkflowTaskFailedResponse, Tag("WORKFLOW_TASK_FAILED")],
        Annotated[CustomTaskStartedResponse, Tag("CUSTOM_TASK_STARTED")],
        Annotated[CustomTaskInProgressResponse, Tag("CUSTOM_TASK_IN_PROGRESS")],
        Annotated[CustomTaskCompletedResponse, Tag("CUSTOM_TASK_COMPLETED")],
        Annotated[CustomTaskFailedResponse, Tag("CUSTOM_TASK_FAILED")],
        Annotated[CustomTaskTimedOutResponse, Tag("CUSTOM_TASK_TIMED_OUT")],
        Annotated[CustomTaskCanceledResponse, Tag("CUSTOM_TASK_CANCELED")],
        Annotated[ActivityTaskStartedResponse, Tag("ACTIVITY_TASK_STARTED")],
        Annotated[ActivityTaskCompletedResponse, Tag("ACTIVITY_TASK_COMPLETED")],
        Annotated[ActivityTaskRetryingResponse, Tag("ACTIVITY_TASK_RETRYING")],
        Annotated[ActivityTaskFailedResponse, Tag("ACTIVITY_TASK_FAILED")],
        Annotated[UnknownVariant, Tag("unknown")],
    ],
    Discriminator(tag_or_unknown("event_type", *_EVENTS)),
]
"""One event of a workflow execution, by ``event_type``; an unknown kind is kept as
:class:`UnknownVariant`."""


class ListWorkflowEventResponse(MistralModel):
    """One page of events; ``next_cursor`` asks for the next one (None: last page)."""

    events: list[WorkflowEvent] = Field(default_factory=list)
    next_cursor: str | None = None


class StreamEventWorkflowContext(MistralModel):
    """The execution a streamed event belongs to."""

    namespace: str | None = None
    workflow_name: str | None = None
    workflow_exec_id: str | None = None
    parent_workflow_exec_id: str | None = None
    root_workflow_exec_id: str | None = None


class StreamEventSsePayload(MistralModel):
    """The data of one streamed event: the event, its execution and its place in the stream."""

    stream: str | None = None
    timestamp: str | None = None
    data: WorkflowEvent
    workflow_context: StreamEventWorkflowContext = Field(default_factory=StreamEventWorkflowContext)
    metadata: dict[str, Any] = Field(default_factory=dict)
    broker_sequence: int | None = None
    """The event's position; stream again from here with ``start_seq``."""


class WorkflowStreamEvent(MistralModel):
    """One server-sent event of a workflow event stream.

    ``event`` is its SSE event name, ``id`` its SSE id (give it back as ``last_event_id`` to
    resume after it), ``data`` the typed payload; ``data.data`` is the workflow event
    itself, :class:`UnknownVariant` for a kind this SDK does not know.
    """

    event: str = "message"
    id: str | None = None
    data: StreamEventSsePayload


# -- metrics, deployments, workers, schedules ------------------------------------------------


class ScalarMetric(MistralModel):
    value: Union[int, float]


class TimeSeriesMetric(MistralModel):
    """``[timestamp, value]`` pairs (kept as lists, so a malformed pair cannot fail the rest)."""

    value: list[list[Union[int, float]]]


class WorkflowMetrics(MistralModel):
    """How a workflow's executions went: counts, latency and retries."""

    execution_count: ScalarMetric | None = None
    success_count: ScalarMetric | None = None
    error_count: ScalarMetric | None = None
    average_latency_ms: ScalarMetric | None = None
    latency_over_time: TimeSeriesMetric | None = None
    retry_rate: ScalarMetric | None = None


class DeploymentResponse(MistralModel):
    """A deployment: a named group of workers that run workflows."""

    id: str | None = None
    name: str
    is_active: bool = False
    created_at: str | None = None
    updated_at: str | None = None


class DeploymentWorkerResponse(MistralModel):
    """A worker of a deployment."""

    name: str
    created_at: str | None = None
    updated_at: str | None = None


class DeploymentDetailResponse(DeploymentResponse):
    """A deployment and its workers."""

    workers: list[DeploymentWorkerResponse] = Field(default_factory=list)


class DeploymentListResponse(MistralModel):
    deployments: list[DeploymentResponse] = Field(default_factory=list)


class WorkerInfo(MistralModel):
    """Where a worker connects to: the scheduler and its namespace."""

    scheduler_url: str
    namespace: str | None = None
    tls: bool = False


class ScheduleRange(MistralModel):
    """A range of values (``start`` to ``end`` by ``step``) of one calendar field."""

    start: int
    end: int | None = None
    step: int | None = None


class ScheduleCalendar(MistralModel):
    """Calendar times, field by field, as ranges."""

    second: list[ScheduleRange] | None = None
    minute: list[ScheduleRange] | None = None
    hour: list[ScheduleRange] | None = None
    day_of_month: list[ScheduleRange] | None = None
    month: list[ScheduleRange] | None = None
    year: list[ScheduleRange] | None = None
    day_of_week: list[ScheduleRange] | None = None
    comment: Nullable[str] = None


Duration: TypeAlias = Union[timedelta, str]
"""A ``timedelta`` or an ISO 8601 duration such as ``"PT1H"``; an answer is read as a
``timedelta`` when it can be, else kept as text."""
Instant: TypeAlias = Union[datetime, str]
"""A ``datetime`` or ISO 8601 text; an answer is read as a ``datetime`` when it can be, else
kept as text."""


class ScheduleInterval(MistralModel):
    """Every ``every``, shifted by ``offset``."""

    every: Duration
    offset: Nullable[Duration] = None


class SchedulePolicy(MistralModel):
    """How a schedule catches up, overlaps and reacts to failures."""

    catchup_window_seconds: int | None = None
    overlap: int | None = None
    """One of :data:`ScheduleOverlapPolicy`."""
    pause_on_failure: bool | None = None


class ScheduleDefinition(MistralModel):
    """When to start a workflow, and with what input.

    The times are the union of ``calendars``, ``intervals`` and ``cron_expressions``, minus
    ``skip``.
    """

    input: Any
    calendars: list[ScheduleCalendar] | None = None
    intervals: list[ScheduleInterval] | None = None
    cron_expressions: list[str] | None = None
    skip: list[ScheduleCalendar] | None = None
    start_at: Nullable[Instant] = None
    end_at: Nullable[Instant] = None
    jitter: Nullable[Duration] = None
    time_zone_name: Nullable[str] = None
    policy: SchedulePolicy | None = None
    schedule_id: Nullable[str] = None


class ScheduleDefinitionOutput(MistralModel):
    """A schedule as the API lists it."""

    input: Any = None
    calendars: list[ScheduleCalendar] = Field(default_factory=list)
    intervals: list[ScheduleInterval] = Field(default_factory=list)
    cron_expressions: list[str] = Field(default_factory=list)
    skip: list[ScheduleCalendar] = Field(default_factory=list)
    start_at: Instant | None = None
    end_at: Instant | None = None
    jitter: Duration | None = None
    time_zone_name: str | None = None
    policy: SchedulePolicy | None = None
    schedule_id: str


class WorkflowScheduleRequest(MistralModel):
    """The body of ``POST /v1/workflows/schedules``."""

    schedule: ScheduleDefinition
    workflow_registration_id: Nullable[str] = None
    workflow_version_id: Nullable[str] = None
    workflow_identifier: Nullable[str] = None
    workflow_task_queue: Nullable[str] = None
    schedule_id: Nullable[str] = None
    deployment_name: Nullable[str] = None


class WorkflowScheduleResponse(MistralModel):
    """The id of the schedule just made."""

    schedule_id: str


class WorkflowScheduleListResponse(MistralModel):
    schedules: list[ScheduleDefinitionOutput] = Field(default_factory=list)


__all__ = [
    "ActivityTaskCompletedAttributesResponse",
    "ActivityTaskCompletedResponse",
    "ActivityTaskFailedAttributes",
    "ActivityTaskFailedResponse",
    "ActivityTaskRetryingAttributes",
    "ActivityTaskRetryingResponse",
    "ActivityTaskStartedAttributesResponse",
    "ActivityTaskStartedResponse",
    "BatchExecutionBody",
    "BatchExecutionResponse",
    "BatchExecutionResult",
    "CustomTaskCanceledAttributes",
    "CustomTaskCanceledResponse",
    "CustomTaskCompletedAttributesResponse",
    "CustomTaskCompletedResponse",
    "CustomTaskFailedAttributes",
    "CustomTaskFailedResponse",
    "CustomTaskInProgressAttributesResponse",
    "CustomTaskInProgressResponse",
    "CustomTaskStartedAttributesResponse",
    "CustomTaskStartedResponse",
    "CustomTaskTimedOutAttributes",
    "CustomTaskTimedOutResponse",
    "DeploymentDetailResponse",
    "DeploymentListResponse",
    "DeploymentResponse",
    "DeploymentWorkerResponse",
    "Duration",
    "EncodedPayloadOptions",
    "EventProgressStatus",
    "EventSource",
    "EventStreamScope",
    "EventType",
    "ExecuteWorkflowResponse",
    "Failure",
    "Instant",
    "JSONPatchAdd",
    "JSONPatchAppend",
    "JSONPatchOperation",
    "JSONPatchPayloadResponse",
    "JSONPatchRemove",
    "JSONPatchReplace",
    "JSONPayloadResponse",
    "ListWorkflowEventResponse",
    "NetworkEncodedInput",
    "Payload",
    "QueryDefinition",
    "QueryInvocationBody",
    "QueryWorkflowResponse",
    "ResetInvocationBody",
    "ScalarMetric",
    "ScheduleCalendar",
    "ScheduleDefinition",
    "ScheduleDefinitionOutput",
    "ScheduleInterval",
    "ScheduleOverlapPolicy",
    "SchedulePolicy",
    "ScheduleRange",
    "SignalDefinition",
    "SignalInvocationBody",
    "SignalWorkflowResponse",
    "StreamEventSsePayload",
    "StreamEventWorkflowContext",
    "TERMINAL_EXECUTION_STATUSES",
    "TempoGetTraceResponse",
    "TempoTraceAttribute",
    "TempoTraceAttributeBoolValue",
    "TempoTraceAttributeIntValue",
    "TempoTraceAttributeStringValue",
    "TempoTraceAttributeValue",
    "TempoTraceBatch",
    "TempoTraceEvent",
    "TempoTraceResource",
    "TempoTraceScope",
    "TempoTraceScopeKind",
    "TempoTraceScopeSpan",
    "TempoTraceSpan",
    "TimeSeriesMetric",
    "TraceEvent",
    "UpdateDefinition",
    "UpdateInvocationBody",
    "UpdateWorkflowResponse",
    "WorkerInfo",
    "Workflow",
    "WorkflowArchiveResponse",
    "WorkflowCodeDefinition",
    "WorkflowEvent",
    "WorkflowEventType",
    "WorkflowExecutionCanceledAttributes",
    "WorkflowExecutionCanceledResponse",
    "WorkflowExecutionCompletedAttributesResponse",
    "WorkflowExecutionCompletedResponse",
    "WorkflowExecutionContinuedAsNewAttributesResponse",
    "WorkflowExecutionContinuedAsNewResponse",
    "WorkflowExecutionFailedAttributes",
    "WorkflowExecutionFailedResponse",
    "WorkflowExecutionListResponse",
    "WorkflowExecutionProgressTraceEvent",
    "WorkflowExecutionRequest",
    "WorkflowExecutionResponse",
    "WorkflowExecutionStartedAttributesResponse",
    "WorkflowExecutionStartedResponse",
    "WorkflowExecutionStatus",
    "WorkflowExecutionSyncResponse",
    "WorkflowExecutionTraceEvent",
    "WorkflowExecutionTraceEventsResponse",
    "WorkflowExecutionTraceOTelResponse",
    "WorkflowExecutionTraceSummaryResponse",
    "WorkflowExecutionTraceSummarySpan",
    "WorkflowExecutionWithoutResultResponse",
    "WorkflowGetResponse",
    "WorkflowMetrics",
    "WorkflowRegistration",
    "WorkflowRegistrationGetResponse",
    "WorkflowRegistrationListResponse",
    "WorkflowRegistrationWithWorkerStatus",
    "WorkflowScheduleListResponse",
    "WorkflowScheduleRequest",
    "WorkflowScheduleResponse",
    "WorkflowStreamEvent",
    "WorkflowTaskFailedAttributes",
    "WorkflowTaskFailedResponse",
    "WorkflowTaskTimedOutAttributes",
    "WorkflowTaskTimedOutResponse",
    "WorkflowType",
    "WorkflowUnarchiveResponse",
    "WorkflowUpdateRequest",
    "WorkflowUpdateResponse",
    "WorkflowWithWorkerStatus",
]
