"""The speech, voices and connectors fakes over plain HTTP, their answers checked against the
spec's schemas."""

from __future__ import annotations

import base64
import json
import struct
import time

import httpx
import pytest

from mistralai.testing.fakes import connectors as connectors_fake

from .conftest import spec_errors

CONNECTOR = {"name": "wiki", "description": "d", "server": "https://mcp.example.com"}


def test_speech_is_deterministic_and_depends_on_the_voice(http: httpx.Client) -> None:
    def speak(**body: object) -> bytes:
        answer = http.post("/v1/audio/speech", json={"input": "Hi!", **body})
        assert answer.status_code == 200, answer.text
        assert spec_errors("SpeechResponse", answer.json()) == []
        return base64.b64decode(answer.json()["audio_data"])

    wav = speak(voice_id="ava", response_format="wav")
    assert wav[:4] == b"RIFF"
    assert wav[8:12] == b"WAVE"
    assert struct.unpack("<I", wav[40:44])[0] == len(wav) - 44 == 3 * 2400
    assert speak(voice_id="5eed0000-0000-4000-8000-000000000001", response_format="wav") == wav
    assert speak(voice_id="leo", response_format="wav") != wav
    assert speak(voice_id="ava")[:3] == b"ID3"  # mp3 by default
    assert speak(voice_id="ava", response_format="pcm") == wav[44:]
    assert speak(ref_audio=base64.b64encode(b"clip").decode(), response_format="pcm") != wav[44:]


def test_speech_refuses_what_the_api_would(http: httpx.Client) -> None:
    assert http.post("/v1/audio/speech", json={"voice_id": "ava"}).status_code == 422
    assert http.post("/v1/audio/speech", json={"input": "x"}).status_code == 422
    assert http.post("/v1/audio/speech", json={"input": "x", "voice_id": "zed"}).status_code == 404
    bad_clip = {"input": "x", "ref_audio": "%%%"}
    assert http.post("/v1/audio/speech", json=bad_clip).json()["detail"][0]["loc"] == [
        "body",
        "ref_audio",
    ]


def test_a_speech_stream_sends_16_kib_of_audio_per_event(http: httpx.Client) -> None:
    body = {"input": "x" * 20, "voice_id": "ava", "response_format": "pcm", "stream": True}
    with http.stream("POST", "/v1/audio/speech", json=body) as answer:
        assert answer.headers["content-type"] == "text/event-stream"
        text = answer.read().decode()
    events = [frame.split("\n") for frame in text.strip().split("\n\n")]
    names = [lines[0].removeprefix("event: ") for lines in events]
    assert names == ["speech.audio.delta"] * 3 + ["speech.audio.done"]
    data = [json.loads(lines[1].removeprefix("data: ")) for lines in events]
    pieces = [base64.b64decode(d["audio_data"]) for d in data[:3]]
    assert [len(p) for p in pieces] == [16384, 16384, 20 * 2400 - 32768]
    assert data[-1]["usage"] == {"prompt_tokens": 1, "completion_tokens": 3, "total_tokens": 4}


def test_voices_presets_and_custom_voices(http: httpx.Client) -> None:
    listed = http.get("/v1/audio/voices", params={"limit": 1}).json()
    assert spec_errors("VoiceListResponse", listed) == []
    assert (listed["total"], listed["total_pages"], listed["items"][0]["slug"]) == (2, 2, "ava")
    made = http.post("/v1/audio/voices", json={"name": "Ada", "sample_audio": "UklGRg=="})
    assert spec_errors("VoiceResponse", made.json()) == []
    voice_id = made.json()["id"]
    assert voice_id == "00000000-0000-4000-8000-000000000001"
    sample = http.get(f"/v1/audio/voices/{voice_id}/sample")
    assert (sample.headers["content-type"], sample.content) == ("audio/wav", b"RIFF")
    preset = "5eed0000-0000-4000-8000-000000000001"
    assert http.delete(f"/v1/audio/voices/{preset}").status_code == 403
    assert http.patch(f"/v1/audio/voices/{preset}", json={"age": 3}).status_code == 403
    assert http.delete("/v1/audio/voices/ava").status_code == 422  # not a UUID
    assert http.get("/v1/audio/voices", params={"limit": 0}).status_code == 422
    not_base64 = {"name": "x", "sample_audio": "%%%"}
    assert http.post("/v1/audio/voices", json=not_base64).status_code == 422


def test_connector_answers_match_the_spec(http: httpx.Client) -> None:
    created = http.post(
        "/v1/connectors", json={**CONNECTOR, "auth_data": {"client_id": "a", "client_secret": "b"}}
    )
    assert created.status_code == 201
    assert spec_errors("Connector", created.json()) == []
    assert "auth_data" not in created.text
    assert "client_secret" not in created.text
    assert spec_errors("PaginatedConnectors", http.get("/v1/connectors").json()) == []
    creds = http.get("/v1/connectors/wiki/user/credentials").json()
    assert spec_errors("CredentialsResponse", creds) == []
    url = http.get("/v1/connectors/wiki/auth_url").json()
    assert spec_errors("AuthUrlResponse", url) == []
    assert http.post("/v1/connectors", json={**CONNECTOR, "name": "has space"}).status_code == 422


def test_a_sign_in_url_works_once_and_expires(
    http: httpx.Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    http.post(
        "/v1/connectors", json={**CONNECTOR, "auth_data": {"client_id": "a", "client_secret": "b"}}
    )
    first = http.get("/v1/connectors/wiki/auth_url").json()["auth_url"]
    signed_in = httpx.get(first)  # no API key: it is the user's browser
    assert signed_in.status_code == 200
    assert httpx.get(first).status_code == 400
    creds = http.get("/v1/connectors/wiki/user/credentials").json()["credentials"]
    assert creds == [{"name": "default", "authentication_type": "oauth2", "is_default": True}]
    second = http.get("/v1/connectors/wiki/auth_url").json()["auth_url"]
    later = time.monotonic() + connectors_fake.AUTH_URL_TTL + 1
    monkeypatch.setattr(connectors_fake, "clock", lambda: later)
    assert httpx.get(second).status_code == 400


def test_connector_tools_need_the_sign_in_of_an_oauth2_connector(http: httpx.Client) -> None:
    http.post(
        "/v1/connectors", json={**CONNECTOR, "auth_data": {"client_id": "a", "client_secret": "b"}}
    )
    assert http.get("/v1/connectors/wiki/tools").status_code == 403
    saved = http.post(
        "/v1/connectors/wiki/organization/credentials",
        json={"name": "org", "credentials": {"oauth": {"access_token": "t"}}},
    )
    assert saved.json() == {"message": "Credentials 'org' created."}
    tools = http.get("/v1/connectors/wiki/tools").json()
    assert [t["name"] for t in tools] == ["echo", "add", "fail"]
    call = http.post("/v1/connectors/wiki/tools/echo/call", json={"arguments": {}})
    assert spec_errors("MCPToolCallResponse", call.json()) == []
    assert call.json()["metadata"]["mcp_meta"]["isError"] is True  # "text" is missing
