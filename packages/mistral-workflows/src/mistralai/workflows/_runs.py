"""``client.beta.workflows.runs``: the runs of workflow executions, listed and inspected."""

from __future__ import annotations

from collections.abc import Sequence
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
    sync_items,
    sync_operation,
    sync_pages,
)
from mistralai.workflows.models import (
    WorkflowExecutionListResponse,
    WorkflowExecutionResponse,
    WorkflowExecutionStatus,
    WorkflowExecutionWithoutResultResponse,
)

LIST: Operation[WorkflowExecutionListResponse] = Operation(
    "list_runs_v1_workflows_runs_get", "GET", "/v1/workflows/runs", WorkflowExecutionListResponse
)
GET: Operation[WorkflowExecutionResponse] = Operation(
    "get_run_v1_workflows_runs__run_id__get",
    "GET",
    "/v1/workflows/runs/{run_id}",
    WorkflowExecutionResponse,
)
HISTORY: Operation[Any] = Operation(
    "get_run_history_v1_workflows_runs__run_id__history_get",
    "GET",
    "/v1/workflows/runs/{run_id}/history",
    Any,
)


PAGES = CursorPages[WorkflowExecutionListResponse, WorkflowExecutionWithoutResultResponse](
    lambda page: page.executions, lambda page: page.next_page_token, cursor="next_page_token"
)
"""How ``GET /v1/workflows/runs`` pages: each page's ``next_page_token`` is sent back as
``next_page_token``."""


class Runs(Resource):
    """Workflow runs (``client.beta.workflows.runs``): each execution has one run, and one
    more each time it is reset or continues as new.

    >>> for run in client.beta.workflows.runs.iter_all(status="FAILED"):
    ...     print(run.execution_id, run.end_time)
    """

    def _list(
        self,
        *,
        workflow_identifier: str | None = None,
        search: str | None = None,
        status: WorkflowExecutionStatus | Sequence[WorkflowExecutionStatus] | None = None,
        page_size: int | UnsetType = UNSET,
        next_page_token: str | None = None,
        **options: Unpack[CallOptions],
    ) -> Call:
        """One page of runs, newest first.

        :param workflow_identifier: only the runs of this workflow (name or id).
        :param search: only the runs whose workflow name, display name or id contains this.
        :param status: only the runs in this status, or in any of these.
        :param page_size: runs per page (1 to 1000, 50 by default).
        :param next_page_token: the ``next_page_token`` of the previous page.

        :meth:`list_pages` and :meth:`iter_all` walk every page.

        >>> page = client.beta.workflows.runs.list(workflow_identifier="greeter", page_size=10)
        """
        query = {
            "workflow_identifier": workflow_identifier,
            "search": search,
            "status": [status] if isinstance(status, str) else status,
            "page_size": page_size,
            "next_page_token": next_page_token,
        }
        return Call(query=query, options=options)

    def _get(self, run_id: str, **options: Unpack[CallOptions]) -> Call:
        """One run: its status, times and result.

        >>> client.beta.workflows.runs.get(run_id).status
        """
        return Call(path_params={"run_id": run_id}, options=options)

    def _get_history(
        self,
        run_id: str,
        *,
        decode_payloads: bool | UnsetType = UNSET,
        **options: Unpack[CallOptions],
    ) -> Call:
        """The raw history of one run, as the workflow engine recorded it (any JSON).

        :param decode_payloads: decode the payloads of the history instead of leaving them
            encoded.

        >>> client.beta.workflows.runs.get_history(run_id, decode_payloads=True)
        """
        query = {"decode_payloads": decode_payloads}
        return Call(path_params={"run_id": run_id}, query=query, options=options)

    list = sync_operation(LIST, _list)
    list_async = async_operation(LIST, _list)
    list_pages = sync_pages(
        list,
        PAGES,
        example="""
        >>> for page in client.beta.workflows.runs.list_pages(page_size=100):
        ...     print(len(page.executions))
        """,
    )
    list_pages_async = async_pages(
        list_async,
        PAGES,
        example="""
        >>> async for page in client.beta.workflows.runs.list_pages_async(page_size=100):
        ...     print(len(page.executions))
        """,
    )
    iter_all = sync_items(
        list,
        PAGES,
        example="""
        >>> running = list(client.beta.workflows.runs.iter_all(status="RUNNING"))
        """,
    )
    iter_all_async = async_items(
        list_async,
        PAGES,
        example="""
        >>> running = [r async for r in client.beta.workflows.runs.iter_all_async(status="RUNNING")]
        """,
    )
    get = sync_operation(GET, _get)
    get_async = async_operation(GET, _get)
    get_history = sync_operation(HISTORY, _get_history)
    get_history_async = async_operation(HISTORY, _get_history)
