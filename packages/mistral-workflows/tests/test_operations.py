"""client.beta.workflows.runs, .schedules, .deployments, .metrics and .workers over loopback."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

import pytest

from mistralai import errors
from mistralai.workflows.models import (
    ScheduleDefinition,
    WorkflowExecutionListResponse,
    WorkflowMetrics,
)


def finished(client: Any, **input: Any) -> str:
    run = client.beta.workflows.execute("greeter", input={"name": "Ada", **input})
    client.beta.workflows.executions.wait(run.execution_id, poll_interval=0.01)
    return str(run.execution_id)


def test_runs_list_filters_and_pages(mistral_client: Any, mistral_test_server: Any) -> None:
    runs = mistral_client.beta.workflows.runs
    ok, failed = finished(mistral_client), finished(mistral_client, fail=True)
    running = mistral_client.beta.workflows.execute("translator", input={}).execution_id
    page = runs.list(workflow_identifier="greeter", status="FAILED", search="gree", page_size=5)
    assert isinstance(page, WorkflowExecutionListResponse)
    assert [r.execution_id for r in page.executions] == [failed]
    assert mistral_test_server.requests[-1].query == {
        "workflow_identifier": ["greeter"],
        "status": ["FAILED"],
        "search": ["gree"],
        "page_size": ["5"],
    }
    both = runs.list(status=["COMPLETED", "RUNNING"])
    assert mistral_test_server.requests[-1].query["status"] == ["COMPLETED", "RUNNING"]
    assert [r.execution_id for r in both.executions] == [running, ok]

    first = runs.list(page_size=2)
    assert first.next_page_token
    second = runs.list(page_size=2, next_page_token=first.next_page_token)
    assert [r.execution_id for r in second.executions] == [ok]
    assert second.next_page_token is None
    assert [len(p.executions) for p in runs.list_pages(page_size=2)] == [2, 1]
    mistral_test_server.requests.clear()
    assert [r.execution_id for r in runs.iter_all(page_size=1)] == [running, failed, ok]
    assert len(mistral_test_server.requests) == 3
    with pytest.raises(errors.HTTPValidationError):
        runs.list(page_size=0)


def test_a_run_and_its_history(mistral_client: Any, mistral_test_server: Any) -> None:
    execution_id = finished(mistral_client)
    history = mistral_client.beta.workflows.executions.get_history(execution_id)
    run_id = history["events"][0]["attributes"]["task_id"].removesuffix("-task")
    run = mistral_client.beta.workflows.runs.get(run_id)
    assert (run.execution_id, run.status, run.result) == (
        execution_id,
        "COMPLETED",
        {"greeting": "Hello, Ada!"},
    )
    assert mistral_test_server.requests[-1].path == f"/v1/workflows/runs/{run_id}"
    decoded = mistral_client.beta.workflows.runs.get_history(run_id, decode_payloads=True)
    assert decoded["events"][-1]["attributes"]["result"] == {"greeting": "Hello, Ada!"}
    assert mistral_test_server.requests[-1].query == {"decode_payloads": ["true"]}
    with pytest.raises(errors.NotFoundError):
        mistral_client.beta.workflows.runs.get("00000000-0000-4000-8000-ffffffffffff")


def test_schedules_lifecycle(mistral_client: Any, mistral_test_server: Any) -> None:
    schedules = mistral_client.beta.workflows.schedules
    created = schedules.create(
        workflow_identifier="greeter",
        deployment_name="default",
        schedule=ScheduleDefinition(
            input={"name": "Ada"},
            intervals=[{"every": timedelta(hours=6), "offset": timedelta(minutes=30)}],
            start_at=datetime(2026, 1, 1, tzinfo=timezone.utc),
            jitter=timedelta(seconds=90),
            time_zone_name="Europe/Paris",
            policy={"overlap": 2, "pause_on_failure": True},
        ),
    )
    assert created.schedule_id.startswith("sched-")
    assert mistral_test_server.requests[-1].json() == {
        "workflow_identifier": "greeter",
        "deployment_name": "default",
        "schedule": {
            "input": {"name": "Ada"},
            "intervals": [{"every": "PT6H", "offset": "PT30M"}],
            "start_at": "2026-01-01T00:00:00Z",
            "jitter": "PT1M30S",
            "time_zone_name": "Europe/Paris",
            "policy": {"overlap": 2, "pause_on_failure": True},
        },
    }
    named = schedules.create(
        workflow_registration_id="2e900000-0000-4000-8000-000000000002",
        schedule_id="nightly",
        schedule={"input": {}, "cron_expressions": ["0 3 * * *"]},
    )
    assert named.schedule_id == "nightly"
    listed = schedules.list().schedules
    assert [s.schedule_id for s in listed] == [created.schedule_id, "nightly"]
    assert listed[0].intervals[0].every == timedelta(hours=6)
    assert listed[0].start_at == datetime(2026, 1, 1, tzinfo=timezone.utc)
    assert listed[1].cron_expressions == ["0 3 * * *"]
    with pytest.raises(errors.ConflictError):
        schedules.create(
            workflow_identifier="greeter", schedule_id="nightly", schedule={"input": 1}
        )
    assert schedules.delete("nightly") is None
    assert mistral_test_server.requests[-1].method == "DELETE"
    assert [s.schedule_id for s in schedules.list().schedules] == [created.schedule_id]
    with pytest.raises(errors.NotFoundError):
        schedules.delete("nightly")
    with pytest.raises(errors.RequestValidationError, match="schedule"):
        schedules.create(workflow_identifier="greeter", schedule={"cron_expressions": []})


def test_deployments_and_workers(mistral_client: Any, mistral_test_server: Any) -> None:
    workflows = mistral_client.beta.workflows
    assert [d.name for d in workflows.deployments.list().deployments] == ["default"]
    every = workflows.deployments.list(active_only=False, workflow_name="nightly-report")
    assert mistral_test_server.requests[-1].query == {
        "active_only": ["false"],
        "workflow_name": ["nightly-report"],
    }
    assert [(d.name, d.is_active) for d in every.deployments] == [("reports", False)]
    detail = workflows.deployments.get("default")
    assert [w.name for w in detail.workers] == ["worker-default-1"]
    with pytest.raises(errors.NotFoundError):
        workflows.deployments.get("nowhere")
    info = workflows.workers.get_info()
    assert (info.scheduler_url, info.namespace, info.tls) == ("127.0.0.1:7233", "default", False)


def test_metrics(mistral_client: Any, mistral_test_server: Any) -> None:
    finished(mistral_client)
    finished(mistral_client, fail=True)
    metrics = mistral_client.beta.workflows.metrics.get("greeter")
    assert isinstance(metrics, WorkflowMetrics)
    assert metrics.execution_count.value == 2
    assert (metrics.success_count.value, metrics.error_count.value) == (1, 1)
    assert metrics.retry_rate.value == 0.5
    assert len(metrics.latency_over_time.value) == 2
    since = datetime(2999, 1, 1, tzinfo=timezone.utc)
    empty = mistral_client.beta.workflows.metrics.get(
        "greeter", start_time=since, end_time="3000-01-01T00:00:00Z"
    )
    assert mistral_test_server.requests[-1].query == {
        "start_time": ["2999-01-01T00:00:00+00:00"],
        "end_time": ["3000-01-01T00:00:00Z"],
    }
    assert empty.execution_count.value == 0


async def test_async_twins(mistral_async_client: Any) -> None:
    workflows = mistral_async_client.beta.workflows
    run = await workflows.execute_async("greeter", input={"name": "A"}, wait_for_result=True)
    assert [r.execution_id for r in (await workflows.runs.list_async()).executions] == [
        run.execution_id
    ]
    assert [r.execution_id async for r in workflows.runs.iter_all_async()] == [run.execution_id]
    assert [len(p.executions) async for p in workflows.runs.list_pages_async()] == [1]
    history = await workflows.executions.get_history_async(run.execution_id)
    run_id = history["events"][0]["attributes"]["task_id"].removesuffix("-task")
    assert (await workflows.runs.get_async(run_id)).status == "COMPLETED"
    assert (await workflows.runs.get_history_async(run_id))["events"]
    created = await workflows.schedules.create_async(
        workflow_identifier="greeter", schedule={"input": {"name": "A"}}
    )
    assert len((await workflows.schedules.list_async()).schedules) == 1
    assert await workflows.schedules.delete_async(created.schedule_id) is None
    assert (await workflows.deployments.list_async()).deployments[0].is_active
    assert (await workflows.deployments.get_async("reports")).workers == []
    assert (await workflows.metrics.get_async("greeter")).success_count.value == 1
    assert (await workflows.workers.get_info_async()).namespace == "default"
