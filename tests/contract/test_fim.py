"""``client.fim`` against the spec."""

from __future__ import annotations

import pytest

pytest.importorskip("mistralai.fim", reason="mistral-fim is not installed")

from contract_calls import ContractClient

from mistralai.fim.models import FIMCompletionResponse


def test_complete_minimal(contract: ContractClient) -> None:
    res = contract.check(
        contract.client.fim.complete, model="codestral-latest", prompt="def add(a, b):"
    )
    assert isinstance(res, FIMCompletionResponse)


def test_complete_every_parameter(contract: ContractClient) -> None:
    res = contract.check(
        contract.client.fim.complete,
        model="codestral-latest",
        prompt="def fib(n):",
        suffix="print(fib(10))",
        temperature=0.2,
        top_p=0.95,
        max_tokens=64,
        min_tokens=1,
        stop=["\n\n"],
        random_seed=7,
        metadata={"editor": "vim"},
        prompt_cache_key="fib",
    )
    assert isinstance(res, FIMCompletionResponse)


def test_complete_with_nulls(contract: ContractClient) -> None:
    contract.check(
        contract.client.fim.complete,
        model="codestral-latest",
        prompt="x = ",
        suffix=None,
        temperature=None,
        max_tokens=None,
        min_tokens=None,
        random_seed=None,
        stop="\n",
    )
