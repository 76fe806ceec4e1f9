"""client.beta.workflows.events over loopback: the paged listing and the filtered stream."""

from __future__ import annotations

from typing import Any

import pytest

from mistralai.workflows.models import (
    ActivityTaskCompletedResponse,
    ActivityTaskStartedResponse,
    ListWorkflowEventResponse,
)


def start(client: Any, name: str = "Ada") -> str:
    run = client.beta.workflows.execute("greeter", input={"name": name})
    return str(run.execution_id)


def test_list_sends_its_filters(mistral_client: Any, mistral_test_server: Any) -> None:
    execution_id = start(mistral_client)
    page = mistral_client.beta.workflows.events.list(
        workflow_exec_id=execution_id, root_workflow_exec_id=execution_id, limit=2
    )
    assert isinstance(page, ListWorkflowEventResponse)
    assert [e.event_type for e in page.events] == [
        "WORKFLOW_EXECUTION_STARTED",
        "ACTIVITY_TASK_STARTED",
    ]
    assert page.next_cursor is not None
    assert mistral_test_server.requests[-1].query == {
        "workflow_exec_id": [execution_id],
        "root_workflow_exec_id": [execution_id],
        "limit": ["2"],
    }
    run = page.events[0].workflow_run_id
    rest = mistral_client.beta.workflows.events.list(workflow_run_id=run, cursor=page.next_cursor)
    assert [e.event_type for e in rest.events] == ["CUSTOM_TASK_STARTED"]
    assert rest.next_cursor is None
    assert mistral_test_server.requests[-1].query == {
        "workflow_run_id": [run],
        "cursor": [page.next_cursor],
    }


def test_pages_and_iteration(mistral_client: Any, mistral_test_server: Any) -> None:
    first, second = start(mistral_client), start(mistral_client, "Bo")
    events = mistral_client.beta.workflows.events
    pages = list(events.list_pages(limit=4))
    assert [len(p.events) for p in pages] == [4, 2]
    mistral_test_server.requests.clear()
    everything = list(events.iter_all(limit=1))
    assert len(mistral_test_server.requests) == 6
    assert [e.workflow_exec_id for e in everything] == [first] * 3 + [second] * 3
    mine = [e.event_type for e in events.iter_all(workflow_exec_id=second, limit=2)]
    assert mine == ["WORKFLOW_EXECUTION_STARTED", "ACTIVITY_TASK_STARTED", "CUSTOM_TASK_STARTED"]


def test_stream_follows_the_named_execution(mistral_client: Any, mistral_test_server: Any) -> None:
    start(mistral_client, "Other")
    execution_id = start(mistral_client)
    events = mistral_client.beta.workflows.events
    with events.stream(
        workflow_exec_id=execution_id,
        scope="activity",
        workflow_event_types=["ACTIVITY_TASK_STARTED", "ACTIVITY_TASK_COMPLETED"],
    ) as stream:
        received = [event.data.data for event in stream]
    assert mistral_test_server.requests[-1].query == {
        "workflow_exec_id": [execution_id],
        "scope": ["activity"],
        "workflow_event_types": ["ACTIVITY_TASK_STARTED", "ACTIVITY_TASK_COMPLETED"],
    }
    assert [type(e) for e in received] == [
        ActivityTaskStartedResponse,
        ActivityTaskCompletedResponse,
    ]
    assert received[1].attributes.result.value == {"greeting": "Hello, Ada!"}
    assert mistral_client.beta.workflows.executions.get(execution_id).done


def test_stream_resume_metadata_and_start(mistral_client: Any, mistral_test_server: Any) -> None:
    execution_id = start(mistral_client)
    events = mistral_client.beta.workflows.events
    with events.stream(
        workflow_name="greeter", metadata_filters={"deployment_name": "default"}
    ) as s:
        stored = list(s)
    assert mistral_test_server.requests[-1].query == {
        "workflow_name": ["greeter"],
        "deployment_name": ["default"],
    }
    assert [e.data.broker_sequence for e in stored] == [1, 2, 3]
    with events.stream(workflow_exec_id=execution_id, last_event_id=stored[0].id) as s:
        after = [e.data.broker_sequence for e in s]
    assert mistral_test_server.requests[-1].headers["last-event-id"] == stored[0].id
    assert after[:2] == [2, 3]
    with events.stream(start_seq=3, workflow_name="greeter") as s:
        assert next(iter(s)).data.broker_sequence == 3
    with events.stream(metadata_filters={"deployment_name": "reports"}) as s:
        assert list(s) == []


async def test_async_twins(mistral_async_client: Any, mistral_test_server: Any) -> None:
    workflows = mistral_async_client.beta.workflows
    execution_id = (await workflows.execute_async("greeter", input={"name": "A"})).execution_id
    events = workflows.events
    assert len((await events.list_async(limit=10)).events) == 3
    kinds = [e.event_type async for e in events.iter_all_async(limit=2)]
    assert kinds[0] == "WORKFLOW_EXECUTION_STARTED"
    pages = [p async for p in events.list_pages_async(limit=2)]
    assert [len(p.events) for p in pages] == [2, 1]
    async with await events.stream_async(root_workflow_exec_id=execution_id) as stream:
        streamed = [e.data.data.event_type async for e in stream]
    assert streamed[-1] == "WORKFLOW_EXECUTION_COMPLETED"
    assert mistral_test_server.requests[-1].query == {"root_workflow_exec_id": [execution_id]}


def test_stream_arguments_are_checked(mistral_client: Any) -> None:
    with pytest.raises(TypeError, match="did you mean 'workflow_exec_id'"):
        mistral_client.beta.workflows.events.stream(workflow_execution_id="x")
