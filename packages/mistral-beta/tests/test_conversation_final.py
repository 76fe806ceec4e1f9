"""Conversation streams added up: get_final_response() gives the turn's ConversationResponse.

Against the conversations fake (its function calls stream their arguments in two pieces),
and against a server of this module that plays events a test writes (built-in tools,
handoffs, thinking, an error), over real HTTP.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from mistralai import Mistral, errors
from mistralai.beta.models import (
    AgentHandoffEntry,
    ConversationResponse,
    FunctionCallEntry,
    MessageOutputEntry,
    ToolExecutionEntry,
)
from mistralai.models import Function, FunctionTool, TextChunk, ThinkChunk, ToolReferenceChunk
from mistralai.testing import EventStreamResponse, Fault, MistralTestServer, Request, Router
from mistralai.utils import ResponseStream

MODEL = "mistral-medium-latest"
WEATHER = FunctionTool(
    function=Function(
        name="get_weather",
        parameters={"type": "object", "properties": {"city": {"type": "string"}}},
    )
)


def _entry_fields(entry: Any) -> dict[str, Any]:
    """What a streamed entry and the stored one share (the events carry no timestamps)."""
    return entry.model_dump(exclude={"created_at", "completed_at"})


def test_final_response_is_the_turn_the_conversation_stored(mistral_client: Any) -> None:
    conversations = mistral_client.beta.conversations
    whole = conversations.start(model=MODEL, inputs="Hello there")
    with conversations.start_stream(model=MODEL, inputs="Hello there") as stream:
        assert isinstance(stream, ResponseStream)
        first = next(stream)
        final = stream.get_final_response()
    assert first.event == "conversation.response.started"
    assert isinstance(final, ConversationResponse)
    assert stream.get_final_text() == "You said: Hello there"
    (output,) = final.outputs
    assert isinstance(output, MessageOutputEntry)
    stored = conversations.get_history(final.conversation_id).entries
    assert _entry_fields(output) == _entry_fields(stored[-1])
    assert final.usage == whole.usage
    assert stream.get_final_response() is final


def test_function_calls_streamed_in_pieces(mistral_client: Any) -> None:
    conversations = mistral_client.beta.conversations
    inputs = '[call:get_weather {"city": "Paris"} & get_time]'
    with conversations.start_stream(model=MODEL, inputs=inputs, tools=[WEATHER]) as stream:
        pieces = [e.data.arguments for e in stream if e.event == "function.call.delta"]
        final = stream.get_final_response()
    assert len(pieces) == 4
    calls = final.outputs
    assert all(isinstance(call, FunctionCallEntry) for call in calls)
    assert [(c.name, c.arguments) for c in calls] == [  # type: ignore[union-attr]
        ("get_weather", '{"city": "Paris"}'),
        ("get_time", "{}"),
    ]
    stored = conversations.get_history(final.conversation_id).entries[-2:]
    assert [_entry_fields(c) for c in calls] == [_entry_fields(e) for e in stored]
    assert stream.get_final_text() == ""


async def test_async_append_and_restart(mistral_async_client: Any) -> None:
    conversations = mistral_async_client.beta.conversations
    first = await conversations.start_async(model=MODEL, inputs="One")
    stream = await conversations.append_stream_async(
        conversation_id=first.conversation_id, inputs="Two"
    )
    async with stream:
        appended = await stream.get_final_response()
    assert appended.conversation_id == first.conversation_id
    assert await stream.get_final_text() == "You said: Two"
    entries = (await conversations.get_history_async(first.conversation_id)).entries
    stream = await conversations.restart_stream_async(
        conversation_id=first.conversation_id, from_entry_id=entries[1].id, inputs="Three"
    )
    async with stream:
        assert await stream.get_final_text() == "You said: Three"
    branch = await stream.get_final_response()
    assert branch.conversation_id != first.conversation_id


def test_a_turn_cut_by_the_server(mistral_client: Any, mistral_test_server: Any) -> None:
    mistral_test_server.faults.add(Fault.truncate(after_events=2), times=1)
    stream = mistral_client.beta.conversations.start_stream(model=MODEL, inputs="a b c d")
    with pytest.raises(errors.StreamError, match="broke off after 2 events"):
        stream.get_final_response()
    assert stream.response.is_closed


# -- events written by the tests ---------------------------------------------------------------


class Script:
    def __init__(self) -> None:
        self.events: list[Any] = []

    def __call__(self, request: Request) -> EventStreamResponse:
        return EventStreamResponse(list(self.events), done=False)


@pytest.fixture(scope="module")
def script() -> Script:
    return Script()


@pytest.fixture(scope="module")
def scripted_server(script: Script) -> Iterator[MistralTestServer]:
    server = MistralTestServer()
    router = Router()
    router.add("POST", "/v1/conversations", script, "agents_api_v1_conversations_start")
    server.router = router
    with server:
        yield server


@pytest.fixture
def play(script: Script, scripted_server: MistralTestServer) -> Iterator[Any]:
    clients: list[Mistral] = []

    def load(events: list[tuple[str, dict[str, Any]]]) -> Mistral:
        script.events = [(name, {"type": name, **data}) for name, data in events]
        clients.append(Mistral(api_key="test", server_url=scripted_server.url))
        return clients[-1]

    yield load
    for client in clients:
        client.close()


STARTED = ("conversation.response.started", {"conversation_id": "conv_1"})
DONE = (
    "conversation.response.done",
    {"usage": {"prompt_tokens": 3, "completion_tokens": 9, "total_tokens": 12}},
)


def delta(entry: str, content: Any, **fields: Any) -> tuple[str, dict[str, Any]]:
    return ("message.output.delta", {"id": entry, "content": content, **fields})


def test_tools_handoffs_and_chunks(play: Any) -> None:
    reference = {"type": "tool_reference", "tool": "web_search", "title": "Paris"}
    thinking = {"type": "thinking", "thinking": [{"type": "text", "text": "Let me look."}]}
    client = play(
        [
            STARTED,
            ("tool.execution.started", {"id": "t1", "name": "web_search", "arguments": '{"q":'}),
            ("tool.execution.delta", {"id": "t1", "name": "web_search", "arguments": ' "x"}'}),
            ("tool.execution.done", {"id": "t1", "name": "web_search", "info": {"hits": 2}}),
            delta("m1", thinking, agent_id="ag_1", created_at="2025-01-01T00:00:00Z"),
            delta("m1", "Paris is "),
            delta("m1", [{"type": "text", "text": "the capital"}]),
            delta("m1", reference, created_at="2025-01-01T00:00:02Z"),
            ("hologram.projected", {"id": "h1", "depth": 3}),
            (
                "agent.handoff.started",
                {"id": "h2", "previous_agent_id": "ag_1", "previous_agent_name": "one"},
            ),
            ("agent.handoff.done", {"id": "h2", "next_agent_id": "ag_2", "next_agent_name": "two"}),
            delta("m2", "Bye", agent_id="ag_2"),
            DONE,
        ]
    )
    stream = client.beta.conversations.start_stream(model=MODEL, inputs="Capital of France?")
    final = stream.get_final_response()
    tool, message, handoff, bye = final.outputs
    assert isinstance(tool, ToolExecutionEntry)
    assert (tool.id, tool.name, tool.arguments, tool.info) == (
        "t1",
        "web_search",
        '{"q": "x"}',
        {"hits": 2},
    )
    assert isinstance(message, MessageOutputEntry)
    assert message.content == [
        ThinkChunk(thinking=[TextChunk(text="Let me look.")]),
        TextChunk(text="Paris is the capital"),
        ToolReferenceChunk(tool="web_search", title="Paris"),
    ]
    assert (message.id, message.agent_id, message.created_at, message.completed_at) == (
        "m1",
        "ag_1",
        "2025-01-01T00:00:00Z",
        "2025-01-01T00:00:02Z",
    )
    assert isinstance(handoff, AgentHandoffEntry)
    assert (handoff.previous_agent_name, handoff.next_agent_name) == ("one", "two")
    assert isinstance(bye, MessageOutputEntry)
    assert bye.content == "Bye"
    assert final.conversation_id == "conv_1"
    assert final.usage.total_tokens == 12
    assert stream.get_final_text() == "Paris is the capital\nBye"


def test_an_error_event_has_no_final_response(play: Any) -> None:
    client = play(
        [
            STARTED,
            delta("m1", "Half an ans"),
            ("conversation.response.error", {"message": "model overloaded", "code": 3051}),
        ]
    )
    stream = client.beta.conversations.start_stream(model=MODEL, inputs="Hi")
    with pytest.raises(errors.StreamError, match=r"model overloaded \(code 3051\)") as info:
        stream.get_final_response()
    assert info.value.events_received == 3
    assert stream.response.is_closed
