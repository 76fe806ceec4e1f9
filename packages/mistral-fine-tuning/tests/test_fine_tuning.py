"""client.fine_tuning.jobs over loopback, sync and async."""

from __future__ import annotations

from typing import Any

import pytest

from mistralai import errors
from mistralai.fine_tuning.models import (
    CompletionDetailedJobOut,
    CompletionJobOut,
    LegacyJobMetadataOut,
    WandbIntegration,
)

FILE_ID = "6f1a3a2e-8c2b-4d7e-9d0e-3f3a2b1c0d9e"


def test_create_sends_the_spec_body(mistral_client: Any, mistral_test_server: Any) -> None:
    job = mistral_client.fine_tuning.jobs.create(
        model="open-mistral-7b",
        training_files=[FILE_ID, {"file_id": FILE_ID, "weight": 0.5}],
        validation_files=[FILE_ID],
        hyperparameters={"training_steps": 10, "learning_rate": 0.0001},
        suffix="mine",
        integrations=[WandbIntegration(project="p", api_key="k" * 40)],
        auto_start=False,
        invalid_sample_skip_percentage=0.1,
        job_type="completion",
    )
    assert isinstance(job, CompletionJobOut)
    sent = mistral_test_server.requests[-1].json()
    assert sent["training_files"] == [{"file_id": FILE_ID}, {"file_id": FILE_ID, "weight": 0.5}]
    assert sent["integrations"] == [{"project": "p", "api_key": "k" * 40, "type": "wandb"}]
    assert sent["hyperparameters"] == {"training_steps": 10, "learning_rate": 0.0001}
    assert "k" * 40 not in repr(WandbIntegration(project="p", api_key="k" * 40))


def test_seed_signature_and_dry_run(mistral_client: Any, mistral_test_server: Any) -> None:
    estimate = mistral_client.fine_tuning.jobs.create(
        model="open-mistral-7b", training_files=[{"file_id": FILE_ID}], dry_run=True
    )
    assert isinstance(estimate, LegacyJobMetadataOut)
    assert estimate.cost == 1.5
    request = mistral_test_server.requests[-1]
    assert request.query["dry_run"] == ["true"]
    assert request.json()["hyperparameters"] == {}


def test_start_and_wait_with_progress(mistral_client: Any) -> None:
    jobs = mistral_client.fine_tuning.jobs
    job = jobs.create(model="open-mistral-7b", training_files=[FILE_ID], auto_start=False)
    seen: list[str] = []
    with pytest.raises(errors.WaitTimeoutError) as info:
        jobs.wait(job.id, poll_interval=0.05, timeout=0.2, progress=lambda j: seen.append(j.status))
    assert info.value.last.status == "VALIDATED"
    assert jobs.start(job.id).status == "RUNNING"
    done = jobs.wait(job.id, poll_interval=0.01)
    assert isinstance(done, CompletionDetailedJobOut)
    assert done.status == "SUCCESS"
    assert done.fine_tuned_model
    assert done.checkpoints[0].step_number == 10
    assert seen[:2] == ["VALIDATING", "VALIDATED"]


def test_cancel_list_and_unknown_job(mistral_client: Any, mistral_test_server: Any) -> None:
    jobs = mistral_client.fine_tuning.jobs
    job = jobs.create(model="m", training_files=[FILE_ID], suffix="x")
    assert jobs.cancel(job.id).status == "CANCELLATION_REQUESTED"
    assert jobs.wait(job.id, poll_interval=0.01).status == "CANCELLED"
    listed = jobs.list(status="CANCELLED", model="m", suffix="x", created_by_me=True, page=0)
    assert [j.id for j in listed.data] == [job.id]
    assert mistral_test_server.requests[-1].query["status"] == ["CANCELLED"]
    with pytest.raises(errors.NotFoundError):
        jobs.get("00000000-0000-0000-0000-000000000000")


def test_unknown_job_type_is_kept(mistral_client: Any, mistral_test_server: Any) -> None:
    from mistralai.testing import Fault
    from mistralai.types import UnknownVariant

    body = {"id": "j", "status": "RUNNING", "job_type": "vision", "object": "job"}
    mistral_test_server.faults.add(Fault.status(200, body=body), times=1)
    job = mistral_client.fine_tuning.jobs.get("j")
    assert isinstance(job, UnknownVariant)
    assert (job.model_extra or {})["job_type"] == "vision"


async def test_async_twins(mistral_async_client: Any) -> None:
    jobs = mistral_async_client.fine_tuning.jobs
    job = await jobs.create_async(
        model="m",
        training_files=[FILE_ID],
        auto_start=True,
        job_type="classifier",
        classifier_targets=[{"name": "mood", "labels": ["a", "b"]}],
    )
    assert job.job_type == "classifier"
    done = await jobs.wait_async(job.id, poll_interval=0.01)
    assert done.status == "SUCCESS"
    assert (await jobs.list_async()).total == 1
    assert (await jobs.get_async(job.id)).id == job.id
    assert (await jobs.cancel_async(job.id)).status == "SUCCESS"
    assert (await jobs.start_async(job.id)).status == "SUCCESS"


def test_walkers_page_through_every_job(mistral_client: Any, mistral_test_server: Any) -> None:
    jobs = mistral_client.fine_tuning.jobs
    made = [jobs.create(model="m", training_files=[FILE_ID], suffix=f"s{i}").id for i in range(3)]
    mistral_test_server.requests.clear()
    assert sorted(job.id for job in jobs.iter_all(page_size=2, model="m")) == sorted(made)
    assert [r.query["page"] for r in mistral_test_server.requests] == [["0"], ["1"]]
    assert all(r.query["model"] == ["m"] for r in mistral_test_server.requests)
    assert [len(page.data) for page in jobs.list_pages(page_size=2, page=1)] == [1]


async def test_walkers_async(mistral_async_client: Any) -> None:
    jobs = mistral_async_client.fine_tuning.jobs
    for i in range(3):
        await jobs.create_async(model="m", training_files=[FILE_ID], suffix=f"a{i}")
    assert len([job async for job in jobs.iter_all_async(page_size=2)]) == 3
    assert [len(page.data) async for page in jobs.list_pages_async(page_size=2)] == [2, 1]
