"""llama-index's ``MistralAI`` LLM on this SDK, against the local server.

Run by ``scripts/integrations.py`` inside an environment holding
``llama-index-llms-mistralai`` (installed without its dependencies, so without the official
SDK), ``llama-index-core``, and our mistral-core, mistral-chat, mistral-testing and
mistral-azure wheels. The Azure-configured LLM (``MistralAI(azure_endpoint=...,
azure_api_key=...)``) talks to a local Azure stand-in: mistral-testing's server with Azure's
routes only, which refuses a request without a Bearer token (and Foundry's without
``api-version``).
"""

from __future__ import annotations

import asyncio
import os
from typing import Any

from _checks import Checks, expect, loopback_only

loopback_only()

from llama_index.core.agent.workflow import FunctionAgent  # noqa: E402
from llama_index.core.llms import ChatMessage  # noqa: E402
from llama_index.core.tools import FunctionTool  # noqa: E402
from llama_index.llms.mistralai import MistralAI  # noqa: E402

from mistralai.testing import JSONResponse, MistralTestServer, Request, Response, Router  # noqa: E402
from mistralai.testing.fakes import chat  # noqa: E402

KEY = "test-key-for-the-local-server"
AZURE_KEY = "azure-key-for-the-local-stand-in"
MISTRAL_KEY_IN_ENV = "mistral-key-that-must-not-reach-azure"
MAX_TOKENS = 8
"""The local model answers with exactly this many words when asked for at most that many."""


def azure_router() -> Router:
    """Azure AI's chat routes only: a serverless deployment's and Foundry's."""

    def guarded(versioned: bool) -> Any:
        def handle(request: Request) -> Response:
            scheme, _, token = request.headers.get("authorization", "").partition(" ")
            if scheme.lower() != "bearer" or not token:
                return JSONResponse({"error": {"message": "Unauthorized"}}, 401)
            if versioned and not request.arg("api-version"):
                return JSONResponse({"error": {"message": "api-version is required"}}, 400)
            return chat.completions(request)

        return handle

    router = Router()
    operation = "chat_completion_v1_chat_completions_post"
    router.add("POST", "/v1/chat/completions", guarded(False), operation)
    router.add("POST", "/models/chat/completions", guarded(True), operation)
    return router


def add(a: int, b: int) -> int:
    """Add two integers."""
    return a + b


def main() -> None:
    checks = Checks("llama-index")
    with MistralTestServer() as server:

        def make_llm() -> MistralAI:
            # One per event loop: the SDK's own httpx.AsyncClient, like the official SDK's,
            # belongs to the loop it first ran on.
            return MistralAI(
                model="mistral-small-latest",
                api_key=KEY,
                endpoint=server.url,
                max_tokens=MAX_TOKENS,
            )

        llm = make_llm()

        def fresh() -> list[Any]:
            server.reset()
            return server.requests

        def plain() -> str:
            sent = fresh()
            completion = llm.complete("Hello there")
            reply = llm.chat([ChatMessage(role="user", content="Hello there")])
            expect(completion.text.startswith("You said: Hello there"), completion.text)
            expect(len(completion.text.split()) == MAX_TOKENS, completion.text)
            expect(reply.message.content == completion.text, f"{reply.message.content!r}")
            first = sent[0]
            expect(first.headers["authorization"] == f"Bearer {KEY}", "not our key")
            body = first.json()
            expect(body["max_tokens"] == MAX_TOKENS and body["model"] == llm.model, str(body))
            return repr(completion.text)

        def stream() -> str:
            sent = fresh()
            deltas = [r.delta for r in llm.stream_complete("Tell me a story")]
            text = "".join(d for d in deltas if d)
            expect(text.startswith("You said: Tell me a story"), f"streamed {text!r}")
            expect(len(text.split()) == MAX_TOKENS, text)
            expect(len([d for d in deltas if d]) == MAX_TOKENS, f"deltas {deltas!r}")
            expect(sent[0].json()["stream"] is True, "not asked as a stream")
            return f"{len(deltas)} deltas joined to {text!r}"

        async def async_stream() -> str:
            fresh()
            llm = make_llm()
            responses = await llm.astream_chat([ChatMessage(role="user", content="Once more")])
            deltas = [r.delta async for r in responses]
            text = "".join(d for d in deltas if d)
            expect(text.startswith("You said: Once more"), f"streamed {text!r}")
            reply = await llm.achat([ChatMessage(role="user", content="Once more")])
            expect(reply.message.content == text, f"{reply.message.content!r} != {text!r}")
            return f"{len(deltas)} deltas, the same text as achat"

        def tool_round_trip() -> str:
            sent = fresh()
            tool = FunctionTool.from_defaults(add)
            history = [ChatMessage(role="user", content="What is 1 + 1?")]
            response = llm.chat_with_tools([tool], chat_history=history)
            (selection,) = llm.get_tool_calls_from_response(response)
            expect(selection.tool_name == "add", selection.tool_name)
            expect(selection.tool_kwargs == {"a": 1, "b": 1}, str(selection.tool_kwargs))
            output = tool.call(**selection.tool_kwargs)
            history.append(response.message)
            history.append(
                ChatMessage(
                    role="tool",
                    content=str(output),
                    additional_kwargs={"tool_call_id": selection.tool_id, "name": "add"},
                )
            )
            final = llm.chat(history)
            expect(final.message.content.startswith("The tool answered: 2"), final.message.content)
            first, second = (r.json() for r in sent)
            expect(first["tools"][0]["function"]["name"] == "add", str(first["tools"]))
            assistant, tool_message = second["messages"][-2:]
            expect(assistant["tool_calls"][0]["id"] == selection.tool_id, str(assistant))
            expect(tool_message["tool_call_id"] == selection.tool_id, str(tool_message))
            expect(tool_message["content"] == [{"type": "text", "text": "2"}], str(tool_message))
            return f"add(1, 1) = {output} went back as tool message {selection.tool_id}"

        async def agent_round_trip() -> str:
            sent = fresh()
            calls: list[tuple[int, int]] = []

            def counted_add(a: int, b: int) -> int:
                """Add two integers."""
                calls.append((a, b))
                return a + b

            agent = FunctionAgent(tools=[FunctionTool.from_defaults(counted_add)], llm=make_llm())
            answer = str(await agent.run("What is 1 + 1?"))
            expect(calls == [(1, 1)], f"the tool was called with {calls}")
            expect("The tool answered: 2" in answer, answer)
            expect(
                len(sent) == 2 and all(r.json()["stream"] for r in sent), f"{len(sent)} requests"
            )
            return f"FunctionAgent: {len(sent)} streamed requests, the tool called once"

        checks.run("a plain answer (complete, chat)", plain)
        checks.run("a streamed answer", stream)
        checks.run("a streamed answer, async", lambda: asyncio.run(async_stream()))
        checks.run("a tool call round trip", tool_round_trip)
        checks.run(
            "a tool call round trip by FunctionAgent", lambda: asyncio.run(agent_round_trip())
        )

    azure = MistralTestServer()
    azure.router = azure_router()
    with azure:
        os.environ["MISTRAL_API_KEY"] = MISTRAL_KEY_IN_ENV

        def on_azure(endpoint: str, path: str, query: dict[str, list[str]]) -> str:
            azure.reset()
            azure_llm = MistralAI(
                model="mistral-large-latest",
                azure_endpoint=endpoint,
                azure_api_key=AZURE_KEY,
                max_tokens=MAX_TOKENS,
            )
            completion = azure_llm.complete("Hello Azure")
            expect(completion.text.startswith("You said: Hello Azure"), completion.text)
            deltas = [r.delta for r in azure_llm.stream_complete("Hello Azure")]
            expect("".join(d for d in deltas if d) == completion.text, f"streamed {deltas!r}")
            for request in azure.requests:
                expect((request.path, request.query) == (path, query), request.path)
                expect(request.headers["authorization"] == f"Bearer {AZURE_KEY}", "not the key")
                expect(request.json()["model"] == "mistral-large-latest", "another model")
                expect("random_seed" not in request.json(), "random_seed sent to Azure")
            return f"{len(azure.requests)} requests to {path}, with the Azure key"

        checks.run(
            "an Azure-configured client (serverless deployment)",
            lambda: on_azure(azure.url, "/v1/chat/completions", {}),
        )
        checks.run(
            "an Azure-configured client (Foundry endpoint)",
            lambda: on_azure(
                f"{azure.url}/models",
                "/models/chat/completions",
                {"api-version": ["2024-05-01-preview"]},
            ),
        )
    checks.finish()


if __name__ == "__main__":
    main()
