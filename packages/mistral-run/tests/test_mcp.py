"""Runs with real MCP servers: a stdio process, streamable HTTP and SSE on 127.0.0.1."""

from __future__ import annotations

import asyncio
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import anyio
import anyio.lowlevel
import pydantic
import pytest

from mistralai import Mistral
from mistralai.extra.exceptions import FunctionCallError, MCPException, RunException
from mistralai.extra.mcp.base import MCPClientBase, MCPClientProtocol
from mistralai.extra.mcp.sse import MCPClientSSE, SSEServerParams
from mistralai.extra.mcp.stdio import MCPClientSTDIO
from mistralai.extra.mcp.streamable_http import (
    MCPClientStreamableHTTP,
    StreamableHTTPServerParams,
)
from mistralai.extra.run.context import RunContext
from mistralai.extra.run.result import FunctionResultEntry, RunResult
from mistralai.testing import MistralTestServer

from .conftest import MODEL, stdio_params

WEATHER_IN_TOKYO = "21.5 degrees and sunny in Tokyo"


class WeatherResult(pydantic.BaseModel):
    user: str
    location: str
    temperature: float


def gone(pid: int, within: float = 10) -> bool:
    """Whether process ``pid`` has ended (and been reaped) within ``within`` seconds."""
    deadline = time.monotonic() + within
    while True:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.05)


async def test_the_run_with_mcp_over_stdio_example(mistral_async_client: Mistral) -> None:
    weather_agent = await mistral_async_client.beta.agents.create_async(
        model=MODEL,
        name="weather teller",
        instructions="You are able to tell the weather.",
        description="",
    )
    async with RunContext(
        agent_id=weather_agent.id, output_format=WeatherResult, continue_on_fn_error=True
    ) as run_ctx:

        @run_ctx.register_func
        def get_location(name: str) -> str:
            """function to get location of a user.

            Args:
                name: name of the user.
            """
            return "Tokyo"

        mcp_client = MCPClientSTDIO(stdio_params=stdio_params())
        await run_ctx.register_mcp_client(mcp_client=mcp_client)
        pid = int(text_of(await mcp_client.execute_tool("server_pid", {})))
        run_result = await mistral_async_client.beta.conversations.run_async(
            run_ctx=run_ctx,
            inputs="Tell me the weather in John's location currently. "
            '[call:get_location {"name": "John"}] [call:get_weather {"location": "Tokyo"}]',
        )
        agent = await mistral_async_client.beta.agents.get_async(agent_id=weather_agent.id)
    results = [e.result for e in run_result.output_entries if isinstance(e, FunctionResultEntry)]
    assert results == ["Tokyo", WEATHER_IN_TOKYO]
    assert isinstance(run_result.output_as_model, WeatherResult)
    names = {t.function.name for t in agent.tools if t.type == "function"}
    assert {"get_location", "get_weather", "slow", "broken", "radar"} <= names
    assert gone(pid)


async def written(path: Path) -> None:
    """Wait until another process wrote ``path``."""
    for _ in range(400):
        if await anyio.Path(path).exists():
            return
        await anyio.sleep(0.05)
    raise TimeoutError(f"{path} was never written")


async def test_the_run_stream_example(mistral_async_client: Mistral) -> None:
    weather_agent = await mistral_async_client.beta.agents.create_async(
        model=MODEL,
        name="weather teller",
        instructions="You are able to tell the weather.",
        description="",
    )
    async with RunContext(agent_id=weather_agent.id, output_format=WeatherResult) as run_ctx:

        @run_ctx.register_func
        def get_location(name: str) -> str:
            """function to get location of a user.

            Args:
                name: name of the user.
            """
            return "Tokyo"

        mcp_client = MCPClientSTDIO(stdio_params=stdio_params())
        await run_ctx.register_mcp_client(mcp_client=mcp_client)
        events = await mistral_async_client.beta.conversations.run_stream_async(
            run_ctx=run_ctx,
            inputs="Tell me the weather in John's location currently. "
            '[call:get_location {"name": "John"}] [call:get_weather {"location": "Tokyo"}]',
        )
        run_result = None
        seen: list[str] = []
        async for event in events:
            if isinstance(event, RunResult):
                run_result = event
            else:
                seen.append(event.event)
    assert run_result is not None
    assert isinstance(run_result.output_as_model, WeatherResult)
    results = [e.result for e in run_result.output_entries if isinstance(e, FunctionResultEntry)]
    assert results == ["Tokyo", WEATHER_IN_TOKYO]
    assert seen.count("function.result") == 2
    assert seen[-1] == "conversation.response.done"


def text_of(chunks: list[Any]) -> str:
    return "".join(chunk["text"] for chunk in chunks)


def http_client(transport: str, url: str) -> MCPClientBase:
    if transport == "sse":
        return MCPClientSSE(sse_params=SSEServerParams(url=url))
    return MCPClientStreamableHTTP(params=StreamableHTTPServerParams(url=url))


@pytest.fixture(params=["streamable-http", "sse"])
def remote_client(
    request: pytest.FixtureRequest, streamable_http_url: str, sse_url: str
) -> Callable[[], MCPClientBase]:
    url = streamable_http_url if request.param == "streamable-http" else sse_url
    return lambda: http_client(request.param, url)


async def test_a_run_with_mcp_over_http(
    mistral_async_client: Mistral,
    mistral_test_server: MistralTestServer,
    remote_client: Callable[[], MCPClientBase],
) -> None:
    async with RunContext(model=MODEL) as run_ctx:
        await run_ctx.register_mcp_client(remote_client())
        result = await mistral_async_client.beta.conversations.run_async(
            run_ctx=run_ctx, inputs='[call:get_weather {"location": "Tokyo"}]'
        )
    assert result.output_as_text == f"The tool answered: {WEATHER_IN_TOKYO}"
    start = mistral_test_server.requests[0].json()
    tools = {t["function"]["name"]: t["function"] for t in start["tools"]}
    assert tools["get_weather"]["description"] == "The current weather at a location."
    assert tools["get_weather"]["parameters"]["required"] == ["location"]


def test_a_sync_run_with_mcp_over_http(
    mistral_client: Mistral, remote_client: Callable[[], MCPClientBase]
) -> None:
    with RunContext(model=MODEL) as run_ctx:
        run_ctx.register_mcp_client_sync(remote_client())
        *_, result = mistral_client.beta.conversations.run_stream(
            run_ctx=run_ctx, inputs='[call:get_weather {"location": "Tokyo"}]'
        )
    assert isinstance(result, RunResult)
    assert result.output_as_text == f"The tool answered: {WEATHER_IN_TOKYO}"


def test_a_sync_run_with_mcp_over_stdio_closes_the_server(mistral_client: Mistral) -> None:
    with RunContext(model=MODEL) as run_ctx:
        mcp_client = MCPClientSTDIO(stdio_params=stdio_params(), name="weather")
        run_ctx.register_mcp_client_sync(mcp_client)
        result = mistral_client.beta.conversations.run(
            run_ctx=run_ctx, inputs='[call:server_pid] [call:get_weather {"location": "Tokyo"}]'
        )
        pid = int(result.output_entries[1].result)  # type: ignore[union-attr]
        assert not gone(pid, within=0)
    assert result.output_as_text == f"The tool answered: {WEATHER_IN_TOKYO}"
    assert gone(pid)
    assert not run_ctx.has_tool("get_weather")


@pytest.mark.parametrize("continue_on_fn_error", [True, False])
async def test_a_failing_mcp_tool(
    mistral_async_client: Mistral, streamable_http_url: str, continue_on_fn_error: bool
) -> None:
    async with RunContext(model=MODEL, continue_on_fn_error=continue_on_fn_error) as run_ctx:
        await run_ctx.register_mcp_client(http_client("streamable-http", streamable_http_url))
        run = mistral_async_client.beta.conversations.run_async(
            run_ctx=run_ctx, inputs="[call:broken]"
        )
        if not continue_on_fn_error:
            with pytest.raises(FunctionCallError, match="weather station is offline") as caught:
                await run
            assert isinstance(caught.value.__cause__, MCPException)
            return
        result = await run
    sent = result.output_entries[1]
    assert isinstance(sent, FunctionResultEntry)
    assert sent.result.startswith("Calling broken failed: the MCP tool broken")
    assert "the weather station is offline" in sent.result


async def test_content_that_is_not_text_is_a_tool_error(streamable_http_url: str) -> None:
    async with RunContext(model=MODEL) as run_ctx:
        client = http_client("streamable-http", streamable_http_url)
        await run_ctx.register_mcp_client(client)
        with pytest.raises(MCPException, match="image content"):
            await client.execute_tool("radar", {})


def cancelled_run(server_url: str, started: Path, backend: str) -> list[str]:
    """Start a run whose MCP tool takes 30 s and cancel it once the tool runs; how the run
    ended."""
    outcome: list[str] = []

    async def run(task_status: Any = anyio.TASK_STATUS_IGNORED) -> None:
        with anyio.CancelScope() as scope:
            task_status.started(scope)
            async with (
                Mistral(api_key="k", server_url=server_url) as client,
                RunContext(model=MODEL) as run_ctx,
            ):
                params = stdio_params(MCP_STARTED_FILE=str(started))
                await run_ctx.register_mcp_client(MCPClientSTDIO(stdio_params=params))
                await client.beta.conversations.run_async(
                    run_ctx=run_ctx, inputs='[call:slow {"seconds": 30}]'
                )
                outcome.append("finished")
        outcome.append("cancelled" if scope.cancelled_caught else "left")

    async def main() -> None:
        with anyio.fail_after(20):
            async with anyio.create_task_group() as tasks:
                scope = await tasks.start(run)
                await written(started)
                scope.cancel()

    anyio.run(main, backend=backend)
    return outcome


@pytest.mark.parametrize("backend", ["asyncio", "trio"])
def test_cancelling_a_run_while_an_mcp_tool_runs_ends_the_server(
    mistral_test_server: MistralTestServer, tmp_path: Path, backend: str
) -> None:
    started = tmp_path / "started"
    assert cancelled_run(mistral_test_server.url, started, backend) == ["cancelled"]
    assert gone(int(started.read_text()))


def test_cancelling_the_asyncio_task_of_a_run_ends_the_server(
    mistral_test_server: MistralTestServer, tmp_path: Path
) -> None:
    started = tmp_path / "started"

    async def run() -> None:
        async with (
            Mistral(api_key="k", server_url=mistral_test_server.url) as client,
            RunContext(model=MODEL) as run_ctx,
        ):
            params = stdio_params(MCP_STARTED_FILE=str(started))
            await run_ctx.register_mcp_client(MCPClientSTDIO(stdio_params=params))
            await client.beta.conversations.run_async(
                run_ctx=run_ctx, inputs='[call:slow {"seconds": 30}]'
            )

    async def main() -> None:
        task = asyncio.ensure_future(run())
        await written(started)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await asyncio.wait_for(task, 20)

    asyncio.run(main())
    assert gone(int(started.read_text()))


def test_a_run_with_mcp_over_stdio_under_trio(mistral_test_server: MistralTestServer) -> None:
    async def main() -> RunResult:
        async with (
            Mistral(api_key="k", server_url=mistral_test_server.url) as client,
            RunContext(model=MODEL) as run_ctx,
        ):
            await run_ctx.register_mcp_clients([MCPClientSTDIO(stdio_params=stdio_params())])

            @run_ctx.register_func
            async def get_location(name: str) -> str:
                """Where a user is."""
                await anyio.lowlevel.checkpoint()
                return "Tokyo"

            events = await client.beta.conversations.run_stream_async(
                run_ctx=run_ctx,
                inputs='[call:get_location {"name": "Ann"}] '
                '[call:get_weather {"location": "Tokyo"}]',
            )
            items = [item async for item in events]
        result = items[-1]
        assert isinstance(result, RunResult)
        return result

    result = anyio.run(main, backend="trio")
    assert result.output_as_text == f"The tool answered: {WEATHER_IN_TOKYO}"


async def test_mcp_clients_live_on_one_side_of_a_context(
    mistral_async_client: Mistral, streamable_http_url: str
) -> None:
    run_ctx = RunContext(model=MODEL)
    await run_ctx.register_mcp_client(http_client("streamable-http", streamable_http_url))
    with pytest.raises(RunException, match="one place"):
        run_ctx.register_mcp_client_sync(http_client("streamable-http", streamable_http_url))
    with pytest.raises(RunException, match=r"closed with `await run_ctx.aclose\(\)`"):
        run_ctx.close()
    with pytest.raises(RunException, match="use run_async"):
        await anyio.to_thread.run_sync(
            lambda: Mistral(
                api_key="k", server_url=mistral_async_client.config.server_url
            ).beta.conversations.run(run_ctx=run_ctx, inputs="[call:get_weather]")
        )
    await run_ctx.aclose()

    with RunContext(model=MODEL) as sync_ctx:
        sync_ctx.register_mcp_client_sync(http_client("streamable-http", streamable_http_url))
        with pytest.raises(RunException, match="use run / run_stream"):
            await mistral_async_client.beta.conversations.run_async(
                run_ctx=sync_ctx, inputs="[call:get_weather]"
            )


async def test_a_server_that_cannot_be_reached(tmp_path: Path) -> None:
    from mcp import StdioServerParameters

    missing = StdioServerParameters(command=str(tmp_path / "no-such-server"))
    async with RunContext(model=MODEL) as run_ctx:
        with pytest.raises(MCPException, match="could not connect"):
            await run_ctx.register_mcp_client(MCPClientSTDIO(stdio_params=missing, name="nowhere"))
        closed = http_client("streamable-http", "http://127.0.0.1:9/mcp")
        with pytest.raises(MCPException, match="could not connect"):
            await run_ctx.register_mcp_client(closed)
        assert run_ctx.get_tools() == []


async def test_an_mcp_client_on_its_own(streamable_http_url: str) -> None:
    client = http_client("streamable-http", streamable_http_url)
    assert isinstance(client, MCPClientProtocol)
    with pytest.raises(MCPException, match="not connected"):
        await client.get_tools()
    await client.initialize()
    try:
        prompts = await client.list_system_prompts()
        assert [p.name for p in prompts.prompts] == ["forecaster"]
        prompt = await client.get_system_prompt("forecaster", {"city": "Oslo"})
        assert prompt["messages"] == [
            {
                "role": "user",
                "content": {"type": "text", "text": "You forecast the weather of Oslo."},
            }
        ]
        weather = await client.execute_tool("get_weather", {"location": "Tokyo"})
        assert weather == [{"type": "text", "text": WEATHER_IN_TOKYO}]
    finally:
        await client.aclose()
    with pytest.raises(MCPException, match="not connected"):
        await client.get_tools()
