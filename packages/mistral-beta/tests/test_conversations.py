"""client.beta.conversations over loopback: multi-turn, streaming, restart, unknown events."""

from __future__ import annotations

from typing import Any

import pytest

from mistralai import errors
from mistralai.beta.models import (
    AgentConversation,
    ConversationEvents,
    ConversationResponse,
    FunctionCallEntry,
    MessageInputEntry,
    MessageOutputEntry,
    MessageOutputEvent,
    ModelConversation,
    ResponseDoneEvent,
    ResponseStartedEvent,
    WebSearchTool,
)
from mistralai.models import Function, FunctionTool
from mistralai.testing import Fault
from mistralai.types import UnknownVariant

MODEL = "mistral-medium-latest"


def text_of(response: ConversationResponse) -> str:
    (output,) = response.outputs
    assert isinstance(output, MessageOutputEntry)
    return str(output.content)


def test_multi_turn_start_append_history_restart(
    mistral_client: Any, mistral_test_server: Any
) -> None:
    conversations = mistral_client.beta.conversations
    first = conversations.start(
        model=MODEL,
        inputs="Who won the 2018 world cup?",
        instructions="Be brief",
        tools=[WebSearchTool()],
        completion_args={"temperature": 0.2},
        store=True,
    )
    assert text_of(first) == "You said: Who won the 2018 world cup?"
    sent = mistral_test_server.requests[-1].json()
    assert sent == {
        "model": MODEL,
        "inputs": "Who won the 2018 world cup?",
        "instructions": "Be brief",
        "tools": [{"type": "web_search"}],
        "completion_args": {"temperature": 0.2},
        "store": True,
    }
    second = conversations.append(
        conversation_id=first.conversation_id, inputs=[{"role": "user", "content": "And 2022?"}]
    )
    assert text_of(second) == "You said: And 2022?"
    history = conversations.get_history(first.conversation_id)
    kinds = [type(entry) for entry in history.entries]
    assert kinds == [MessageInputEntry, MessageOutputEntry, MessageInputEntry, MessageOutputEntry]
    branch = conversations.restart(
        conversation_id=first.conversation_id,
        from_entry_id=history.entries[1].id,
        inputs="What about 2014?",
    )
    assert branch.conversation_id != first.conversation_id
    assert text_of(branch) == "You said: What about 2014?"
    assert len(conversations.get_history(branch.conversation_id).entries) == 4
    messages = conversations.get_messages(first.conversation_id).messages
    assert [m.role for m in messages] == ["user", "assistant", "user", "assistant"]
    conversation = conversations.get(first.conversation_id)
    assert isinstance(conversation, ModelConversation)
    assert conversation.instructions == "Be brief"
    assert {c.id for c in conversations.list()} == {first.conversation_id, branch.conversation_id}
    mistral_test_server.requests.clear()
    walked = {c.id for c in conversations.iter_all(page_size=1)}
    assert walked == {first.conversation_id, branch.conversation_id}
    assert [r.query["page"] for r in mistral_test_server.requests] == [["0"], ["1"], ["2"]]
    assert [len(page) for page in conversations.list_pages(page_size=2)] == [2, 0]
    assert conversations.delete(branch.conversation_id) is None
    with pytest.raises(errors.NotFoundError):
        conversations.get(branch.conversation_id)


def test_streaming_twin_event_sequence(mistral_client: Any, mistral_test_server: Any) -> None:
    conversations = mistral_client.beta.conversations
    with conversations.start_stream(model=MODEL, inputs="tell me something") as stream:
        events = list(stream)
    assert all(isinstance(e, ConversationEvents) for e in events)
    names = [e.event for e in events]
    assert names[0] == "conversation.response.started"
    assert names[-1] == "conversation.response.done"
    assert set(names[1:-1]) == {"message.output.delta"}
    started, done = events[0].data, events[-1].data
    assert isinstance(started, ResponseStartedEvent)
    assert isinstance(done, ResponseDoneEvent)
    text = "".join(str(e.data.content) for e in events if isinstance(e.data, MessageOutputEvent))
    assert text == "You said: tell me something"
    assert mistral_test_server.requests[-1].json()["stream"] is True
    with conversations.append_stream(
        conversation_id=started.conversation_id, inputs="more"
    ) as stream:
        assert (
            "".join(str(e.data.content) for e in stream if isinstance(e.data, MessageOutputEvent))
            == "You said: more"
        )
    entries = conversations.get_history(started.conversation_id).entries
    with conversations.restart_stream(
        conversation_id=started.conversation_id, from_entry_id=entries[0].id, inputs="again"
    ) as stream:
        assert [e.event for e in stream][-1] == "conversation.response.done"


def test_unknown_events_and_entries_pass_through(
    mistral_client: Any, mistral_test_server: Any
) -> None:
    body = {
        "conversation_id": "c",
        "outputs": [{"type": "hologram.output", "object": "entry", "depth": 3}],
        "usage": {},
    }
    mistral_test_server.faults.add(Fault.status(200, body=body), times=1)
    response = mistral_client.beta.conversations.start(model=MODEL, inputs="x")
    assert isinstance(response.outputs[0], UnknownVariant)
    assert response.outputs[0].tag == "hologram.output"


def test_function_calling_round_trip(mistral_client: Any) -> None:
    tool = FunctionTool(
        function=Function(
            name="get_weather",
            parameters={
                "type": "object",
                "properties": {"city": {"type": "string"}},
                "required": ["city"],
            },
        )
    )
    conversations = mistral_client.beta.conversations
    first = conversations.start(model=MODEL, inputs="Weather in Paris?", tools=[tool])
    (call,) = first.outputs
    assert isinstance(call, FunctionCallEntry)
    result = {"type": "function.result", "tool_call_id": call.tool_call_id, "result": "sunny"}
    final = conversations.append(conversation_id=first.conversation_id, inputs=[result])
    assert text_of(final) == "The tool answered: sunny"


def test_invalid_inputs_fail_before_sending(mistral_client: Any, mistral_test_server: Any) -> None:
    with pytest.raises(errors.RequestValidationError, match="inputs"):
        mistral_client.beta.conversations.start(model=MODEL, inputs=42)
    with pytest.raises(errors.RequestValidationError, match="streaming method"):
        mistral_client.beta.conversations.start(model=MODEL, inputs="x", stream=True)
    assert mistral_test_server.requests == []


async def test_async_twins_with_an_agent(mistral_async_client: Any) -> None:
    beta = mistral_async_client.beta
    agent = await beta.agents.create_async(model=MODEL, name="helper", instructions="Be brief")
    first = await beta.conversations.start_async(agent_id=agent.id, inputs="hello agent")
    assert text_of(first) == "You said: hello agent"
    conversation = await beta.conversations.get_async(first.conversation_id)
    assert isinstance(conversation, AgentConversation)
    assert conversation.agent_id == agent.id
    stream = await beta.conversations.append_stream_async(
        conversation_id=first.conversation_id, inputs="again"
    )
    async with stream:
        names = [event.event async for event in stream]
    assert names[-1] == "conversation.response.done"
    assert len((await beta.conversations.get_history_async(first.conversation_id)).entries) == 4
    await beta.conversations.start_async(model=MODEL, inputs="another")
    walked = [c.id async for c in beta.conversations.iter_all_async(page_size=1)]
    assert first.conversation_id in walked
    assert len(walked) == 2
    assert [len(p) async for p in beta.conversations.list_pages_async(page_size=5)] == [2]
