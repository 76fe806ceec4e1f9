"""``client.beta.workflows.deployments`` and ``.workers``: where workflows run."""

from __future__ import annotations

from typing_extensions import Unpack

from mistralai.types import UNSET, UnsetType
from mistralai.utils import Call, CallOptions, Operation, Resource, async_operation, sync_operation
from mistralai.workflows.models import (
    DeploymentDetailResponse,
    DeploymentListResponse,
    WorkerInfo,
)

LIST: Operation[DeploymentListResponse] = Operation(
    "list_deployments_v1_workflows_deployments_get",
    "GET",
    "/v1/workflows/deployments",
    DeploymentListResponse,
)
GET: Operation[DeploymentDetailResponse] = Operation(
    "get_deployment_v1_workflows_deployments__name__get",
    "GET",
    "/v1/workflows/deployments/{name}",
    DeploymentDetailResponse,
)
WHOAMI: Operation[WorkerInfo] = Operation(
    "get_worker_info_v1_workflows_workers_whoami_get",
    "GET",
    "/v1/workflows/workers/whoami",
    WorkerInfo,
)


class Deployments(Resource):
    """Deployments (``client.beta.workflows.deployments``): named groups of workers.

    >>> [d.name for d in client.beta.workflows.deployments.list().deployments]
    """

    def _list(
        self,
        *,
        active_only: bool | UnsetType = UNSET,
        workflow_name: str | None = None,
        **options: Unpack[CallOptions],
    ) -> Call:
        """The deployments, only those with a live worker unless ``active_only=False``.

        :param active_only: leave out deployments without a live worker (the default).
        :param workflow_name: only the deployments that run this workflow.

        >>> client.beta.workflows.deployments.list(active_only=False, workflow_name="greeter")
        """
        query = {"active_only": active_only, "workflow_name": workflow_name}
        return Call(query=query, options=options)

    def _get(self, name: str, **options: Unpack[CallOptions]) -> Call:
        """A deployment and its workers.

        >>> client.beta.workflows.deployments.get("default").workers
        """
        return Call(path_params={"name": name}, options=options)

    list = sync_operation(LIST, _list)
    list_async = async_operation(LIST, _list)
    get = sync_operation(GET, _get)
    get_async = async_operation(GET, _get)


class Workers(Resource):
    """Workers (``client.beta.workflows.workers``): what a worker needs to connect."""

    def _get_info(self, **options: Unpack[CallOptions]) -> Call:
        """The scheduler a worker with this key connects to, and its namespace.

        >>> info = client.beta.workflows.workers.get_info()
        >>> info.scheduler_url, info.namespace, info.tls
        """
        return Call(options=options)

    get_info = sync_operation(WHOAMI, _get_info)
    get_info_async = async_operation(WHOAMI, _get_info)
