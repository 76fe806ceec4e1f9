"""Deterministic completions (chat, agents, FIM): answers, tools, structured output, streams."""

from __future__ import annotations

import json
from typing import Any

import httpx
import jsonschema
import pytest

from .conftest import CHAT, spec_errors

WEATHER = {
    "type": "function",
    "function": {
        "name": "get_weather",
        "description": "Weather of a city",
        "parameters": {
            "type": "object",
            "properties": {
                "location": {"type": "string"},
                "unit": {"type": "string", "enum": ["celsius", "fahrenheit"]},
                "days": {"type": "integer", "minimum": 1, "maximum": 7},
                "verbose": {"type": "boolean"},
            },
            "required": ["location", "unit", "days"],
        },
    },
}
BOOK = {
    "type": "object",
    "properties": {
        "name": {"type": "string"},
        "authors": {"type": "array", "items": {"type": "string"}, "minItems": 2},
        "rating": {"type": "number", "minimum": 0, "maximum": 5},
    },
    "required": ["name", "authors", "rating"],
    "additionalProperties": False,
}


def complete(http: httpx.Client, body: dict[str, Any], path: str = "/v1/chat/completions") -> Any:
    response = http.post(path, json=body)
    assert response.status_code == 200, response.text
    return response.json()


def stream(
    http: httpx.Client, body: dict[str, Any], path: str = "/v1/chat/completions"
) -> list[Any]:
    with http.stream("POST", path, json={**body, "stream": True}) as response:
        assert response.status_code == 200
        lines = [line for line in response.iter_lines() if line]
    assert lines[-1] == "data: [DONE]"
    assert all(line.startswith("data: ") for line in lines)
    return [json.loads(line.removeprefix("data: ")) for line in lines[:-1]]


def reassemble(chunks: list[Any], index: int = 0) -> dict[str, Any]:
    """The message and finish reason a client rebuilds from a stream's deltas."""
    message: dict[str, Any] = {"content": "", "tool_calls": None}
    finish = None
    for chunk in chunks:
        for choice in chunk["choices"]:
            if choice["index"] != index:
                continue
            delta = choice["delta"]
            message["role"] = delta.get("role") or message.get("role")
            message["content"] += delta.get("content") or ""
            if delta.get("tool_calls"):
                message["tool_calls"] = (message["tool_calls"] or []) + delta["tool_calls"]
            finish = choice["finish_reason"] or finish
    return {**message, "finish_reason": finish}


def test_the_answer_quotes_the_last_user_message(http: httpx.Client) -> None:
    body = complete(http, CHAT)
    assert body["object"] == "chat.completion"
    assert body["id"]
    assert isinstance(body["created"], int)
    assert body["model"] == "mistral-small-latest"
    (choice,) = body["choices"]
    assert choice["index"] == 0
    assert choice["finish_reason"] == "stop"
    assert choice["message"]["role"] == "assistant"
    assert choice["message"]["content"] == "You said: hello there"
    assert body["usage"] == {"prompt_tokens": 2, "completion_tokens": 4, "total_tokens": 6}


def test_the_same_request_gets_the_same_answer(http: httpx.Client) -> None:
    first, second = complete(http, CHAT), complete(http, CHAT)
    assert first["choices"] == second["choices"]
    assert first["id"] != second["id"]


def test_n_choices(http: httpx.Client) -> None:
    body = complete(http, {**CHAT, "n": 3})
    assert [c["index"] for c in body["choices"]] == [0, 1, 2]
    assert body["usage"]["completion_tokens"] == 3 * 4


@pytest.mark.parametrize("max_tokens", [0, 1, 7, 1000])
def test_max_tokens_gives_exactly_that_many_words(http: httpx.Client, max_tokens: int) -> None:
    body = complete(http, {**CHAT, "max_tokens": max_tokens})
    content = body["choices"][0]["message"]["content"]
    assert len(content.split()) == max_tokens
    assert body["choices"][0]["finish_reason"] == "length"
    assert body["usage"]["completion_tokens"] == max_tokens


def test_a_thousand_token_stream_has_a_thousand_content_events(http: httpx.Client) -> None:
    chunks = stream(http, {**CHAT, "max_tokens": 1000})
    assert len(chunks) == 1000
    assert all(c["object"] == "chat.completion.chunk" for c in chunks)


def test_stream_framing_first_and_last_chunks(http: httpx.Client) -> None:
    chunks = stream(http, CHAT)
    assert chunks[0]["choices"][0]["delta"]["role"] == "assistant"
    assert all("role" not in c["choices"][0]["delta"] for c in chunks[1:])
    assert all(c["choices"][0]["finish_reason"] is None for c in chunks[:-1])
    assert chunks[-1]["choices"][0]["finish_reason"] == "stop"
    assert chunks[-1]["usage"]["completion_tokens"] == 4
    assert all("usage" not in c for c in chunks[:-1])
    assert len({c["id"] for c in chunks}) == 1
    for chunk in chunks:
        assert spec_errors("CompletionChunk", chunk) == []


def test_each_event_is_its_own_http_chunk(http: httpx.Client) -> None:
    with http.stream(
        "POST", "/v1/chat/completions", json={**CHAT, "stream": True, "max_tokens": 5}
    ) as response:
        assert response.headers["transfer-encoding"] == "chunked"
        assert response.headers["content-type"] == "text/event-stream"
        assert "content-length" not in response.headers
        pieces = list(response.iter_raw())
    # Loopback may coalesce chunks in one read, but never splits a small event in two.
    assert b"".join(pieces).count(b"\n\n") == 6
    assert all(piece.endswith(b"\n\n") for piece in pieces)


TOOL_RESULT = [
    {"role": "user", "content": "weather in Paris?"},
    {
        "role": "assistant",
        "content": "",
        "tool_calls": [
            {
                "id": "call12345",
                "type": "function",
                "function": {"name": "get_weather", "arguments": '{"location": "Paris"}'},
            }
        ],
    },
    {"role": "tool", "tool_call_id": "call12345", "name": "get_weather", "content": "sunny, 24C"},
]

SAME_AS_STREAM = [
    pytest.param(CHAT, id="plain"),
    pytest.param({**CHAT, "max_tokens": 25}, id="max_tokens"),
    pytest.param({**CHAT, "n": 2}, id="n"),
    pytest.param({**CHAT, "tools": [WEATHER]}, id="tool-call"),
    pytest.param({**CHAT, "messages": TOOL_RESULT, "tools": [WEATHER]}, id="tool-result"),
    pytest.param({**CHAT, "response_format": {"type": "json_object"}}, id="json_object"),
    pytest.param(
        {
            **CHAT,
            "response_format": {
                "type": "json_schema",
                "json_schema": {"name": "book", "schema": BOOK},
            },
        },
        id="json_schema",
    ),
]


@pytest.mark.parametrize("body", SAME_AS_STREAM)
def test_streamed_deltas_equal_the_answer(http: httpx.Client, body: dict[str, Any]) -> None:
    whole = complete(http, body)
    chunks = stream(http, body)
    for choice in whole["choices"]:
        rebuilt = reassemble(chunks, choice["index"])
        assert rebuilt["role"] == "assistant"
        assert rebuilt["content"] == choice["message"]["content"]
        assert rebuilt["tool_calls"] == choice["message"]["tool_calls"]
        assert rebuilt["finish_reason"] == choice["finish_reason"]
    assert chunks[-1]["usage"] == whole["usage"]


def test_tools_give_a_call_with_valid_arguments(http: httpx.Client) -> None:
    body = complete(http, {**CHAT, "tools": [WEATHER]})
    (choice,) = body["choices"]
    assert choice["finish_reason"] == "tool_calls"
    (call,) = choice["message"]["tool_calls"]
    assert call["type"] == "function"
    assert call["id"]
    assert call["function"]["name"] == "get_weather"
    arguments = json.loads(call["function"]["arguments"])
    jsonschema.validate(arguments, WEATHER["function"]["parameters"])
    assert set(arguments) == {"location", "unit", "days"}


def test_tool_choice_none_answers_in_text(http: httpx.Client) -> None:
    body = complete(http, {**CHAT, "tools": [WEATHER], "tool_choice": "none"})
    assert body["choices"][0]["message"]["tool_calls"] is None
    assert body["choices"][0]["message"]["content"] == "You said: hello there"


@pytest.mark.parametrize("tool_choice", ["any", "required", "auto"])
def test_other_tool_choices_call_the_first_tool(http: httpx.Client, tool_choice: str) -> None:
    second = {**WEATHER, "function": {**WEATHER["function"], "name": "second"}}
    body = complete(http, {**CHAT, "tools": [WEATHER, second], "tool_choice": tool_choice})
    call = body["choices"][0]["message"]["tool_calls"][0]
    assert call["function"]["name"] == "get_weather"


def test_after_a_tool_result_the_answer_quotes_it(http: httpx.Client) -> None:
    body = complete(http, {**CHAT, "messages": TOOL_RESULT, "tools": [WEATHER]})
    message = body["choices"][0]["message"]
    assert message["tool_calls"] is None
    assert "sunny, 24C" in message["content"]
    assert body["choices"][0]["finish_reason"] == "stop"


def test_json_object_answers_are_json_objects(http: httpx.Client) -> None:
    body = complete(http, {**CHAT, "response_format": {"type": "json_object"}})
    assert isinstance(json.loads(body["choices"][0]["message"]["content"]), dict)


def test_json_schema_answers_validate(http: httpx.Client) -> None:
    format_ = {"type": "json_schema", "json_schema": {"name": "book", "schema": BOOK}}
    content = complete(http, {**CHAT, "response_format": format_})["choices"][0]["message"]
    jsonschema.validate(json.loads(content["content"]), BOOK)


@pytest.mark.parametrize("kind", ["json_object", "json_schema"])
def test_the_invalid_json_marker_breaks_the_json(http: httpx.Client, kind: str) -> None:
    format_: dict[str, Any] = {"type": kind}
    if kind == "json_schema":
        format_["json_schema"] = {"name": "book", "schema": BOOK}
    messages = [{"role": "user", "content": "give me a book [invalid-json]"}]
    body = complete(http, {**CHAT, "messages": messages, "response_format": format_})
    with pytest.raises(json.JSONDecodeError):
        json.loads(body["choices"][0]["message"]["content"])


def test_content_chunks_are_read_as_text(http: httpx.Client) -> None:
    messages = [{"role": "user", "content": [{"type": "text", "text": "chunked hello"}]}]
    body = complete(http, {**CHAT, "messages": messages})
    assert body["choices"][0]["message"]["content"] == "You said: chunked hello"


def test_chat_answers_follow_the_spec(http: httpx.Client) -> None:
    for body in (complete(http, CHAT), complete(http, {**CHAT, "tools": [WEATHER]})):
        # The spec lists "data" as required, which the real API does not send either.
        errors = spec_errors("ChatCompletionResponse", body)
        assert [e for e in errors if "'data'" not in e] == []


def test_agents_answer_known_agents_and_stream(http: httpx.Client) -> None:
    body = {"agent_id": "ag_your_agent_id_here", "messages": CHAT["messages"]}
    answer = complete(http, body, "/v1/agents/completions")
    assert answer["choices"][0]["message"]["content"] == "You said: hello there"
    chunks = stream(http, body, "/v1/agents/completions")
    assert reassemble(chunks)["content"] == "You said: hello there"


def test_agents_404_for_an_unknown_agent(http: httpx.Client) -> None:
    body = {"agent_id": "ag_nobody", "messages": CHAT["messages"]}
    response = http.post("/v1/agents/completions", json=body)
    assert response.status_code == 404
    assert response.json()["object"] == "error"
    assert "ag_nobody" in response.json()["message"]


def test_agents_see_agents_added_to_the_state(http: httpx.Client, mistral_test_server: Any) -> None:
    with mistral_test_server.state.lock:
        mistral_test_server.state.agents["ag_new"] = {"id": "ag_new", "model": "codestral-latest"}
    body = {"agent_id": "ag_new", "messages": CHAT["messages"]}
    assert complete(http, body, "/v1/agents/completions")["model"] == "codestral-latest"


def test_fim_completes_and_streams_the_same(http: httpx.Client) -> None:
    body = {"model": "codestral-latest", "prompt": "def add(a, b):", "suffix": "print(add(1, 2))"}
    answer = complete(http, body, "/v1/fim/completions")
    content = answer["choices"][0]["message"]["content"]
    assert content
    assert complete(http, body, "/v1/fim/completions")["choices"][0]["message"]["content"] == (
        content
    )
    assert reassemble(stream(http, body, "/v1/fim/completions"))["content"] == content
