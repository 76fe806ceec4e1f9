"""``client.fine_tuning.jobs`` against the spec."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

pytest.importorskip("mistralai.fine_tuning", reason="mistral-fine-tuning is not installed")

from contract_calls import ContractClient

JOB_ID = "f1e2c3d4-0000-4000-8000-000000000002"
FILE_ID = "e85980c9-409e-4a46-9304-36588f6292b0"
OTHER_FILE_ID = "0d2b9a43-6d1c-4f8e-9a36-5e0f9a1c2b3d"


def test_create_minimal(contract: ContractClient) -> None:
    contract.check(
        contract.client.fine_tuning.jobs.create,
        model="open-mistral-7b",
        training_files=[FILE_ID],
    )


def test_create_completion_job_every_parameter(contract: ContractClient) -> None:
    contract.check(
        contract.client.fine_tuning.jobs.create,
        model="open-mistral-7b",
        training_files=[{"file_id": FILE_ID, "weight": 2.0}, OTHER_FILE_ID],
        validation_files=[OTHER_FILE_ID],
        hyperparameters={
            "training_steps": 10,
            "learning_rate": 0.0001,
            "weight_decay": 0.1,
            "warmup_fraction": 0.05,
            "epochs": 1.5,
            "seq_len": 4096,
            "fim_ratio": 0.9,
        },
        suffix="support-bot",
        integrations=[
            {
                "type": "wandb",
                "project": "ft",
                "name": "run",
                "api_key": "a" * 40,
                "run_name": "first",
            }
        ],
        auto_start=False,
        invalid_sample_skip_percentage=0.1,
        job_type="completion",
        repositories=[
            {"type": "github", "name": "sdk", "owner": "mistralai", "ref": "main", "token": "t"}
        ],
        classifier_targets=None,
        dry_run=True,
    )


def test_create_classifier_job(contract: ContractClient) -> None:
    contract.check(
        contract.client.fine_tuning.jobs.create,
        model="ministral-3b-latest",
        training_files=[{"file_id": FILE_ID}],
        hyperparameters={"training_steps": 5, "learning_rate": 0.0002},
        job_type="classifier",
        classifier_targets=[
            {
                "name": "sentiment",
                "labels": ["positive", "negative"],
                "weight": 1.0,
                "loss_function": "single_class",
            }
        ],
        dry_run=False,
    )


def test_list_minimal(contract: ContractClient) -> None:
    contract.check(contract.client.fine_tuning.jobs.list)


def test_list_every_parameter(contract: ContractClient) -> None:
    contract.check(
        contract.client.fine_tuning.jobs.list,
        page=1,
        page_size=10,
        model="open-mistral-7b",
        created_after=datetime(2025, 1, 1, tzinfo=timezone.utc),
        created_before=datetime(2025, 6, 1, tzinfo=timezone.utc),
        created_by_me=True,
        status="RUNNING",
        wandb_project="ft",
        wandb_name="run",
        suffix="support-bot",
    )


def test_get(contract: ContractClient) -> None:
    contract.check(contract.client.fine_tuning.jobs.get, JOB_ID)


def test_cancel(contract: ContractClient) -> None:
    contract.check(contract.client.fine_tuning.jobs.cancel, JOB_ID)


def test_start(contract: ContractClient) -> None:
    contract.check(contract.client.fine_tuning.jobs.start, JOB_ID)
