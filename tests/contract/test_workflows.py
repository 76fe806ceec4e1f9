"""``client.beta.workflows`` and its sub-resources against the spec (every non-streaming
operation; the two event streams are checked against the local server in
packages/mistral-workflows/tests)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

pytest.importorskip("mistralai.workflows", reason="mistral-workflows is not installed")

from contract_calls import ContractClient

from mistralai.workflows.models import (
    BatchExecutionResponse,
    DeploymentDetailResponse,
    DeploymentListResponse,
    ListWorkflowEventResponse,
    QueryWorkflowResponse,
    SignalWorkflowResponse,
    UpdateWorkflowResponse,
    WorkerInfo,
    WorkflowArchiveResponse,
    WorkflowExecutionListResponse,
    WorkflowExecutionResponse,
    WorkflowExecutionSyncResponse,
    WorkflowExecutionTraceEventsResponse,
    WorkflowExecutionTraceOTelResponse,
    WorkflowExecutionTraceSummaryResponse,
    WorkflowGetResponse,
    WorkflowMetrics,
    WorkflowRegistrationGetResponse,
    WorkflowRegistrationListResponse,
    WorkflowScheduleListResponse,
    WorkflowScheduleResponse,
    WorkflowUnarchiveResponse,
    WorkflowUpdateResponse,
)

WORKFLOW = "greeter"
REGISTRATION = "2e900000-0000-4000-8000-000000000001"
WORKFLOW_ID = "0f1e0000-0000-4000-8000-000000000001"
EXECUTION = "exec-000000000001"
RUN = "00000000-0000-4000-8000-000000000002"
ENCODED = {"b64payload": "eyJuYW1lIjogIkFkYSJ9", "encoding_options": [], "empty": False}
WHEN = datetime(2025, 1, 2, 3, 4, 5, tzinfo=timezone.utc)


# -- workflows -------------------------------------------------------------------------------


def test_execute_minimal(contract: ContractClient) -> None:
    res = contract.check(contract.client.beta.workflows.execute, WORKFLOW)
    assert isinstance(res, (WorkflowExecutionResponse, WorkflowExecutionSyncResponse))


def test_execute_every_parameter(contract: ContractClient) -> None:
    contract.check(
        contract.client.beta.workflows.execute,
        WORKFLOW,
        input={"name": "Ada"},
        execution_id="my-execution",
        encoded_input=None,
        wait_for_result=True,
        timeout_seconds=30.5,
        custom_tracing_attributes={"team": "search"},
        task_queue=None,
        deployment_name="default",
    )


def test_execute_encoded_input(contract: ContractClient) -> None:
    contract.check(
        contract.client.beta.workflows.execute,
        WORKFLOW,
        encoded_input=ENCODED,
        task_queue="default",
    )


def test_execute_registration(contract: ContractClient) -> None:
    contract.check(
        contract.client.beta.workflows.execute_registration,
        REGISTRATION,
        input={"name": "Ada"},
        deployment_name="default",
    )


def test_get_update_archive_unarchive(contract: ContractClient) -> None:
    workflows = contract.client.beta.workflows
    assert isinstance(contract.check(workflows.get, WORKFLOW), WorkflowGetResponse)
    updated = contract.check(
        workflows.update,
        WORKFLOW,
        display_name="Greeter",
        description=None,
        available_in_chat_assistant=True,
    )
    assert isinstance(updated, WorkflowUpdateResponse)
    assert isinstance(contract.check(workflows.archive, WORKFLOW), WorkflowArchiveResponse)
    assert isinstance(contract.check(workflows.unarchive, WORKFLOW), WorkflowUnarchiveResponse)


def test_list_registrations_minimal(contract: ContractClient) -> None:
    res = contract.check(contract.client.beta.workflows.list_registrations)
    assert isinstance(res, WorkflowRegistrationListResponse)


def test_list_registrations_every_parameter(contract: ContractClient) -> None:
    contract.check(
        contract.client.beta.workflows.list_registrations,
        workflow_id=WORKFLOW_ID,
        task_queue="default",
        active_only=True,
        include_shared=False,
        workflow_search="greet",
        archived=False,
        with_workflow=True,
        available_in_chat_assistant=True,
        limit=10,
        cursor=REGISTRATION,
    )


def test_get_registration(contract: ContractClient) -> None:
    workflows = contract.client.beta.workflows
    res = contract.check(workflows.get_registration, REGISTRATION)
    assert isinstance(res, WorkflowRegistrationGetResponse)
    contract.check(
        workflows.get_registration, REGISTRATION, with_workflow=True, include_shared=False
    )


# -- executions ------------------------------------------------------------------------------


def test_execution_get_and_history(contract: ContractClient) -> None:
    executions = contract.client.beta.workflows.executions
    assert isinstance(contract.check(executions.get, EXECUTION), WorkflowExecutionResponse)
    contract.check(executions.get_history, EXECUTION)
    contract.check(executions.get_history, EXECUTION, decode_payloads=True)


def test_signal_query_update(contract: ContractClient) -> None:
    executions = contract.client.beta.workflows.executions
    signal = contract.check(executions.signal, EXECUTION, name="approve", input={"by": "me"})
    assert isinstance(signal, SignalWorkflowResponse)
    contract.check(executions.signal, EXECUTION, name="approve")
    query = contract.check(executions.query, EXECUTION, name="progress", input=ENCODED)
    assert isinstance(query, QueryWorkflowResponse)
    update = contract.check(executions.update, EXECUTION, name="rename", input={"name": "Bo"})
    assert isinstance(update, UpdateWorkflowResponse)
    contract.check(executions.update, EXECUTION, name="rename", input=None)


def test_cancel_terminate_reset(contract: ContractClient) -> None:
    executions = contract.client.beta.workflows.executions
    assert contract.check(executions.cancel, EXECUTION) is None
    assert contract.check(executions.terminate, EXECUTION) is None
    assert contract.check(executions.reset, EXECUTION, event_id=3) is None
    contract.check(
        executions.reset,
        EXECUTION,
        event_id=3,
        reason="bad input",
        exclude_signals=True,
        exclude_updates=False,
    )


def test_batch_cancel_and_terminate(contract: ContractClient) -> None:
    executions = contract.client.beta.workflows.executions
    ids = [EXECUTION, "exec-000000000002"]
    assert isinstance(
        contract.check(executions.batch_cancel, execution_ids=ids), BatchExecutionResponse
    )
    assert isinstance(
        contract.check(executions.batch_terminate, execution_ids=ids), BatchExecutionResponse
    )


def test_traces(contract: ContractClient) -> None:
    executions = contract.client.beta.workflows.executions
    otel = contract.check(executions.get_trace_otel, EXECUTION)
    assert isinstance(otel, WorkflowExecutionTraceOTelResponse)
    summary = contract.check(executions.get_trace_summary, EXECUTION)
    assert isinstance(summary, WorkflowExecutionTraceSummaryResponse)
    events = contract.check(executions.get_trace_events, EXECUTION)
    assert isinstance(events, WorkflowExecutionTraceEventsResponse)
    contract.check(
        executions.get_trace_events,
        EXECUTION,
        merge_same_id_events=True,
        include_internal_events=True,
    )


# -- runs, events, schedules, deployments, metrics, workers ----------------------------------


def test_runs(contract: ContractClient) -> None:
    runs = contract.client.beta.workflows.runs
    assert isinstance(contract.check(runs.list), WorkflowExecutionListResponse)
    contract.check(
        runs.list,
        workflow_identifier=WORKFLOW,
        search="greet",
        status=["RUNNING", "FAILED"],
        page_size=20,
        next_page_token="runs:20",
    )
    contract.check(runs.list, status="COMPLETED")
    assert isinstance(contract.check(runs.get, RUN), WorkflowExecutionResponse)
    contract.check(runs.get_history, RUN)
    contract.check(runs.get_history, RUN, decode_payloads=True)


def test_events_list(contract: ContractClient) -> None:
    events = contract.client.beta.workflows.events
    assert isinstance(contract.check(events.list), ListWorkflowEventResponse)
    contract.check(
        events.list,
        root_workflow_exec_id=EXECUTION,
        workflow_exec_id=EXECUTION,
        workflow_run_id=RUN,
        limit=50,
        cursor="12",
    )


def test_schedules(contract: ContractClient) -> None:
    schedules = contract.client.beta.workflows.schedules
    assert isinstance(contract.check(schedules.list), WorkflowScheduleListResponse)
    created = contract.check(
        schedules.create, workflow_identifier=WORKFLOW, schedule={"input": {"name": "Ada"}}
    )
    assert isinstance(created, WorkflowScheduleResponse)
    assert contract.check(schedules.delete, "sched-1") is None


def test_schedule_every_parameter(contract: ContractClient) -> None:
    schedule = {
        "input": {"name": "Ada"},
        "calendars": [
            {
                "second": [{"start": 0}],
                "minute": [{"start": 0, "end": 30, "step": 15}],
                "hour": [{"start": 9, "end": 17, "step": 1}],
                "day_of_month": [{"start": 1, "end": 31}],
                "month": [{"start": 1, "end": 12}],
                "year": [{"start": 2026}],
                "day_of_week": [{"start": 1, "end": 5}],
                "comment": "office hours",
            }
        ],
        "intervals": [{"every": timedelta(hours=6), "offset": "PT30M"}],
        "cron_expressions": ["0 3 * * *"],
        "skip": [{"month": [{"start": 8}], "comment": None}],
        "start_at": WHEN,
        "end_at": "2027-01-01T00:00:00Z",
        "jitter": timedelta(minutes=5),
        "time_zone_name": "Europe/Paris",
        "policy": {"catchup_window_seconds": 3600, "overlap": 2, "pause_on_failure": True},
        "schedule_id": None,
    }
    contract.check(
        contract.client.beta.workflows.schedules.create,
        schedule=schedule,
        workflow_registration_id=REGISTRATION,
        workflow_version_id=None,
        workflow_identifier=None,
        workflow_task_queue=None,
        schedule_id="nightly",
        deployment_name="default",
    )


def test_deployments_and_workers(contract: ContractClient) -> None:
    workflows = contract.client.beta.workflows
    assert isinstance(contract.check(workflows.deployments.list), DeploymentListResponse)
    contract.check(workflows.deployments.list, active_only=False, workflow_name=WORKFLOW)
    detail = contract.check(workflows.deployments.get, "default")
    assert isinstance(detail, DeploymentDetailResponse)
    assert isinstance(contract.check(workflows.workers.get_info), WorkerInfo)


def test_metrics(contract: ContractClient) -> None:
    if contract.mode == "dynamic":
        pytest.skip("Prism 5 answers 500 when it makes up TimeSeriesMetric's prefixItems pairs")
    metrics = contract.client.beta.workflows.metrics
    assert isinstance(contract.check(metrics.get, WORKFLOW), WorkflowMetrics)
    contract.check(metrics.get, WORKFLOW, start_time=WHEN, end_time="2025-12-31T23:59:59Z")
