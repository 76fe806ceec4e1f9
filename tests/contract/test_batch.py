"""``client.batch.jobs`` against the spec."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

pytest.importorskip("mistralai.batch", reason="mistral-batch is not installed")

from contract_calls import ContractClient

from mistralai.batch.models import BatchJobOut, BatchJobsOut

JOB_ID = "b1e2c3d4-0000-4000-8000-000000000001"
FILE_ID = "e85980c9-409e-4a46-9304-36588f6292b0"


def test_create_from_files(contract: ContractClient) -> None:
    res = contract.check(
        contract.client.batch.jobs.create,
        endpoint="/v1/chat/completions",
        input_files=[FILE_ID],
        model="mistral-small-latest",
    )
    assert isinstance(res, BatchJobOut)


def test_create_every_parameter(contract: ContractClient) -> None:
    contract.check(
        contract.client.batch.jobs.create,
        endpoint="/v1/embeddings",
        input_files=None,
        requests=[
            {"custom_id": "r1", "body": {"input": ["Hello"]}},
            {"body": {"input": ["World"]}},
        ],
        model=None,
        agent_id="ag_0123456789",
        metadata={"team": "search"},
        timeout_hours=12,
    )


def test_list_minimal(contract: ContractClient) -> None:
    res = contract.check(contract.client.batch.jobs.list)
    assert isinstance(res, BatchJobsOut)


def test_list_every_parameter(contract: ContractClient) -> None:
    contract.check(
        contract.client.batch.jobs.list,
        page=1,
        page_size=20,
        model="mistral-small-latest",
        agent_id="ag_0123456789",
        created_after=datetime(2025, 1, 2, 3, 4, 5, tzinfo=timezone.utc),
        created_by_me=True,
        status=["RUNNING", "QUEUED"],
        order_by="created",
    )


def test_list_metadata_filter(contract: ContractClient) -> None:
    contract.check(contract.client.batch.jobs.list, metadata={"team": "search"})


def test_get(contract: ContractClient) -> None:
    res = contract.check(contract.client.batch.jobs.get, JOB_ID)
    assert isinstance(res, BatchJobOut)


def test_get_inline(contract: ContractClient) -> None:
    contract.check(contract.client.batch.jobs.get, JOB_ID, inline=True)


def test_cancel(contract: ContractClient) -> None:
    res = contract.check(contract.client.batch.jobs.cancel, JOB_ID)
    assert isinstance(res, BatchJobOut)
