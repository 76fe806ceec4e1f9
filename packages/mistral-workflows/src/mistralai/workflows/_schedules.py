"""``client.beta.workflows.schedules``: start workflows on a calendar, at intervals or by cron."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from typing_extensions import Unpack

from mistralai.types import UNSET, OptionalNullable
from mistralai.utils import (
    Call,
    CallOptions,
    Operation,
    Resource,
    async_operation,
    request_body,
    sync_operation,
)
from mistralai.workflows.models import (
    ScheduleDefinition,
    WorkflowScheduleListResponse,
    WorkflowScheduleRequest,
    WorkflowScheduleResponse,
)

_BASE = "/v1/workflows/schedules"
LIST: Operation[WorkflowScheduleListResponse] = Operation(
    "get_schedules_v1_workflows_schedules_get", "GET", _BASE, WorkflowScheduleListResponse
)
CREATE: Operation[WorkflowScheduleResponse] = Operation(
    "schedule_workflow_v1_workflows_schedules_post", "POST", _BASE, WorkflowScheduleResponse
)
DELETE: Operation[None] = Operation(
    "unschedule_workflow_v1_workflows_schedules__schedule_id__delete",
    "DELETE",
    _BASE + "/{schedule_id}",
)


class Schedules(Resource):
    """Workflow schedules (``client.beta.workflows.schedules``).

    >>> sched = client.beta.workflows.schedules.create(
    ...     workflow_identifier="nightly-report",
    ...     schedule={"input": {}, "cron_expressions": ["0 3 * * *"], "time_zone_name": "Europe/Paris"},
    ... )
    >>> client.beta.workflows.schedules.delete(sched.schedule_id)
    """

    def _list(self, **options: Unpack[CallOptions]) -> Call:
        """Every schedule.

        >>> [s.schedule_id for s in client.beta.workflows.schedules.list().schedules]
        """
        return Call(options=options)

    def _create(
        self,
        *,
        schedule: ScheduleDefinition | Mapping[str, Any],
        workflow_registration_id: OptionalNullable[str] = UNSET,
        workflow_version_id: OptionalNullable[str] = UNSET,
        workflow_identifier: OptionalNullable[str] = UNSET,
        workflow_task_queue: OptionalNullable[str] = UNSET,
        schedule_id: OptionalNullable[str] = UNSET,
        deployment_name: OptionalNullable[str] = UNSET,
        **options: Unpack[CallOptions],
    ) -> Call:
        """Schedule a workflow; name it by ``workflow_identifier`` or by registration.

        :param schedule: when to start it and with what ``input``: ``calendars``,
            ``intervals`` (``{"every": timedelta(hours=1)}``), ``cron_expressions``, minus
            ``skip``, between ``start_at`` and ``end_at``, in ``time_zone_name``.
        :param workflow_registration_id: the registration (workflow version) to run.
        :param workflow_version_id: deprecated name of ``workflow_registration_id``.
        :param workflow_identifier: the workflow to run, by name or id.
        :param workflow_task_queue: deprecated; use ``deployment_name``.
        :param schedule_id: an id of your choosing (one is made up otherwise).
        :param deployment_name: the deployment whose workers run it.

        >>> client.beta.workflows.schedules.create(
        ...     workflow_identifier="greeter",
        ...     schedule={"input": {"name": "Ada"}, "intervals": [{"every": "PT1H"}]},
        ... ).schedule_id
        """
        return Call(body=request_body(WorkflowScheduleRequest, locals()), options=options)

    def _delete(self, schedule_id: str, **options: Unpack[CallOptions]) -> Call:
        """Remove a schedule; the executions it started go on.

        >>> client.beta.workflows.schedules.delete(schedule_id)
        """
        return Call(path_params={"schedule_id": schedule_id}, options=options)

    list = sync_operation(LIST, _list)
    list_async = async_operation(LIST, _list)
    create = sync_operation(CREATE, _create)
    create_async = async_operation(CREATE, _create)
    delete = sync_operation(DELETE, _delete)
    delete_async = async_operation(DELETE, _delete)
