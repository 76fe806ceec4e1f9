"""``client.beta.workflows.events``: the events of workflow executions, listed or streamed."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from typing_extensions import Unpack

from mistralai.types import UNSET, UnsetType
from mistralai.utils import (
    Call,
    CallOptions,
    CursorPages,
    Operation,
    Resource,
    async_items,
    async_operation,
    async_pages,
    async_stream,
    sync_items,
    sync_operation,
    sync_pages,
    sync_stream,
)
from mistralai.workflows._stream import workflow_stream_event
from mistralai.workflows.models import (
    EventStreamScope,
    ListWorkflowEventResponse,
    WorkflowEvent,
    WorkflowEventType,
    WorkflowStreamEvent,
)

STREAM: Operation[WorkflowStreamEvent] = Operation(
    "get_stream_events_v1_workflows_events_stream_get",
    "GET",
    "/v1/workflows/events/stream",
    decode=workflow_stream_event,
)
LIST: Operation[ListWorkflowEventResponse] = Operation(
    "get_workflow_events_v1_workflows_events_list_get",
    "GET",
    "/v1/workflows/events/list",
    ListWorkflowEventResponse,
)

_STREAM_SUMMARY = "Stream workflow events as they happen (use it in a ``with`` block)."


PAGES = CursorPages[ListWorkflowEventResponse, WorkflowEvent](
    lambda page: page.events, lambda page: page.next_cursor
)
"""How ``GET /v1/workflows/events/list`` pages: each page's ``next_cursor`` is sent back as
``cursor``."""


class Events(Resource):
    """Workflow events (``client.beta.workflows.events``): what happened in executions,
    their activities and tasks, listed page by page or streamed live.

    >>> for event in client.beta.workflows.events.iter_all(workflow_exec_id=execution_id):
    ...     print(event.event_type)
    """

    def _stream(
        self,
        *,
        scope: EventStreamScope | UnsetType = UNSET,
        activity_name: str | UnsetType = UNSET,
        activity_id: str | UnsetType = UNSET,
        workflow_name: str | UnsetType = UNSET,
        workflow_exec_id: str | UnsetType = UNSET,
        root_workflow_exec_id: str | UnsetType = UNSET,
        parent_workflow_exec_id: str | UnsetType = UNSET,
        stream: str | UnsetType = UNSET,
        start_seq: int | UnsetType = UNSET,
        metadata_filters: Mapping[str, Any] | None = None,
        workflow_event_types: Sequence[WorkflowEventType] | None = None,
        last_event_id: str | None = None,
        **options: Unpack[CallOptions],
    ) -> Call:
        """Stream workflow events (use it in a ``with`` block). Every filter is optional;
        name an execution (``workflow_exec_id``, ``root_workflow_exec_id`` or
        ``parent_workflow_exec_id``) to follow it.

        :param scope: ``"workflow"`` or ``"activity"`` events only (default ``"*"``, all).
        :param activity_name: only the events of this activity.
        :param activity_id: only the events of this activity task.
        :param workflow_name: only the events of this workflow.
        :param workflow_exec_id: only the events of this execution.
        :param root_workflow_exec_id: only the events of the executions this one started.
        :param parent_workflow_exec_id: only the events of this execution's children.
        :param stream: only the events of this stream.
        :param start_seq: start at this ``broker_sequence`` instead of the oldest event.
        :param metadata_filters: only events whose metadata has these values (each key is
            sent as its own query parameter, as the API reads them).
        :param workflow_event_types: only these kinds of events.
        :param last_event_id: the ``id`` of the last event received, to resume after it.

        >>> with client.beta.workflows.events.stream(workflow_exec_id=execution_id) as events:
        ...     for event in events:
        ...         print(event.data.broker_sequence, event.data.data.event_type)
        """
        query: dict[str, Any] = dict(metadata_filters or {})
        query.update(
            scope=scope,
            activity_name=activity_name,
            activity_id=activity_id,
            workflow_name=workflow_name,
            workflow_exec_id=workflow_exec_id,
            root_workflow_exec_id=root_workflow_exec_id,
            parent_workflow_exec_id=parent_workflow_exec_id,
            stream=stream,
            start_seq=start_seq,
            workflow_event_types=list(workflow_event_types) if workflow_event_types else None,
        )
        headers = {"last-event-id": last_event_id} if last_event_id is not None else None
        return Call(query=query, headers=headers, options=options)

    def _list(
        self,
        *,
        root_workflow_exec_id: str | None = None,
        workflow_exec_id: str | None = None,
        workflow_run_id: str | None = None,
        limit: int | UnsetType = UNSET,
        cursor: str | None = None,
        **options: Unpack[CallOptions],
    ) -> Call:
        """One page of workflow events, oldest first.

        :param root_workflow_exec_id: only the events of the executions this one started.
        :param workflow_exec_id: only the events of this execution.
        :param workflow_run_id: only the events of this run.
        :param limit: events per page (100 by default).
        :param cursor: the ``next_cursor`` of the previous page.

        :meth:`list_pages` and :meth:`iter_all` walk every page.

        >>> page = client.beta.workflows.events.list(workflow_exec_id=execution_id, limit=20)
        """
        query = {
            "root_workflow_exec_id": root_workflow_exec_id,
            "workflow_exec_id": workflow_exec_id,
            "workflow_run_id": workflow_run_id,
            "limit": limit,
            "cursor": cursor,
        }
        return Call(query=query, options=options)

    stream = sync_stream(STREAM, _stream, summary=_STREAM_SUMMARY)
    stream_async = async_stream(STREAM, _stream, summary=_STREAM_SUMMARY)
    list = sync_operation(LIST, _list)
    list_async = async_operation(LIST, _list)
    list_pages = sync_pages(
        list,
        PAGES,
        example="""
        >>> for page in client.beta.workflows.events.list_pages(workflow_exec_id=execution_id):
        ...     print(len(page.events), page.next_cursor)
        """,
    )
    list_pages_async = async_pages(
        list_async,
        PAGES,
        example="""
        >>> async for page in client.beta.workflows.events.list_pages_async(workflow_exec_id=execution_id):
        ...     print(len(page.events))
        """,
    )
    iter_all = sync_items(
        list,
        PAGES,
        example="""
        >>> kinds = [e.event_type for e in client.beta.workflows.events.iter_all(workflow_exec_id=execution_id)]
        """,
    )
    iter_all_async = async_items(
        list_async,
        PAGES,
        example="""
        >>> events = client.beta.workflows.events.iter_all_async(workflow_exec_id=execution_id)
        >>> kinds = [e.event_type async for e in events]
        """,
    )
