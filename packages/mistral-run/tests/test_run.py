"""Runs against the local Mistral server: the loop, its results and its errors."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from typing import Any

import anyio
import anyio.lowlevel
import httpx
import pydantic
import pytest

from mistralai import Mistral
from mistralai.errors import RequestValidationError
from mistralai.extra.exceptions import FunctionCallError, RunException, ToolRoundsExceededError
from mistralai.extra.run.context import RunContext
from mistralai.extra.run.result import (
    FunctionCallEntry,
    FunctionResultEntry,
    FunctionResultEvent,
    MessageInputEntry,
    MessageOutputEntry,
    RunResult,
    RunResultEvents,
)
from mistralai.testing import MistralTestServer

from .conftest import MODEL


def conversation_bodies(server: MistralTestServer) -> list[Any]:
    return [r.json() for r in server.requests if r.path.startswith("/v1/conversations")]


class Explanation(pydantic.BaseModel):
    explanation: str
    output: str


class MathDemonstration(pydantic.BaseModel):
    steps: list[Explanation]
    final_answer: str


def math_question_generator(question_num: int) -> str:
    """Random generator of mathematical question

    Args:
        question_num (int): the number of the question that will be returned, should be between 1-100
    """
    return (
        "solve the following differential equation: `y'' + 3y' + 2y = 0`"
        if question_num % 2 == 0
        else "solve the following differential equation: `y'' - 4y' + 4y = e^x`"
    )


async def test_the_conversation_run_example(
    mistral_async_client: Mistral, mistral_test_server: MistralTestServer
) -> None:
    async with RunContext(model=MODEL, output_format=MathDemonstration) as run_ctx:
        run_ctx.register_func(math_question_generator)
        run_result = await mistral_async_client.beta.conversations.run_async(
            run_ctx=run_ctx,
            instructions="Use the code interpreter to help you when asked mathematical questions.",
            inputs=[
                {"role": "user", "content": "hey"},
                {"role": "assistant", "content": "hello"},
                {"role": "user", "content": "Request a math question and answer it."},
            ],
            tools=[{"type": "code_interpreter"}],
        )
    call, result, answer = run_result.output_entries
    assert isinstance(call, FunctionCallEntry)
    assert call.name == "math_question_generator"
    assert isinstance(result, FunctionResultEntry)
    assert result.tool_call_id == call.tool_call_id
    assert result.result == math_question_generator(json.loads(str(call.arguments))["question_num"])
    assert isinstance(answer, MessageOutputEntry)
    assert isinstance(run_result.output_as_model, MathDemonstration)
    assert [e.role for e in run_result.input_entries] == ["user", "assistant", "user"]  # type: ignore[union-attr]
    assert run_result.conversation_id == run_ctx.conversation_id
    assert run_ctx.request_count == 2

    start, append = conversation_bodies(mistral_test_server)
    assert start["model"] == MODEL
    assert start["instructions"].startswith("Use the code interpreter")
    assert start["tools"][0] == {"type": "code_interpreter"}
    function = start["tools"][1]["function"]
    assert function["name"] == "math_question_generator"
    assert function["parameters"]["properties"]["question_num"]["type"] == "integer"
    assert start["completion_args"]["response_format"]["json_schema"]["name"] == "MathDemonstration"
    assert start["inputs"][1] == {
        "role": "assistant",
        "content": "hello",
        "object": "entry",
        "type": "message.input",
    }
    assert append["inputs"] == [
        {
            "tool_call_id": call.tool_call_id,
            "result": result.result,
            "object": "entry",
            "type": "function.result",
        }
    ]
    assert append["completion_args"] == start["completion_args"]


def get_weather(city: str) -> str:
    """The weather in a city.

    :param city: the city's name.
    """
    return f"sunny in {city}"


def test_sync_run_runs_functions_on_the_calling_thread(mistral_client: Mistral) -> None:
    threads: list[int] = []

    def where(city: str) -> str:
        """Where it runs."""
        threads.append(threading.get_ident())
        return city

    with RunContext(model=MODEL) as run_ctx:
        run_ctx.register_func(where)
        result = mistral_client.beta.conversations.run(
            run_ctx=run_ctx, inputs='[call:where {"city": "Paris"}]'
        )
    assert threads == [threading.get_ident()]
    assert result.output_as_text == "The tool answered: Paris"


async def test_run_async_runs_plain_functions_off_the_event_loop(
    mistral_async_client: Mistral,
) -> None:
    threads: list[int] = []

    def blocking(city: str) -> str:
        """Blocks its thread."""
        threads.append(threading.get_ident())
        return city

    async with RunContext(model=MODEL) as run_ctx:
        run_ctx.register_func(blocking)
        await mistral_async_client.beta.conversations.run_async(run_ctx=run_ctx, inputs="x")
    assert threads
    assert threads[0] != threading.get_ident()


async def test_calls_of_one_round_run_concurrently(mistral_async_client: Mistral) -> None:
    first_started, second_started = anyio.Event(), anyio.Event()

    async def first() -> str:
        """Waits for the second."""
        first_started.set()
        await second_started.wait()
        return "one"

    async def second() -> str:
        """Waits for the first."""
        second_started.set()
        await first_started.wait()
        return "two"

    async with RunContext(model=MODEL) as run_ctx:
        run_ctx.register_func(first)
        run_ctx.register_func(second)
        with anyio.fail_after(5):
            result = await mistral_async_client.beta.conversations.run_async(
                run_ctx=run_ctx, inputs="[call:first & second]"
            )
    assert result.output_as_text == "The tool answered: one; two"


def test_a_context_left_open_does_not_keep_the_interpreter_alive() -> None:
    script = """
from mistralai.extra.run.context import RunContext
from mistralai.extra.run.result import FunctionCallEntry

run_ctx = RunContext(model="m")

@run_ctx.register_func
async def ping() -> str:
    return "pong"

call = FunctionCallEntry(tool_call_id="c1", name="ping", arguments="{}")
print(run_ctx.execute_function_calls_sync([call])[0].result)
"""
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=True
    )
    assert done.stdout.strip() == "pong"


def test_sync_run_awaits_async_functions_on_its_loop_thread(mistral_client: Mistral) -> None:
    async def lookup(city: str) -> str:
        """An async lookup."""
        await anyio.lowlevel.checkpoint()
        return f"found {city}"

    with RunContext(model=MODEL) as run_ctx:
        run_ctx.register_func(lookup)
        result = mistral_client.beta.conversations.run(
            run_ctx=run_ctx, inputs='[call:lookup {"city": "Rome"}]'
        )
    assert result.output_as_text == "The tool answered: found Rome"


async def test_a_streamed_run_with_chained_function_calls(
    mistral_async_client: Mistral, mistral_test_server: MistralTestServer
) -> None:
    class WeatherResult(pydantic.BaseModel):
        user: str
        location: str
        temperature: float

    async with RunContext(model=MODEL, output_format=WeatherResult) as run_ctx:

        @run_ctx.register_func
        def get_location(name: str) -> str:
            """function to get location of a user.

            Args:
                name: name of the user.
            """
            return "Tokyo"

        run_ctx.register_func(get_weather)
        events = await mistral_async_client.beta.conversations.run_stream_async(
            run_ctx=run_ctx,
            inputs='Weather at John\'s? [call:get_location {"name": "John"}] '
            '[call:get_weather {"city": "Tokyo"}]',
        )
        items = [item async for item in events]

    run_result = items[-1]
    assert isinstance(run_result, RunResult)
    events_seen = items[:-1]
    assert all(isinstance(e, RunResultEvents) for e in events_seen)
    names = [e.event for e in events_seen]  # type: ignore[union-attr]
    assert names.count("conversation.response.started") == 3
    assert names.count("function.call.delta") == 4
    results = [e.data for e in events_seen if e.event == "function.result"]  # type: ignore[union-attr]
    assert [r.result for r in results] == ["Tokyo", "sunny in Tokyo"]
    assert all(isinstance(r, FunctionResultEvent) for r in results)

    kinds = [type(e) for e in run_result.output_entries]
    assert kinds == [FunctionCallEntry, FunctionResultEntry] * 2 + [MessageOutputEntry]
    call = run_result.output_entries[0]
    assert isinstance(call, FunctionCallEntry)
    assert json.loads(str(call.arguments)) == {"name": "John"}
    assert call.tool_call_id == results[0].tool_call_id
    assert isinstance(run_result.output_as_model, WeatherResult)
    assert run_result.conversation_id is not None
    streamed = [body.get("stream") for body in conversation_bodies(mistral_test_server)]
    assert streamed == [True, True, True]


def test_sync_run_stream(mistral_client: Mistral) -> None:
    with RunContext(model=MODEL) as run_ctx:
        run_ctx.register_func(get_weather)
        items = list(
            mistral_client.beta.conversations.run_stream(
                run_ctx=run_ctx, inputs='[call:get_weather {"city": "Oslo"}]'
            )
        )
    result = items[-1]
    assert isinstance(result, RunResult)
    text = "".join(
        str(e.data.content)
        for e in items[:-1]
        if e.event == "message.output.delta"  # type: ignore[union-attr]
    )
    assert text == result.output_as_text == "The tool answered: sunny in Oslo"
    assert [e.event for e in items[:-1]].index("function.result") == 4  # type: ignore[union-attr]


def test_a_streamed_run_and_a_plain_one_produce_the_same_entries(
    mistral_client: Mistral,
) -> None:
    def run(stream: bool) -> list[dict[str, Any]]:
        with RunContext(model=MODEL) as run_ctx:
            run_ctx.register_func(get_weather)
            inputs = '[call:get_weather {"city": "Lima"}]'
            conversations = mistral_client.beta.conversations
            if stream:
                *_, result = conversations.run_stream(run_ctx=run_ctx, inputs=inputs)
            else:
                result = conversations.run(run_ctx=run_ctx, inputs=inputs)
        assert isinstance(result, RunResult)
        fields = ("type", "name", "arguments", "result", "content", "role", "model")
        return [
            {k: v for k, v in e.model_dump().items() if k in fields} for e in result.output_entries
        ]

    assert run(stream=True) == run(stream=False)


def test_leaving_a_streamed_run_early_releases_its_connection(
    mistral_test_server: MistralTestServer,
) -> None:
    one_connection = httpx.Client(limits=httpx.Limits(max_connections=1))
    with (
        Mistral(api_key="k", server_url=mistral_test_server.url, client=one_connection) as client,
        RunContext(model=MODEL) as run_ctx,
    ):
        run_ctx.register_func(get_weather)
        events = client.beta.conversations.run_stream(run_ctx=run_ctx, inputs="hi")
        first = next(events)
        events.close()
        assert isinstance(first, RunResultEvents)
        assert first.event == "conversation.response.started"
        again = client.beta.conversations.start(
            model=MODEL, inputs="still there?", timeout_ms=2_000
        )
    assert again.outputs[0].content == "You said: still there?"
    assert run_ctx.request_count == 0
    one_connection.close()


@pytest.mark.parametrize("continue_on_fn_error", [True, False])
async def test_a_raising_function(
    mistral_async_client: Mistral, continue_on_fn_error: bool
) -> None:
    def broken(city: str) -> str:
        """Always fails."""
        raise LookupError(f"no station in {city}")

    async with RunContext(model=MODEL, continue_on_fn_error=continue_on_fn_error) as run_ctx:
        run_ctx.register_func(broken)
        run = mistral_async_client.beta.conversations.run_async(
            run_ctx=run_ctx, inputs='[call:broken {"city": "Nice"}]'
        )
        if continue_on_fn_error:
            result = await run
            sent = result.output_entries[1]
            assert isinstance(sent, FunctionResultEntry)
            assert sent.result == "Calling broken failed: LookupError: no station in Nice"
            assert result.output_as_text == f"The tool answered: {sent.result}"
            return
        with pytest.raises(FunctionCallError, match="LookupError: no station in Nice") as caught:
            await run
    assert isinstance(caught.value.__cause__, LookupError)
    assert caught.value.name == "broken"
    assert json.loads(caught.value.arguments) == {"city": "Nice"}
    assert isinstance(caught.value, RunException)


@pytest.mark.parametrize("continue_on_fn_error", [True, False])
def test_invalid_arguments_never_reach_the_function(
    mistral_client: Mistral, continue_on_fn_error: bool
) -> None:
    calls: list[int] = []

    def count(n: int) -> int:
        """Counts."""
        calls.append(n)
        return n

    with RunContext(model=MODEL, continue_on_fn_error=continue_on_fn_error) as run_ctx:
        run_ctx.register_func(count)
        inputs = '[call:count {"n": "many"}]'
        if continue_on_fn_error:
            result = mistral_client.beta.conversations.run(run_ctx=run_ctx, inputs=inputs)
            assert "invalid arguments: n: Input should be a valid integer" in result.output_as_text
        else:
            with pytest.raises(FunctionCallError, match="invalid arguments"):
                mistral_client.beta.conversations.run(run_ctx=run_ctx, inputs=inputs)
    assert calls == []


def test_one_failure_cancels_the_other_calls_of_its_round(mistral_client: Mistral) -> None:
    finished: list[str] = []

    async def slow() -> str:
        """Takes its time."""
        await anyio.sleep(10)
        finished.append("slow")
        return "late"

    def broken() -> str:
        """Fails at once."""
        raise RuntimeError("down")

    async def main() -> None:
        async with Mistral(api_key="k", server_url=mistral_client.config.server_url) as client:
            async with RunContext(model=MODEL) as run_ctx:
                run_ctx.register_func(slow)
                run_ctx.register_func(broken)
                with anyio.fail_after(5), pytest.raises(FunctionCallError, match="down"):
                    await client.beta.conversations.run_async(
                        run_ctx=run_ctx, inputs="[call:slow & broken]"
                    )

    anyio.run(main)
    assert finished == []


@pytest.mark.parametrize("stream", [False, True])
def test_a_model_that_keeps_calling_tools_is_stopped(
    mistral_client: Mistral, mistral_test_server: MistralTestServer, stream: bool
) -> None:
    with RunContext(model=MODEL, max_tool_rounds=3) as run_ctx:
        run_ctx.register_func(get_weather)
        conversations = mistral_client.beta.conversations
        with pytest.raises(ToolRoundsExceededError, match="max_tool_rounds=3") as caught:
            if stream:
                list(conversations.run_stream(run_ctx=run_ctx, inputs="loop [keep-calling]"))
            else:
                conversations.run(run_ctx=run_ctx, inputs="loop [keep-calling]")
    error = caught.value
    assert error.max_tool_rounds == 3
    assert len(conversation_bodies(mistral_test_server)) == 4
    kinds = [e.type for e in error.result.output_entries]
    assert kinds == ["function.call", "function.result"] * 3 + ["function.call"]
    assert error.result.conversation_id == run_ctx.conversation_id


def test_no_tool_rounds_at_all(mistral_client: Mistral) -> None:
    with RunContext(model=MODEL, max_tool_rounds=0) as run_ctx:
        run_ctx.register_func(get_weather)
        with pytest.raises(ToolRoundsExceededError):
            mistral_client.beta.conversations.run(run_ctx=run_ctx, inputs="hello")
        result = mistral_client.beta.conversations.run(
            run_ctx=RunContext(model=MODEL, max_tool_rounds=0), inputs="no tools offered"
        )
    assert result.output_as_text == "You said: no tools offered"


def test_a_call_to_a_function_the_context_does_not_run_ends_the_run(
    mistral_client: Mistral,
) -> None:
    with RunContext(model=MODEL) as run_ctx:
        run_ctx.register_func(get_weather)
        result = mistral_client.beta.conversations.run(
            run_ctx=run_ctx,
            inputs="[call:book_flight]",
            tools=[
                {
                    "type": "function",
                    "function": {"name": "book_flight", "parameters": {"type": "object"}},
                }
            ],
        )
    (call,) = result.output_entries
    assert isinstance(call, FunctionCallEntry)
    assert call.name == "book_flight"
    with pytest.raises(RunException, match="parse"):
        RunResult(input_entries=[], output_entries=[call], output_model=Explanation).output_as_model  # noqa: B018
    assert result.output_as_text == ""


def test_a_registered_function_replaces_a_given_one_of_the_same_name(
    mistral_client: Mistral, mistral_test_server: MistralTestServer
) -> None:
    stale = {"type": "function", "function": {"name": "get_weather", "parameters": {}}}
    with RunContext(model=MODEL) as run_ctx:
        run_ctx.register_func(get_weather)
        mistral_client.beta.conversations.run(
            run_ctx=run_ctx, inputs="hi", tools=[{"type": "web_search"}, stale]
        )
    tools = conversation_bodies(mistral_test_server)[0]["tools"]
    assert [t["type"] for t in tools] == ["web_search", "function"]
    assert tools[1]["function"]["description"] == "The weather in a city."


async def test_a_second_run_continues_the_conversation(
    mistral_async_client: Mistral, mistral_test_server: MistralTestServer
) -> None:
    async with RunContext(model=MODEL) as run_ctx:
        run_ctx.register_func(get_weather)
        first = await mistral_async_client.beta.conversations.run_async(
            run_ctx=run_ctx, inputs="Paris?", name="weather chat"
        )
        second = await mistral_async_client.beta.conversations.run_async(
            run_ctx=run_ctx, inputs='[call:get_weather {"city": "Bern"}]'
        )
    assert first.conversation_id == second.conversation_id
    assert second.output_as_text == "The tool answered: sunny in Bern"
    bodies = conversation_bodies(mistral_test_server)
    assert bodies[0]["name"] == "weather chat"
    assert [("model" in b, "name" in b) for b in bodies] == [(True, True)] + [(False, False)] * 3
    history = await mistral_async_client.beta.conversations.get_history_async(first.conversation_id)
    assert len(history.entries) == 8
    assert isinstance(second.input_entries[0], MessageInputEntry)


async def test_an_agent_gets_the_contexts_tools_once(
    mistral_async_client: Mistral, mistral_test_server: MistralTestServer
) -> None:
    beta = mistral_async_client.beta
    agent = await beta.agents.create_async(
        model=MODEL, name="weather", tools=[{"type": "web_search"}]
    )

    class Forecast(pydantic.BaseModel):
        city: str

    for _ in range(2):
        async with RunContext(agent_id=agent.id, output_format=Forecast) as run_ctx:
            run_ctx.register_func(get_weather)
            result = await beta.conversations.run_async(run_ctx=run_ctx, inputs="Weather?")
        assert isinstance(result.output_as_model, Forecast)
        assert result.output_entries[0].type == "function.call"
    updated = await beta.agents.get_async(agent_id=agent.id)
    assert [t.type for t in updated.tools] == ["web_search", "function"]
    assert updated.version == 1
    assert updated.completion_args is not None
    assert updated.completion_args.response_format is not None
    patches = [r for r in mistral_test_server.requests if r.method == "PATCH"]
    assert len(patches) == 1
    with pytest.raises(RunException, match="belong to the agent"):
        await beta.conversations.run_async(
            run_ctx=RunContext(agent_id=agent.id), inputs="x", instructions="no"
        )


def test_inputs_and_contexts_are_checked_before_anything_is_sent(
    mistral_client: Mistral, mistral_test_server: MistralTestServer
) -> None:
    conversations = mistral_client.beta.conversations
    with pytest.raises(RequestValidationError, match="input entry"):
        conversations.run(run_ctx=RunContext(model=MODEL), inputs=[{"type": "function.result"}])
    with pytest.raises(RunException, match="model or an agent_id"):
        conversations.run(run_ctx=RunContext(), inputs="hi")
    with pytest.raises(RunException, match="must be a RunContext"):
        conversations.run(run_ctx=object(), inputs="hi")  # type: ignore[arg-type]
    assert mistral_test_server.requests == []


def test_the_run_helpers_join_the_conversations_resource(mistral_client: Mistral) -> None:
    conversations = mistral_client.beta.conversations
    assert type(conversations).__name__ == "Conversations"
    for name in ("run", "run_async", "run_stream", "run_stream_async", "start", "append"):
        assert callable(getattr(conversations, name))
