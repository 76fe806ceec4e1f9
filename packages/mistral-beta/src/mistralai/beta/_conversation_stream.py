"""A conversation stream added up into the ``ConversationResponse`` the same turn answers."""

from __future__ import annotations

from typing import Any, Union

from mistralai.beta.models import (
    AgentHandoffDoneEvent,
    AgentHandoffEntry,
    AgentHandoffStartedEvent,
    ConversationEvents,
    ConversationResponse,
    ConversationUsageInfo,
    FunctionCallEntry,
    FunctionCallEvent,
    MessageOutputEntry,
    MessageOutputEvent,
    ResponseDoneEvent,
    ResponseErrorEvent,
    ResponseStartedEvent,
    ToolExecutionDeltaEvent,
    ToolExecutionDoneEvent,
    ToolExecutionEntry,
    ToolExecutionStartedEvent,
)
from mistralai.errors import StreamError
from mistralai.models import text_of
from mistralai.utils import join_content

_ToolExecutionEvent = Union[
    ToolExecutionStartedEvent, ToolExecutionDeltaEvent, ToolExecutionDoneEvent
]


class _Message:
    __slots__ = ("agent_id", "completed_at", "created_at", "id", "model", "pieces", "role")

    def __init__(self, event: MessageOutputEvent) -> None:
        self.id = event.id
        self.role = event.role
        self.model = event.model
        self.agent_id = event.agent_id
        self.created_at = event.created_at
        self.completed_at = event.created_at
        self.pieces: list[Any] = []

    def add(self, event: MessageOutputEvent) -> None:
        self.pieces.append(event.content)
        self.completed_at = event.created_at or self.completed_at

    def entry(self) -> MessageOutputEntry:
        return MessageOutputEntry(
            content=join_content(self.pieces),
            role=self.role,
            id=self.id,
            agent_id=self.agent_id,
            model=self.model,
            created_at=self.created_at,
            completed_at=self.completed_at,
        )

    @property
    def text(self) -> str:
        return text_of(join_content(self.pieces))


class _FunctionCall:
    __slots__ = ("arguments", "completed_at", "first", "status")

    def __init__(self, event: FunctionCallEvent) -> None:
        self.first = event
        self.arguments: list[str] = []
        self.status = event.confirmation_status
        self.completed_at = event.created_at

    def add(self, event: FunctionCallEvent) -> None:
        self.arguments.append(event.arguments)
        self.status = event.confirmation_status or self.status
        self.completed_at = event.created_at or self.completed_at

    def entry(self) -> FunctionCallEntry:
        first = self.first
        return FunctionCallEntry(
            tool_call_id=first.tool_call_id,
            name=first.name,
            arguments="".join(self.arguments),
            id=first.id,
            agent_id=first.agent_id,
            model=first.model,
            confirmation_status=self.status,
            created_at=first.created_at,
            completed_at=self.completed_at,
        )


class _ToolExecution:
    __slots__ = (
        "agent_id",
        "arguments",
        "completed_at",
        "created_at",
        "id",
        "info",
        "model",
        "name",
    )

    def __init__(self, event: _ToolExecutionEvent) -> None:
        self.id = event.id
        self.name = event.name
        self.model = getattr(event, "model", None)
        self.agent_id = getattr(event, "agent_id", None)
        self.created_at = event.created_at
        self.completed_at: str | None = None
        self.arguments: list[str] = []
        self.info: dict[str, Any] = {}

    def add(self, event: _ToolExecutionEvent) -> None:
        if isinstance(event, ToolExecutionDoneEvent):
            self.info = event.info
            self.completed_at = event.created_at
        else:
            self.arguments.append(event.arguments)

    def entry(self) -> ToolExecutionEntry:
        return ToolExecutionEntry(
            name=self.name,
            arguments="".join(self.arguments),
            info=self.info,
            id=self.id,
            agent_id=self.agent_id,
            model=self.model,
            created_at=self.created_at,
            completed_at=self.completed_at,
        )


class _Handoff:
    __slots__ = ("done", "started")

    def __init__(self, event: AgentHandoffStartedEvent | AgentHandoffDoneEvent) -> None:
        self.started: AgentHandoffStartedEvent | None = None
        self.done: AgentHandoffDoneEvent | None = None

    def add(self, event: AgentHandoffStartedEvent | AgentHandoffDoneEvent) -> None:
        if isinstance(event, AgentHandoffStartedEvent):
            self.started = event
        else:
            self.done = event

    def entry(self) -> AgentHandoffEntry:
        started, done = self.started, self.done
        first = started or done
        return AgentHandoffEntry(
            previous_agent_id=started.previous_agent_id if started else "",
            previous_agent_name=started.previous_agent_name if started else "",
            next_agent_id=done.next_agent_id if done else "",
            next_agent_name=done.next_agent_name if done else "",
            id=first.id if first else None,
            created_at=started.created_at if started else None,
            completed_at=done.created_at if done else None,
        )


_Parts = Union[_Message, _FunctionCall, _ToolExecution, _Handoff]
_PARTS_OF: dict[type, type[_Parts]] = {
    MessageOutputEvent: _Message,
    FunctionCallEvent: _FunctionCall,
    ToolExecutionStartedEvent: _ToolExecution,
    ToolExecutionDeltaEvent: _ToolExecution,
    ToolExecutionDoneEvent: _ToolExecution,
    AgentHandoffStartedEvent: _Handoff,
    AgentHandoffDoneEvent: _Handoff,
}


class ConversationAccumulator:
    """Adds up the events of one conversation turn into a ``ConversationResponse``.

    Its ``outputs`` are the entries the turn made, in the order they started: a
    ``MessageOutputEntry`` per message (the deltas of one ``id`` joined, text and chunks as
    for a completion), a ``FunctionCallEntry`` per function call (its ``arguments`` pieces
    joined), a ``ToolExecutionEntry`` per built-in tool run (``info`` from its
    ``tool.execution.done``), an ``AgentHandoffEntry`` per handoff. The ``conversation_id``
    comes from ``conversation.response.started``, the ``usage`` from
    ``conversation.response.done``. Events of a kind this SDK does not know are skipped.
    A turn that reported ``conversation.response.error`` has no response: :meth:`result`
    raises :class:`~mistralai.errors.StreamError` with its message and code.

    >>> with client.beta.conversations.start_stream(model="mistral-medium-latest",
    ...                                             inputs="Hello") as events:
    ...     res = events.get_final_response()
    >>> res.outputs[0].content, res.usage.total_tokens
    ('You said: Hello', 4)
    """

    __slots__ = ("_conversation_id", "_entries", "_error", "_events", "_usage")

    def __init__(self) -> None:
        self._conversation_id: str | None = None
        self._entries: dict[tuple[type, str], _Parts] = {}
        self._usage: ConversationUsageInfo | None = None
        self._error: ResponseErrorEvent | None = None
        self._events = 0

    def add(self, event: ConversationEvents) -> None:
        """Take the next event of the stream.

        >>> acc = ConversationAccumulator()
        >>> acc.add(ConversationEvents(event="message.output.delta",
        ...     data=MessageOutputEvent(id="msg_1", content="Hi")))
        >>> acc.text
        'Hi'
        """
        self._events += 1
        data = event.data
        kind = _PARTS_OF.get(type(data))
        if kind is not None:
            key = (kind, data.id)  # type: ignore[union-attr]  # every event kind there has an id
            parts = self._entries.get(key)
            if parts is None:
                parts = self._entries[key] = kind(data)  # type: ignore[arg-type]
            parts.add(data)  # type: ignore[arg-type]
        elif isinstance(data, ResponseStartedEvent):
            self._conversation_id = data.conversation_id
        elif isinstance(data, ResponseDoneEvent):
            self._usage = data.usage
        elif isinstance(data, ResponseErrorEvent):
            self._error = data

    def result(self) -> ConversationResponse:
        """The response of the turn, from the events added so far.

        ``conversation_id`` is ``""`` when no ``conversation.response.started`` was added.

        >>> ConversationAccumulator().result().outputs
        []
        """
        error = self._error
        if error is not None:
            raise StreamError(
                f"the conversation turn failed: {error.message} (code {error.code})",
                data=error.model_dump_json(),
                events_received=self._events,
            )
        return ConversationResponse(
            conversation_id=self._conversation_id or "",
            outputs=[parts.entry() for parts in self._entries.values()],
            usage=self._usage or ConversationUsageInfo(),
        )

    @property
    def text(self) -> str:
        """The text of the turn's messages so far, one line per message (thinking left out).

        >>> ConversationAccumulator().text
        ''
        """
        return "\n".join(
            parts.text for parts in self._entries.values() if isinstance(parts, _Message)
        )


__all__ = ["ConversationAccumulator"]
