"""The same flows over a socket and in-process (``MistralTestTransport``): answers,
streams, uploads, state, request ids and faults behave alike."""

from __future__ import annotations

import time

import httpx
import pytest

from mistralai.testing import Fault, MistralTestServer, MistralTestTransport

pytest.importorskip("mistralai.chat", reason="mistral-chat is not installed")
pytest.importorskip("mistralai.files", reason="mistral-files is not installed")

from mistralai import Mistral
from mistralai.errors import StreamError

MESSAGES = [{"role": "user", "content": "one two three four"}]


@pytest.fixture(params=["socket", "in-process"])
def mode(request: pytest.FixtureRequest) -> tuple[Mistral, MistralTestServer]:
    """A client and the server it talks to, over a socket or in-process."""
    if request.param == "socket":
        return request.getfixturevalue("mistral_client"), request.getfixturevalue(
            "mistral_test_server"
        )
    return request.getfixturevalue("mistral_inprocess_client"), request.getfixturevalue(
        "mistral_inprocess_server"
    )


def test_a_completion_and_its_stream(mode: tuple[Mistral, MistralTestServer]) -> None:
    client, server = mode
    whole = client.chat.complete(model="mistral-small-latest", messages=MESSAGES)
    with client.chat.stream(model="mistral-small-latest", messages=MESSAGES) as stream:
        events = list(stream)
    assert whole.id == "cmpl-000000000001"
    assert "".join(e.data.choices[0].delta.content or "" for e in events) == (
        "You said: one two three four"
    )
    assert len(events) == 6
    assert [r.path for r in server.requests] == ["/v1/chat/completions"] * 2


def test_uploads_and_downloads_share_the_state(mode: tuple[Mistral, MistralTestServer]) -> None:
    client, server = mode
    up = client.files.upload(file={"file_name": "a.jsonl", "content": b'{"a": 1}\n'})
    assert up.id == "00000000-0000-4000-8000-000000000001"
    assert up.id in server.state.store("files")
    response = client.files.download(up.id)
    try:
        assert b"".join(response.iter_bytes()) == b'{"a": 1}\n'
    finally:
        response.close()


async def test_async_calls_and_streams(mode: tuple[Mistral, MistralTestServer]) -> None:
    client, _ = mode
    whole = await client.chat.complete_async(model="mistral-small-latest", messages=MESSAGES)
    stream = await client.chat.stream_async(model="mistral-small-latest", messages=MESSAGES)
    async with stream as events:
        text = "".join([e.data.choices[0].delta.content or "" async for e in events])
    assert text == whole.choices[0].message.content


def test_a_status_fault_is_retried(mode: tuple[Mistral, MistralTestServer]) -> None:
    client, server = mode
    server.faults.add(Fault.status(503, headers={"retry-after-ms": "10"}), times=1)
    assert client.chat.complete(model="m", messages=MESSAGES).choices[0].message.content
    assert len(server.requests) == 2


def test_a_truncated_stream_fails_after_its_events(
    mode: tuple[Mistral, MistralTestServer],
) -> None:
    client, server = mode
    server.faults.add(Fault.truncate(after_events=2))
    received = []
    with pytest.raises(StreamError, match="broke off after 2 events"):
        with client.chat.stream(model="m", messages=MESSAGES) as stream:
            received.extend(stream)
    assert len(received) == 2


def test_a_slow_fault_delays_the_answer(mode: tuple[Mistral, MistralTestServer]) -> None:
    client, server = mode
    server.faults.add(Fault.slow(0.2))
    began = time.monotonic()
    client.chat.complete(model="m", messages=MESSAGES)
    assert time.monotonic() - began >= 0.2


# -- the transport itself, with plain httpx ---------------------------------------------------


def _http(transport: MistralTestTransport) -> httpx.Client:
    return httpx.Client(
        transport=transport,
        base_url="http://mistral.test",
        headers={"authorization": "Bearer k"},
    )


def test_a_reset_is_a_read_error_in_process(mistral_transport: MistralTestTransport) -> None:
    mistral_transport.server.faults.add(Fault.reset())
    with _http(mistral_transport) as http, pytest.raises(httpx.ReadError):
        http.get("/v1/models")
    with _http(mistral_transport) as http:
        assert http.get("/v1/models").status_code == 200


def test_a_stream_is_produced_as_it_is_read(mistral_transport: MistralTestTransport) -> None:
    """Each event is one chunk, made when read: a slow fault spaces them out."""
    mistral_transport.server.faults.add(Fault.slow(0.05))
    body = {"model": "m", "messages": MESSAGES, "stream": True}
    with (
        _http(mistral_transport) as http,
        http.stream("POST", "/v1/chat/completions", json=body) as response,
    ):
        assert response.headers["content-type"] == "text/event-stream"
        stamps = []
        chunks = []
        for chunk in response.iter_raw():
            stamps.append(time.monotonic())
            chunks.append(chunk)
    assert len(chunks) == 7  # six events and [DONE]
    assert chunks[-1] == b"data: [DONE]\n\n"
    assert stamps[-1] - stamps[0] >= 0.25


def test_a_truncated_download_stops_halfway(mistral_transport: MistralTestTransport) -> None:
    with _http(mistral_transport) as http:
        file_id = http.post(
            "/v1/files", files={"file": ("a.bin", b"x" * 1000)}, data={"purpose": "batch"}
        ).json()["id"]
        mistral_transport.server.faults.add(Fault.truncate(after_events=0))
        with http.stream("GET", f"/v1/files/{file_id}/content") as response:
            assert response.headers["content-length"] == "1000"
            got = bytearray()
            with pytest.raises(httpx.RemoteProtocolError):
                for chunk in response.iter_raw():
                    got.extend(chunk)
    assert len(got) == 500


@pytest.mark.parametrize("kind", ["malformed_json", "wrong_content_type"])
def test_body_faults_in_process(mistral_transport: MistralTestTransport, kind: str) -> None:
    mistral_transport.server.faults.add(Fault.from_json({"kind": kind}))
    with _http(mistral_transport) as http:
        response = http.get("/v1/models")
    assert response.status_code == 200
    with pytest.raises(ValueError):
        response.json()


async def test_the_async_transport_streams_and_faults(
    mistral_transport: MistralTestTransport,
) -> None:
    mistral_transport.server.faults.add(Fault.reset())
    async with httpx.AsyncClient(
        transport=mistral_transport,
        base_url="http://mistral.test",
        headers={"authorization": "Bearer k"},
    ) as http:
        with pytest.raises(httpx.ReadError):
            await http.get("/v1/models")
        body = {"model": "m", "messages": MESSAGES, "stream": True}
        async with http.stream("POST", "/v1/chat/completions", json=body) as response:
            chunks = [chunk async for chunk in response.aiter_raw()]
    assert len(chunks) == 7


def test_a_transport_without_a_server_makes_its_own() -> None:
    transport = MistralTestTransport()
    with _http(transport) as http:
        assert http.get("/v1/models").json()["object"] == "list"
    assert transport.server.requests[0].path == "/v1/models"
    with pytest.raises(RuntimeError, match="not started"):
        _ = transport.server.url


def test_the_inprocess_client_never_opens_a_socket(
    mistral_inprocess_client: Mistral, mistral_inprocess_server: MistralTestServer
) -> None:
    assert mistral_inprocess_client.chat.complete(model="m", messages=MESSAGES).id
    assert mistral_inprocess_server.requests[-1].headers["authorization"] == ("Bearer test-api-key")
