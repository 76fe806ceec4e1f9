"""client.beta.workflows.executions over loopback: waiting, signals, queries, updates,
stopping, resetting, histories, traces and the execution stream."""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest

from mistralai import errors
from mistralai.testing.fakes.workflows import configure
from mistralai.types import UnknownVariant
from mistralai.workflows.models import (
    ActivityTaskFailedResponse,
    ActivityTaskRetryingResponse,
    CustomTaskInProgressResponse,
    JSONPatchAppend,
    JSONPatchPayloadResponse,
    JSONPatchReplace,
    TempoTraceAttributeBoolValue,
    TempoTraceAttributeIntValue,
    WorkflowExecutionCompletedResponse,
    WorkflowExecutionFailedResponse,
    WorkflowExecutionProgressTraceEvent,
    WorkflowExecutionResponse,
    WorkflowExecutionStartedResponse,
    WorkflowStreamEvent,
)

HAPPY_PATH = [
    "WORKFLOW_EXECUTION_STARTED",
    "ACTIVITY_TASK_STARTED",
    "CUSTOM_TASK_STARTED",
    "CUSTOM_TASK_IN_PROGRESS",
    "CUSTOM_TASK_COMPLETED",
    "ACTIVITY_TASK_COMPLETED",
    "WORKFLOW_EXECUTION_COMPLETED",
]


def start(client: Any, **input: Any) -> str:
    run = client.beta.workflows.execute("greeter", input={"name": "Ada", **input})
    return str(run.execution_id)


def test_wait_reaches_a_terminal_state_with_progress(mistral_client: Any) -> None:
    execution_id = start(mistral_client)
    seen: list[str] = []
    done = mistral_client.beta.workflows.executions.wait(
        execution_id, poll_interval=0.01, progress=lambda e: seen.append(e.status)
    )
    assert isinstance(done, WorkflowExecutionResponse)
    assert seen == ["RUNNING", "COMPLETED"]
    assert (done.status, done.done, done.result) == ("COMPLETED", True, {"greeting": "Hello, Ada!"})
    assert done.end_time is not None
    assert done.total_duration_ms is not None


def test_wait_follows_the_configured_speed(mistral_client: Any, mistral_test_server: Any) -> None:
    configure(mistral_test_server.state, steps=4)
    execution_id = start(mistral_client)
    seen: list[str] = []
    mistral_client.beta.workflows.executions.wait(
        execution_id, poll_interval=0.01, progress=lambda e: seen.append(e.status)
    )
    assert seen == ["RUNNING", "RUNNING", "RUNNING", "COMPLETED"]


def test_wait_times_out_with_the_last_state(mistral_client: Any) -> None:
    execution_id = start(mistral_client)
    with pytest.raises(errors.WaitTimeoutError) as info:
        mistral_client.beta.workflows.executions.wait(
            execution_id, poll_interval=0.05, timeout=0.01
        )
    assert isinstance(info.value.last, WorkflowExecutionResponse)
    assert info.value.last.status == "RUNNING"


def test_a_failing_execution(mistral_client: Any) -> None:
    executions = mistral_client.beta.workflows.executions
    execution_id = start(mistral_client, fail=True)
    done = executions.wait(execution_id, poll_interval=0.01)
    assert (done.status, done.result) == ("FAILED", None)
    with executions.stream(execution_id, event_source="DATABASE") as events:
        last = [event.data.data for event in events][-3:]
    assert [type(e) for e in last] == [
        ActivityTaskRetryingResponse,
        ActivityTaskFailedResponse,
        WorkflowExecutionFailedResponse,
    ]
    assert last[1].attributes.attempt == 2
    assert "on purpose" in last[2].attributes.failure.message


def test_signal_query_update_on_the_wire(mistral_client: Any, mistral_test_server: Any) -> None:
    executions = mistral_client.beta.workflows.executions
    execution_id = start(mistral_client)
    accepted = executions.signal(execution_id, name="approve", input={"by": "me"})
    assert accepted.message == "Signal accepted"
    sent = mistral_test_server.requests[-1]
    assert sent.path == f"/v1/workflows/executions/{execution_id}/signals"
    assert sent.json() == {"name": "approve", "input": {"by": "me"}}

    renamed = executions.update(execution_id, name="rename", input={"name": "Bo"})
    assert (renamed.update_name, renamed.result) == ("rename", {"name": "Bo", "previous": "Ada"})
    assert mistral_test_server.requests[-1].json() == {"name": "rename", "input": {"name": "Bo"}}

    answer = executions.query(execution_id, name="progress", input=None)
    assert mistral_test_server.requests[-1].json() == {"name": "progress", "input": None}
    assert answer.query_name == "progress"
    assert answer.result == {
        "step": 0,
        "steps": 2,
        "status": "RUNNING",
        "name": "Bo",
        "signals": ["approve"],
    }
    assert executions.wait(execution_id, poll_interval=0.01).result == {"greeting": "Hello, Bo!"}
    with pytest.raises(errors.ConflictError, match="not running"):
        executions.signal(execution_id, name="approve")
    with pytest.raises(errors.NotFoundError, match="shout"):
        executions.query(execution_id, name="shout")


def test_an_encoded_handler_input_goes_as_given(
    mistral_client: Any, mistral_test_server: Any
) -> None:
    execution_id = start(mistral_client)
    encoded = {"b64payload": "e30=", "encoding_options": ["encrypted"], "empty": False}
    mistral_client.beta.workflows.executions.signal(execution_id, name="approve", input=encoded)
    assert mistral_test_server.requests[-1].json()["input"] == encoded


def test_cancel_terminate_and_batches(mistral_client: Any, mistral_test_server: Any) -> None:
    executions = mistral_client.beta.workflows.executions
    first, second, third = (start(mistral_client) for _ in range(3))
    assert executions.cancel(first) is None
    assert mistral_test_server.requests[-1].path == f"/v1/workflows/executions/{first}/cancel"
    assert executions.get(first).status == "CANCELED"
    assert executions.terminate(second) is None
    assert executions.get(second).status == "TERMINATED"
    with pytest.raises(errors.ConflictError):
        executions.cancel(first)

    res = executions.batch_cancel(execution_ids=[first, third, "nope"])
    assert mistral_test_server.requests[-1].json() == {"execution_ids": [first, third, "nope"]}
    assert res.results[third].status == "success"
    assert res.results[first].status == "failure"
    assert "not running" in res.results[first].error
    assert "not found" in res.results["nope"].error
    again = executions.batch_terminate(execution_ids=[third])
    assert mistral_test_server.requests[-1].path == "/v1/workflows/executions/terminate"
    assert again.results[third].status == "failure"
    with pytest.raises(errors.RequestValidationError, match="execution_ids"):
        executions.batch_cancel(execution_ids=[])


def test_reset_starts_a_new_run(mistral_client: Any, mistral_test_server: Any) -> None:
    workflows = mistral_client.beta.workflows
    execution_id = start(mistral_client)
    workflows.executions.signal(execution_id, name="approve")
    workflows.executions.update(execution_id, name="rename", input={"name": "Bo"})
    assert workflows.executions.wait(execution_id, poll_interval=0.01).status == "COMPLETED"

    assert (
        workflows.executions.reset(
            execution_id, event_id=1, reason="again", exclude_signals=True, exclude_updates=True
        )
        is None
    )
    assert mistral_test_server.requests[-1].json() == {
        "event_id": 1,
        "reason": "again",
        "exclude_signals": True,
        "exclude_updates": True,
    }
    assert workflows.executions.query(execution_id, name="progress").result["signals"] == []
    again = workflows.executions.wait(execution_id, poll_interval=0.01)
    assert again.result == {"greeting": "Hello, Ada!"}
    runs = list(workflows.runs.iter_all(workflow_identifier="greeter"))
    assert [r.execution_id for r in runs] == [execution_id, execution_id]
    with pytest.raises(errors.HTTPValidationError) as info:
        workflows.executions.reset(execution_id, event_id=99)
    assert info.value.detail[0]["loc"] == ["body", "event_id"]


def test_history_with_and_without_decoding(mistral_client: Any, mistral_test_server: Any) -> None:
    executions = mistral_client.beta.workflows.executions
    execution_id = start(mistral_client)
    encoded = executions.get_history(execution_id)
    first = encoded["events"][0]
    assert first["eventType"] == "WORKFLOW_EXECUTION_STARTED"
    assert json.loads(base64.b64decode(first["attributes"]["input"]["data"])) == {"name": "Ada"}
    decoded = executions.get_history(execution_id, decode_payloads=True)
    assert decoded["events"][0]["attributes"]["input"] == {"name": "Ada"}
    assert mistral_test_server.requests[-1].query == {"decode_payloads": ["true"]}


def test_traces(mistral_client: Any, mistral_test_server: Any) -> None:
    executions = mistral_client.beta.workflows.executions
    run = mistral_client.beta.workflows.execute(
        "greeter", input={"name": "Ada"}, custom_tracing_attributes={"team": "qa"}
    )
    executions.signal(run.execution_id, name="approve")
    executions.wait(run.execution_id, poll_interval=0.01)

    events = executions.get_trace_events(run.execution_id).events
    progress = [e for e in events if isinstance(e, WorkflowExecutionProgressTraceEvent)]
    assert [p.status for p in progress] == ["RUNNING", "COMPLETED"]
    assert "signal:approve" in [e.name for e in events]
    merged = executions.get_trace_events(
        run.execution_id, merge_same_id_events=True, include_internal_events=True
    )
    assert mistral_test_server.requests[-1].query == {
        "merge_same_id_events": ["true"],
        "include_internal_events": ["true"],
    }
    merged_progress = [e for e in merged.events if e.type == "EVENT_PROGRESS"]
    assert [p.status for p in merged_progress] == ["COMPLETED"]
    assert any(e.internal for e in merged.events)

    tree = executions.get_trace_summary(run.execution_id).span_tree
    assert tree.name == "workflow greeter"
    assert tree.attributes["team"] == "qa"
    assert [child.attributes["status"] for child in tree.children] == ["COMPLETED"]

    otel = executions.get_trace_otel(run.execution_id)
    assert otel.data_source == "tempo"
    spans = otel.otel_trace_data.batches[0].scopeSpans[0].spans
    assert {s.traceId for s in spans} == {otel.otel_trace_id}
    assert spans[1].parentSpanId == spans[0].spanId
    values = {a.key: a.value for a in spans[0].attributes}
    assert values["workflow.steps"] == TempoTraceAttributeIntValue(intValue="2")
    assert values["workflow.done"] == TempoTraceAttributeBoolValue(boolValue=True)


def test_stream_follows_an_execution_to_its_end(
    mistral_client: Any, mistral_test_server: Any
) -> None:
    configure(mistral_test_server.state, steps=3)
    execution_id = start(mistral_client)
    with mistral_client.beta.workflows.executions.stream(execution_id) as events:
        received = list(events)
    assert all(isinstance(e, WorkflowStreamEvent) for e in received)
    kinds = [e.data.data.event_type for e in received]
    assert kinds == [*HAPPY_PATH[:4], "CUSTOM_TASK_IN_PROGRESS", *HAPPY_PATH[4:]]
    assert [e.event for e in received] == kinds
    assert [int(e.id) for e in received] == [e.data.broker_sequence for e in received]
    assert all(e.data.workflow_context.workflow_exec_id == execution_id for e in received)
    started = received[0].data.data
    assert isinstance(started, WorkflowExecutionStartedResponse)
    assert started.attributes.input.value == {"name": "Ada"}
    progress = received[3].data.data
    assert isinstance(progress, CustomTaskInProgressResponse)
    assert isinstance(progress.attributes.payload, JSONPatchPayloadResponse)
    replace, append = progress.attributes.payload.value
    assert isinstance(replace, JSONPatchReplace)
    assert (replace.path, replace.value) == ("/done", 1)
    assert isinstance(append, JSONPatchAppend)
    assert append.value == "step 1. "
    completed = received[-1].data.data
    assert isinstance(completed, WorkflowExecutionCompletedResponse)
    assert completed.attributes.result.value == {"greeting": "Hello, Ada!"}
    assert mistral_client.beta.workflows.executions.get(execution_id).status == "COMPLETED"


def test_stream_resumes_and_picks_its_source(mistral_client: Any, mistral_test_server: Any) -> None:
    executions = mistral_client.beta.workflows.executions
    execution_id = start(mistral_client)
    with executions.stream(execution_id, event_source="DATABASE") as events:
        stored = list(events)
    assert [e.data.data.event_type for e in stored] == HAPPY_PATH[:3]
    assert mistral_test_server.requests[-1].query == {"event_source": ["DATABASE"]}
    assert executions.get(execution_id).status == "RUNNING"

    with executions.stream(execution_id, last_event_id=stored[1].id) as events:
        rest = [e.data.data.event_type for e in events]
    assert mistral_test_server.requests[-1].query == {"last_event_id": [stored[1].id]}
    assert rest[0] == "CUSTOM_TASK_STARTED"
    assert rest[-1] == "WORKFLOW_EXECUTION_COMPLETED"

    other = start(mistral_client)
    with executions.stream(other, event_source="LIVE") as events:
        live = [e.data.data.event_type for e in events]
    assert live == HAPPY_PATH[3:]


def test_leaving_a_stream_early_releases_it(mistral_client: Any) -> None:
    executions = mistral_client.beta.workflows.executions
    execution_id = start(mistral_client)
    with executions.stream(execution_id) as events:
        first = next(iter(events))
    assert first.data.data.event_type == "WORKFLOW_EXECUTION_STARTED"
    assert events.response.is_closed
    assert executions.get(execution_id).execution_id == execution_id


def test_unknown_execution(mistral_client: Any) -> None:
    executions = mistral_client.beta.workflows.executions
    with pytest.raises(errors.NotFoundError):
        executions.get("exec-nobody")
    with pytest.raises(errors.NotFoundError):
        executions.stream("exec-nobody")


async def test_async_twins(mistral_async_client: Any, mistral_test_server: Any) -> None:
    workflows = mistral_async_client.beta.workflows
    executions = workflows.executions
    run = await workflows.execute_async("greeter", input={"name": "Ada"})
    execution_id = run.execution_id
    await executions.signal_async(execution_id, name="approve")
    assert (await executions.query_async(execution_id, name="progress")).result["signals"] == [
        "approve"
    ]
    await executions.update_async(execution_id, name="rename", input={"name": "Zoe"})
    seen: list[str] = []
    done = await executions.wait_async(
        execution_id, poll_interval=0.01, progress=lambda e: seen.append(e.status)
    )
    assert seen == ["RUNNING", "COMPLETED"]
    assert done.result == {"greeting": "Hello, Zoe!"}
    assert (await executions.get_async(execution_id)).done
    history = await executions.get_history_async(execution_id, decode_payloads=True)
    assert history["events"][-1]["attributes"]["result"] == {"greeting": "Hello, Zoe!"}
    assert (await executions.get_trace_otel_async(execution_id)).otel_trace_id
    assert (await executions.get_trace_summary_async(execution_id)).span_tree is not None
    assert (await executions.get_trace_events_async(execution_id)).events
    await executions.reset_async(execution_id, event_id=2)
    other = (await workflows.execute_async("greeter", input={"name": "X"})).execution_id
    last = (await workflows.execute_async("greeter", input={"name": "Y"})).execution_id
    assert await executions.cancel_async(other) is None
    assert await executions.terminate_async(last) is None
    cancelled = await executions.batch_cancel_async(execution_ids=[execution_id])
    assert cancelled.results[execution_id].status == "success"
    terminated = await executions.batch_terminate_async(execution_ids=[other])
    assert terminated.results[other].status == "failure"

    fresh = (await workflows.execute_async("greeter", input={"name": "Ana"})).execution_id
    async with await executions.stream_async(fresh) as events:
        kinds = [e.data.data.event_type async for e in events]
    assert kinds == HAPPY_PATH


def test_an_unknown_kind_of_event_is_kept(mistral_client: Any) -> None:
    from mistralai.utils import ServerSentEvent
    from mistralai.workflows._stream import workflow_stream_event

    data = {
        "stream": "s",
        "data": {"event_id": "e9", "event_type": "ROBOT_DANCED", "attributes": {"moves": 3}},
        "workflow_context": {"namespace": "n", "workflow_name": "w", "workflow_exec_id": "x"},
        "broker_sequence": 9,
        "added_later": True,
    }
    event = workflow_stream_event(ServerSentEvent(json.dumps(data), event="odd", id="9"))
    assert (event.event, event.id, event.data.broker_sequence) == ("odd", "9", 9)
    assert isinstance(event.data.data, UnknownVariant)
    assert event.data.data.tag is None
    assert event.data.data.model_extra["event_type"] == "ROBOT_DANCED"
    assert event.data.model_extra == {"added_later": True}
    with pytest.raises(errors.ResponseValidationError, match="StreamEventSsePayload"):
        workflow_stream_event(ServerSentEvent('{"stream": "s"}', event="broken"))
