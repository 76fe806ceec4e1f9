"""Parsing the workflows API's answers: tagged unions, unknown kinds, missing fields."""

from __future__ import annotations

import json

import pydantic
import pytest

from mistralai.types import UnknownVariant
from mistralai.workflows.models import (
    CustomTaskInProgressResponse,
    ExecuteWorkflowResponse,
    JSONPatchAdd,
    JSONPayloadResponse,
    ListWorkflowEventResponse,
    TempoTraceAttribute,
    WorkflowExecutionProgressTraceEvent,
    WorkflowExecutionResponse,
    WorkflowExecutionSyncResponse,
    WorkflowExecutionTraceEvent,
    WorkflowExecutionTraceEventsResponse,
    WorkflowExecutionWithoutResultResponse,
)

EXECUTE = pydantic.TypeAdapter(ExecuteWorkflowResponse)


def test_execute_answers_are_told_apart_by_their_fields() -> None:
    running = EXECUTE.validate_json(
        '{"workflow_name": "w", "execution_id": "e", "root_execution_id": "e",'
        ' "status": "RUNNING", "start_time": "2025-01-01T00:00:00Z", "end_time": null,'
        ' "result": null}'
    )
    assert isinstance(running, WorkflowExecutionResponse)
    done = EXECUTE.validate_json('{"workflow_name": "w", "execution_id": "e", "result": {"a": 1}}')
    assert isinstance(done, WorkflowExecutionSyncResponse)
    assert done.result == {"a": 1}


@pytest.mark.parametrize(
    ("status", "done"),
    [
        ("RUNNING", False),
        ("RETRYING_AFTER_ERROR", False),
        ("CONTINUED_AS_NEW", False),
        (None, False),
        ("COMPLETED", True),
        ("FAILED", True),
        ("CANCELED", True),
        ("TERMINATED", True),
        ("TIMED_OUT", True),
    ],
)
def test_done_statuses(status: str | None, done: bool) -> None:
    execution = WorkflowExecutionWithoutResultResponse(execution_id="e", status=status)
    assert execution.done is done


def test_an_execution_with_fields_missing_and_added() -> None:
    execution = WorkflowExecutionResponse.model_validate_json(
        '{"execution_id": "e", "status": "PAUSED", "priority": 3}'
    )
    assert (execution.status, execution.done, execution.result) == ("PAUSED", False, None)
    assert execution.model_extra == {"priority": 3}


def test_events_payloads_and_patches_keep_unknown_kinds() -> None:
    page = ListWorkflowEventResponse.model_validate_json(
        json.dumps(
            {
                "events": [
                    {
                        "event_id": "1",
                        "event_type": "CUSTOM_TASK_IN_PROGRESS",
                        "attributes": {
                            "custom_task_id": "t",
                            "payload": {
                                "type": "json_patch",
                                "value": [
                                    {"op": "add", "path": "/a", "value": [1]},
                                    {"op": "move", "from": "/a", "path": "/b"},
                                ],
                            },
                        },
                    },
                    {
                        "event_id": "2",
                        "event_type": "CUSTOM_TASK_IN_PROGRESS",
                        "attributes": {"custom_task_id": "t", "payload": {"type": "yaml"}},
                    },
                    {"event_id": "3", "event_type": "WORKFLOW_PAUSED", "attributes": {}},
                ],
                "next_cursor": None,
            }
        )
    )
    patched, odd_payload, unknown = page.events
    assert isinstance(patched, CustomTaskInProgressResponse)
    add, move = patched.attributes.payload.value  # type: ignore[union-attr]
    assert isinstance(add, JSONPatchAdd)
    assert add.value == [1]
    assert isinstance(move, UnknownVariant)
    assert move.model_extra == {"op": "move", "from": "/a", "path": "/b"}
    assert isinstance(odd_payload.attributes.payload, UnknownVariant)  # type: ignore[union-attr]
    assert isinstance(unknown, UnknownVariant)
    assert unknown.model_extra["event_type"] == "WORKFLOW_PAUSED"


def test_trace_events_default_to_plain_events() -> None:
    trace = WorkflowExecutionTraceEventsResponse.model_validate_json(
        json.dumps(
            {
                "execution_id": "e",
                "events": [
                    {"name": "a", "id": "1", "timestamp_unix_nano": 1, "attributes": {}},
                    {"type": "EVENT_PROGRESS", "name": "b", "id": "2", "attributes": {"n": 1},
                     "start_time_unix_ms": 5, "status": "COMPLETED"},
                    {"type": "EVENT_SPAN", "name": "c", "id": "3"},
                ],
            }
        )
    )  # fmt: skip
    plain, progress, unknown = trace.events
    assert isinstance(plain, WorkflowExecutionTraceEvent)
    assert plain.type == "EVENT"
    assert isinstance(progress, WorkflowExecutionProgressTraceEvent)
    assert (progress.status, progress.attributes) == ("COMPLETED", {"n": 1})
    assert isinstance(unknown, UnknownVariant)


def test_otel_attribute_values_by_their_key() -> None:
    values = [
        TempoTraceAttribute.model_validate({"key": "k", "value": value}).value
        for value in ({"stringValue": "s"}, {"intValue": "3"}, {"boolValue": False}, {"x": 1.5})
    ]
    assert [type(v).__name__ for v in values] == [
        "TempoTraceAttributeStringValue",
        "TempoTraceAttributeIntValue",
        "TempoTraceAttributeBoolValue",
        "UnknownVariant",
    ]


def test_a_payload_sends_its_type() -> None:
    assert JSONPayloadResponse(value={"a": 1}).to_wire() == {"value": {"a": 1}, "type": "json"}
