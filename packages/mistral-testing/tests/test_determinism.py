"""Every fake takes its ids from the server state: after ``reset()`` the same calls give
the same ids, in every area."""

from __future__ import annotations

import base64
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx

from mistralai.testing import MistralTestServer, transport
from mistralai.testing._samples import sample
from mistralai.testing._validation import operations, spec
from mistralai.testing.fakes import AREAS

from .conftest import AUTH

FAKES = Path(__file__).parents[1] / "src" / "mistralai" / "testing" / "fakes"
USER = {"role": "user", "content": "hello there"}


def _sampled_body(operation_id: str) -> Any:
    """A body for an operation made up from its request schema (the same every time)."""
    content = operations()[operation_id].get("requestBody", {}).get("content", {})
    schema = content.get("application/json", {}).get("schema")
    if schema is None:
        return None
    body = sample({"components": spec()["components"], **schema})
    if isinstance(body, dict):
        body.pop("stream", None)
    return body


def _walk(server: MistralTestServer) -> Iterator[tuple[str, httpx.Response]]:
    """Every literal POST route with a body made up from the spec, the calls a made-up body
    cannot make (uploads, messages, executions and their signals, voices from a clip, speech in a voice), then
    every literal GET route (lists)."""
    with httpx.Client(
        transport=transport(server), base_url="http://mistral.test", headers=AUTH
    ) as http:
        routes = sorted(server.router.routes, key=lambda r: (r.method, r.template))
        for route in routes:
            if route.method == "POST" and "{" not in route.template and route.operation_id:
                body = _sampled_body(route.operation_id)
                if body is not None:
                    yield route.template, http.post(route.template, json=body)
        chat = {"model": "mistral-small-latest", "messages": [USER]}
        yield "chat", http.post("/v1/chat/completions", json=chat)
        yield (
            "agents",
            http.post(
                "/v1/agents/completions", json={"agent_id": "ag_test_agent", "messages": [USER]}
            ),
        )
        upload = http.post(
            "/v1/files", files={"file": ("a.jsonl", b'{"a": 1}\n')}, data={"purpose": "batch"}
        )
        yield "files", upload
        yield (
            "audio",
            http.post(
                "/v1/audio/transcriptions",
                files={"file": ("a.mp3", b"ID3 audio")},
                data={"model": "voxtral-mini-latest"},
            ),
        )
        yield (
            "ocr",
            http.post(
                "/v1/ocr",
                json={
                    "model": "mistral-ocr-latest",
                    "document": {"type": "file", "file_id": upload.json()["id"]},
                },
            ),
        )
        library = http.post("/v1/libraries", json={"name": "docs"}).json()
        yield (
            "library documents",
            http.post(
                f"/v1/libraries/{library['id']}/documents", files={"file": ("a.txt", b"some text")}
            ),
        )
        yield (
            "fine-tuning",
            http.post(
                "/v1/fine_tuning/jobs",
                json={
                    "model": "mistral-small-latest",
                    "training_files": [{"file_id": upload.json()["id"]}],
                    "hyperparameters": {"learning_rate": 0.0001},
                },
            ),
        )
        yield (
            "conversation",
            http.post("/v1/conversations", json={"model": "mistral-small-latest", "inputs": "hi"}),
        )
        execution = http.post("/v1/workflows/greeter/execute", json={"input": {"name": "A"}})
        yield "workflow", execution
        runs = f"/v1/workflows/executions/{execution.json()['execution_id']}"
        yield "signal", http.post(f"{runs}/signals", json={"name": "approve"})
        yield "trace", http.get(f"{runs}/trace/events")
        clip = base64.b64encode(b"RIFF a short clip").decode()
        voice = http.post("/v1/audio/voices", json={"name": "Mine", "sample_audio": clip})
        yield "voice", voice
        speech = {"input": "Hi", "voice_id": voice.json()["id"], "response_format": "wav"}
        yield "speech", http.post("/v1/audio/speech", json=speech)
        yield "speech stream", http.post("/v1/audio/speech", json={**speech, "stream": True})
        for route in routes:
            if route.method == "GET" and "{" not in route.template:
                yield route.template, http.get(route.template)


_ID_KEY = re.compile(r"(^|_)ids?$")


def _ids(value: Any) -> Iterator[Any]:
    """Every value under a key named ``id``, ``..._id`` or ``..._ids``, depth first."""
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(key, str) and _ID_KEY.search(key) and not isinstance(item, dict):
                yield key, item
            yield from _ids(item)
    elif isinstance(value, list):
        for item in value:
            yield from _ids(item)


def _record(server: MistralTestServer) -> tuple[list[Any], set[str]]:
    seen: list[Any] = []
    answered: set[str] = set()
    for name, response in _walk(server):
        seen.append((name, response.status_code, response.headers["x-request-id"]))
        if response.headers.get("content-type", "").startswith("application/json"):
            seen.extend(("id", name, *pair) for pair in _ids(response.json()))
        if response.is_success:
            found = server.router.match(response.request.method, response.request.url.path)
            assert found is not None
            answered.add(found[0].handler.__module__.rsplit(".", 1)[-1])
    return seen, answered


def test_the_same_calls_after_a_reset_give_the_same_ids_in_every_area() -> None:
    server = MistralTestServer(check_responses=True)
    first, answered = _record(server)
    server.reset()
    second, _ = _record(server)
    assert first == second
    # The walk made every fake answer, and the answers carried ids to compare.
    assert answered == set(AREAS)
    assert len([entry for entry in first if len(entry) == 4]) > 100
    server.raise_response_problems()


def test_a_new_server_gives_the_same_ids_as_a_reset_one() -> None:
    assert _record(MistralTestServer())[0] == _record(MistralTestServer())[0]


def test_no_fake_makes_random_ids() -> None:
    """A fake that draws an id from ``uuid4``, ``secrets`` or ``random`` breaks the
    promise; take ``state.new_id`` / ``new_uuid`` / ``kind_uuid`` instead."""
    offenders = [
        f"{path.name}:{number}: {line.strip()}"
        for path in sorted(FAKES.glob("*.py"))
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if re.search(r"uuid[14]\(|\bsecrets\.|\brandom\.|\bos\.urandom\(", line)
    ]
    assert offenders == []
