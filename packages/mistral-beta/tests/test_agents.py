"""client.beta.agents over loopback: the whole lifecycle, sync and async."""

from __future__ import annotations

from typing import Any

import pytest

from mistralai import errors
from mistralai.beta.models import (
    Agent,
    AgentAliasResponse,
    CodeInterpreterTool,
    DocumentLibraryTool,
)

MODEL = "mistral-medium-latest"


def test_agent_lifecycle(mistral_client: Any, mistral_test_server: Any) -> None:
    agents = mistral_client.beta.agents
    agent = agents.create(
        model=MODEL,
        name="helper",
        instructions="Be brief",
        description="d",
        tools=[CodeInterpreterTool(), DocumentLibraryTool(library_ids=["lib1"])],
        completion_args={"max_tokens": 100},
        metadata={"team": "qa"},
    )
    assert isinstance(agent, Agent)
    assert agent.version == 0
    assert mistral_test_server.requests[-1].json()["tools"] == [
        {"type": "code_interpreter"},
        {"library_ids": ["lib1"], "type": "document_library"},
    ]
    updated = agents.update(agent.id, instructions="Be very brief", version_message="shorter")
    assert (updated.version, updated.instructions) == (1, "Be very brief")
    assert mistral_test_server.requests[-1].json() == {
        "instructions": "Be very brief",
        "version_message": "shorter",
    }
    assert [a.version for a in agents.list_versions(agent.id)] == [0, 1]
    assert agents.get_version(agent.id, version=0).instructions == "Be brief"
    rolled_back = agents.update_version(agent.id, version=0)
    assert rolled_back.instructions == "Be brief"
    alias = agents.create_version_alias(agent.id, alias="stable", version=1)
    assert isinstance(alias, AgentAliasResponse)
    assert agents.get(agent.id, agent_version="stable").instructions == "Be very brief"
    assert [a.alias for a in agents.list_version_aliases(agent.id)] == ["stable"]
    assert agents.delete_version_alias(agent.id, alias="stable") is None
    assert agents.list_version_aliases(agent.id) == []
    assert agent.id in [a.id for a in agents.list(name="helper", metadata={"team": "qa"})]
    assert agents.delete(agent.id) is None
    with pytest.raises(errors.NotFoundError):
        agents.get(agent.id)


def test_invalid_agent_input(mistral_client: Any, mistral_test_server: Any) -> None:
    with pytest.raises(errors.RequestValidationError, match="name"):
        mistral_client.beta.agents.create(model=MODEL, name=None)
    assert mistral_test_server.requests == []


async def test_async_lifecycle(mistral_async_client: Any) -> None:
    agents = mistral_async_client.beta.agents
    agent = await agents.create_async(model=MODEL, name="async-helper")
    assert (await agents.get_async(agent.id)).name == "async-helper"
    assert (await agents.update_async(agent.id, name="renamed")).version == 1
    assert len(await agents.list_versions_async(agent.id)) == 2
    assert (await agents.create_version_alias_async(agent.id, alias="prod", version=0)).version == 0
    await agents.delete_async(agent.id)
    assert agent.id not in [a.id for a in await agents.list_async()]


def test_list_pages_walks_the_cursor(mistral_client: Any, mistral_test_server: Any) -> None:
    agents = mistral_client.beta.agents
    for i in range(5):
        agents.create(model="mistral-small-latest", name=f"pg-bot{i}", metadata={"i": i % 2})
    first = agents.list_cursor_page(page_size=2, search="pg-")
    assert [a.name for a in first.data] == ["pg-bot0", "pg-bot1"]
    assert first.next_page_token
    second = agents.list_cursor_page(page_size=2, search="pg-", page_token=first.next_page_token)
    assert [a.name for a in second.data] == ["pg-bot2", "pg-bot3"]
    sent = mistral_test_server.requests[-1]
    assert sent.path == "/v1/agents/pages"
    assert sent.query["page_token"] == [first.next_page_token]
    mistral_test_server.requests.clear()
    assert [a.name for a in agents.iter_all(page_size=2, search="pg-")] == [
        f"pg-bot{i}" for i in range(5)
    ]
    sent_tokens = [r.query.get("page_token") for r in mistral_test_server.requests]
    assert sent_tokens == [None, [first.next_page_token], [second.next_page_token]]
    assert all(r.query["search"] == ["pg-"] for r in mistral_test_server.requests)
    assert [a.name for a in agents.iter_all(metadata={"i": 1})] == ["pg-bot1", "pg-bot3"]
    resumed = agents.list_pages(page_size=2, search="pg-", page_token=first.next_page_token)
    assert [[a.name for a in page.data] for page in resumed] == [
        ["pg-bot2", "pg-bot3"],
        ["pg-bot4"],
    ]


def test_versions_walk_every_page(mistral_client: Any, mistral_test_server: Any) -> None:
    agents = mistral_client.beta.agents
    agent = agents.create(model="mistral-small-latest", name="versioned")
    for i in range(4):
        agents.update(agent.id, instructions=f"Take {i}.")
    assert len(agents.list_versions(agent.id, page_size=2)) == 2
    mistral_test_server.requests.clear()
    pages = list(agents.list_versions_pages(agent.id, page_size=2))
    assert [len(page) for page in pages] == [2, 2, 1]
    assert [r.query["page"] for r in mistral_test_server.requests] == [["0"], ["1"], ["2"]]
    assert [a.version for a in agents.iter_versions(agent.id)] == [0, 1, 2, 3, 4]


async def test_iter_all_async(mistral_async_client: Any) -> None:
    agents = mistral_async_client.beta.agents
    for i in range(3):
        await agents.create_async(model="mistral-small-latest", name=f"pg-a{i}")
    names = [a.name async for a in agents.iter_all_async(page_size=1, search="pg-")]
    assert names == ["pg-a0", "pg-a1", "pg-a2"]
    page = await agents.list_cursor_page_async(page_size=5, search="pg-")
    assert page.next_page_token is None
    assert len(page.data) == 3
    pages = [p async for p in agents.list_pages_async(page_size=2, search="pg-")]
    assert [len(p.data) for p in pages] == [2, 1]
    agent_id = page.data[0].id
    await agents.update_async(agent_id, instructions="Again.")
    assert [a.version async for a in agents.iter_versions_async(agent_id, page_size=1)] == [0, 1]
    assert [len(p) async for p in agents.list_versions_pages_async(agent_id)] == [2]
