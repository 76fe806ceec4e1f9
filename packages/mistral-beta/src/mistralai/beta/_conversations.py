"""``client.beta.conversations``: stateful conversations with models and agents."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pydantic
from typing_extensions import Unpack

from mistralai.beta._conversation_stream import ConversationAccumulator
from mistralai.beta.models import (
    CompletionArgs,
    Conversation,
    ConversationAppendRequest,
    ConversationEventData,
    ConversationEvents,
    ConversationHistory,
    ConversationInputs,
    ConversationMessages,
    ConversationRequest,
    ConversationResponse,
    ConversationRestartRequest,
    HandoffExecution,
    ToolCallConfirmation,
)
from mistralai.errors import ResponseValidationError
from mistralai.models import GuardrailConfig
from mistralai.types import UNSET, OptionalNullable, UnsetType
from mistralai.utils import (
    Call,
    CallOptions,
    NumberedPages,
    Operation,
    Resource,
    ServerSentEvent,
    async_items,
    async_operation,
    async_pages,
    async_stream,
    request_body,
    sync_items,
    sync_operation,
    sync_pages,
    sync_stream,
)

_EVENT_DATA: pydantic.TypeAdapter[Any] = pydantic.TypeAdapter(ConversationEventData)


def conversation_event(sse: ServerSentEvent) -> ConversationEvents:
    """Decode one server-sent event of a conversation stream."""
    try:
        data = _EVENT_DATA.validate_json(sse.data)
    except pydantic.ValidationError as exc:
        raise ResponseValidationError(
            f"a conversation event ({sse.event}) does not match its model: {exc.errors()[0]['msg']}",
            None,
            sse.data,
            exc,
        ) from exc
    return ConversationEvents.model_construct(event=sse.event, data=data)


_BASE = "/v1/conversations"
_ONE = _BASE + "/{conversation_id}"
START: Operation[ConversationResponse] = Operation(
    "agents_api_v1_conversations_start", "POST", _BASE, ConversationResponse
)
START_STREAM: Operation[ConversationEvents] = Operation(
    "agents_api_v1_conversations_start_stream", "POST", _BASE, decode=conversation_event
)
APPEND: Operation[ConversationResponse] = Operation(
    "agents_api_v1_conversations_append", "POST", _ONE, ConversationResponse
)
APPEND_STREAM: Operation[ConversationEvents] = Operation(
    "agents_api_v1_conversations_append_stream", "POST", _ONE, decode=conversation_event
)
RESTART: Operation[ConversationResponse] = Operation(
    "agents_api_v1_conversations_restart", "POST", _ONE + "/restart", ConversationResponse
)
RESTART_STREAM: Operation[ConversationEvents] = Operation(
    "agents_api_v1_conversations_restart_stream",
    "POST",
    _ONE + "/restart",
    decode=conversation_event,
)
GET: Operation[Conversation] = Operation(
    "agents_api_v1_conversations_get", "GET", _ONE, Conversation
)
LIST: Operation[list[Conversation]] = Operation(
    "agents_api_v1_conversations_list", "GET", _BASE, list[Conversation]
)
DELETE: Operation[None] = Operation("agents_api_v1_conversations_delete", "DELETE", _ONE)
PAGES = NumberedPages[list[Conversation], Conversation](
    lambda page: page, first=0, default_size=100
)
"""How ``GET /v1/conversations`` pages: ``page`` from 0, 100 a page; a page is a bare list,
so a page shorter than the page size is the last."""
HISTORY: Operation[ConversationHistory] = Operation(
    "agents_api_v1_conversations_history", "GET", _ONE + "/history", ConversationHistory
)
MESSAGES: Operation[ConversationMessages] = Operation(
    "agents_api_v1_conversations_messages", "GET", _ONE + "/messages", ConversationMessages
)

Inputs = ConversationInputs | Sequence[Mapping[str, Any]]
Tools = Sequence[Any]


_START_STREAM_SUMMARY = (
    "Start a conversation and stream its events (use it in a ``with`` block); "
    "``get_final_response()`` adds them up."
)

_APPEND_STREAM_SUMMARY = (
    "Append to a conversation and stream its events (use it in a ``with`` block); "
    "``get_final_response()`` adds them up."
)

_RESTART_STREAM_SUMMARY = (
    "Restart a conversation from an entry and stream its events (use it in a ``with`` "
    "block); ``get_final_response()`` adds them up."
)


class Conversations(Resource):
    """Conversations (``/v1/conversations``): the platform keeps the history.

    >>> res = client.beta.conversations.start(model="mistral-medium-latest", inputs="Hi")
    >>> client.beta.conversations.append(conversation_id=res.conversation_id, inputs="More")
    """

    def _prepare_start(
        self,
        *,
        inputs: Inputs,
        stream: bool | UnsetType = UNSET,
        store: OptionalNullable[bool] = UNSET,
        handoff_execution: OptionalNullable[HandoffExecution] = UNSET,
        instructions: OptionalNullable[str] = UNSET,
        tools: OptionalNullable[Tools] = UNSET,
        completion_args: OptionalNullable[CompletionArgs | Mapping[str, Any]] = UNSET,
        guardrails: OptionalNullable[Sequence[GuardrailConfig | Mapping[str, Any]]] = UNSET,
        name: OptionalNullable[str] = UNSET,
        description: OptionalNullable[str] = UNSET,
        metadata: OptionalNullable[Mapping[str, Any]] = UNSET,
        agent_id: OptionalNullable[str] = UNSET,
        agent_version: OptionalNullable[str | int] = UNSET,
        model: OptionalNullable[str] = UNSET,
        **options: Unpack[CallOptions],
    ) -> Call:
        """Start a conversation with a model (``model``) or an agent (``agent_id``).

        :param inputs: the first message as text, or entries (models or dicts such as
            ``{"role": "user", "content": "..."}``).
        :param store: keep the conversation on the platform (default True).
        :param handoff_execution: ``"server"`` runs agent handoffs, ``"client"`` returns them.
        :param instructions: instructions for a model conversation.
        :param tools: function, web_search, web_search_premium, code_interpreter,
            image_generation, document_library or connector tools.
        :param completion_args: sampling settings (temperature, max_tokens...).
        :param guardrails: moderation guardrails to apply.
        :param name: a name for the conversation.
        :param description: a description of the conversation.
        :param metadata: free-form metadata.
        :param agent_id: the agent to talk to, instead of ``model``.
        :param agent_version: a version number or alias of that agent.
        :param model: the model to talk to, instead of ``agent_id``.
        :param options: per-call ``retries``, ``server_url``, ``timeout_ms``, ``http_headers``.

        >>> res = client.beta.conversations.start(model="mistral-medium-latest",
        ...                                       inputs="Who won the 2018 world cup?")
        >>> res.conversation_id, res.outputs[-1].content
        >>> with client.beta.conversations.start_stream(model="mistral-medium-latest",
        ...                                             inputs="Tell me a joke") as events:
        ...     for event in events:
        ...         if event.event == "message.output.delta":
        ...             print(event.data.content, end="")
        ...     res = events.get_final_response()
        You said: Tell me a joke
        >>> res.outputs[-1].content
        'You said: Tell me a joke'
        """
        return Call(body=request_body(ConversationRequest, locals()), options=options)

    def _prepare_append(
        self,
        *,
        conversation_id: str,
        inputs: Inputs | UnsetType = UNSET,
        stream: bool | UnsetType = UNSET,
        store: bool | UnsetType = UNSET,
        handoff_execution: HandoffExecution | UnsetType = UNSET,
        completion_args: CompletionArgs | Mapping[str, Any] | UnsetType = UNSET,
        tool_confirmations: OptionalNullable[
            Sequence[ToolCallConfirmation | Mapping[str, Any]]
        ] = UNSET,
        **options: Unpack[CallOptions],
    ) -> Call:
        """Add to a conversation and get the answer.

        :param conversation_id: the conversation to continue.
        :param inputs: the new message(s), as text or entries (e.g. function results).
        :param tool_confirmations: allow or deny function calls waiting for confirmation.

        >>> res = client.beta.conversations.append(conversation_id=conversation_id, inputs="And in 2022?")
        >>> with client.beta.conversations.append_stream(conversation_id=conversation_id,
        ...                                              inputs="Why?") as events:
        ...     kinds = [event.event for event in events]
        ...     text = events.get_final_text()
        >>> text
        'You said: Why?'
        """
        body = request_body(ConversationAppendRequest, locals())
        return Call(body=body, options=options, path_params={"conversation_id": conversation_id})

    def _prepare_restart(
        self,
        *,
        conversation_id: str,
        from_entry_id: str,
        inputs: Inputs | UnsetType = UNSET,
        stream: bool | UnsetType = UNSET,
        store: bool | UnsetType = UNSET,
        handoff_execution: HandoffExecution | UnsetType = UNSET,
        completion_args: CompletionArgs | Mapping[str, Any] | UnsetType = UNSET,
        guardrails: OptionalNullable[Sequence[GuardrailConfig | Mapping[str, Any]]] = UNSET,
        metadata: OptionalNullable[Mapping[str, Any]] = UNSET,
        agent_version: OptionalNullable[str | int] = UNSET,
        **options: Unpack[CallOptions],
    ) -> Call:
        """Branch a conversation from one of its entries, with new inputs.

        :param conversation_id: the original conversation.
        :param inputs: the new message(s) replacing what followed ``from_entry_id``.
        :param from_entry_id: the entry to restart from.

        >>> history = client.beta.conversations.get_history(conversation_id)
        >>> res = client.beta.conversations.restart(conversation_id=conversation_id,
        ...     from_entry_id=history.entries[0].id, inputs="Answer in French, please.")
        >>> with client.beta.conversations.restart_stream(conversation_id=conversation_id,
        ...         from_entry_id=history.entries[0].id, inputs="In German?") as events:
        ...     kinds = [event.event for event in events]
        """
        body = request_body(ConversationRestartRequest, locals())
        return Call(body=body, options=options, path_params={"conversation_id": conversation_id})

    start = sync_operation(START, _prepare_start)
    start_async = async_operation(START, _prepare_start)
    start_stream = sync_stream(
        START_STREAM,
        _prepare_start,
        summary=_START_STREAM_SUMMARY,
        accumulate=ConversationAccumulator,
    )
    start_stream_async = async_stream(
        START_STREAM,
        _prepare_start,
        summary=_START_STREAM_SUMMARY,
        accumulate=ConversationAccumulator,
    )
    append = sync_operation(APPEND, _prepare_append)
    append_async = async_operation(APPEND, _prepare_append)
    append_stream = sync_stream(
        APPEND_STREAM,
        _prepare_append,
        summary=_APPEND_STREAM_SUMMARY,
        accumulate=ConversationAccumulator,
    )
    append_stream_async = async_stream(
        APPEND_STREAM,
        _prepare_append,
        summary=_APPEND_STREAM_SUMMARY,
        accumulate=ConversationAccumulator,
    )
    restart = sync_operation(RESTART, _prepare_restart)
    restart_async = async_operation(RESTART, _prepare_restart)
    restart_stream = sync_stream(
        RESTART_STREAM,
        _prepare_restart,
        summary=_RESTART_STREAM_SUMMARY,
        accumulate=ConversationAccumulator,
    )
    restart_stream_async = async_stream(
        RESTART_STREAM,
        _prepare_restart,
        summary=_RESTART_STREAM_SUMMARY,
        accumulate=ConversationAccumulator,
    )

    def _get(self, conversation_id: str, **options: Unpack[CallOptions]) -> Call:
        """A conversation's settings (model or agent, instructions, tools...).

        >>> client.beta.conversations.get(conversation_id).model
        'mistral-small-latest'
        """
        return Call(path_params={"conversation_id": conversation_id}, options=options)

    def _list(
        self,
        *,
        page: int | UnsetType = UNSET,
        page_size: int | UnsetType = UNSET,
        metadata: Mapping[str, Any] | None = None,
        **options: Unpack[CallOptions],
    ) -> Call:
        """List conversations, newest first.

        >>> [c.id for c in client.beta.conversations.list(page_size=20)]
        """
        import json

        query = {
            "page": page,
            "page_size": page_size,
            "metadata": json.dumps(metadata) if metadata else None,
        }
        return Call(query=query, options=options)

    def _delete(self, conversation_id: str, **options: Unpack[CallOptions]) -> Call:
        """Delete a conversation and its history.

        >>> client.beta.conversations.delete(conversation_id)
        """
        return Call(path_params={"conversation_id": conversation_id}, options=options)

    def _get_history(self, conversation_id: str, **options: Unpack[CallOptions]) -> Call:
        """Every entry of a conversation: messages, function calls and results, tool runs.

        >>> [entry.type for entry in client.beta.conversations.get_history(conversation_id).entries]
        ['message.input', 'message.output']
        """
        return Call(path_params={"conversation_id": conversation_id}, options=options)

    def _get_messages(self, conversation_id: str, **options: Unpack[CallOptions]) -> Call:
        """The messages of a conversation.

        >>> [m.role for m in client.beta.conversations.get_messages(conversation_id).messages]
        ['user', 'assistant']
        """
        return Call(path_params={"conversation_id": conversation_id}, options=options)

    get = sync_operation(GET, _get)
    get_async = async_operation(GET, _get)
    list = sync_operation(LIST, _list)
    list_async = async_operation(LIST, _list)
    list_pages = sync_pages(
        list,
        PAGES,
        example="""
        >>> [len(page) for page in client.beta.conversations.list_pages(page_size=20)]
        """,
    )
    list_pages_async = async_pages(
        list_async,
        PAGES,
        example="""
        >>> [len(page) async for page in client.beta.conversations.list_pages_async(page_size=20)]
        """,
    )
    iter_all = sync_items(
        list,
        PAGES,
        example="""
        >>> ids = [c.id for c in client.beta.conversations.iter_all(metadata={"team": "support"})]
        """,
    )
    iter_all_async = async_items(
        list_async,
        PAGES,
        example="""
        >>> ids = [c.id async for c in client.beta.conversations.iter_all_async(page_size=50)]
        """,
    )
    delete = sync_operation(DELETE, _delete)
    delete_async = async_operation(DELETE, _delete)
    get_history = sync_operation(HISTORY, _get_history)
    get_history_async = async_operation(HISTORY, _get_history)
    get_messages = sync_operation(MESSAGES, _get_messages)
    get_messages_async = async_operation(MESSAGES, _get_messages)
