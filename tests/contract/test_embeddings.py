"""``client.embeddings`` against the spec."""

from __future__ import annotations

import pytest

pytest.importorskip("mistralai.embeddings", reason="mistral-embeddings is not installed")

from contract_calls import ContractClient

from mistralai.embeddings.models import EmbeddingResponse


def test_create_minimal(contract: ContractClient) -> None:
    res = contract.check(contract.client.embeddings.create, model="mistral-embed", inputs="Hi")
    assert isinstance(res, EmbeddingResponse)


def test_create_every_parameter(contract: ContractClient) -> None:
    res = contract.check(
        contract.client.embeddings.create,
        model="codestral-embed",
        inputs=["Embed this sentence.", "As well as this one."],
        output_dimension=256,
        output_dtype="int8",
        encoding_format="base64",
        metadata={"team": "search"},
    )
    assert isinstance(res, EmbeddingResponse)


def test_create_with_nulls(contract: ContractClient) -> None:
    contract.check(
        contract.client.embeddings.create,
        model="mistral-embed",
        inputs=["a"],
        output_dimension=None,
        metadata=None,
    )
