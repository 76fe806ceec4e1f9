"""pydantic-ai's Mistral model on this SDK, against the local server.

Run by ``scripts/integrations.py`` inside an environment holding ``pydantic-ai-slim``
(without its ``mistral`` extra, so without the official SDK) and our mistral-core,
mistral-chat and mistral-testing wheels. The model is built as pydantic-ai's documentation
shows (``MistralProvider(api_key=..., base_url=...)``), so the HTTP client is pydantic-ai's
own ``httpx2.AsyncClient``, handed to our ``Mistral``.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

from _checks import Checks, expect, loopback_only

loopback_only()

from pydantic_ai import Agent  # noqa: E402
from pydantic_ai.exceptions import ModelAPIError, ModelHTTPError  # noqa: E402
from pydantic_ai.models.mistral import MistralModel  # noqa: E402
from pydantic_ai.providers.mistral import MistralProvider  # noqa: E402

from mistralai.testing import Fault, MistralTestServer  # noqa: E402

KEY = "test-key-for-the-local-server"


def main() -> None:
    checks = Checks("pydantic-ai")
    with MistralTestServer() as server:
        provider = MistralProvider(api_key=KEY, base_url=server.url)
        model = MistralModel("mistral-small-latest", provider=provider)

        def fresh() -> list[Any]:
            server.reset()
            return server.requests

        def plain() -> str:
            sent = fresh()
            result = Agent(model).run_sync("Hello there")
            expect(result.output == "You said: Hello there", f"answered {result.output!r}")
            (request,) = sent
            expect(request.path == "/v1/chat/completions", f"sent to {request.path}")
            expect(request.headers["authorization"] == f"Bearer {KEY}", "not our key")
            expect(request.headers["user-agent"].startswith("pydantic-ai/"), "not its user agent")
            body = request.json()
            expect(body["messages"] == [{"role": "user", "content": "Hello there"}], str(body))
            expect(body["stream"] is False, "stream is not false")
            usage = result.usage
            expect(usage.input_tokens > 0 and usage.output_tokens > 0, f"usage {usage}")
            return f"{result.output!r}, usage {usage.input_tokens}+{usage.output_tokens} tokens"

        async def stream() -> str:
            sent = fresh()
            agent = Agent(model)
            async with agent.run_stream("Tell me a story") as result:
                deltas = [d async for d in result.stream_text(delta=True, debounce_by=None)]
            text = "".join(deltas)
            expect(text == "You said: Tell me a story", f"streamed {text!r}")
            expect(len(deltas) > 1, f"one piece only: {deltas!r}")
            (request,) = sent
            expect(request.json()["stream"] is True, "not asked as a stream")
            expect(request.headers["accept"] == "text/event-stream", "not an event stream")
            return f"{len(deltas)} deltas joined to {text!r}"

        def tool_agent() -> tuple[Agent[None, str], list[tuple[int, int]]]:
            calls: list[tuple[int, int]] = []
            agent = Agent(model)

            @agent.tool_plain
            def add(a: int, b: int) -> int:
                """Add two integers."""
                calls.append((a, b))
                return a + b

            return agent, calls

        def round_trip_requests(sent: list[Any], calls: list[tuple[int, int]]) -> str:
            # The local model calls the tool with arguments generated from its schema (1 and
            # 1), then quotes what the tool returned.
            expect(calls == [(1, 1)], f"the tool was called with {calls}")
            expect(len(sent) == 2, f"{len(sent)} requests")
            first, second = (r.json() for r in sent)
            (tool,) = first["tools"]
            expect(tool["function"]["name"] == "add", json.dumps(tool))
            expect(tool["function"]["parameters"]["required"] == ["a", "b"], json.dumps(tool))
            expect(first["tool_choice"] == "auto", f"tool_choice {first['tool_choice']!r}")
            assistant, tool_message = second["messages"][-2:]
            (tool_call,) = assistant["tool_calls"]
            expect(tool_message["role"] == "tool", json.dumps(tool_message))
            expect(tool_message["tool_call_id"] == tool_call["id"], "the tool result's id differs")
            expect(tool_message["content"] == "2", f"tool result {tool_message['content']!r}")
            return f"add{calls[0]} = 2 went back as tool message {tool_call['id']}"

        def tool_round_trip() -> str:
            sent = fresh()
            agent, calls = tool_agent()
            result = agent.run_sync("What is 1 + 1?")
            expect(result.output == "The tool answered: 2", f"answered {result.output!r}")
            return round_trip_requests(sent, calls)

        async def streamed_tool_round_trip() -> str:
            sent = fresh()
            agent, calls = tool_agent()
            async with agent.run_stream("What is 1 + 1?") as result:
                output = await result.get_output()
            expect(output == "The tool answered: 2", f"answered {output!r}")
            expect(all(r.json()["stream"] for r in sent), "not streamed")
            return round_trip_requests(sent, calls)

        def http_error() -> str:
            sent = fresh()
            server.faults.add(Fault.status(429, body={"message": "slow down"}), times=1)
            try:
                # max_retries=0 makes pydantic-ai pass retries=None: one attempt only
                Agent(model).run_sync("Hi", model_settings={"max_retries": 0})
            except ModelHTTPError as exc:
                expect(exc.status_code == 429, f"status {exc.status_code}")
                expect("slow down" in str(exc.body), f"body {exc.body!r}")
                expect(len(sent) == 1, f"{len(sent)} attempts with max_retries=0")
                return f"{type(exc).__name__} {exc.status_code} after one attempt"
            raise AssertionError("no error raised")

        def unreachable() -> str:
            offline = MistralModel(
                "mistral-small-latest",
                provider=MistralProvider(api_key=KEY, base_url="http://127.0.0.1:9"),
            )
            try:
                Agent(offline).run_sync("Hi", model_settings={"max_retries": 0})
            except ModelAPIError as exc:
                expect("failed before a response arrived" in str(exc), str(exc))
                return f"{type(exc).__name__}: {exc.message[:60]}..."
            raise AssertionError("no error raised")

        checks.run("a plain answer", plain)
        checks.run("a streamed answer (another event loop)", lambda: asyncio.run(stream()))
        checks.run("a tool call round trip", tool_round_trip)
        checks.run(
            "a streamed tool call round trip", lambda: asyncio.run(streamed_tool_round_trip())
        )
        checks.run("an HTTP error, no retry", http_error)
        checks.run("a connection refused", unreachable)
    checks.finish()


if __name__ == "__main__":
    main()
