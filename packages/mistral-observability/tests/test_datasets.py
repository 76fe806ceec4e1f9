"""client.beta.observability.datasets and .records over loopback.

Imports on the test server run in the background: a task reads RUNNING (progress 50) first,
then COMPLETED with its records added, or FAILED with a message.
"""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from mistralai import errors
from mistralai.models import AssistantMessage, UserMessage
from mistralai.observability.models import (
    ConversationPayload,
    Dataset,
    DatasetImportTask,
    DatasetPreview,
    DatasetRecord,
    JudgeOutput,
    ObservabilityError,
)

JUDGE = {"name": "on topic", "description": "d", "model_name": "mistral-small-latest",
         "instructions": "Does it answer?", "tools": [],
         "output": {"type": "REGRESSION", "min_description": "no", "max_description": "yes",
                    "max": 10}}  # fmt: skip


def event_id(n: int) -> str:
    return f"e0e0e0e0-0000-4000-8000-{n:012d}"


def new_dataset(obs: Any, name: str = "support chats") -> Any:
    return obs.datasets.create(name=name, description="Hard support cases")


def add_record(obs: Any, dataset_id: str, text: str = "Why was I charged twice?") -> Any:
    return obs.datasets.create_record(
        dataset_id=dataset_id,
        payload={"messages": [UserMessage(content=text)]},
        properties={"topic": "billing"},
    )


def test_dataset_lifecycle(obs: Any, mistral_test_server: Any) -> None:
    dataset = new_dataset(obs)
    assert isinstance(dataset, Dataset)
    assert mistral_test_server.requests[-1].json() == {
        "name": "support chats",
        "description": "Hard support cases",
    }
    assert isinstance(obs.datasets.fetch(dataset_id=dataset.id), DatasetPreview)
    renamed = obs.datasets.update(dataset_id=dataset.id, name="billing chats")
    assert (renamed.name, renamed.description) == ("billing chats", "Hard support cases")
    sent = mistral_test_server.requests[-1]
    assert (sent.method, sent.json()) == ("PATCH", {"name": "billing chats"})
    obs.datasets.update(dataset_id=dataset.id, description=None)
    assert mistral_test_server.requests[-1].json() == {"description": None}
    assert obs.datasets.delete(dataset_id=dataset.id) is None
    with pytest.raises(errors.NotFoundError) as missing:
        obs.datasets.fetch(dataset_id=dataset.id)
    detail = ObservabilityError.model_validate_json(missing.value.body).detail
    assert detail.error_code == "DATASET_NOT_FOUND"


def test_name_rules_of_the_spec_are_enforced_by_the_server(obs: Any) -> None:
    with pytest.raises(errors.HTTPValidationError) as info:
        new_dataset(obs, name="ab")
    assert info.value.detail
    assert info.value.detail[0]["loc"] == ["body", "name"]


def test_datasets_pages(obs: Any, mistral_test_server: Any) -> None:
    ids = [new_dataset(obs, f"dataset number {i}").id for i in range(5)]
    listed = obs.datasets.list(q="number 3")
    assert [d.id for d in listed.datasets.results] == [ids[3]]
    mistral_test_server.requests.clear()
    assert [d.id for d in obs.datasets.iter_all(page_size=2)] == ids
    assert len(mistral_test_server.requests) == 3
    pages = list(obs.datasets.list_pages(page_size=3, page=2))
    assert [len(p.datasets.results) for p in pages] == [2]
    assert pages[0].datasets.previous is not None


def test_records_added_by_hand(obs: Any, mistral_test_server: Any) -> None:
    dataset = new_dataset(obs)
    record = add_record(obs, dataset.id)
    assert isinstance(record, DatasetRecord)
    assert record.source == "DIRECT_INPUT"
    assert mistral_test_server.requests[-1].json() == {
        "payload": {"messages": [{"content": "Why was I charged twice?", "role": "user"}]},
        "properties": {"topic": "billing"},
    }
    assert isinstance(record.payload, ConversationPayload)
    assert record.payload.messages == [{"content": "Why was I charged twice?", "role": "user"}]
    for i in range(4):
        add_record(obs, dataset.id, f"question {i}")
    mistral_test_server.requests.clear()
    records = list(obs.datasets.iter_records(dataset_id=dataset.id, page_size=2))
    assert len(records) == 5
    assert records[0].id == record.id
    paths = {r.path for r in mistral_test_server.requests}
    assert paths == {f"/v1/observability/datasets/{dataset.id}/records"}
    assert len(mistral_test_server.requests) == 3
    page = obs.datasets.list_records(dataset_id=dataset.id, page=3, page_size=2)
    assert page.records.count == 5
    assert page.records.next is None
    pages = list(obs.datasets.list_records_pages(dataset_id=dataset.id, page_size=4))
    assert [len(p.records.results) for p in pages] == [4, 1]


def test_record_operations(obs: Any, mistral_test_server: Any) -> None:
    dataset = new_dataset(obs)
    record = add_record(obs, dataset.id)
    records = obs.datasets.records
    assert records.fetch(dataset_record_id=record.id) == record
    new_payload = {"messages": [UserMessage(content="Hi"), AssistantMessage(content="Hello")]}
    assert records.update_payload(dataset_record_id=record.id, payload=new_payload) is None
    sent = mistral_test_server.requests[-1]
    assert (sent.method, sent.path) == (
        "PUT",
        f"/v1/observability/dataset-records/{record.id}/payload",
    )
    assert sent.json()["payload"]["messages"][1] == {"content": "Hello", "role": "assistant"}
    records.update_properties(dataset_record_id=record.id, properties={"reviewed": True})
    fetched = records.fetch(dataset_record_id=record.id)
    assert fetched.properties == {"reviewed": True}
    assert len(fetched.payload.messages) == 2
    verdict = records.judge(dataset_record_id=record.id, judge_definition=JUDGE)
    assert isinstance(verdict, JudgeOutput)
    assert verdict.answer == 2.0
    assert records.delete(dataset_record_id=record.id) is None
    with pytest.raises(errors.NotFoundError):
        records.fetch(dataset_record_id=record.id)


def test_bulk_delete_is_all_or_nothing(obs: Any, mistral_test_server: Any) -> None:
    dataset = new_dataset(obs)
    ids = [add_record(obs, dataset.id, f"q{i}").id for i in range(3)]
    records = obs.datasets.records
    with pytest.raises(errors.NotFoundError):
        records.bulk_delete(dataset_record_ids=[ids[0], "00000000-0000-0000-0000-00000000dead"])
    assert obs.datasets.list_records(dataset_id=dataset.id).records.count == 3
    assert records.bulk_delete(dataset_record_ids=ids[:2]) is None
    assert mistral_test_server.requests[-1].json() == {"dataset_record_ids": ids[:2]}
    remaining = obs.datasets.list_records(dataset_id=dataset.id).records.results
    assert [r.id for r in remaining] == [ids[2]]


def test_import_from_explorer_and_wait(obs: Any, mistral_test_server: Any) -> None:
    dataset = new_dataset(obs)
    task = obs.datasets.import_from_explorer(
        dataset_id=dataset.id, completion_event_ids=[event_id(1), event_id(4)]
    )
    assert isinstance(task, DatasetImportTask)
    assert (task.status, task.progress) == ("RUNNING", 0)
    assert obs.datasets.list_records(dataset_id=dataset.id).records.count == 0
    seen: list[tuple[str, int | None]] = []
    done = obs.datasets.wait_task(
        dataset_id=dataset.id,
        task_id=task.id,
        poll_interval=0.01,
        progress=lambda t: seen.append((t.status, t.progress)),
    )
    assert seen == [("RUNNING", 50), ("COMPLETED", 100)]
    assert done.done
    sent = mistral_test_server.requests[-1]
    assert sent.path == f"/v1/observability/datasets/{dataset.id}/tasks/{task.id}"
    records = list(obs.datasets.iter_records(dataset_id=dataset.id))
    assert [r.properties["event_id"] for r in records] == [event_id(1), event_id(4)]
    assert {r.source for r in records} == {"EXPLORER"}


def test_a_failed_import_keeps_its_message(obs: Any) -> None:
    dataset = new_dataset(obs)
    unknown = "00000000-0000-0000-0000-00000000dead"
    task = obs.datasets.import_from_explorer(dataset_id=dataset.id, completion_event_ids=[unknown])
    done = obs.datasets.wait_task(dataset_id=dataset.id, task_id=task.id, poll_interval=0.01)
    assert done.status == "FAILED"
    assert done.message is not None
    assert unknown in done.message
    assert obs.datasets.list_records(dataset_id=dataset.id).records.count == 0


def test_wait_task_times_out_with_the_last_task(obs: Any) -> None:
    dataset = new_dataset(obs)
    task = obs.datasets.import_from_explorer(dataset_id=dataset.id, completion_event_ids=[])
    with pytest.raises(errors.WaitTimeoutError) as info:
        obs.datasets.wait_task(
            dataset_id=dataset.id, task_id=task.id, poll_interval=0.05, timeout=0.01
        )
    assert isinstance(info.value.last, DatasetImportTask)
    assert info.value.last.progress == 50


def test_import_from_campaign_and_other_datasets(obs: Any, mistral_test_server: Any) -> None:
    judge = obs.judges.create(**JUDGE)
    campaign = obs.campaigns.create(
        search_params={"filters": {"field": "tags", "op": "includes", "value": "support"}},
        judge_id=judge.id, name="support review", description="d", max_nb_events=5,
    )  # fmt: skip
    source = new_dataset(obs, "from campaign")
    task = obs.datasets.import_from_campaign(dataset_id=source.id, campaign_id=campaign.id)
    assert mistral_test_server.requests[-1].json() == {"campaign_id": campaign.id}
    obs.datasets.wait_task(dataset_id=source.id, task_id=task.id, poll_interval=0.01)
    copied = [r.id for r in obs.datasets.iter_records(dataset_id=source.id)]
    assert len(copied) == 2
    target = new_dataset(obs, "copies")
    task = obs.datasets.import_from_dataset_records(dataset_id=target.id, dataset_record_ids=copied)
    assert mistral_test_server.requests[-1].json() == {"dataset_record_ids": copied}
    obs.datasets.wait_task(dataset_id=target.id, task_id=task.id, poll_interval=0.01)
    records = obs.datasets.list_records(dataset_id=target.id).records.results
    assert [r.properties["event_id"] for r in records] == [event_id(3), event_id(5)]
    with pytest.raises(errors.NotFoundError):
        obs.datasets.import_from_campaign(
            dataset_id=target.id, campaign_id="00000000-0000-0000-0000-00000000dead"
        )


def test_import_from_an_uploaded_file(obs: Any, http: httpx.Client) -> None:
    lines = [
        {"messages": [{"role": "user", "content": "one"}], "properties": {"n": 1}},
        {"messages": [{"role": "user", "content": "two"}], "channel": "email"},
    ]
    content = "".join(json.dumps(line) + "\n" for line in lines).encode()
    uploaded = http.post(
        "/v1/files", files={"file": ("chats.jsonl", content)}, data={"purpose": "batch"}
    ).json()
    dataset = new_dataset(obs)
    task = obs.datasets.import_from_file(dataset_id=dataset.id, file_id=uploaded["id"])
    obs.datasets.wait_task(dataset_id=dataset.id, task_id=task.id, poll_interval=0.01)
    records = obs.datasets.list_records(dataset_id=dataset.id).records.results
    assert [r.properties for r in records] == [{"n": 1}, {}]
    assert records[1].payload.model_extra == {"channel": "email"}
    assert {r.source for r in records} == {"UPLOADED_FILE"}
    broken = http.post(
        "/v1/files", files={"file": ("bad.jsonl", b"{not json\n")}, data={"purpose": "batch"}
    ).json()
    task = obs.datasets.import_from_file(dataset_id=dataset.id, file_id=broken["id"])
    failed = obs.datasets.wait_task(dataset_id=dataset.id, task_id=task.id, poll_interval=0.01)
    assert failed.status == "FAILED"
    assert "line 1" in (failed.message or "")


def test_import_from_playground_conversations(obs: Any, http: httpx.Client) -> None:
    started = http.post(
        "/v1/conversations", json={"model": "mistral-small-latest", "inputs": "Hello there"}
    ).json()
    dataset = new_dataset(obs)
    task = obs.datasets.import_from_playground(
        dataset_id=dataset.id, conversation_ids=[started["conversation_id"]]
    )
    obs.datasets.wait_task(dataset_id=dataset.id, task_id=task.id, poll_interval=0.01)
    (record,) = obs.datasets.list_records(dataset_id=dataset.id).records.results
    assert record.source == "PLAYGROUND"
    assert [m["role"] for m in record.payload.messages] == ["user", "assistant"]
    assert record.payload.messages[0]["content"] == "Hello there"


def test_tasks_are_listed_and_paged(obs: Any, mistral_test_server: Any) -> None:
    dataset = new_dataset(obs)
    ids = [
        obs.datasets.import_from_explorer(dataset_id=dataset.id, completion_event_ids=[]).id
        for _ in range(3)
    ]
    listed = obs.datasets.list_tasks(dataset_id=dataset.id, page_size=2)
    assert listed.tasks.count == 3
    assert [t.id for t in obs.datasets.iter_tasks(dataset_id=dataset.id, page_size=2)] == ids
    pages = list(obs.datasets.list_tasks_pages(dataset_id=dataset.id, page_size=2))
    assert [len(p.tasks.results) for p in pages] == [2, 1]
    other = new_dataset(obs, "other dataset")
    with pytest.raises(errors.NotFoundError):
        obs.datasets.fetch_task(dataset_id=other.id, task_id=ids[0])


def test_export_to_jsonl(obs: Any, http: httpx.Client) -> None:
    dataset = new_dataset(obs)
    add_record(obs, dataset.id, "first")
    add_record(obs, dataset.id, "second")
    export = obs.datasets.export_to_jsonl(dataset_id=dataset.id)
    lines = http.get(export.file_url).text.splitlines()
    assert [json.loads(line) for line in lines] == [
        {"messages": [{"content": text, "role": "user"}], "properties": {"topic": "billing"}}
        for text in ("first", "second")
    ]


async def test_async_twins(aobs: Any, mistral_test_server: Any) -> None:
    datasets = aobs.datasets
    dataset = await datasets.create_async(name="async dataset", description="d")
    assert (await datasets.fetch_async(dataset_id=dataset.id)).name == "async dataset"
    assert (await datasets.update_async(dataset_id=dataset.id, name="renamed")).name == "renamed"
    assert [d.id async for d in datasets.iter_all_async()] == [dataset.id]
    assert [p.datasets.count async for p in datasets.list_pages_async()] == [1]
    assert (await datasets.list_async()).datasets.count == 1
    record = await datasets.create_record_async(
        dataset_id=dataset.id, payload=ConversationPayload(messages=[UserMessage(content="hi")]),
        properties={},
    )  # fmt: skip
    assert [r.id async for r in datasets.iter_records_async(dataset_id=dataset.id)] == [record.id]
    pages = [p async for p in datasets.list_records_pages_async(dataset_id=dataset.id)]
    assert pages[0].records.count == 1
    assert (await datasets.list_records_async(dataset_id=dataset.id)).records.count == 1
    tasks = [
        await datasets.import_from_explorer_async(
            dataset_id=dataset.id, completion_event_ids=[event_id(2)]
        ),
        await datasets.import_from_dataset_records_async(
            dataset_id=dataset.id, dataset_record_ids=[record.id]
        ),
        await datasets.import_from_file_async(dataset_id=dataset.id, file_id="missing"),
        await datasets.import_from_playground_async(dataset_id=dataset.id, conversation_ids=[]),
    ]
    finals = [
        await datasets.wait_task_async(dataset_id=dataset.id, task_id=t.id, poll_interval=0.01)
        for t in tasks
    ]
    assert [t.status for t in finals] == ["COMPLETED", "COMPLETED", "FAILED", "COMPLETED"]
    assert (await datasets.fetch_task_async(dataset_id=dataset.id, task_id=tasks[0].id)).done
    assert [t.id async for t in datasets.iter_tasks_async(dataset_id=dataset.id)] == [
        t.id for t in tasks
    ]
    assert [
        p.tasks.count async for p in datasets.list_tasks_pages_async(dataset_id=dataset.id)
    ] == [4]
    assert (await datasets.list_tasks_async(dataset_id=dataset.id)).tasks.count == 4
    judge = await aobs.judges.create_async(**JUDGE)
    campaign = await aobs.campaigns.create_async(
        search_params={"filters": None}, judge_id=judge.id, name="async campaign",
        description="d", max_nb_events=1,
    )  # fmt: skip
    task = await datasets.import_from_campaign_async(dataset_id=dataset.id, campaign_id=campaign.id)
    await datasets.wait_task_async(dataset_id=dataset.id, task_id=task.id, poll_interval=0.01)
    assert (await datasets.list_records_async(dataset_id=dataset.id)).records.count == 4
    export = await datasets.export_to_jsonl_async(dataset_id=dataset.id)
    assert export.file_url.startswith("http://")
    records = datasets.records
    one = await records.fetch_async(dataset_record_id=record.id)
    assert one.payload.messages == [{"content": "hi", "role": "user"}]
    await records.update_payload_async(dataset_record_id=record.id, payload={"messages": []})
    await records.update_properties_async(dataset_record_id=record.id, properties={"k": "v"})
    assert (await records.fetch_async(dataset_record_id=record.id)).properties == {"k": "v"}
    verdict = await records.judge_async(dataset_record_id=record.id, judge_definition=JUDGE)
    assert verdict.answer == 0.0
    await records.delete_async(dataset_record_id=record.id)
    remaining = [r.id async for r in datasets.iter_records_async(dataset_id=dataset.id)]
    await records.bulk_delete_async(dataset_record_ids=remaining)
    assert mistral_test_server.requests[-1].json() == {"dataset_record_ids": remaining}
    assert (await datasets.list_records_async(dataset_id=dataset.id)).records.count == 0
    await datasets.delete_async(dataset_id=dataset.id)
    assert (await datasets.list_async()).datasets.count == 0
