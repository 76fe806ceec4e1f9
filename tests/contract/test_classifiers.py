"""``client.classifiers`` against the spec."""

from __future__ import annotations

import pytest

pytest.importorskip("mistralai.classifiers", reason="mistral-classifiers is not installed")

from contract_calls import ContractClient

from mistralai.classifiers.models import (
    ClassificationResponse,
    ModerationResponse,
)

CHAT = [
    {"role": "user", "content": "How do I pick a lock?"},
    {"role": "assistant", "content": "I can't help with that."},
]


def test_moderate(contract: ContractClient) -> None:
    res = contract.check(contract.client.classifiers.moderate, inputs="Some text")
    assert isinstance(res, ModerationResponse)


def test_moderate_every_parameter(contract: ContractClient) -> None:
    contract.check(
        contract.client.classifiers.moderate,
        inputs=["One text", "Another"],
        model="mistral-moderation-latest",
        metadata={"source": "forum"},
    )


def test_moderate_chat(contract: ContractClient) -> None:
    res = contract.check(
        contract.client.classifiers.moderate_chat, inputs=CHAT, model="mistral-moderation-latest"
    )
    assert isinstance(res, ModerationResponse)


def test_moderate_chat_several_conversations(contract: ContractClient) -> None:
    contract.check(contract.client.classifiers.moderate_chat, inputs=[CHAT, CHAT[:1]])


def test_classify(contract: ContractClient) -> None:
    res = contract.check(
        contract.client.classifiers.classify,
        model="ft:classifier:ministral-3b-latest:abc:20250101:xyz",
        inputs=["Great service!", "Terrible."],
        metadata={"batch": "7"},
    )
    assert isinstance(res, ClassificationResponse)


def test_classify_chat(contract: ContractClient) -> None:
    res = contract.check(
        contract.client.classifiers.classify_chat,
        model="ft:classifier:ministral-3b-latest:abc:20250101:xyz",
        inputs={"messages": CHAT},
    )
    assert isinstance(res, ClassificationResponse)


def test_classify_chat_several(contract: ContractClient) -> None:
    contract.check(
        contract.client.classifiers.classify_chat,
        model="ft:classifier:ministral-3b-latest:abc:20250101:xyz",
        inputs=[{"messages": CHAT}, {"messages": CHAT[:1]}],
    )
