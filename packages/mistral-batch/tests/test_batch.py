"""client.batch.jobs over loopback, sync and async."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from mistralai import errors
from mistralai.batch.models import BatchJobOut

REQUESTS = [{"custom_id": "a", "body": {"messages": [{"role": "user", "content": "Hi"}]}}]


def test_create_sends_the_spec_body(mistral_client: Any, mistral_test_server: Any) -> None:
    job = mistral_client.batch.jobs.create(
        endpoint="/v1/chat/completions",
        model="mistral-small-latest",
        requests=REQUESTS,
        metadata={"team": "qa"},
        timeout_hours=2,
    )
    assert isinstance(job, BatchJobOut)
    assert job.status == "QUEUED"
    assert mistral_test_server.requests[-1].json() == {
        "endpoint": "/v1/chat/completions",
        "model": "mistral-small-latest",
        "requests": REQUESTS,
        "metadata": {"team": "qa"},
        "timeout_hours": 2,
    }


def test_seed_signature_with_input_files(mistral_client: Any, mistral_test_server: Any) -> None:
    line = b'{"custom_id": "x", "body": {"input": "hello"}}\n'
    uploaded = httpx.post(
        f"{mistral_test_server.url}/v1/files",
        files={"file": ("in.jsonl", line)},
        data={"purpose": "batch"},
        headers={"authorization": "Bearer test"},
    ).json()
    job = mistral_client.batch.jobs.create(
        input_files=[uploaded["id"]], endpoint="/v1/embeddings", model="mistral-embed"
    )
    assert job.input_files == [uploaded["id"]]
    assert job.total_requests == 1
    assert mistral_client.batch.jobs.get(job.id).id == job.id


def test_unknown_input_file_is_refused(mistral_client: Any) -> None:
    with pytest.raises(errors.NotFoundError):
        mistral_client.batch.jobs.create(
            input_files=["6f1a3a2e-8c2b-4d7e-9d0e-3f3a2b1c0d9e"],
            endpoint="/v1/embeddings",
            model="mistral-embed",
        )


def test_wait_reaches_a_terminal_state_with_progress(mistral_client: Any) -> None:
    job = mistral_client.batch.jobs.create(
        endpoint="/v1/chat/completions", model="m", requests=REQUESTS
    )
    seen: list[str] = []
    done = mistral_client.batch.jobs.wait(
        job.id, poll_interval=0.01, progress=lambda j: seen.append(j.status)
    )
    assert done.status == "SUCCESS"
    assert seen == ["RUNNING", "SUCCESS"]
    assert done.succeeded_requests == 1
    outputs = mistral_client.batch.jobs.get(job.id, inline=True).outputs
    assert outputs[0]["custom_id"] == "a"


def test_wait_times_out_with_the_last_job(mistral_client: Any) -> None:
    job = mistral_client.batch.jobs.create(
        endpoint="/v1/chat/completions", model="m", requests=REQUESTS
    )
    with pytest.raises(errors.WaitTimeoutError) as info:
        mistral_client.batch.jobs.wait(job.id, poll_interval=0.05, timeout=0.01)
    assert isinstance(info.value.last, BatchJobOut)
    assert info.value.last.status == "RUNNING"
    assert isinstance(info.value, TimeoutError)


def test_cancel_and_list_filters(mistral_client: Any, mistral_test_server: Any) -> None:
    jobs = mistral_client.batch.jobs
    job = jobs.create(
        endpoint="/v1/chat/completions", model="m", requests=REQUESTS, metadata={"a": "b"}
    )
    other = jobs.create(endpoint="/v1/chat/completions", model="m", requests=REQUESTS)
    jobs.cancel(other.id)
    assert jobs.wait(other.id, poll_interval=0.01).status == "CANCELLED"
    assert jobs.cancel(job.id).status == "CANCELLATION_REQUESTED"
    assert jobs.wait(job.id, poll_interval=0.01).status == "CANCELLED"
    listed = jobs.list(
        status=["CANCELLED"], model="m", page_size=10, metadata={"a": "b"}, created_by_me=True
    )
    assert [j.id for j in listed.data] == [job.id]
    query = mistral_test_server.requests[-1].query
    assert query["status"] == ["CANCELLED"]
    assert query["page_size"] == ["10"]
    assert query["created_by_me"] == ["true"]
    assert query["a"] == ["b"]


def test_unknown_job_and_bad_endpoint(mistral_client: Any, mistral_test_server: Any) -> None:
    with pytest.raises(errors.NotFoundError):
        mistral_client.batch.jobs.get("00000000-0000-0000-0000-000000000000")
    with pytest.raises(errors.RequestValidationError, match="endpoint"):
        mistral_client.batch.jobs.create(endpoint="/v1/nowhere", model="m")


async def test_async_twins(mistral_async_client: Any) -> None:
    jobs = mistral_async_client.batch.jobs
    job = await jobs.create_async(
        endpoint="/v1/chat/completions", model="m", requests=REQUESTS, metadata={"outcome": "fail"}
    )
    done = await jobs.wait_async(job.id, poll_interval=0.01)
    assert done.status == "FAILED"
    assert done.errors[0].message
    assert (await jobs.list_async()).total == 1
    assert (await jobs.cancel_async(job.id)).status == "FAILED"


def test_walkers_page_through_every_job(mistral_client: Any, mistral_test_server: Any) -> None:
    jobs = mistral_client.batch.jobs
    made = [
        jobs.create(endpoint="/v1/chat/completions", model="m", requests=REQUESTS).id
        for _ in range(3)
    ]
    mistral_test_server.requests.clear()
    walked = [job.id for job in jobs.iter_all(page_size=2, model="m")]
    assert sorted(walked) == sorted(made)
    assert [r.query["page"] for r in mistral_test_server.requests] == [["0"], ["1"]]
    assert all(r.query["model"] == ["m"] for r in mistral_test_server.requests)
    assert [len(page.data) for page in jobs.list_pages(page_size=2)] == [2, 1]


async def test_walkers_async(mistral_async_client: Any) -> None:
    jobs = mistral_async_client.batch.jobs
    for _ in range(3):
        await jobs.create_async(endpoint="/v1/chat/completions", model="m", requests=REQUESTS)
    assert len([job async for job in jobs.iter_all_async(page_size=2)]) == 3
    assert [page.total async for page in jobs.list_pages_async(page_size=3)] == [3]
