"""Static conformance: SDK models and operations against the OpenAPI document.

Every pydantic model whose class name is a schema of the spec is compared field by field
(JSON names, required fields, enum values). Deliberate differences are listed, with a
reason each, in :data:`REVIEWED`; anything else fails.
"""

from __future__ import annotations

import importlib
from typing import Any, Literal

import pydantic
import pytest
from contract_spec import (
    ENUM_MISMATCH,
    MISSING_FIELD,
    REPO_ROOT,
    REQUIRED_IN_SDK_ONLY,
    REQUIRED_IN_SPEC_ONLY,
    SEED_TAGS,
    SHIPPED_SPEC,
    UNKNOWN_FIELD,
    Drift,
    area_packages,
    compare_model,
    mirrored_models,
    sdk_operations,
    spec_operations,
)

from mistralai.types import MistralModel

ANY_FIELD = "*"

TOLERANT_RESPONSES = [
    "Agent",
    "AgentAliasResponse",
    "AgentConversation",
    "AgentListPage",
    "BaseFieldDefinition",
    "BaseModelCard",
    "BatchJobOut",
    "BatchJobsOut",
    "CampaignPreview",
    "CampaignPreviews",
    "CampaignSelectedEvents",
    "ChatCompletionChoice",
    "ChatCompletionEvent",
    "ChatCompletionEventIds",
    "ChatCompletionEventPreview",
    "ChatCompletionEvents",
    "ChatCompletionFields",
    "ChatCompletionResponse",
    "ChatTranscriptionEvent",
    "CheckpointOut",
    "ClassificationResponse",
    "ClassificationTargetResult",
    "ClassifierDetailedJobOut",
    "ClassifierFTModelOut",
    "ClassifierJobOut",
    "ClassifierTargetOut",
    "CompletionChunk",
    "CompletionDetailedJobOut",
    "CompletionFTModelOut",
    "CompletionJobOut",
    "CompletionResponseStreamChoice",
    "ConversationHistory",
    "ConversationMessages",
    "ConversationResponse",
    "Dataset",
    "DatasetImportTask",
    "DatasetImportTasks",
    "DatasetPreview",
    "DatasetPreviews",
    "DatasetRecord",
    "DatasetRecords",
    "DeleteFileOut",
    "DocumentOut",
    "DocumentTextContent",
    "EmbeddingResponse",
    "EventOut",
    "FIMCompletionResponse",
    "FTModelCard",
    "FieldGroup",
    "FieldOptionCountItem",
    "FieldOptionCounts",
    "FileSchema",
    "FunctionCallEvent",
    "GithubRepositoryOut",
    "JobsOut",
    "JudgeOutput",
    "JudgePreview",
    "JudgePreviews",
    "LegacyJobMetadataOut",
    "LibraryOut",
    "ListDocumentOut",
    "ListFilesOut",
    "ListLibraryOut",
    "ListSharingOut",
    "ModelConversation",
    "ModerationResponse",
    "OCRAsideTextBlock",
    "OCRCaptionBlock",
    "OCRCodeBlock",
    "OCRConfidenceScore",
    "OCREquationBlock",
    "OCRFooterBlock",
    "OCRHeaderBlock",
    "OCRImageBlock",
    "OCRImageObject",
    "OCRListBlock",
    "OCRPageConfidenceScores",
    "OCRPageDimensions",
    "OCRPageObject",
    "OCRReferencesBlock",
    "OCRResponse",
    "OCRSignatureBlock",
    "OCRTableBlock",
    "OCRTableObject",
    "OCRTextBlock",
    "OCRTitleBlock",
    "OCRUsageInfo",
    "ObservabilityError",
    "ObservabilityErrorDetail",
    "PaginationInfo",
    "ProcessingStatusOut",
    "ResponseDoneEvent",
    "RetrieveFileOut",
    "SharingOut",
    "ToolExecutionDeltaEvent",
    "ToolExecutionEntry",
    "ToolExecutionStartedEvent",
    "TranscriptionResponse",
    "TranscriptionStreamDone",
    "UploadFileOut",
    "UsageInfo",
    "ValidationError",
]

WORKFLOW_RESPONSES = [
    "ActivityTaskCompletedAttributesResponse",
    "ActivityTaskCompletedResponse",
    "ActivityTaskFailedAttributes",
    "ActivityTaskFailedResponse",
    "ActivityTaskRetryingAttributes",
    "ActivityTaskRetryingResponse",
    "ActivityTaskStartedAttributesResponse",
    "ActivityTaskStartedResponse",
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
    "Failure",
    "JSONPatchAdd",
    "JSONPatchAppend",
    "JSONPatchPayloadResponse",
    "JSONPatchRemove",
    "JSONPatchReplace",
    "JSONPayloadResponse",
    "ListWorkflowEventResponse",
    "QueryDefinition",
    "QueryWorkflowResponse",
    "ScheduleDefinitionOutput",
    "SignalDefinition",
    "StreamEventSsePayload",
    "StreamEventWorkflowContext",
    "TempoTraceBatch",
    "TempoTraceEvent",
    "TempoTraceSpan",
    "UpdateDefinition",
    "UpdateWorkflowResponse",
    "WorkerInfo",
    "Workflow",
    "WorkflowCodeDefinition",
    "WorkflowExecutionCanceledResponse",
    "WorkflowExecutionCompletedAttributesResponse",
    "WorkflowExecutionCompletedResponse",
    "WorkflowExecutionContinuedAsNewAttributesResponse",
    "WorkflowExecutionContinuedAsNewResponse",
    "WorkflowExecutionFailedAttributes",
    "WorkflowExecutionFailedResponse",
    "WorkflowExecutionListResponse",
    "WorkflowExecutionProgressTraceEvent",
    "WorkflowExecutionResponse",
    "WorkflowExecutionStartedAttributesResponse",
    "WorkflowExecutionStartedResponse",
    "WorkflowExecutionSyncResponse",
    "WorkflowExecutionTraceEvent",
    "WorkflowExecutionTraceEventsResponse",
    "WorkflowExecutionTraceOTelResponse",
    "WorkflowExecutionTraceSummaryResponse",
    "WorkflowExecutionTraceSummarySpan",
    "WorkflowExecutionWithoutResultResponse",
    "WorkflowMetrics",
    "WorkflowRegistration",
    "WorkflowRegistrationGetResponse",
    "WorkflowRegistrationListResponse",
    "WorkflowRegistrationWithWorkerStatus",
    "WorkflowScheduleListResponse",
    "WorkflowTaskFailedAttributes",
    "WorkflowTaskFailedResponse",
    "WorkflowTaskTimedOutResponse",
    "WorkflowWithWorkerStatus",
]
"""Response models of mistral-workflows that tolerate missing fields (events, payloads and
traces included)."""

CONNECTOR_RESPONSES = [
    "AudioContent",
    "AuthUrlResponse",
    "BlobResourceContents",
    "Connector",
    "CredentialsResponse",
    "ExecutionConfig",
    "ImageContent",
    "MCPServerIcon",
    "MCPTool",
    "MCPToolCallResponse",
    "MessageResponse",
    "PaginatedConnectors",
    "PaginationResponse",
    "ResourceLink",
    "TextContent",
    "TextResourceContents",
]
"""Response models of mistral-connectors that tolerate missing fields (MCP content, pages
and confirmations included)."""

AUDIO_RESPONSES = ["SpeechStreamDone", "VoiceListResponse", "VoiceResponse"]
"""Response models of speech and voices (mistral-audio) that tolerate missing fields."""

REVIEWED: dict[tuple[str, str, str], str] = {
    **{
        (name, ANY_FIELD, REQUIRED_IN_SPEC_ONLY): (
            "response model: fields the spec requires have defaults, so an answer that leaves "
            "one out still parses (ARCHITECTURE.md: responses tolerate missing fields; the "
            "spec's own examples omit some, e.g. the embeddings example has no id)"
        )
        for name in TOLERANT_RESPONSES + WORKFLOW_RESPONSES + CONNECTOR_RESPONSES + AUDIO_RESPONSES
    },
    ("SharingDelete", "level", UNKNOWN_FIELD): (
        "the spec lists level among SharingDelete's required fields but never declares it; "
        "the SDK accepts it (optional, as the official SDKs omit it) and sends it when given"
    ),
}
"""(model, JSON field or ``*``, kind of drift) -> why the SDK differs from the spec."""


def is_reviewed(drift: Drift) -> bool:
    return drift.key in REVIEWED or (drift.model, ANY_FIELD, drift.kind) in REVIEWED


def _model_modules() -> list[Any]:
    modules = [importlib.import_module("mistralai.models")]
    for package in area_packages():
        try:
            modules.append(importlib.import_module(package + ".models"))
        except ModuleNotFoundError:
            continue
    return modules


@pytest.fixture(scope="module")
def models(spec: dict[str, Any]) -> dict[str, type[pydantic.BaseModel]]:
    return mirrored_models(spec, _model_modules())


def test_models_match_their_schemas(
    spec: dict[str, Any], models: dict[str, type[pydantic.BaseModel]]
) -> None:
    drifts = [d for model in models.values() for d in compare_model(model, spec)]
    unreviewed = [str(d) for d in drifts if not is_reviewed(d)]
    assert not unreviewed, "SDK models drift from the spec:\n" + "\n".join(unreviewed)


def test_reviewed_table_has_no_stale_entries(
    spec: dict[str, Any], models: dict[str, type[pydantic.BaseModel]]
) -> None:
    drifts = [d for model in models.values() for d in compare_model(model, spec)]
    seen = {d.key for d in drifts} | {(d.model, ANY_FIELD, d.kind) for d in drifts}
    stale = [key for key in REVIEWED if key[0] in models and key not in seen]
    assert not stale, f"REVIEWED lists differences that are gone; remove them: {stale}"


def test_operations_exist_in_the_spec(spec: dict[str, Any]) -> None:
    in_spec = spec_operations(spec)
    wrong = []
    for op in sdk_operations():
        theirs = in_spec.get(op.id)
        if theirs is None:
            wrong.append(f"{op.module}: {op.id} is not an operationId of the spec")
        elif (op.method, op.path) != (theirs.method, theirs.path.split("#")[0]):
            wrong.append(
                f"{op.module}: {op.id} is {op.method} {op.path}, "
                f"the spec says {theirs.method} {theirs.path}"
            )
    assert not wrong, "\n".join(wrong)


def test_claimed_tags_are_implemented_whole(spec: dict[str, Any]) -> None:
    """An installed area that implements an operation of a tag implements all of them."""
    in_spec = spec_operations(spec)
    ours = {op.id for op in sdk_operations()}
    partial = []
    for tag in SEED_TAGS:
        ids = {op.id for op in in_spec.values() if tag in op.tags}
        if ids & ours and not ids <= ours:
            partial.append(f"{tag}: {sorted(ids - ours)} not implemented")
    assert not partial, "\n".join(partial)


# -- the test of the test ------------------------------------------------------------------


def _copy(
    base: type[MistralModel],
    /,
    *,
    rename: dict[str, str] | None = None,
    drop: str = "",
    **changes: Any,
) -> type[MistralModel]:
    """A copy of ``base`` under the same name with fields renamed, dropped or retyped."""
    fields: dict[str, Any] = {}
    for name, info in base.model_fields.items():
        if name == drop:
            continue
        fields[(rename or {}).get(name, name)] = changes.get(name, (info.annotation, info))
    copy: type[MistralModel] = pydantic.create_model(base.__name__, __base__=MistralModel, **fields)
    return copy


def test_conformance_detects_drift(spec: dict[str, Any]) -> None:
    chat = pytest.importorskip("mistralai.chat.models")
    real = chat.ChatCompletionRequest
    assert compare_model(real, spec) == [], "the real model must compare clean for this test"

    renamed = compare_model(_copy(real, rename={"max_tokens": "max_token"}), spec)
    assert Drift("ChatCompletionRequest", "max_token", UNKNOWN_FIELD) in renamed
    assert Drift("ChatCompletionRequest", "max_tokens", MISSING_FIELD) in renamed

    dropped = compare_model(_copy(real, drop="messages"), spec)
    assert Drift("ChatCompletionRequest", "messages", MISSING_FIELD, "required") in dropped

    loosened = compare_model(_copy(real, model=(str | None, None)), spec)
    assert Drift("ChatCompletionRequest", "model", REQUIRED_IN_SPEC_ONLY) in loosened

    tightened = compare_model(_copy(real, top_p=(float, ...)), spec)
    assert Drift("ChatCompletionRequest", "top_p", REQUIRED_IN_SDK_ONLY) in tightened

    enum = compare_model(_copy(real, reasoning_effort=(Literal["high", "low"] | None, None)), spec)
    assert [d.kind for d in enum if d.field == "reasoning_effort"] == [ENUM_MISMATCH]


def test_shipped_spec_is_the_published_one() -> None:
    """mistral-testing validates requests against its own copy; it must not drift."""
    published = REPO_ROOT.parent / "shared" / "openapi" / "mistral-openapi.yaml"
    if not published.is_file():
        pytest.skip("the published spec (shared/openapi beside the repository) is not here")
    assert SHIPPED_SPEC.read_bytes() == published.read_bytes()
