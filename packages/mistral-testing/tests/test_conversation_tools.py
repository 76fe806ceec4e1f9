"""The conversations fake with function tools: calls, rounds, results, JSON answers, streams."""

from __future__ import annotations

import json
from typing import Any

import httpx
import jsonschema
import pytest

from mistralai.testing import MistralTestServer
from mistralai.testing._conversation_engine import PlannedCall, call_rounds

from .conftest import spec_errors

MODEL = "mistral-small-latest"
WEATHER = {
    "type": "function",
    "function": {
        "name": "get_weather",
        "description": "The weather in a city.",
        "parameters": {
            "type": "object",
            "properties": {"city": {"type": "string"}, "days": {"type": "integer", "minimum": 1}},
            "required": ["city", "days"],
        },
    },
}
CLOCK = {
    "type": "function",
    "function": {"name": "get_time", "parameters": {"type": "object", "properties": {}}},
}
REPORT = {
    "type": "object",
    "properties": {"city": {"type": "string"}, "celsius": {"type": "number"}},
    "required": ["city", "celsius"],
    "additionalProperties": False,
}


def start(http: httpx.Client, inputs: Any, **fields: Any) -> Any:
    body = {"model": MODEL, "inputs": inputs, **fields}
    response = http.post("/v1/conversations", json=body)
    assert response.status_code == 200, response.text
    answer = response.json()
    assert spec_errors("ConversationResponse", answer) == []
    return answer


def append(http: httpx.Client, conversation_id: str, inputs: Any, **fields: Any) -> Any:
    response = http.post(f"/v1/conversations/{conversation_id}", json={"inputs": inputs, **fields})
    assert response.status_code == 200, response.text
    answer = response.json()
    assert spec_errors("ConversationResponse", answer) == []
    return answer


def results_for(outputs: list[dict[str, Any]], *values: str) -> list[dict[str, Any]]:
    calls = [o for o in outputs if o["type"] == "function.call"]
    assert len(calls) == len(values)
    return [
        {"type": "function.result", "tool_call_id": call["tool_call_id"], "result": value}
        for call, value in zip(calls, values, strict=True)
    ]


def test_the_first_function_is_called_then_its_result_quoted(http: httpx.Client) -> None:
    first = start(http, "Weather in Paris?", tools=[WEATHER, CLOCK])
    (call,) = first["outputs"]
    assert call["type"] == "function.call"
    assert call["name"] == "get_weather"
    arguments = json.loads(call["arguments"])
    jsonschema.validate(arguments, WEATHER["function"]["parameters"])  # type: ignore[index]
    final = append(http, first["conversation_id"], results_for(first["outputs"], "sunny"))
    (message,) = final["outputs"]
    assert message["type"] == "message.output"
    assert message["content"] == "The tool answered: sunny"


def test_ids_come_from_the_server_state(mistral_test_server: MistralTestServer) -> None:
    def run() -> list[str]:
        with httpx.Client(
            base_url=mistral_test_server.url, headers={"authorization": "Bearer t"}
        ) as http:
            first = start(http, "hi", tools=[WEATHER])
            (call,) = first["outputs"]
            return [first["conversation_id"], call["id"], call["tool_call_id"]]

    once = run()
    assert len(set(once)) == 3
    mistral_test_server.reset()
    assert run() == once


def test_markers_choose_functions_arguments_and_rounds(http: httpx.Client) -> None:
    text = 'Plan: [call:get_time] then [call:get_weather {"city": "Oslo", "days": 2} & get_time]'
    first = start(http, text, tools=[WEATHER, CLOCK])
    assert [(o["name"], json.loads(o["arguments"])) for o in first["outputs"]] == [("get_time", {})]
    second = append(http, first["conversation_id"], results_for(first["outputs"], "noon"))
    assert [(o["name"], json.loads(o["arguments"])) for o in second["outputs"]] == [
        ("get_weather", {"city": "Oslo", "days": 2}),
        ("get_time", {}),
    ]
    assert len({o["tool_call_id"] for o in second["outputs"]}) == 2
    final = append(http, first["conversation_id"], results_for(second["outputs"], "snow", "1pm"))
    assert final["outputs"][0]["content"] == "The tool answered: snow; 1pm"
    again = append(http, first["conversation_id"], '[call:get_weather {"city": "Rome"}]')
    assert json.loads(again["outputs"][0]["arguments"]) == {"city": "Rome"}


def test_a_marker_may_name_a_function_that_was_not_offered(http: httpx.Client) -> None:
    first = start(http, "[call:launch_rockets]", tools=[CLOCK])
    assert first["outputs"][0]["name"] == "launch_rockets"


def test_keep_calling_never_answers(http: httpx.Client) -> None:
    first = start(http, "loop [keep-calling]", tools=[CLOCK])
    conversation_id, outputs = first["conversation_id"], first["outputs"]
    for _ in range(4):
        assert outputs[0]["type"] == "function.call"
        outputs = append(http, conversation_id, results_for(outputs, "tick"))["outputs"]
    assert outputs[0]["name"] == "get_time"


def test_tool_choice_none_answers_with_a_message(http: httpx.Client) -> None:
    answer = start(http, "hello", tools=[WEATHER], completion_args={"tool_choice": "none"})
    assert answer["outputs"][0]["content"] == "You said: hello"


@pytest.mark.parametrize("tools", [[WEATHER], []])
def test_json_schema_answers_follow_the_schema(http: httpx.Client, tools: list[Any]) -> None:
    response_format = {"type": "json_schema", "json_schema": {"name": "Report", "schema": REPORT}}
    first = start(
        http, "Weather in Paris?", tools=tools, completion_args={"response_format": response_format}
    )
    if tools:
        first = append(http, first["conversation_id"], results_for(first["outputs"], "20C"))
    jsonschema.validate(json.loads(first["outputs"][0]["content"]), REPORT)


def test_json_object_and_invalid_json(http: httpx.Client) -> None:
    args = {"completion_args": {"response_format": {"type": "json_object"}}}
    assert json.loads(start(http, "hi", **args)["outputs"][0]["content"]) == {"answer": "hi"}
    with pytest.raises(json.JSONDecodeError):
        json.loads(start(http, "hi [invalid-json]", **args)["outputs"][0]["content"])


def test_agent_conversations_use_the_agents_tools_and_settings(http: httpx.Client) -> None:
    response_format = {"type": "json_schema", "json_schema": {"name": "Report", "schema": REPORT}}
    agent = http.post(
        "/v1/agents",
        json={
            "model": MODEL,
            "name": "weather",
            "tools": [WEATHER],
            "completion_args": {"response_format": response_format},
        },
    ).json()
    first = http.post("/v1/conversations", json={"agent_id": agent["id"], "inputs": "Paris?"})
    outputs = first.json()["outputs"]
    assert outputs[0]["name"] == "get_weather"
    assert outputs[0]["agent_id"] == agent["id"]
    conversation_id = first.json()["conversation_id"]
    final = append(http, conversation_id, results_for(outputs, "mild"))
    jsonschema.validate(json.loads(final["outputs"][0]["content"]), REPORT)
    assert "completion_args" not in http.get(f"/v1/conversations/{conversation_id}").json()


def events_of(http: httpx.Client, path: str, body: dict[str, Any]) -> list[tuple[str, Any]]:
    with http.stream("POST", path, json={**body, "stream": True}) as response:
        assert response.status_code == 200
        lines = [line for line in response.iter_lines() if line]
    names = [line.removeprefix("event: ") for line in lines if line.startswith("event: ")]
    data = [json.loads(line.removeprefix("data: ")) for line in lines if line.startswith("data: ")]
    return list(zip(names, data, strict=True))


def test_streamed_function_calls_come_in_pieces(http: httpx.Client) -> None:
    body = {"model": MODEL, "inputs": '[call:get_weather {"city": "Lima", "days": 3}]'}
    events = events_of(http, "/v1/conversations", {**body, "tools": [WEATHER]})
    names = [name for name, _ in events]
    assert names == [
        "conversation.response.started",
        "function.call.delta",
        "function.call.delta",
        "conversation.response.done",
    ]
    deltas = [data for name, data in events if name == "function.call.delta"]
    for delta in deltas:
        assert spec_errors("FunctionCallEvent", delta) == []
    assert json.loads("".join(d["arguments"] for d in deltas)) == {"city": "Lima", "days": 3}
    assert len({(d["id"], d["tool_call_id"], d["output_index"]) for d in deltas}) == 1
    conversation_id = events[0][1]["conversation_id"]
    result = {"type": "function.result", "tool_call_id": deltas[0]["tool_call_id"], "result": "dry"}
    answer = events_of(http, f"/v1/conversations/{conversation_id}", {"inputs": [result]})
    text = "".join(data["content"] for name, data in answer if name == "message.output.delta")
    assert text == "The tool answered: dry"


def test_call_markers_are_read_strictly() -> None:
    assert call_rounds('[call:a {"x": [1, {"y": 2}]} & b ]') == [
        [PlannedCall("a", {"x": [1, {"y": 2}]}), PlannedCall("b")]
    ]
    assert call_rounds("[call:a {not json}] [call:b [1]] [call:] [call:c") == []
