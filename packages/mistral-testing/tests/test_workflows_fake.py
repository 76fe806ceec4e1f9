"""The workflows fake, over plain HTTP: every answer checked against the spec's schema."""

from __future__ import annotations

import json
import time
from typing import Any

import httpx
import pytest

from mistralai.testing import MistralTestServer
from mistralai.testing.fakes.workflows import SEEDED_WORKFLOWS, configure

from .conftest import spec_errors

GREETER = SEEDED_WORKFLOWS[0]
W = "/v1/workflows"


def ok(response: httpx.Response, schema: str | None, status: int = 200) -> Any:
    """The answer's JSON, after checking its status and that it is a valid ``schema``."""
    assert response.status_code == status, response.text
    if status == 204:
        assert response.content == b""
        return None
    body = response.json()
    if schema is not None:
        assert spec_errors(schema, body) == [], body
    return body


def start(http: httpx.Client, **body: Any) -> str:
    answer = ok(http.post(f"{W}/greeter/execute", json=body), "WorkflowExecutionResponse")
    return str(answer["execution_id"])


def sse(response: httpx.Response) -> list[dict[str, Any]]:
    """Each event of a stream as ``{"event", "id", "data"}``, data parsed."""
    events, current = [], {}
    for line in response.iter_lines():
        if not line:
            events.append(current)
            current = {}
            continue
        name, _, value = line.partition(": ")
        current[name] = json.loads(value) if name == "data" else value
    return events


def test_workflows_and_registrations(http: httpx.Client) -> None:
    got = ok(http.get(f"{W}/greeter"), "WorkflowGetResponse")
    assert got["workflow"]["id"] == GREETER["id"]
    assert ok(http.get(f"{W}/{GREETER['id']}"), "WorkflowGetResponse") == got
    ok(http.put(f"{W}/greeter", json={"description": None}), "WorkflowUpdateResponse")
    assert ok(http.put(f"{W}/greeter/archive"), "WorkflowArchiveResponse")["workflow"]["archived"]
    ok(http.put(f"{W}/greeter/unarchive"), "WorkflowUnarchiveResponse")
    page = ok(http.get(f"{W}/registrations", params={"limit": 2, "with_workflow": "true"}),
              "WorkflowRegistrationListResponse")  # fmt: skip
    assert len(page["workflow_registrations"]) == 2
    assert page["next_cursor"] == SEEDED_WORKFLOWS[2]["_registration"]
    rest = ok(http.get(f"{W}/registrations", params={"cursor": page["next_cursor"]}),
              "WorkflowRegistrationListResponse")  # fmt: skip
    assert [r["workflow_id"] for r in rest["workflow_registrations"]] == [SEEDED_WORKFLOWS[2]["id"]]
    one = ok(http.get(f"{W}/registrations/{GREETER['_registration']}"),
             "WorkflowRegistrationGetResponse")  # fmt: skip
    assert one["workflow_registration"]["active"] is True
    shared = f"{W}/registrations/{SEEDED_WORKFLOWS[2]['_registration']}"
    assert http.get(shared, params={"include_shared": "false"}).status_code == 404
    assert http.get(f"{W}/nope").status_code == 404


def test_execution_answers(http: httpx.Client) -> None:
    execution_id = start(http, input={"name": "Ada"})
    path = f"{W}/executions/{execution_id}"
    ok(http.post(f"{path}/signals", json={"name": "approve"}), "SignalWorkflowResponse", 202)
    ok(http.post(f"{path}/queries", json={"name": "progress"}), "QueryWorkflowResponse")
    update = {"name": "rename", "input": {"name": "Bo"}}
    ok(http.post(f"{path}/updates", json=update), "UpdateWorkflowResponse")
    assert http.post(f"{path}/updates", json={"name": "rename"}).status_code == 422
    assert ok(http.get(path), "WorkflowExecutionResponse")["status"] == "RUNNING"
    assert ok(http.get(path), "WorkflowExecutionResponse")["result"] == {"greeting": "Hello, Bo!"}
    ok(http.get(f"{path}/trace/otel"), "WorkflowExecutionTraceOTelResponse")
    ok(http.get(f"{path}/trace/summary"), "WorkflowExecutionTraceSummaryResponse")
    for flags in ({}, {"merge_same_id_events": "true", "include_internal_events": "true"}):
        ok(http.get(f"{path}/trace/events", params=flags), "WorkflowExecutionTraceEventsResponse")
    history = ok(http.get(f"{path}/history"), None)
    assert [e["eventId"] for e in history["events"]] == list(range(1, 8))
    ok(http.post(f"{path}/reset", json={"event_id": 1}), None, 204)
    sync = http.post(
        f"{W}/greeter/execute", json={"input": {"name": "Cy"}, "wait_for_result": True}
    )
    assert ok(sync, "WorkflowExecutionSyncResponse")["result"] == {"greeting": "Hello, Cy!"}


def test_stopping_executions(http: httpx.Client) -> None:
    first, second = start(http), start(http)
    ok(http.post(f"{W}/executions/{first}/cancel"), None, 204)
    assert http.post(f"{W}/executions/{first}/terminate").status_code == 409
    body = {"execution_ids": [first, second, "missing"]}
    results = ok(http.post(f"{W}/executions/terminate", json=body), "BatchExecutionResponse")
    assert {k: v["status"] for k, v in results["results"].items()} == {
        first: "failure",
        second: "success",
        "missing": "failure",
    }
    ok(http.post(f"{W}/executions/cancel", json={"execution_ids": [second]}),
       "BatchExecutionResponse")  # fmt: skip
    assert http.post(f"{W}/executions/cancel", json={"execution_ids": []}).status_code == 422


def test_events_runs_schedules_deployments_metrics_workers(http: httpx.Client) -> None:
    execution_id = start(http, input={"name": "Ada", "fail": True})
    while (
        ok(http.get(f"{W}/executions/{execution_id}"), "WorkflowExecutionResponse")["status"]
        == "RUNNING"
    ):
        pass
    events = ok(http.get(f"{W}/events/list", params={"limit": 3}), "ListWorkflowEventResponse")
    assert events["next_cursor"] == "3"
    runs = ok(http.get(f"{W}/runs", params={"status": "FAILED"}), "WorkflowExecutionListResponse")
    assert [r["execution_id"] for r in runs["executions"]] == [execution_id]
    run_id = events["events"][0]["workflow_run_id"]
    ok(http.get(f"{W}/runs/{run_id}"), "WorkflowExecutionResponse")
    ok(http.get(f"{W}/runs/{run_id}/history", params={"decode_payloads": "true"}), None)
    schedule = {"workflow_identifier": "greeter", "schedule": {"input": {"name": "Ada"}}}
    created = ok(http.post(f"{W}/schedules", json=schedule), "WorkflowScheduleResponse", 201)
    ok(http.get(f"{W}/schedules"), "WorkflowScheduleListResponse")
    ok(http.delete(f"{W}/schedules/{created['schedule_id']}"), None, 204)
    assert http.post(f"{W}/schedules", json={"schedule": {"input": 1}}).status_code == 422
    ok(http.get(f"{W}/deployments", params={"active_only": "false"}), "DeploymentListResponse")
    ok(http.get(f"{W}/deployments/default"), "DeploymentDetailResponse")
    metrics = ok(http.get(f"{W}/greeter/metrics"), "WorkflowMetrics")
    assert (metrics["error_count"]["value"], metrics["retry_rate"]["value"]) == (1, 1.0)
    assert http.get(f"{W}/greeter/metrics", params={"start_time": "soon"}).status_code == 422
    ok(http.get(f"{W}/workers/whoami"), "WorkerInfo")


def test_the_execution_stream_is_real_sse(http: httpx.Client) -> None:
    execution_id = start(http)
    with http.stream("GET", f"{W}/executions/{execution_id}/stream") as response:
        assert response.headers["content-type"] == "text/event-stream"
        assert response.headers["transfer-encoding"] == "chunked"
        events = sse(response)
    assert [e["id"] for e in events] == [str(n) for n in range(1, 8)]
    for event in events:
        assert spec_errors("StreamEventSsePayload", event["data"]) == [], event
        assert event["event"] == event["data"]["data"]["event_type"]
    assert events[-1]["event"] == "WORKFLOW_EXECUTION_COMPLETED"


def test_the_event_stream_filters_and_resumes(http: httpx.Client) -> None:
    first, second = start(http), start(http)
    params = {"workflow_exec_id": second, "workflow_event_types": ["WORKFLOW_EXECUTION_STARTED",
              "WORKFLOW_EXECUTION_COMPLETED"]}  # fmt: skip
    with http.stream("GET", f"{W}/events/stream", params=params) as response:
        kinds = [e["event"] for e in sse(response)]
    assert kinds == ["WORKFLOW_EXECUTION_STARTED", "WORKFLOW_EXECUTION_COMPLETED"]
    assert ok(http.get(f"{W}/executions/{first}"), None)["status"] == "RUNNING"
    headers = {"last-event-id": "5"}
    with http.stream("GET", f"{W}/events/stream", headers=headers) as response:
        assert [int(e["id"]) for e in sse(response)][:1] == [6]


def test_speed_and_ids_are_configurable_and_deterministic(
    http: httpx.Client, mistral_test_server: MistralTestServer
) -> None:
    configure(mistral_test_server.state, steps=1, stream_delay=0.05)
    execution_id = start(http)
    assert execution_id == "exec-000000000001"
    assert ok(http.get(f"{W}/executions/{execution_id}"), None)["status"] == "COMPLETED"
    configure(mistral_test_server.state, steps=3)
    slow = start(http)
    began = time.monotonic()
    with http.stream("GET", f"{W}/executions/{slow}/stream") as response:
        assert len(sse(response)) == 8
    assert time.monotonic() - began >= 0.1
    mistral_test_server.reset()
    assert start(http) == "exec-000000000001"


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", f"{W}/executions/nope"),
        ("GET", f"{W}/executions/nope/stream"),
        ("POST", f"{W}/executions/nope/cancel"),
        ("GET", f"{W}/runs/00000000-0000-4000-8000-000000000000"),
        ("GET", f"{W}/deployments/nope"),
        ("DELETE", f"{W}/schedules/nope"),
        ("GET", f"{W}/nope/metrics"),
    ],
)
def test_unknown_ids_are_404(http: httpx.Client, method: str, path: str) -> None:
    answer = http.request(method, path)
    assert answer.status_code == 404
    assert answer.json()["object"] == "error"
