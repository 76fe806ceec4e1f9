"""Streams with a final response: what get_final_response() adds up, and when it can't.

The stream's events come from the local server: its chat fake, or a route of a server of
this module that plays chunks a test writes (tool calls in pieces, several choices,
thinking), over real HTTP.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

import mistralai
from mistralai import errors
from mistralai.models import (
    ChatCompletionResponse,
    CompletionEvent,
    TextChunk,
    ThinkChunk,
    ToolReferenceChunk,
)
from mistralai.testing import EventStreamResponse, Fault, MistralTestServer, Request, Router
from mistralai.utils import (
    AsyncResponseStream,
    CompletionAccumulator,
    EventStream,
    ResponseStream,
    join_content,
)

CHAT = "chat_completion_v1_chat_completions_post"


def long_body(body: dict[str, Any], tokens: int) -> dict[str, Any]:
    return {**body, "max_tokens": tokens}


# -- chunks written by the tests, played by a server of their own ----------------------------


class Script:
    """The chunks the next stream sends."""

    def __init__(self) -> None:
        self.chunks: list[Any] = []

    def __call__(self, request: Request) -> EventStreamResponse:
        return EventStreamResponse(list(self.chunks))


@pytest.fixture(scope="module")
def script() -> Script:
    return Script()


@pytest.fixture(scope="module")
def scripted_server(script: Script) -> Iterator[MistralTestServer]:
    server = MistralTestServer()
    router = Router()
    router.add("POST", "/v1/chat/completions", script, CHAT)
    server.router = router
    with server:
        yield server


@pytest.fixture
def play(script: Script, scripted_server: MistralTestServer, make_client: Any) -> Any:
    """``play(chunks)``: a client whose next stream sends ``chunks``."""

    def load(chunks: list[Any]) -> Any:
        script.chunks = chunks
        return make_client(server_url=scripted_server.url)

    return load


def chunk(*choices: dict[str, Any], usage: Any = None, **fields: Any) -> dict[str, Any]:
    body = {"id": "cmpl-1", "model": "mistral-small-latest", "created": 7, **fields}
    body["choices"] = list(choices)
    if usage is not None:
        body["usage"] = usage
    return body


def choice(index: int = 0, finish: str | None = None, **delta: Any) -> dict[str, Any]:
    return {"index": index, "delta": delta, "finish_reason": finish}


def call(index: int, arguments: Any, name: str = "", id: str | None = None) -> dict[str, Any]:
    piece: dict[str, Any] = {"index": index, "function": {"name": name, "arguments": arguments}}
    if id is not None:
        piece["id"] = id
    return piece


USAGE = {"prompt_tokens": 5, "completion_tokens": 7, "total_tokens": 12}


def test_tool_calls_in_pieces_are_merged_by_index(play: Any, body: dict[str, Any]) -> None:
    client = play(
        [
            chunk(choice(role="assistant", content="")),
            chunk(choice(tool_calls=[call(0, '{"ci', "get_weather", "call_a")])),
            chunk(choice(tool_calls=[call(1, "", "get_time", "call_b")])),
            chunk(choice(tool_calls=[call(0, 'ty": "Pa')])),
            chunk(choice(tool_calls=[call(0, 'ris"}', "get_weather", "null")])),
            chunk(choice(tool_calls=[call(1, "{}", "get_time")])),
            chunk(choice(finish="tool_calls", content=""), usage=USAGE),
        ]
    )
    with client.probe.final_stream(body) as stream:
        response = stream.get_final_response()
    (only,) = response.choices
    assert only.finish_reason == "tool_calls"
    calls = only.message.tool_calls or []
    assert [(c.index, c.id, c.function.name, c.function.arguments) for c in calls] == [
        (0, "call_a", "get_weather", '{"city": "Paris"}'),
        (1, "call_b", "get_time", "{}"),
    ]
    assert only.message.content == ""
    assert response.usage is not None
    assert response.usage.total_tokens == 12


def test_whole_calls_at_the_same_index_stay_apart(play: Any, body: dict[str, Any]) -> None:
    # Whole calls sent without an index each have the default index 0: their ids tell them apart.
    client = play(
        [
            chunk(
                choice(tool_calls=[call(0, '{"a": 1}', "f", "c1"), call(0, {"b": 2}, "g", "c2")])
            ),
            chunk(choice(finish="tool_calls")),
        ]
    )
    response = client.probe.final_stream(body).get_final_response()
    calls = response.choices[0].message.tool_calls or []
    assert [(c.id, c.function.name, c.function.arguments) for c in calls] == [
        ("c1", "f", '{"a": 1}'),
        ("c2", "g", {"b": 2}),
    ]


def test_choices_are_added_up_by_index(play: Any, body: dict[str, Any]) -> None:
    client = play(
        [
            chunk(choice(1, role="assistant", content="Bon"), choice(0, content="Hel")),
            chunk(choice(0, content="lo"), usage={**USAGE, "total_tokens": 1}),
            chunk(choice(1, "length", content="jour"), choice(0, "stop", content="!")),
            chunk(choice(0), usage=USAGE, id="cmpl-2", model="other", created=9),
            chunk(),
        ]
    )
    stream = client.probe.final_stream(body)
    response = stream.get_final_response()
    assert [(c.index, c.message.content, c.finish_reason) for c in response.choices] == [
        (0, "Hello!", "stop"),
        (1, "Bonjour", "length"),
    ]
    assert response.usage is not None
    assert response.usage.total_tokens == 12
    assert (response.id, response.model, response.created, response.object) == (
        "cmpl-1",
        "mistral-small-latest",
        7,
        "chat.completion",
    )
    assert stream.get_final_text() == "Hello!"


def test_thinking_and_text_chunks_are_joined(play: Any, body: dict[str, Any]) -> None:
    def thinking(text: str, closed: bool = True) -> dict[str, Any]:
        return {"type": "thinking", "thinking": [{"type": "text", "text": text}], "closed": closed}

    client = play(
        [
            chunk(choice(role="assistant", content=[thinking("Two and", False)])),
            chunk(choice(content=[thinking(" two", False)])),
            chunk(choice(content=[thinking(" make four.")])),
            chunk(choice(content="The answer")),
            chunk(choice(content=[{"type": "text", "text": " is 4"}])),
            chunk(choice(content=[{"type": "reference", "reference_ids": [1]}])),
            chunk(choice(0, "stop", content=".")),
        ]
    )
    stream = client.probe.final_stream(body)
    content = stream.get_final_response().choices[0].message.content
    assert isinstance(content, list)
    think, text, reference, tail = content
    assert isinstance(think, ThinkChunk)
    assert think.closed
    assert [part.text for part in think.thinking] == ["Two and two make four."]  # type: ignore[union-attr]
    assert text == TextChunk(text="The answer is 4")
    assert reference.type == "reference"
    assert tail == TextChunk(text=".")
    assert stream.get_final_text() == "The answer is 4."


def test_join_content() -> None:
    assert join_content(["a", "b", ""]) == "ab"
    assert join_content([]) == ""
    reference = ToolReferenceChunk(tool="web_search", title="Paris")
    thought = ThinkChunk(thinking=[TextChunk(text="x"), reference])
    assert join_content(["a", TextChunk(text="b"), None, [thought, thought], "c"]) == [
        TextChunk(text="ab"),
        ThinkChunk(thinking=[TextChunk(text="x"), reference, TextChunk(text="x"), reference]),
        TextChunk(text="c"),
    ]


# -- against the chat fake ---------------------------------------------------------------------


def _same_answer(streamed: ChatCompletionResponse, whole: ChatCompletionResponse) -> None:
    assert streamed.choices == whole.choices
    assert streamed.usage == whole.usage
    assert streamed.model == whole.model


def test_final_response_is_the_complete_answer(make_client: Any, body: dict[str, Any]) -> None:
    client = make_client()
    request = {**body, "n": 2}
    whole = client.probe.complete(request)
    with client.probe.final_stream(request) as stream:
        assert isinstance(stream, ResponseStream)
        assert isinstance(stream, EventStream)
        streamed = stream.get_final_response()
    assert len(streamed.choices) == 2
    _same_answer(streamed, whole)
    assert stream.response.is_closed


def test_events_already_read_count(make_client: Any, body: dict[str, Any]) -> None:
    client = make_client()
    whole = client.probe.complete(long_body(body, 30))
    stream = client.probe.final_stream(long_body(body, 30))
    first, second = next(stream), next(stream)
    assert first.data.choices[0].delta.role == "assistant"
    assert second.data.choices[0].delta.content
    _same_answer(stream.get_final_response(), whole)
    assert stream.events_received >= 30


def test_asked_inside_the_loop_it_reads_the_rest(make_client: Any, body: dict[str, Any]) -> None:
    client = make_client()
    whole = client.probe.complete(long_body(body, 30))
    seen = 0
    with client.probe.final_stream(long_body(body, 30)) as stream:
        for _ in stream:
            seen += 1
            if seen == 3:
                final = stream.get_final_response()
    assert seen == 3  # the loop found the stream read to its end
    _same_answer(final, whole)


def test_asked_after_the_with_block_of_a_stream_read_to_its_end(
    make_client: Any, body: dict[str, Any]
) -> None:
    client = make_client()
    with client.probe.final_stream(body) as stream:
        text = "".join(e.data.choices[0].delta.content or "" for e in stream)
    assert stream.get_final_text() == text == "You said: hello there"


def test_asking_twice_gives_the_same_response(make_client: Any, body: dict[str, Any]) -> None:
    stream = make_client().probe.final_stream(body)
    first = stream.get_final_response()
    assert stream.get_final_response() is first
    assert stream.get_final_text() == "You said: hello there"
    assert list(stream) == []
    assert stream.until_done() is stream


def test_a_stream_closed_before_its_end_has_no_final_response(
    make_client: Any, body: dict[str, Any]
) -> None:
    client = make_client()
    with client.probe.final_stream(long_body(body, 50)) as stream:
        next(stream)
    with pytest.raises(errors.StreamError, match="closed after 1 events, before its end"):
        stream.get_final_response()
    with client.probe.final_stream(long_body(body, 50)) as stream:
        for _ in stream:
            break
        with pytest.raises(errors.StreamError, match="before its end"):
            stream.get_final_text()


def test_a_stream_cut_by_the_server_raises_and_releases(
    make_client: Any, mistral_test_server: Any, body: dict[str, Any]
) -> None:
    mistral_test_server.faults.add(Fault.truncate(after_events=4), times=1)
    client = make_client(client=httpx.Client(limits=httpx.Limits(max_connections=1), timeout=5.0))
    stream = client.probe.final_stream(long_body(body, 50))
    next(stream)
    with pytest.raises(errors.StreamError, match="broke off after 4 events"):
        stream.get_final_response()
    assert stream.response.is_closed
    with pytest.raises(errors.StreamError, match="ended with an error after 4 events") as info:
        stream.get_final_response()
    assert isinstance(info.value.__cause__, errors.StreamError)
    # The one connection of the pool is free again.
    assert client.probe.final_stream(body).get_final_text() == "You said: hello there"


class CountingAccumulator(CompletionAccumulator):
    made = 0
    added = 0

    def __init__(self) -> None:
        super().__init__()
        CountingAccumulator.made += 1

    def add(self, event: CompletionEvent) -> None:
        CountingAccumulator.added += 1
        super().add(event)


def test_each_event_is_added_once_however_it_is_read(
    make_client: Any, body: dict[str, Any]
) -> None:
    client = make_client()
    whole = client.probe.complete(long_body(body, 40))
    CountingAccumulator.made = CountingAccumulator.added = 0
    stream = ResponseStream(client.probe.stream(long_body(body, 40)), CountingAccumulator)
    with stream:
        for index, _ in enumerate(stream):
            if index == 5:
                inside = stream.get_final_response()
        next(iter(stream), None)
        _same_answer(stream.get_final_response(), whole)
    assert stream.get_final_response() is inside
    assert (CountingAccumulator.made, CountingAccumulator.added) == (1, stream.events_received)


class _EventCounter:
    def __init__(self) -> None:
        self.events = 0

    @mistralai.hookimpl
    def mistral_stream_event(self, event: Any) -> None:
        self.events += 1


def test_plugins_still_see_every_event(make_client: Any, body: dict[str, Any]) -> None:
    counter = _EventCounter()
    client = make_client(plugins=[counter])
    stream = client.probe.final_stream(long_body(body, 10))
    next(stream)
    assert stream.get_final_text().startswith("You said: hello there")
    assert counter.events == stream.events_received


def test_only_an_unread_event_stream_is_taken_over(make_client: Any, body: dict[str, Any]) -> None:
    client = make_client()
    stream = client.probe.stream(body)
    next(stream)
    with pytest.raises(ValueError, match="nobody has read yet"):
        ResponseStream(stream, CompletionAccumulator)
    stream.close()
    final = client.probe.final_stream(body)
    with pytest.raises(ValueError, match="not a ResponseStream"):
        ResponseStream(final, CompletionAccumulator)
    final.close()


# -- async --------------------------------------------------------------------------------------


async def test_async_final_response(make_client: Any, body: dict[str, Any]) -> None:
    client = make_client()
    whole = await client.probe.complete_async(long_body(body, 12))
    stream = await client.probe.final_stream_async(long_body(body, 12))
    assert isinstance(stream, AsyncResponseStream)
    async with stream:
        first = await stream.__anext__()
        assert first.data.choices
        final = await stream.get_final_response()
        assert await stream.get_final_response() is final
    _same_answer(final, whole)
    assert await stream.get_final_text() == whole.choices[0].message.content
    assert (await stream.until_done()) is stream


async def test_async_closed_and_cut_streams(
    make_client: Any, mistral_test_server: Any, body: dict[str, Any]
) -> None:
    client = make_client()
    stream = await client.probe.final_stream_async(long_body(body, 50))
    async with stream:
        await stream.__anext__()
    with pytest.raises(errors.StreamError, match="before its end"):
        await stream.get_final_response()

    mistral_test_server.faults.add(Fault.truncate(after_events=3), times=1)
    stream = await client.probe.final_stream_async(long_body(body, 50))
    with pytest.raises(errors.StreamError, match="broke off after 3 events"):
        await stream.get_final_text()
    assert stream.response.is_closed
    with pytest.raises(errors.StreamError, match="ended with an error"):
        await stream.get_final_response()


async def test_async_tool_calls_in_pieces(play: Any, body: dict[str, Any]) -> None:
    client = play(
        [
            chunk(choice(tool_calls=[call(0, '{"q": ', "search", "c9")])),
            chunk(choice(tool_calls=[call(0, '"sea"}')])),
            chunk(choice(finish="tool_calls"), usage=USAGE),
        ]
    )
    stream = await client.probe.final_stream_async(body)
    async with stream:
        response = await stream.get_final_response()
    (tool_call,) = response.choices[0].message.tool_calls or []
    assert (tool_call.id, tool_call.function.name, tool_call.function.arguments) == (
        "c9",
        "search",
        '{"q": "sea"}',
    )
    assert await stream.get_final_text() == ""


class _FailsOnThirdEvent:
    def __init__(self) -> None:
        self.events = 0

    @mistralai.hookimpl
    def mistral_stream_event(self, event: Any) -> None:
        self.events += 1
        if self.events == 3:
            raise RuntimeError("tracer exploded")


def test_a_plugin_failing_mid_stream_fails_the_final_response_and_releases(
    make_client: Any, body: dict[str, Any]
) -> None:
    client = make_client(
        plugins=[_FailsOnThirdEvent()],
        client=httpx.Client(limits=httpx.Limits(max_connections=1), timeout=5.0),
    )
    stream = client.probe.final_stream(long_body(body, 20))
    with pytest.raises(errors.PluginError, match=r"tracer exploded|mistral_stream_event"):
        stream.get_final_response()
    assert stream.response.is_closed
    with pytest.raises(errors.StreamError, match="ended with an error") as info:
        stream.get_final_text()
    assert isinstance(info.value.__cause__, errors.PluginError)


async def test_a_cancelled_final_response_releases_the_stream(
    mistral_test_server: Any, make_client: Any, body: dict[str, Any]
) -> None:
    import asyncio

    mistral_test_server.faults.add(Fault.slow(1.0), times=1)
    client = make_client()
    stream = await client.probe.final_stream_async(long_body(body, 20))
    task = asyncio.create_task(stream.get_final_response())
    await asyncio.sleep(0.2)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    await stream.aclose()
    assert stream.response.is_closed
    with pytest.raises(errors.StreamError):
        await stream.get_final_response()
