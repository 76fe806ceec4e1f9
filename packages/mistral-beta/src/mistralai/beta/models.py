"""Models of the beta conversations and agents APIs."""

from __future__ import annotations

from typing import Annotated, Any, Literal, TypeAlias, Union

from pydantic import Discriminator, Field, Tag

from mistralai.models import (
    DocumentURLChunk,
    FunctionTool,
    GuardrailConfig,
    ImageURLChunk,
    Prediction,
    ResponseFormat,
    TextChunk,
    ThinkChunk,
    ToolChoiceEnum,
    ToolReferenceChunk,
)
from mistralai.types import MistralModel, Nullable, UnknownVariant, tag_or_unknown

# -- tools -----------------------------------------------------------------------------------


class WebSearchTool(MistralModel):
    """Lets the model search the web."""

    tool_configuration: Nullable[dict[str, Any]] = None
    type: Literal["web_search"] = "web_search"


class WebSearchPremiumTool(MistralModel):
    """Web search with news sources."""

    tool_configuration: Nullable[dict[str, Any]] = None
    type: Literal["web_search_premium"] = "web_search_premium"


class CodeInterpreterTool(MistralModel):
    """Lets the model run code."""

    tool_configuration: Nullable[dict[str, Any]] = None
    type: Literal["code_interpreter"] = "code_interpreter"


class ImageGenerationTool(MistralModel):
    """Lets the model generate images."""

    tool_configuration: Nullable[dict[str, Any]] = None
    type: Literal["image_generation"] = "image_generation"


class DocumentLibraryTool(MistralModel):
    """Lets the model search document libraries."""

    library_ids: list[str]
    tool_configuration: Nullable[dict[str, Any]] = None
    type: Literal["document_library"] = "document_library"


class CustomConnector(MistralModel):
    """A connector configured on the platform."""

    connector_id: str
    authorization: Nullable[dict[str, Any]] = None
    tool_configuration: Nullable[dict[str, Any]] = None
    type: Literal["connector"] = "connector"


_TOOLS = (
    FunctionTool,
    WebSearchTool,
    WebSearchPremiumTool,
    CodeInterpreterTool,
    ImageGenerationTool,
    DocumentLibraryTool,
    CustomConnector,
)
AgentTool: TypeAlias = Annotated[
    Union[
        Annotated[FunctionTool, Tag("function")],
        Annotated[WebSearchTool, Tag("web_search")],
        Annotated[WebSearchPremiumTool, Tag("web_search_premium")],
        Annotated[CodeInterpreterTool, Tag("code_interpreter")],
        Annotated[ImageGenerationTool, Tag("image_generation")],
        Annotated[DocumentLibraryTool, Tag("document_library")],
        Annotated[CustomConnector, Tag("connector")],
        Annotated[UnknownVariant, Tag("unknown")],
    ],
    Discriminator(tag_or_unknown("type", *_TOOLS)),
]
"""A tool of a conversation or an agent; an unknown ``type`` is kept as :class:`UnknownVariant`."""


class CompletionArgs(MistralModel):
    """Sampling settings of a conversation or an agent."""

    stop: Union[str, list[str], None] = None
    presence_penalty: Nullable[float] = None
    frequency_penalty: Nullable[float] = None
    temperature: Nullable[float] = None
    top_p: Nullable[float] = None
    max_tokens: Nullable[int] = None
    random_seed: Nullable[int] = None
    prediction: Nullable[Prediction] = None
    response_format: Nullable[ResponseFormat] = None
    tool_choice: ToolChoiceEnum | None = None
    reasoning_effort: Nullable[Literal["high", "none"]] = None


# -- entries ---------------------------------------------------------------------------------

BuiltInConnectors: TypeAlias = Literal[
    "web_search", "web_search_premium", "code_interpreter", "image_generation", "document_library"
]
"""The built-in tools of conversations and agents."""


class ToolFileChunk(MistralModel):
    """A file a built-in tool made (an image from ``image_generation``...), by file id."""

    tool: str
    file_id: str
    file_name: str | None = None
    file_type: str | None = None
    type: Literal["tool_file"] = "tool_file"


MessageInputContentChunks: TypeAlias = Annotated[
    Union[
        Annotated[TextChunk, Tag("text")],
        Annotated[ImageURLChunk, Tag("image_url")],
        Annotated[ToolFileChunk, Tag("tool_file")],
        Annotated[DocumentURLChunk, Tag("document_url")],
        Annotated[ThinkChunk, Tag("thinking")],
        Annotated[UnknownVariant, Tag("unknown")],
    ],
    Discriminator(
        tag_or_unknown(
            "type", TextChunk, ImageURLChunk, ToolFileChunk, DocumentURLChunk, ThinkChunk
        )
    ),
]
"""A chunk of an input entry's content; an unknown ``type`` is kept as an UnknownVariant."""

MessageOutputContentChunks: TypeAlias = Annotated[
    Union[
        Annotated[TextChunk, Tag("text")],
        Annotated[ImageURLChunk, Tag("image_url")],
        Annotated[ToolFileChunk, Tag("tool_file")],
        Annotated[DocumentURLChunk, Tag("document_url")],
        Annotated[ThinkChunk, Tag("thinking")],
        Annotated[ToolReferenceChunk, Tag("tool_reference")],
        Annotated[UnknownVariant, Tag("unknown")],
    ],
    Discriminator(
        tag_or_unknown(
            "type",
            TextChunk,
            ImageURLChunk,
            ToolFileChunk,
            DocumentURLChunk,
            ThinkChunk,
            ToolReferenceChunk,
        )
    ),
]
"""A chunk of an answer: text, images, files made by tools, sources found by tools..."""

OutputContentChunks: TypeAlias = MessageOutputContentChunks
"""One chunk of a streamed answer."""

EntryContent: TypeAlias = Union[str, list[MessageInputContentChunks]]
OutputEntryContent: TypeAlias = Union[str, list[MessageOutputContentChunks]]
EventContent: TypeAlias = Union[str, OutputContentChunks, list[OutputContentChunks]]
"""A delta's content: text, or one chunk (a list of chunks is accepted too)."""


class MessageInputEntry(MistralModel):
    """A message given to the conversation (``role`` user, or assistant as a prefix)."""

    role: Literal["user", "assistant"] = "user"
    content: EntryContent
    prefix: bool | None = None
    id: str | None = None
    created_at: str | None = None
    completed_at: str | None = None
    object: Literal["entry"] = "entry"
    type: Literal["message.input"] = "message.input"


class MessageOutputEntry(MistralModel):
    """A message the model or agent answered."""

    content: OutputEntryContent
    role: str = "assistant"
    id: str | None = None
    agent_id: str | None = None
    model: str | None = None
    created_at: str | None = None
    completed_at: str | None = None
    object: Literal["entry"] = "entry"
    type: Literal["message.output"] = "message.output"


class FunctionCallEntry(MistralModel):
    """A function the model wants called."""

    tool_call_id: str
    name: str
    arguments: Union[dict[str, Any], str]
    id: str | None = None
    agent_id: str | None = None
    model: str | None = None
    confirmation_status: str | None = None
    created_at: str | None = None
    completed_at: str | None = None
    object: Literal["entry"] = "entry"
    type: Literal["function.call"] = "function.call"


class FunctionResultEntry(MistralModel):
    """The result of a function call, given back to the conversation."""

    tool_call_id: str
    result: str
    id: str | None = None
    created_at: str | None = None
    completed_at: str | None = None
    object: Literal["entry"] = "entry"
    type: Literal["function.result"] = "function.result"


class ToolExecutionEntry(MistralModel):
    """A built-in tool the platform ran (web search, code interpreter...)."""

    name: str
    arguments: str = ""
    info: dict[str, Any] = Field(default_factory=dict)
    id: str | None = None
    agent_id: str | None = None
    model: str | None = None
    created_at: str | None = None
    completed_at: str | None = None
    object: Literal["entry"] = "entry"
    type: Literal["tool.execution"] = "tool.execution"


class AgentHandoffEntry(MistralModel):
    """One agent handing the conversation to another."""

    previous_agent_id: str
    previous_agent_name: str
    next_agent_id: str
    next_agent_name: str
    id: str | None = None
    created_at: str | None = None
    completed_at: str | None = None
    object: Literal["entry"] = "entry"
    type: Literal["agent.handoff"] = "agent.handoff"


_ENTRIES = (
    MessageInputEntry,
    MessageOutputEntry,
    FunctionCallEntry,
    FunctionResultEntry,
    ToolExecutionEntry,
    AgentHandoffEntry,
)
ConversationEntry: TypeAlias = Annotated[
    Union[
        Annotated[MessageInputEntry, Tag("message.input")],
        Annotated[MessageOutputEntry, Tag("message.output")],
        Annotated[FunctionCallEntry, Tag("function.call")],
        Annotated[FunctionResultEntry, Tag("function.result")],
        Annotated[ToolExecutionEntry, Tag("tool.execution")],
        Annotated[AgentHandoffEntry, Tag("agent.handoff")],
        Annotated[UnknownVariant, Tag("unknown")],
    ],
    Discriminator(tag_or_unknown("type", *_ENTRIES)),
]
"""One entry of a conversation; an unknown ``type`` is kept as :class:`UnknownVariant`."""

ConversationInputs: TypeAlias = Union[str, list[ConversationEntry]]


class ToolCallConfirmation(MistralModel):
    """Allow or deny a function call that waits for confirmation."""

    tool_call_id: str
    confirmation: Literal["allow", "deny"]


# -- requests --------------------------------------------------------------------------------

HandoffExecution: TypeAlias = Literal["client", "server"]


class ConversationRequest(MistralModel):
    """The body of ``POST /v1/conversations``."""

    inputs: ConversationInputs
    stream: bool | None = None
    store: Nullable[bool] = None
    handoff_execution: Nullable[HandoffExecution] = None
    instructions: Nullable[str] = None
    tools: Nullable[list[AgentTool]] = None
    completion_args: Nullable[CompletionArgs] = None
    guardrails: Nullable[list[GuardrailConfig]] = None
    name: Nullable[str] = None
    description: Nullable[str] = None
    metadata: Nullable[dict[str, Any]] = None
    agent_id: Nullable[str] = None
    agent_version: Nullable[Union[str, int]] = None
    model: Nullable[str] = None


class ConversationAppendRequest(MistralModel):
    """The body of ``POST /v1/conversations/{conversation_id}``."""

    inputs: ConversationInputs | None = None
    stream: bool | None = None
    store: bool | None = None
    handoff_execution: HandoffExecution | None = None
    completion_args: CompletionArgs | None = None
    tool_confirmations: Nullable[list[ToolCallConfirmation]] = None


class ConversationRestartRequest(MistralModel):
    """The body of ``POST /v1/conversations/{conversation_id}/restart``."""

    from_entry_id: str
    inputs: ConversationInputs | None = None
    stream: bool | None = None
    store: bool | None = None
    handoff_execution: HandoffExecution | None = None
    completion_args: CompletionArgs | None = None
    guardrails: Nullable[list[GuardrailConfig]] = None
    metadata: Nullable[dict[str, Any]] = None
    agent_version: Nullable[Union[str, int]] = None


# -- responses -------------------------------------------------------------------------------


class ConversationUsageInfo(MistralModel):
    """Token counts of a conversation turn."""

    prompt_tokens: int = 0
    completion_tokens: int = 0
    total_tokens: int = 0
    connector_tokens: int | None = None
    connectors: dict[str, int] | None = None


class ConversationResponse(MistralModel):
    """What starting, appending to or restarting a conversation answers."""

    conversation_id: str
    outputs: list[ConversationEntry] = Field(default_factory=list)
    usage: ConversationUsageInfo = Field(default_factory=ConversationUsageInfo)
    guardrails: list[dict[str, Any]] | None = None
    object: str = "conversation.response"


class ConversationHistory(MistralModel):
    """Every entry of a conversation, inputs and outputs."""

    conversation_id: str
    entries: list[ConversationEntry] = Field(default_factory=list)
    object: str = "conversation.history"


class ConversationMessages(MistralModel):
    """The messages of a conversation."""

    conversation_id: str
    messages: list[ConversationEntry] = Field(default_factory=list)
    object: str = "conversation.messages"


class ModelConversation(MistralModel):
    """A conversation with a model."""

    id: str
    model: str | None = None
    instructions: str | None = None
    tools: list[AgentTool] = Field(default_factory=list)
    completion_args: CompletionArgs | None = None
    guardrails: list[GuardrailConfig] | None = None
    name: str | None = None
    description: str | None = None
    metadata: dict[str, Any] | None = None
    created_at: str | None = None
    updated_at: str | None = None
    object: str = "conversation"


class AgentConversation(MistralModel):
    """A conversation with an agent."""

    id: str
    agent_id: str
    agent_version: Union[str, int, None] = None
    name: str | None = None
    description: str | None = None
    metadata: dict[str, Any] | None = None
    created_at: str | None = None
    updated_at: str | None = None
    object: str = "conversation"


def _conversation_kind(value: Any) -> str:
    agent_id = (
        value.get("agent_id") if isinstance(value, dict) else getattr(value, "agent_id", None)
    )
    return "agent" if agent_id else "model"


Conversation: TypeAlias = Annotated[
    Union[Annotated[ModelConversation, Tag("model")], Annotated[AgentConversation, Tag("agent")]],
    Discriminator(_conversation_kind),
]

# -- stream events ---------------------------------------------------------------------------


class ResponseStartedEvent(MistralModel):
    """The turn started."""

    conversation_id: str
    created_at: str | None = None
    type: Literal["conversation.response.started"] = "conversation.response.started"


class ResponseDoneEvent(MistralModel):
    """The turn finished; ``usage`` counts its tokens."""

    usage: ConversationUsageInfo = Field(default_factory=ConversationUsageInfo)
    created_at: str | None = None
    type: Literal["conversation.response.done"] = "conversation.response.done"


class ResponseErrorEvent(MistralModel):
    """The turn failed."""

    message: str
    code: int
    created_at: str | None = None
    type: Literal["conversation.response.error"] = "conversation.response.error"


class MessageOutputEvent(MistralModel):
    """A piece of the answer: join ``content`` of consecutive events with the same ``id``."""

    id: str
    content: EventContent
    output_index: int = 0
    content_index: int = 0
    model: str | None = None
    agent_id: str | None = None
    role: str = "assistant"
    created_at: str | None = None
    type: Literal["message.output.delta"] = "message.output.delta"


class ToolExecutionStartedEvent(MistralModel):
    """A built-in tool started."""

    id: str
    name: str
    arguments: str = ""
    output_index: int = 0
    model: str | None = None
    agent_id: str | None = None
    created_at: str | None = None
    type: Literal["tool.execution.started"] = "tool.execution.started"


class ToolExecutionDeltaEvent(MistralModel):
    """Progress of a built-in tool."""

    id: str
    name: str
    arguments: str = ""
    output_index: int = 0
    created_at: str | None = None
    type: Literal["tool.execution.delta"] = "tool.execution.delta"


class ToolExecutionDoneEvent(MistralModel):
    """A built-in tool finished."""

    id: str
    name: str
    info: dict[str, Any] = Field(default_factory=dict)
    output_index: int = 0
    created_at: str | None = None
    type: Literal["tool.execution.done"] = "tool.execution.done"


class FunctionCallEvent(MistralModel):
    """A piece of a function call the model wants made."""

    id: str
    name: str
    tool_call_id: str
    arguments: str = ""
    output_index: int = 0
    model: str | None = None
    agent_id: str | None = None
    confirmation_status: str | None = None
    created_at: str | None = None
    type: Literal["function.call.delta"] = "function.call.delta"


class AgentHandoffStartedEvent(MistralModel):
    """An agent is handing the conversation over."""

    id: str
    previous_agent_id: str
    previous_agent_name: str
    output_index: int = 0
    created_at: str | None = None
    type: Literal["agent.handoff.started"] = "agent.handoff.started"


class AgentHandoffDoneEvent(MistralModel):
    """Another agent took the conversation over."""

    id: str
    next_agent_id: str
    next_agent_name: str
    output_index: int = 0
    created_at: str | None = None
    type: Literal["agent.handoff.done"] = "agent.handoff.done"


_EVENTS = (
    ResponseStartedEvent,
    ResponseDoneEvent,
    ResponseErrorEvent,
    MessageOutputEvent,
    ToolExecutionStartedEvent,
    ToolExecutionDeltaEvent,
    ToolExecutionDoneEvent,
    FunctionCallEvent,
    AgentHandoffStartedEvent,
    AgentHandoffDoneEvent,
)
ConversationEventData: TypeAlias = Annotated[
    Union[
        Annotated[ResponseStartedEvent, Tag("conversation.response.started")],
        Annotated[ResponseDoneEvent, Tag("conversation.response.done")],
        Annotated[ResponseErrorEvent, Tag("conversation.response.error")],
        Annotated[MessageOutputEvent, Tag("message.output.delta")],
        Annotated[ToolExecutionStartedEvent, Tag("tool.execution.started")],
        Annotated[ToolExecutionDeltaEvent, Tag("tool.execution.delta")],
        Annotated[ToolExecutionDoneEvent, Tag("tool.execution.done")],
        Annotated[FunctionCallEvent, Tag("function.call.delta")],
        Annotated[AgentHandoffStartedEvent, Tag("agent.handoff.started")],
        Annotated[AgentHandoffDoneEvent, Tag("agent.handoff.done")],
        Annotated[UnknownVariant, Tag("unknown")],
    ],
    Discriminator(tag_or_unknown("type", *_EVENTS)),
]


class ConversationEvents(MistralModel):
    """One event of a conversation stream: its SSE ``event`` name and typed ``data``.

    An event type this SDK does not know arrives with ``data`` as :class:`UnknownVariant`.
    """

    event: str
    data: ConversationEventData


# -- agents ----------------------------------------------------------------------------------


class AgentCreationRequest(MistralModel):
    """The body of ``POST /v1/agents``."""

    model: str
    name: str
    instructions: Nullable[str] = None
    tools: list[AgentTool] | None = None
    completion_args: CompletionArgs | None = None
    guardrails: Nullable[list[GuardrailConfig]] = None
    description: Nullable[str] = None
    handoffs: Nullable[list[str]] = None
    metadata: Nullable[dict[str, Any]] = None
    version_message: Nullable[str] = None


class AgentUpdateRequest(MistralModel):
    """The body of ``PATCH /v1/agents/{agent_id}``: only the fields given change."""

    instructions: Nullable[str] = None
    tools: list[AgentTool] | None = None
    completion_args: CompletionArgs | None = None
    guardrails: Nullable[list[GuardrailConfig]] = None
    model: Nullable[str] = None
    name: Nullable[str] = None
    description: Nullable[str] = None
    handoffs: Nullable[list[str]] = None
    deployment_chat: Nullable[bool] = None
    metadata: Nullable[dict[str, Any]] = None
    version_message: Nullable[str] = None


class Agent(MistralModel):
    """An agent: a model with instructions, tools and settings, versioned."""

    id: str
    name: str | None = None
    model: str | None = None
    version: int = 0
    versions: list[int] = Field(default_factory=list)
    instructions: str | None = None
    tools: list[AgentTool] = Field(default_factory=list)
    completion_args: CompletionArgs | None = None
    guardrails: list[GuardrailConfig] | None = None
    description: str | None = None
    handoffs: list[str] | None = None
    metadata: dict[str, Any] | None = None
    deployment_chat: bool | None = None
    source: str | None = None
    version_message: str | None = None
    created_at: str | None = None
    updated_at: str | None = None
    object: str = "agent"


class AgentListPage(MistralModel):
    """One page of agents; pass ``next_page_token`` back to read the next one."""

    data: list[Agent] = []
    next_page_token: str | None = None
    object: str = "list"


class AgentAliasResponse(MistralModel):
    """A named alias pointing at one version of an agent."""

    alias: str
    version: int
    created_at: str | None = None
    updated_at: str | None = None


# -- libraries -------------------------------------------------------------------------------

ProcessStatus: TypeAlias = Literal[
    "self_managed",
    "missing_content",
    "noop",
    "done",
    "todo",
    "in_progress",
    "error",
    "waiting_for_capacity",
]
ShareEnum: TypeAlias = Literal["Viewer", "Editor"]
EntityType: TypeAlias = Literal["User", "Workspace", "Org"]


class LibraryIn(MistralModel):
    """The body of ``POST /v1/libraries``."""

    name: str
    description: Nullable[str] = None
    chunk_size: Nullable[int] = None


class LibraryInUpdate(MistralModel):
    """The body of ``PUT /v1/libraries/{library_id}``."""

    name: Nullable[str] = None
    description: Nullable[str] = None


class LibraryOut(MistralModel):
    """A document library."""

    id: str
    name: str | None = None
    created_at: str | None = None
    updated_at: str | None = None
    owner_id: str | None = None
    owner_type: str | None = None
    total_size: int = 0
    nb_documents: int = 0
    chunk_size: int | None = None
    emoji: str | None = None
    description: str | None = None
    generated_description: str | None = None
    generated_name: str | None = None
    explicit_user_members_count: int | None = None
    explicit_workspace_members_count: int | None = None
    org_sharing_role: str | None = None


class ListLibraryOut(MistralModel):
    """The libraries this key can see."""

    data: list[LibraryOut] = Field(default_factory=list)


class DocumentOut(MistralModel):
    """A document of a library and its processing state."""

    id: str
    library_id: str | None = None
    name: str | None = None
    hash: str | None = None
    mime_type: str | None = None
    extension: str | None = None
    size: int | None = None
    summary: str | None = None
    created_at: str | None = None
    last_processed_at: str | None = None
    number_of_pages: int | None = None
    process_status: str | None = None
    processing_status: str | None = None
    uploaded_by_id: str | None = None
    uploaded_by_type: str | None = None
    tokens_processing_main_content: int | None = None
    tokens_processing_summary: int | None = None
    tokens_processing_total: int | None = None
    url: str | None = None
    attributes: dict[str, Any] | None = None


class PaginationInfo(MistralModel):
    """Where a page sits in a listing."""

    total_items: int = 0
    total_pages: int = 0
    current_page: int = 0
    page_size: int = 0
    has_more: bool = False


class ListDocumentOut(MistralModel):
    """A page of documents."""

    data: list[DocumentOut] = Field(default_factory=list)
    pagination: PaginationInfo = Field(default_factory=PaginationInfo)


class DocumentUpdateIn(MistralModel):
    """The body of ``PUT .../documents/{document_id}``."""

    name: Nullable[str] = None
    attributes: Nullable[dict[str, Any]] = None


class ProcessingStatusOut(MistralModel):
    """Whether a document is processed yet."""

    document_id: str
    process_status: str | None = None
    processing_status: str | None = None


class DocumentTextContent(MistralModel):
    """The text extracted from a document."""

    text: str = ""


class SharingIn(MistralModel):
    """The body of ``PUT /v1/libraries/{library_id}/share``."""

    share_with_uuid: str
    share_with_type: EntityType
    level: ShareEnum
    org_id: Nullable[str] = None


class SharingDelete(MistralModel):
    """The body of ``DELETE /v1/libraries/{library_id}/share``.

    ``level`` is optional, as in the official SDK: the spec lists it among the required
    fields without declaring it, and the API identifies the share by ``share_with_uuid``.
    """

    share_with_uuid: str
    share_with_type: EntityType
    level: ShareEnum | None = None
    org_id: Nullable[str] = None


class SharingOut(MistralModel):
    """Who a library is shared with, and how."""

    library_id: str
    org_id: str | None = None
    user_id: str | None = None
    role: str | None = None
    share_with_type: str | None = None
    share_with_uuid: str | None = None


class ListSharingOut(MistralModel):
    """Every share of a library."""

    data: list[SharingOut] = Field(default_factory=list)


__all__ = [
    "BuiltInConnectors",
    "MessageInputContentChunks",
    "MessageOutputContentChunks",
    "OutputContentChunks",
    "ToolFileChunk",
    "SharingOut",
    "SharingIn",
    "SharingDelete",
    "ShareEnum",
    "ProcessingStatusOut",
    "ProcessStatus",
    "PaginationInfo",
    "ListSharingOut",
    "ListLibraryOut",
    "ListDocumentOut",
    "LibraryOut",
    "LibraryInUpdate",
    "LibraryIn",
    "EntityType",
    "DocumentUpdateIn",
    "DocumentTextContent",
    "DocumentOut",
    "Agent",
    "AgentAliasResponse",
    "AgentListPage",
    "AgentConversation",
    "AgentCreationRequest",
    "AgentHandoffDoneEvent",
    "AgentHandoffEntry",
    "AgentHandoffStartedEvent",
    "AgentTool",
    "AgentUpdateRequest",
    "CodeInterpreterTool",
    "CompletionArgs",
    "Conversation",
    "ConversationAppendRequest",
    "ConversationEntry",
    "ConversationEventData",
    "ConversationEvents",
    "ConversationHistory",
    "ConversationInputs",
    "ConversationMessages",
    "ConversationRequest",
    "ConversationResponse",
    "ConversationRestartRequest",
    "ConversationUsageInfo",
    "CustomConnector",
    "DocumentLibraryTool",
    "FunctionCallEntry",
    "FunctionCallEvent",
    "FunctionResultEntry",
    "HandoffExecution",
    "ImageGenerationTool",
    "MessageInputEntry",
    "MessageOutputEntry",
    "MessageOutputEvent",
    "ModelConversation",
    "ResponseDoneEvent",
    "ResponseErrorEvent",
    "ResponseStartedEvent",
    "ToolCallConfirmation",
    "ToolExecutionDeltaEvent",
    "ToolExecutionDoneEvent",
    "ToolExecutionEntry",
    "ToolExecutionStartedEvent",
    "WebSearchPremiumTool",
    "WebSearchTool",
]
