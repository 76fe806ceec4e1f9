"""The test server itself, exercised with plain httpx."""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

import httpx
import jsonschema
import pytest

from mistralai.testing import Fault, MistralTestServer

from .conftest import AUTH, CHAT


def test_chat_answer_and_recorded_request(
    http: httpx.Client, mistral_test_server: MistralTestServer
) -> None:
    body = http.post("/v1/chat/completions", json=CHAT).json()
    assert body["choices"][0]["message"]["content"] == "You said: hello there"
    assert body["usage"]["completion_tokens"] == 4
    recorded = mistral_test_server.requests[-1]
    assert (recorded.method, recorded.path, recorded.json()) == (
        "POST",
        "/v1/chat/completions",
        CHAT,
    )
    assert recorded.headers["Authorization"] == "Bearer test"


def test_missing_key_is_401_and_unknown_route_is_404(
    mistral_test_server: MistralTestServer,
) -> None:
    with httpx.Client(base_url=mistral_test_server.url) as anonymous:
        assert anonymous.post("/v1/chat/completions", json=CHAT).status_code == 401
        assert anonymous.get("/v1/nowhere", headers=AUTH).status_code == 404


def test_invalid_body_is_422_in_the_api_shape(http: httpx.Client) -> None:
    response = http.post(
        "/v1/chat/completions", json={"model": "m", "messages": [{"role": "robot", "content": "x"}]}
    )
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert detail[0]["loc"][:3] == ["body", "messages", 0]
    assert {"type", "loc", "msg", "input"} <= set(detail[0])


def test_sse_is_chunked_and_ends_with_done(http: httpx.Client) -> None:
    with http.stream(
        "POST", "/v1/chat/completions", json={**CHAT, "stream": True, "max_tokens": 6}
    ) as response:
        assert response.headers["transfer-encoding"] == "chunked"
        assert response.headers["content-type"] == "text/event-stream"
        lines = [line for line in response.iter_lines() if line]
    assert lines[-1] == "data: [DONE]"
    chunks = [json.loads(line[6:]) for line in lines[:-1]]
    assert len(chunks) == 6
    assert chunks[-1]["choices"][0]["finish_reason"] == "length"


def test_json_schema_answers_validate(http: httpx.Client) -> None:
    schema = {
        "type": "object",
        "properties": {
            "title": {"type": "string"},
            "year": {"type": "integer"},
            "tags": {"type": "array", "items": {"type": "string"}},
            "kind": {"enum": ["novel", "essay"]},
            "author": {"$ref": "#/$defs/Person"},
        },
        "required": ["title", "year", "tags", "kind", "author"],
        "$defs": {
            "Person": {
                "type": "object",
                "properties": {"name": {"type": "string"}},
                "required": ["name"],
            }
        },
    }
    request = {
        **CHAT,
        "response_format": {"type": "json_schema", "json_schema": {"name": "b", "schema": schema}},
    }
    content = http.post("/v1/chat/completions", json=request).json()["choices"][0]["message"][
        "content"
    ]
    jsonschema.validate(json.loads(content), schema)


def test_named_tool_choice_is_honoured(http: httpx.Client) -> None:
    tools = [
        {
            "type": "function",
            "function": {
                "name": name,
                "parameters": {
                    "type": "object",
                    "properties": {"q": {"type": "string"}},
                    "required": ["q"],
                },
            },
        }
        for name in ("first", "second")
    ]
    request = {
        **CHAT,
        "tools": tools,
        "tool_choice": {"type": "function", "function": {"name": "second"}},
    }
    message = http.post("/v1/chat/completions", json=request).json()["choices"][0]["message"]
    (call,) = message["tool_calls"]
    assert call["function"]["name"] == "second"
    assert set(json.loads(call["function"]["arguments"])) == {"q"}


@pytest.mark.parametrize(
    ("fault", "check"),
    [
        (
            Fault.status(429, headers={"Retry-After": "3"}),
            lambda r: r.status_code == 429 and r.headers["retry-after"] == "3",
        ),
        (Fault.status(503), lambda r: r.status_code == 503 and r.json()["object"] == "error"),
        (Fault.malformed_json(), lambda r: r.status_code == 200 and r.text.startswith('{"id"')),
        (Fault.wrong_content_type(), lambda r: r.headers["content-type"] == "text/html"),
    ],
)
def test_response_faults_apply_once(
    http: httpx.Client, mistral_test_server: MistralTestServer, fault: Fault, check: Any
) -> None:
    mistral_test_server.faults.add(fault, times=1)
    assert check(http.post("/v1/chat/completions", json=CHAT))
    assert http.post("/v1/chat/completions", json=CHAT).status_code == 200


def test_reset_and_truncate_faults(
    http: httpx.Client, mistral_test_server: MistralTestServer
) -> None:
    mistral_test_server.faults.add(Fault.reset(), times=1)
    with pytest.raises(httpx.TransportError):
        http.post("/v1/chat/completions", json=CHAT)
    mistral_test_server.faults.add(Fault.truncate(after_events=2), times=1)
    received = []
    with pytest.raises(httpx.RemoteProtocolError):
        with http.stream(
            "POST", "/v1/chat/completions", json={**CHAT, "stream": True, "max_tokens": 20}
        ) as response:
            received.extend(line for line in response.iter_lines() if line)
    assert len(received) == 2


def test_faults_can_target_a_path(
    http: httpx.Client, mistral_test_server: MistralTestServer
) -> None:
    mistral_test_server.faults.add(Fault.status(500), times=1, path="/v1/files")
    assert http.post("/v1/chat/completions", json=CHAT).status_code == 200
    assert http.get("/v1/files").status_code == 500


def test_control_endpoints(http: httpx.Client, mistral_test_server: MistralTestServer) -> None:
    http.post("/__testing__/faults", json={"fault": {"kind": "status", "code": 502}, "times": 1})
    assert http.post("/v1/chat/completions", json=CHAT).status_code == 502
    http.post("/__testing__/reset")
    assert mistral_test_server.requests == []


def test_agents_known_and_unknown(http: httpx.Client) -> None:
    body = {"agent_id": "ag_test_agent", "messages": CHAT["messages"]}
    assert http.post("/v1/agents/completions", json=body).status_code == 200
    missing = http.post("/v1/agents/completions", json={**body, "agent_id": "ag_missing"})
    assert missing.status_code == 404
    assert "ag_missing" in missing.json()["message"]


def test_state_is_reset(http: httpx.Client, mistral_test_server: MistralTestServer) -> None:
    files = {"file": ("a.jsonl", b'{"x": 1}\n')}
    file_id = http.post("/v1/files", files=files, data={"purpose": "batch"}).json()["id"]
    assert http.get(f"/v1/files/{file_id}").status_code == 200
    mistral_test_server.reset()
    assert http.get(f"/v1/files/{file_id}").status_code == 404


def test_module_runs_a_server_and_prints_its_url() -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "mistralai.testing", "--no-validate"],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline().strip()
        name, _, url = line.partition("=")
        assert name == "MISTRAL_TEST_SERVER_URL"
        response = httpx.post(f"{url}/v1/chat/completions", json=CHAT, headers=AUTH, timeout=10)
        assert response.json()["choices"][0]["message"]["content"] == "You said: hello there"
    finally:
        process.terminate()
        assert process.wait(timeout=10) == 0
