"""``client.beta.workflows.executions``: follow, steer and stop workflow executions."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, Union

from typing_extensions import Unpack

from mistralai.types import UNSET, OptionalNullable, UnsetType
from mistralai.utils import (
    Call,
    CallOptions,
    Operation,
    Resource,
    async_operation,
    async_stream,
    poll,
    poll_async,
    request_body,
    sync_operation,
    sync_stream,
)
from mistralai.workflows._stream import workflow_stream_event
from mistralai.workflows.models import (
    BatchExecutionBody,
    BatchExecutionResponse,
    EventSource,
    NetworkEncodedInput,
    QueryInvocationBody,
    QueryWorkflowResponse,
    ResetInvocationBody,
    SignalInvocationBody,
    SignalWorkflowResponse,
    UpdateInvocationBody,
    UpdateWorkflowResponse,
    WorkflowExecutionResponse,
    WorkflowExecutionTraceEventsResponse,
    WorkflowExecutionTraceOTelResponse,
    WorkflowExecutionTraceSummaryResponse,
    WorkflowStreamEvent,
)

_BASE = "/v1/workflows/executions"
_ONE = _BASE + "/{execution_id}"

GET: Operation[WorkflowExecutionResponse] = Operation(
    "get_workflow_execution_v1_workflows_executions__execution_id__get",
    "GET",
    _ONE,
    WorkflowExecutionResponse,
)
HISTORY: Operation[Any] = Operation(
    "get_workflow_execution_history_v1_workflows_executions__execution_id__history_get",
    "GET",
    _ONE + "/history",
    Any,
)
SIGNAL: Operation[SignalWorkflowResponse] = Operation(
    "signal_workflow_execution_v1_workflows_executions__execution_id__signals_post",
    "POST",
    _ONE + "/signals",
    SignalWorkflowResponse,
)
QUERY: Operation[QueryWorkflowResponse] = Operation(
    "query_workflow_execution_v1_workflows_executions__execution_id__queries_post",
    "POST",
    _ONE + "/queries",
    QueryWorkflowResponse,
    idempotent=True,
)
TERMINATE: Operation[None] = Operation(
    "terminate_workflow_execution_v1_workflows_executions__execution_id__terminate_post",
    "POST",
    _ONE + "/terminate",
)
BATCH_TERMINATE: Operation[BatchExecutionResponse] = Operation(
    "batch_terminate_workflow_executions_v1_workflows_executions_terminate_post",
    "POST",
    _BASE + "/terminate",
    BatchExecutionResponse,
)
CANCEL: Operation[None] = Operation(
    "cancel_workflow_execution_v1_workflows_executions__execution_id__cancel_post",
    "POST",
    _ONE + "/cancel",
)
BATCH_CANCEL: Operation[BatchExecutionResponse] = Operation(
    "batch_cancel_workflow_executions_v1_workflows_executions_cancel_post",
    "POST",
    _BASE + "/cancel",
    BatchExecutionResponse,
)
RESET: Operation[None] = Operation(
    "reset_workflow_v1_workflows_executions__execution_id__reset_post", "POST", _ONE + "/reset"
)
UPDATE: Operation[UpdateWorkflowResponse] = Operation(
    "update_workflow_execution_v1_workflows_executions__execution_id__updates_post",
    "POST",
    _ONE + "/updates",
    UpdateWorkflowResponse,
)
TRACE_OTEL: Operation[WorkflowExecutionTraceOTelResponse] = Operation(
    "get_workflow_execution_trace_otel",
    "GET",
    _ONE + "/trace/otel",
    WorkflowExecutionTraceOTelResponse,
)
TRACE_SUMMARY: Operation[WorkflowExecutionTraceSummaryResponse] = Operation(
    "get_workflow_execution_trace_summary",
    "GET",
    _ONE + "/trace/summary",
    WorkflowExecutionTraceSummaryResponse,
)
TRACE_EVENTS: Operation[WorkflowExecutionTraceEventsResponse] = Operation(
    "get_workflow_execution_trace_events",
    "GET",
    _ONE + "/trace/events",
    WorkflowExecutionTraceEventsResponse,
)
STREAM: Operation[WorkflowStreamEvent] = Operation(
    "stream_v1_workflows_executions__execution_id__stream_get",
    "GET",
    _ONE + "/stream",
    decode=workflow_stream_event,
)

HandlerInput = Union[NetworkEncodedInput, Mapping[str, Any]]
"""The input of a signal, query or update: a dict matching its schema, or an encoded payload."""

_STREAM_SUMMARY = "Stream an execution's events as they happen (use it in a ``with`` block)."


def _execution(execution_id: str) -> dict[str, str]:
    return {"execution_id": execution_id}


class Executions(Resource):
    """Workflow executions (``client.beta.workflows.executions``): read their state, history
    and traces, talk to them with signals, queries and updates, stop or reset them.

    >>> run = client.beta.workflows.execute("greeter", input={"name": "Ada"})
    >>> done = client.beta.workflows.executions.wait(run.execution_id)
    >>> done.status, done.result
    ('COMPLETED', {'greeting': 'Hello, Ada!'})
    """

    def _get(self, execution_id: str, **options: Unpack[CallOptions]) -> Call:
        """An execution: its status, times and, once it finished, its result.

        >>> client.beta.workflows.executions.get(execution_id).status
        'RUNNING'
        """
        return Call(path_params=_execution(execution_id), options=options)

    def _get_history(
        self,
        execution_id: str,
        *,
        decode_payloads: bool | UnsetType = UNSET,
        **options: Unpack[CallOptions],
    ) -> Call:
        """The raw history of an execution, as the workflow engine recorded it (any JSON).

        :param decode_payloads: decode the payloads of the history instead of leaving them
            encoded.

        >>> client.beta.workflows.executions.get_history(execution_id, decode_payloads=True)
        """
        query = {"decode_payloads": decode_payloads}
        return Call(path_params=_execution(execution_id), query=query, options=options)

    def _signal(
        self,
        execution_id: str,
        *,
        name: str,
        input: OptionalNullable[HandlerInput] = UNSET,
        **options: Unpack[CallOptions],
    ) -> Call:
        """Send a signal to a running execution; it is accepted before it is handled.

        :param name: the signal, one of the workflow's ``definition.signals``.
        :param input: its input, matching the signal's schema.

        >>> client.beta.workflows.executions.signal(execution_id, name="approve", input={"by": "me"})
        """
        body = request_body(SignalInvocationBody, locals())
        return Call(path_params=_execution(execution_id), body=body, options=options)

    def _query(
        self,
        execution_id: str,
        *,
        name: str,
        input: OptionalNullable[HandlerInput] = UNSET,
        **options: Unpack[CallOptions],
    ) -> Call:
        """Ask an execution a query; it answers without changing.

        :param name: the query, one of the workflow's ``definition.queries``.
        :param input: its input, matching the query's schema.

        >>> client.beta.workflows.executions.query(execution_id, name="progress").result
        """
        body = request_body(QueryInvocationBody, locals())
        return Call(path_params=_execution(execution_id), body=body, options=options)

    def _update(
        self,
        execution_id: str,
        *,
        name: str,
        input: OptionalNullable[HandlerInput] = UNSET,
        **options: Unpack[CallOptions],
    ) -> Call:
        """Send an update to a running execution and get what its handler returned.

        :param name: the update, one of the workflow's ``definition.updates``.
        :param input: its input, matching the update's schema.

        >>> client.beta.workflows.executions.update(execution_id, name="rename", input={"name": "Bo"})
        """
        body = request_body(UpdateInvocationBody, locals())
        return Call(path_params=_execution(execution_id), body=body, options=options)

    def _terminate(self, execution_id: str, **options: Unpack[CallOptions]) -> Call:
        """Stop an execution at once, without letting it clean up.

        >>> client.beta.workflows.executions.terminate(execution_id)
        """
        return Call(path_params=_execution(execution_id), options=options)

    def _cancel(self, execution_id: str, **options: Unpack[CallOptions]) -> Call:
        """Ask an execution to stop; it may clean up first.

        >>> client.beta.workflows.executions.cancel(execution_id)
        """
        return Call(path_params=_execution(execution_id), options=options)

    def _batch(self, *, execution_ids: Sequence[str], **options: Unpack[CallOptions]) -> Call:
        """Act on up to 100 executions at once; the answer says what happened to each.

        >>> res = client.beta.workflows.executions.batch_cancel(execution_ids=["e1", "e2"])
        >>> res.results["e1"].status
        """
        return Call(body=request_body(BatchExecutionBody, locals()), options=options)

    def _reset(
        self,
        execution_id: str,
        *,
        event_id: int,
        reason: OptionalNullable[str] = UNSET,
        exclude_signals: bool | UnsetType = UNSET,
        exclude_updates: bool | UnsetType = UNSET,
        **options: Unpack[CallOptions],
    ) -> Call:
        """Run an execution again from one of its history events, in a new run.

        :param event_id: the history event to go back to.
        :param reason: why, for the record.
        :param exclude_signals: leave out the signals received after that event.
        :param exclude_updates: leave out the updates received after that event.

        >>> client.beta.workflows.executions.reset(execution_id, event_id=3, reason="bad input")
        """
        body = request_body(ResetInvocationBody, locals())
        return Call(path_params=_execution(execution_id), body=body, options=options)

    def _get_trace_otel(self, execution_id: str, **options: Unpack[CallOptions]) -> Call:
        """An execution with its OpenTelemetry trace.

        >>> trace = client.beta.workflows.executions.get_trace_otel(execution_id).otel_trace_data
        """
        return Call(path_params=_execution(execution_id), options=options)

    def _get_trace_summary(self, execution_id: str, **options: Unpack[CallOptions]) -> Call:
        """An execution with the tree of its trace's spans.

        >>> tree = client.beta.workflows.executions.get_trace_summary(execution_id).span_tree
        """
        return Call(path_params=_execution(execution_id), options=options)

    def _get_trace_events(
        self,
        execution_id: str,
        *,
        merge_same_id_events: bool | UnsetType = UNSET,
        include_internal_events: bool | UnsetType = UNSET,
        **options: Unpack[CallOptions],
    ) -> Call:
        """An execution with the events of its trace.

        :param merge_same_id_events: merge the progress events of one task into one.
        :param include_internal_events: include the workflow engine's own events.

        >>> client.beta.workflows.executions.get_trace_events(execution_id, merge_same_id_events=True)
        """
        query = {
            "merge_same_id_events": merge_same_id_events,
            "include_internal_events": include_internal_events,
        }
        return Call(path_params=_execution(execution_id), query=query, options=options)

    def _stream(
        self,
        execution_id: str,
        *,
        event_source: EventSource | None = None,
        last_event_id: str | None = None,
        **options: Unpack[CallOptions],
    ) -> Call:
        """Stream an execution's events (use it in a ``with`` block).

        :param event_source: ``"DATABASE"`` for the events stored so far, ``"LIVE"`` for the
            ones to come; both by default.
        :param last_event_id: the ``id`` of the last event received, to resume after it.

        >>> with client.beta.workflows.executions.stream(execution_id) as events:
        ...     for event in events:
        ...         print(event.data.data.event_type)
        """
        query = {"event_source": event_source, "last_event_id": last_event_id}
        return Call(path_params=_execution(execution_id), query=query, options=options)

    get = sync_operation(GET, _get)
    get_async = async_operation(GET, _get)
    get_history = sync_operation(HISTORY, _get_history)
    get_history_async = async_operation(HISTORY, _get_history)
    signal = sync_operation(SIGNAL, _signal)
    signal_async = async_operation(SIGNAL, _signal)
    query = sync_operation(QUERY, _query)
    query_async = async_operation(QUERY, _query)
    update = sync_operation(UPDATE, _update)
    update_async = async_operation(UPDATE, _update)
    terminate = sync_operation(TERMINATE, _terminate)
    terminate_async = async_operation(TERMINATE, _terminate)
    batch_terminate = sync_operation(BATCH_TERMINATE, _batch, summary="Terminate executions.")
    batch_terminate_async = async_operation(
        BATCH_TERMINATE, _batch, summary="Terminate executions."
    )
    cancel = sync_operation(CANCEL, _cancel)
    cancel_async = async_operation(CANCEL, _cancel)
    batch_cancel = sync_operation(BATCH_CANCEL, _batch, summary="Cancel executions.")
    batch_cancel_async = async_operation(BATCH_CANCEL, _batch, summary="Cancel executions.")
    reset = sync_operation(RESET, _reset)
    reset_async = async_operation(RESET, _reset)
    get_trace_otel = sync_operation(TRACE_OTEL, _get_trace_otel)
    get_trace_otel_async = async_operation(TRACE_OTEL, _get_trace_otel)
    get_trace_summary = sync_operation(TRACE_SUMMARY, _get_trace_summary)
    get_trace_summary_async = async_operation(TRACE_SUMMARY, _get_trace_summary)
    get_trace_events = sync_operation(TRACE_EVENTS, _get_trace_events)
    get_trace_events_async = async_operation(TRACE_EVENTS, _get_trace_events)
    stream = sync_stream(STREAM, _stream, summary=_STREAM_SUMMARY)
    stream_async = async_stream(STREAM, _stream, summary=_STREAM_SUMMARY)

    def wait(
        self,
        execution_id: str,
        *,
        poll_interval: float = 2.0,
        max_interval: float = 30.0,
        timeout: float | None = 3600.0,
        progress: Callable[[WorkflowExecutionResponse], None] | None = None,
    ) -> WorkflowExecutionResponse:
        """Poll an execution, with backoff, until it completes, fails, is cancelled or
        terminated, or times out (``done``: one of the ``TERMINAL_EXECUTION_STATUSES``).

        The interval starts at ``poll_interval`` seconds and grows by half each time up to
        ``max_interval``; ``progress`` sees every state read. Raises
        :class:`mistralai.errors.WaitTimeoutError` (holding the last state seen) after
        ``timeout`` seconds.

        >>> run = client.beta.workflows.execute("greeter", input={"name": "Ada"})
        >>> done = client.beta.workflows.executions.wait(run.execution_id, timeout=600)
        >>> done.result
        """
        return poll(
            lambda: self.get(execution_id),
            lambda execution: execution.done,
            poll_interval=poll_interval,
            max_interval=max_interval,
            timeout=timeout,
            progress=progress,
        )

    async def wait_async(
        self,
        execution_id: str,
        *,
        poll_interval: float = 2.0,
        max_interval: float = 30.0,
        timeout: float | None = 3600.0,
        progress: Callable[[WorkflowExecutionResponse], None] | None = None,
    ) -> WorkflowExecutionResponse:
        """The async twin of :meth:`wait`.

        >>> run = await client.beta.workflows.execute_async("greeter", input={"name": "Ada"})
        >>> done = await client.beta.workflows.executions.wait_async(run.execution_id)
        >>> done.result
        {'greeting': 'Hello, Ada!'}
        """
        return await poll_async(
            lambda: self.get_async(execution_id),
            lambda execution: execution.done,
            poll_interval=poll_interval,
            max_interval=max_interval,
            timeout=timeout,
            progress=progress,
        )
