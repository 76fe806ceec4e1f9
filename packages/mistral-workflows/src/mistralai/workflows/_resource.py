"""``client.beta.workflows``: workflows, their registrations, and everything under them."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from typing_extensions import Unpack

from mistralai.types import UNSET, OptionalNullable, UnsetType
from mistralai.utils import (
    Call,
    CallOptions,
    CursorPages,
    Operation,
    Resource,
    async_items,
    async_operation,
    async_pages,
    request_body,
    sync_items,
    sync_operation,
    sync_pages,
)
from mistralai.workflows._deployments import Deployments, Workers
from mistralai.workflows._events import Events
from mistralai.workflows._executions import Executions
from mistralai.workflows._metrics import Metrics
from mistralai.workflows._runs import Runs
from mistralai.workflows._schedules import Schedules
from mistralai.workflows.models import (
    ExecuteWorkflowResponse,
    NetworkEncodedInput,
    WorkflowArchiveResponse,
    WorkflowExecutionRequest,
    WorkflowGetResponse,
    WorkflowRegistration,
    WorkflowRegistrationGetResponse,
    WorkflowRegistrationListResponse,
    WorkflowUnarchiveResponse,
    WorkflowUpdateRequest,
    WorkflowUpdateResponse,
)

if TYPE_CHECKING:
    from mistralai._runtime import ClientRuntime

_ONE = "/v1/workflows/{workflow_identifier}"
_REGISTRATIONS = "/v1/workflows/registrations"
_REGISTRATION = _REGISTRATIONS + "/{workflow_registration_id}"

LIST_REGISTRATIONS: Operation[WorkflowRegistrationListResponse] = Operation(
    "get_workflow_registrations_v1_workflows_registrations_get",
    "GET",
    _REGISTRATIONS,
    WorkflowRegistrationListResponse,
)
EXECUTE: Operation[ExecuteWorkflowResponse] = Operation(
    "execute_workflow_v1_workflows__workflow_identifier__execute_post",
    "POST",
    _ONE + "/execute",
    ExecuteWorkflowResponse,
)
EXECUTE_REGISTRATION: Operation[ExecuteWorkflowResponse] = Operation(
    "execute_workflow_registration_v1_workflows_registrations__workflow_registration_id__execute_post",
    "POST",
    _REGISTRATION + "/execute",
    ExecuteWorkflowResponse,
)
GET: Operation[WorkflowGetResponse] = Operation(
    "get_workflow_v1_workflows__workflow_identifier__get", "GET", _ONE, WorkflowGetResponse
)
UPDATE: Operation[WorkflowUpdateResponse] = Operation(
    "update_workflow_v1_workflows__workflow_identifier__put", "PUT", _ONE, WorkflowUpdateResponse
)
GET_REGISTRATION: Operation[WorkflowRegistrationGetResponse] = Operation(
    "get_workflow_registration_v1_workflows_registrations__workflow_registration_id__get",
    "GET",
    _REGISTRATION,
    WorkflowRegistrationGetResponse,
)
ARCHIVE: Operation[WorkflowArchiveResponse] = Operation(
    "archive_workflow_v1_workflows__workflow_identifier__archive_put",
    "PUT",
    _ONE + "/archive",
    WorkflowArchiveResponse,
)
UNARCHIVE: Operation[WorkflowUnarchiveResponse] = Operation(
    "unarchive_workflow_v1_workflows__workflow_identifier__unarchive_put",
    "PUT",
    _ONE + "/unarchive",
    WorkflowUnarchiveResponse,
)


def _workflow(workflow_identifier: str) -> dict[str, str]:
    return {"workflow_identifier": workflow_identifier}


REGISTRATION_PAGES = CursorPages[WorkflowRegistrationListResponse, WorkflowRegistration](
    lambda page: page.workflow_registrations, lambda page: page.next_cursor
)
"""How ``GET /v1/workflows/registrations`` pages: each page's ``next_cursor`` is sent back
as ``cursor``."""


class Workflows(Resource):
    """Workflows (``client.beta.workflows``): durable jobs that workers run. Start one with
    :meth:`execute`; the rest lives under ``.executions``, ``.runs``, ``.events``,
    ``.schedules``, ``.deployments``, ``.metrics`` and ``.workers``.

    >>> run = client.beta.workflows.execute("greeter", input={"name": "Ada"})
    >>> client.beta.workflows.executions.wait(run.execution_id).result
    {'greeting': 'Hello, Ada!'}
    """

    __slots__ = (
        "deployments",
        "events",
        "executions",
        "metrics",
        "runs",
        "schedules",
        "workers",
    )

    def __init__(self, runtime: ClientRuntime) -> None:
        super().__init__(runtime)
        self.deployments = Deployments(runtime)
        self.events = Events(runtime)
        self.executions = Executions(runtime)
        self.metrics = Metrics(runtime)
        self.runs = Runs(runtime)
        self.schedules = Schedules(runtime)
        self.workers = Workers(runtime)

    def _list_registrations(
        self,
        *,
        workflow_id: str | None = None,
        task_queue: str | None = None,
        active_only: bool | UnsetType = UNSET,
        include_shared: bool | UnsetType = UNSET,
        workflow_search: str | None = None,
        archived: bool | None = None,
        with_workflow: bool | UnsetType = UNSET,
        available_in_chat_assistant: bool | None = None,
        limit: int | UnsetType = UNSET,
        cursor: str | None = None,
        **options: Unpack[CallOptions],
    ) -> Call:
        """One page of workflow registrations (the versions workers registered).

        :param workflow_id: only the registrations of this workflow.
        :param task_queue: only those on this task queue.
        :param active_only: only those a live worker serves (default False).
        :param include_shared: include shared workflows (default True).
        :param workflow_search: only the workflows whose name contains this.
        :param archived: True for archived workflows only, False to leave them out
            (default: both).
        :param with_workflow: include each registration's ``workflow`` (default False).
        :param available_in_chat_assistant: only the workflows that are (or are not)
            available in the chat assistant.
        :param limit: registrations per page (50 by default).
        :param cursor: the ``next_cursor`` of the previous page.

        :meth:`list_registrations_pages` and :meth:`iter_registrations` walk every page.

        >>> page = client.beta.workflows.list_registrations(active_only=True, limit=10)
        """
        query = {
            "workflow_id": workflow_id,
            "task_queue": task_queue,
            "active_only": active_only,
            "include_shared": include_shared,
            "workflow_search": workflow_search,
            "archived": archived,
            "with_workflow": with_workflow,
            "available_in_chat_assistant": available_in_chat_assistant,
            "limit": limit,
            "cursor": cursor,
        }
        return Call(query=query, options=options)

    def _execute(
        self,
        workflow_identifier: str,
        *,
        input: OptionalNullable[Mapping[str, Any]] = UNSET,
        execution_id: OptionalNullable[str] = UNSET,
        encoded_input: OptionalNullable[NetworkEncodedInput | Mapping[str, Any]] = UNSET,
        wait_for_result: bool | UnsetType = UNSET,
        timeout_seconds: OptionalNullable[float] = UNSET,
        custom_tracing_attributes: OptionalNullable[Mapping[str, str]] = UNSET,
        task_queue: OptionalNullable[str] = UNSET,
        deployment_name: OptionalNullable[str] = UNSET,
        **options: Unpack[CallOptions],
    ) -> Call:
        """Start an execution of a workflow (by name or id).

        The answer is the running execution (:class:`WorkflowExecutionResponse`; follow it
        with ``executions.wait``, ``executions.stream`` or ``events.stream``), or, with
        ``wait_for_result=True``, its result (:class:`WorkflowExecutionSyncResponse`).

        :param input: the workflow's input, matching its ``definition.input_schema``.
        :param execution_id: an id of your choosing (up to 256 characters); made up otherwise.
        :param encoded_input: an input you encoded yourself, instead of ``input``.
        :param wait_for_result: answer only once the execution finished, with its result.
        :param timeout_seconds: how long to wait for that result.
        :param custom_tracing_attributes: string attributes added to the execution's trace.
        :param task_queue: deprecated; use ``deployment_name``.
        :param deployment_name: the deployment whose workers run it.

        >>> run = client.beta.workflows.execute("greeter", input={"name": "Ada"})
        >>> run.status
        'RUNNING'
        """
        body = request_body(WorkflowExecutionRequest, locals())
        return Call(path_params=_workflow(workflow_identifier), body=body, options=options)

    def _execute_registration(
        self,
        workflow_registration_id: str,
        *,
        input: OptionalNullable[Mapping[str, Any]] = UNSET,
        execution_id: OptionalNullable[str] = UNSET,
        encoded_input: OptionalNullable[NetworkEncodedInput | Mapping[str, Any]] = UNSET,
        wait_for_result: bool | UnsetType = UNSET,
        timeout_seconds: OptionalNullable[float] = UNSET,
        custom_tracing_attributes: OptionalNullable[Mapping[str, str]] = UNSET,
        task_queue: OptionalNullable[str] = UNSET,
        deployment_name: OptionalNullable[str] = UNSET,
        **options: Unpack[CallOptions],
    ) -> Call:
        """Start an execution of one registration (deprecated: use :meth:`execute`).

        Takes the arguments of :meth:`execute`, with the registration's id instead of the
        workflow's.

        >>> client.beta.workflows.execute_registration(registration_id, input={})
        """
        body = request_body(WorkflowExecutionRequest, locals())
        path = {"workflow_registration_id": workflow_registration_id}
        return Call(path_params=path, body=body, options=options)

    def _get(self, workflow_identifier: str, **options: Unpack[CallOptions]) -> Call:
        """A workflow (by name or id) and whether a live worker serves it.

        >>> client.beta.workflows.get("greeter").workflow.active
        True
        """
        return Call(path_params=_workflow(workflow_identifier), options=options)

    def _update(
        self,
        workflow_identifier: str,
        *,
        display_name: OptionalNullable[str] = UNSET,
        description: OptionalNullable[str] = UNSET,
        available_in_chat_assistant: OptionalNullable[bool] = UNSET,
        **options: Unpack[CallOptions],
    ) -> Call:
        """Change a workflow's display name (up to 128 characters), description or
        availability in the chat assistant; only the fields given change.

        >>> client.beta.workflows.update("greeter", display_name="Greeter v2")
        """
        body = request_body(WorkflowUpdateRequest, locals())
        return Call(path_params=_workflow(workflow_identifier), body=body, options=options)

    def _get_registration(
        self,
        workflow_registration_id: str,
        *,
        with_workflow: bool | UnsetType = UNSET,
        include_shared: bool | UnsetType = UNSET,
        **options: Unpack[CallOptions],
    ) -> Call:
        """One registration and whether a live worker serves it.

        :param with_workflow: include the registration's ``workflow`` (default False).
        :param include_shared: look among shared workflows too (default True).

        >>> reg = client.beta.workflows.get_registration(registration_id, with_workflow=True)
        >>> reg.workflow_registration.definition.signals
        """
        path = {"workflow_registration_id": workflow_registration_id}
        query = {"with_workflow": with_workflow, "include_shared": include_shared}
        return Call(path_params=path, query=query, options=options)

    def _archive(self, workflow_identifier: str, **options: Unpack[CallOptions]) -> Call:
        """Archive a workflow: it leaves the default listings.

        >>> client.beta.workflows.archive("greeter").workflow.archived
        True
        """
        return Call(path_params=_workflow(workflow_identifier), options=options)

    def _unarchive(self, workflow_identifier: str, **options: Unpack[CallOptions]) -> Call:
        """Bring an archived workflow back.

        >>> client.beta.workflows.unarchive("greeter").workflow.archived
        False
        """
        return Call(path_params=_workflow(workflow_identifier), options=options)

    list_registrations = sync_operation(LIST_REGISTRATIONS, _list_registrations)
    list_registrations_async = async_operation(LIST_REGISTRATIONS, _list_registrations)
    list_registrations_pages = sync_pages(
        list_registrations,
        REGISTRATION_PAGES,
        example="""
        >>> for page in client.beta.workflows.list_registrations_pages(limit=20):
        ...     print(len(page.workflow_registrations))
        """,
    )
    list_registrations_pages_async = async_pages(
        list_registrations_async,
        REGISTRATION_PAGES,
        example="""
        >>> async for page in client.beta.workflows.list_registrations_pages_async(limit=20):
        ...     print(len(page.workflow_registrations))
        """,
    )
    iter_registrations = sync_items(
        list_registrations,
        REGISTRATION_PAGES,
        example="""
        >>> names = {r.workflow_id for r in client.beta.workflows.iter_registrations(active_only=True)}
        """,
    )
    iter_registrations_async = async_items(
        list_registrations_async,
        REGISTRATION_PAGES,
        example="""
        >>> registrations = client.beta.workflows.iter_registrations_async(active_only=True)
        >>> names = {r.workflow_id async for r in registrations}
        """,
    )
    execute = sync_operation(EXECUTE, _execute)
    execute_async = async_operation(EXECUTE, _execute)
    execute_registration = sync_operation(EXECUTE_REGISTRATION, _execute_registration)
    execute_registration_async = async_operation(EXECUTE_REGISTRATION, _execute_registration)
    get = sync_operation(GET, _get)
    get_async = async_operation(GET, _get)
    update = sync_operation(UPDATE, _update)
    update_async = async_operation(UPDATE, _update)
    get_registration = sync_operation(GET_REGISTRATION, _get_registration)
    get_registration_async = async_operation(GET_REGISTRATION, _get_registration)
    archive = sync_operation(ARCHIVE, _archive)
    archive_async = async_operation(ARCHIVE, _archive)
    unarchive = sync_operation(UNARCHIVE, _unarchive)
    unarchive_async = async_operation(UNARCHIVE, _unarchive)
