"""``client.models`` (the Models API) against the spec."""

from __future__ import annotations

import pytest

pytest.importorskip("mistralai.models_api", reason="mistral-models is not installed")

from contract_calls import ContractClient

FT_MODEL = "ft:open-mistral-7b:587a6b29:20240514:7e773925"


def test_list(contract: ContractClient) -> None:
    contract.check(contract.client.models.list)


def test_list_with_filters(contract: ContractClient) -> None:
    contract.check(contract.client.models.list, provider="mistral", model="mistral-small-latest")


def test_retrieve(contract: ContractClient) -> None:
    contract.check(contract.client.models.retrieve, model_id="mistral-small-latest")


def test_delete(contract: ContractClient) -> None:
    contract.check(contract.client.models.delete, model_id=FT_MODEL)


def test_update(contract: ContractClient) -> None:
    contract.check(
        contract.client.models.update, model_id=FT_MODEL, name="support-bot", description="v2"
    )


def test_update_clears_description(contract: ContractClient) -> None:
    contract.check(contract.client.models.update, model_id=FT_MODEL, description=None)


def test_archive(contract: ContractClient) -> None:
    contract.check(contract.client.models.archive, model_id=FT_MODEL)


def test_unarchive(contract: ContractClient) -> None:
    contract.check(contract.client.models.unarchive, model_id=FT_MODEL)
