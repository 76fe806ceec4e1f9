"""``client.beta`` (conversations, agents management) against the spec."""

from __future__ import annotations

import pytest

pytest.importorskip("mistralai.beta", reason="mistral-beta is not installed")

from contract_calls import ContractClient

CONV_ID = "conv_0123456789abcdef"
AGENT_ID = "ag_0123456789abcdef"
TOOL = {
    "type": "function",
    "function": {"name": "lookup", "parameters": {"type": "object", "properties": {}}},
}


def test_conversations_start_minimal(contract: ContractClient) -> None:
    contract.check(
        contract.client.beta.conversations.start, inputs="Hello", model="mistral-small-latest"
    )


def test_conversations_start_every_parameter(contract: ContractClient) -> None:
    contract.check(
        contract.client.beta.conversations.start,
        inputs=[{"role": "user", "content": "Who won?"}],
        store=True,
        handoff_execution="server",
        instructions="Be brief.",
        tools=[TOOL, {"type": "web_search"}],
        completion_args={"temperature": 0.3, "max_tokens": 100},
        guardrails=[{"block_on_error": False}],
        name="sports",
        description="Sports questions",
        metadata={"team": "sports"},
        model="mistral-small-latest",
    )


def test_conversations_start_with_agent(contract: ContractClient) -> None:
    contract.check(
        contract.client.beta.conversations.start,
        inputs="Hi",
        agent_id=AGENT_ID,
        agent_version=2,
    )


def test_conversations_append(contract: ContractClient) -> None:
    contract.check(
        contract.client.beta.conversations.append,
        conversation_id=CONV_ID,
        inputs="And then?",
        store=False,
        handoff_execution="client",
        completion_args={"top_p": 0.9},
    )


def test_conversations_restart(contract: ContractClient) -> None:
    contract.check(
        contract.client.beta.conversations.restart,
        conversation_id=CONV_ID,
        inputs="Try again",
        from_entry_id="msg_0123456789",
        store=True,
        handoff_execution="server",
        completion_args={"temperature": 0.1},
        metadata={"retry": 1},
        agent_version=1,
    )


def test_conversations_get(contract: ContractClient) -> None:
    contract.check(contract.client.beta.conversations.get, CONV_ID)


def test_conversations_list(contract: ContractClient) -> None:
    contract.check(contract.client.beta.conversations.list, page=0, page_size=10)


def test_conversations_delete(contract: ContractClient) -> None:
    contract.check(contract.client.beta.conversations.delete, CONV_ID)


def test_conversations_history(contract: ContractClient) -> None:
    contract.check(contract.client.beta.conversations.get_history, CONV_ID)


def test_conversations_messages(contract: ContractClient) -> None:
    contract.check(contract.client.beta.conversations.get_messages, CONV_ID)


def test_agents_create_minimal(contract: ContractClient) -> None:
    contract.check(contract.client.beta.agents.create, model="mistral-small-latest", name="bot")


def test_agents_create_every_parameter(contract: ContractClient) -> None:
    contract.check(
        contract.client.beta.agents.create,
        model="mistral-small-latest",
        name="bot",
        instructions="Be helpful.",
        tools=[TOOL, {"type": "code_interpreter"}],
        completion_args={"temperature": 0.2},
        guardrails=[{"block_on_error": True}],
        description="A helpful bot",
        handoffs=["ag_other"],
        metadata={"team": "support"},
        version_message="first",
    )


def test_agents_list(contract: ContractClient) -> None:
    contract.check(
        contract.client.beta.agents.list,
        page=0,
        page_size=20,
        deployment_chat=True,
        name="bot",
        search="bo",
        id=AGENT_ID,
    )


def test_agents_get(contract: ContractClient) -> None:
    contract.check(contract.client.beta.agents.get, AGENT_ID, agent_version=1)


def test_agents_update(contract: ContractClient) -> None:
    contract.check(
        contract.client.beta.agents.update,
        AGENT_ID,
        instructions="Be terse.",
        tools=[TOOL],
        completion_args={"max_tokens": 50},
        guardrails=None,
        model="mistral-medium-latest",
        name="bot2",
        description=None,
        handoffs=["ag_other"],
        deployment_chat=False,
        metadata={"v": "2"},
        version_message="terser",
    )


def test_agents_update_version(contract: ContractClient) -> None:
    contract.check(contract.client.beta.agents.update_version, AGENT_ID, version=2)


def test_agents_delete(contract: ContractClient) -> None:
    contract.check(contract.client.beta.agents.delete, AGENT_ID)


def test_agents_list_versions(contract: ContractClient) -> None:
    contract.check(contract.client.beta.agents.list_versions, AGENT_ID, page=0, page_size=5)


def test_agents_get_version(contract: ContractClient) -> None:
    contract.check(contract.client.beta.agents.get_version, AGENT_ID, version=1)


def test_agents_create_version_alias(contract: ContractClient) -> None:
    contract.check(
        contract.client.beta.agents.create_version_alias, AGENT_ID, alias="prod", version=1
    )


def test_agents_list_version_aliases(contract: ContractClient) -> None:
    contract.check(contract.client.beta.agents.list_version_aliases, AGENT_ID)


def test_agents_delete_version_alias(contract: ContractClient) -> None:
    contract.check(contract.client.beta.agents.delete_version_alias, AGENT_ID, alias="prod")


def test_conversations_list_metadata_filter(contract: ContractClient) -> None:
    contract.check(contract.client.beta.conversations.list, metadata={"team": "sports"})


def test_agents_list_metadata_and_sources(contract: ContractClient) -> None:
    contract.check(
        contract.client.beta.agents.list,
        metadata={"team": "support"},
        sources=["api", "playground"],
    )


def test_agents_list_cursor_page_every_parameter(contract: ContractClient) -> None:
    contract.check(
        contract.client.beta.agents.list_cursor_page,
        page_size=50,
        page_token="cursor_opaque",
        deployment_chat=True,
        sources=["api", "playground"],
        name="bot",
        search="bo",
        id=AGENT_ID,
        metadata={"team": "support"},
    )
