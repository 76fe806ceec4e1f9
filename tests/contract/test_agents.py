"""``client.agents`` (agent completions) against the spec."""

from __future__ import annotations

import pytest

pytest.importorskip("mistralai.agents", reason="mistral-agents is not installed")

from contract_calls import ContractClient

from mistralai.models import ChatCompletionResponse, UserMessage

TOOL = {
    "type": "function",
    "function": {
        "name": "lookup",
        "description": "Look a word up.",
        "parameters": {"type": "object", "properties": {"word": {"type": "string"}}},
    },
}


def test_complete_minimal(contract: ContractClient) -> None:
    res = contract.check(
        contract.client.agents.complete,
        agent_id="ag_0123456789",
        messages=[{"role": "user", "content": "Hello"}],
    )
    assert isinstance(res, ChatCompletionResponse)


def test_complete_every_parameter(contract: ContractClient) -> None:
    res = contract.check(
        contract.client.agents.complete,
        agent_id="ag_0123456789",
        messages=[
            UserMessage(content="Define 'contract'."),
            {"role": "assistant", "content": "A binding agreement."},
            {"role": "user", "content": "Shorter."},
        ],
        max_tokens=100,
        stop="END",
        random_seed=3,
        metadata={"team": "docs"},
        response_format={"type": "json_object"},
        tools=[TOOL],
        tool_choice="any",
        presence_penalty=0.5,
        frequency_penalty=-0.5,
        n=2,
        prediction={"type": "content", "content": "An agreement."},
        parallel_tool_calls=True,
        prompt_mode=None,
        reasoning_effort="none",
        prompt_cache_key="dictionary",
    )
    assert isinstance(res, ChatCompletionResponse)
