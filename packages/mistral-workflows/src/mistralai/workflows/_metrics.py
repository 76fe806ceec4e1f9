"""``client.beta.workflows.metrics``: how a workflow's executions went."""

from __future__ import annotations

from datetime import datetime

from typing_extensions import Unpack

from mistralai.utils import Call, CallOptions, Operation, Resource, async_operation, sync_operation
from mistralai.workflows.models import WorkflowMetrics

GET: Operation[WorkflowMetrics] = Operation(
    "get_workflow_metrics_v1_workflows__workflow_name__metrics_get",
    "GET",
    "/v1/workflows/{workflow_name}/metrics",
    WorkflowMetrics,
)


def _instant(value: datetime | str | None) -> str | None:
    return value.isoformat() if isinstance(value, datetime) else value


class Metrics(Resource):
    """Workflow metrics (``client.beta.workflows.metrics``)."""

    def _get(
        self,
        workflow_name: str,
        *,
        start_time: datetime | str | None = None,
        end_time: datetime | str | None = None,
        **options: Unpack[CallOptions],
    ) -> Call:
        """Counts of executions, successes and errors, average latency, latency over time
        and retry rate of a workflow, over its executions started between ``start_time``
        and ``end_time`` (each optional; a ``datetime`` or ISO 8601 text).

        >>> m = client.beta.workflows.metrics.get("greeter", start_time=datetime(2025, 1, 1))
        >>> m.execution_count.value, m.average_latency_ms.value
        """
        query = {"start_time": _instant(start_time), "end_time": _instant(end_time)}
        return Call(path_params={"workflow_name": workflow_name}, query=query, options=options)

    get = sync_operation(GET, _get)
    get_async = async_operation(GET, _get)
