"""What a run produced: its entries, its answer as text or as a model, and the events a
streamed run yields.

The entry models mirror the conversation entries of the API (same fields, same ``type``
tags) so that a :class:`RunResult` stands on its own: a run's entries are these models
whether the conversation answered in one piece or as a stream, and never depend on the
classes of the package that mounts ``client.beta.conversations``. Test an entry's kind
with ``entry.type`` or ``isinstance`` against the classes here.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Annotated, Any, Literal, TypeAlias, Union

import pydantic
from pydantic import Discriminator, Field, Tag

from mistralai.extra.exceptions import RunException
from mistralai.models import ContentChunk, TextChunk
from mistralai.types import MistralModel, UnknownVariant, tag_or_unknown

EntryContent: TypeAlias = Union[str, list[ContentChunk]]


class MessageInputEntry(MistralModel):
    """A message given to the conversation (``role`` user, or assistant as a prefix)."""

    content: EntryContent
    role: Literal["user", "assistant"] = "user"
    prefix: bool | None = None
    id: str | None = None
    created_at: str | None = None
    completed_at: str | None = None
    object: Literal["entry"] = "entry"
    type: Literal["message.input"] = "message.input"


class MessageOutputEntry(MistralModel):
    """A message the model or agent answered."""

    content: EntryContent
    role: str = "assistant"
    id: str | None = None
    agent_id: str | None = None
    model: str | None = None
    created_at: str | None = None
    completed_at: str | None = None
    object: Literal["entry"] = "entry"
    type: Literal["message.output"] = "message.output"


class FunctionCallEntry(MistralModel):
    """A function the model wants called; ``arguments`` as JSON text or an object."""

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
    """The result of a function call, sent back to the conversation."""

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
RunEntries: TypeAlias = Annotated[
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
"""One entry of a run; a kind this package does not know is kept as :class:`UnknownVariant`."""

RunOutputEntries: TypeAlias = RunEntries
"""An entry a run produced (the model's, or a function result sent back)."""

_ENTRY: pydantic.TypeAdapter[RunEntries] = pydantic.TypeAdapter(RunEntries)


def entry_from_wire(data: Any) -> RunEntries:
    """The run entry for an entry's JSON form (as the API sends it)."""
    return _ENTRY.validate_python(data)


def as_text(entry: RunEntries) -> str:
    """The text of a message entry: text chunks as they are, files and references as
    short placeholders; other entries have no text."""
    if not isinstance(entry, MessageOutputEntry | MessageInputEntry):
        return ""
    if isinstance(entry.content, str):
        return entry.content
    return "".join(_chunk_text(chunk) for chunk in entry.content)


def _chunk_text(chunk: Any) -> str:
    if isinstance(chunk, TextChunk):
        return chunk.text
    if not isinstance(chunk, UnknownVariant):
        return ""
    extra = chunk.model_extra or {}
    if chunk.tag == "tool_file":
        return f"<File id={extra.get('file_id')} name={extra.get('file_name')}>"
    if chunk.tag == "tool_reference":
        return f"<Reference title={extra.get('title')}>"
    return ""


@dataclass
class RunResult:
    """The entries of one run and its answer.

    ``input_entries`` are what the run sent first; ``output_entries`` everything that
    followed, in order: the model's entries (messages, function calls, built-in tool runs)
    and the function results sent back.

    >>> result = client.beta.conversations.run(run_ctx=run_ctx, inputs="Weather in Paris?")
    >>> result.output_as_text
    """

    input_entries: list[RunEntries]
    conversation_id: str | None = None
    output_entries: list[RunEntries] = field(default_factory=list)
    output_model: type[pydantic.BaseModel] | None = None

    @property
    def entries(self) -> list[RunEntries]:
        """Every entry of the run, inputs first."""
        return [*self.input_entries, *self.output_entries]

    @property
    def output_as_text(self) -> str:
        """The text of the model's messages, one line per message."""
        if not self.output_entries:
            raise RunException("the run has no output entries")
        messages = [e for e in self.output_entries if isinstance(e, MessageOutputEntry)]
        return "\n".join(as_text(entry) for entry in messages)

    @property
    def output_as_model(self) -> pydantic.BaseModel:
        """The model's last message parsed as the run context's ``output_format``.

        Raises :class:`RunException` when no ``output_format`` was set or the run ended
        without a message, and ``pydantic.ValidationError`` when the message does not fit.
        """
        if self.output_model is None:
            raise RunException("the run context has no output_format to parse the answer into")
        messages = [e for e in self.output_entries if isinstance(e, MessageOutputEntry)]
        if not messages:
            raise RunException("the run ended without a message to parse")
        return self.output_model.model_validate_json(as_text(messages[-1]))


class FunctionResultEvent(MistralModel):
    """The result of a function the run called, as a streamed run reports it."""

    tool_call_id: str
    result: str
    id: str | None = None
    created_at: str | None = Field(
        default_factory=lambda: time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    )
    output_index: int = 0
    type: Literal["function.result"] = "function.result"


class RunResultEvents(MistralModel):
    """One event of a streamed run: its ``event`` name and ``data``.

    Events of the conversation keep the data the conversations resource decoded
    (``message.output.delta``, ``function.call.delta``, ``conversation.response.done``...);
    ``function.result`` events carry a :class:`FunctionResultEvent` for each result the run
    sent back.
    """

    event: str
    data: Any


__all__ = [
    "AgentHandoffEntry",
    "EntryContent",
    "FunctionCallEntry",
    "FunctionResultEntry",
    "FunctionResultEvent",
    "MessageInputEntry",
    "MessageOutputEntry",
    "RunEntries",
    "RunOutputEntries",
    "RunResult",
    "RunResultEvents",
    "ToolExecutionEntry",
    "as_text",
    "entry_from_wire",
]
