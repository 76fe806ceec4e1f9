"""What Vertex AI receives from a client with the VertexAI plugin: paths, headers, bodies.

Every test reads the requests the local Vertex AI stand-in recorded (see conftest.py).
"""

from __future__ import annotations

import logging
from typing import Any

import anyio
import pytest

from mistralai import Mistral, errors
from mistralai.gcp import NotServedByVertexAIError, VertexAI, vertex_model
from mistralai.gcp._plugin import vertex_endpoint
from mistralai.testing import MistralTestServer

from .conftest import MESSAGES, PROJECT, FakeCredentials, FakeGoogleAuth, path_of

TOKEN = "ya29.fixed-access-token-0123456789"
BACKENDS = ["asyncio", "trio"]


def vertex(server: MistralTestServer, **plugin: Any) -> Mistral:
    plugin.setdefault("access_token", TOKEN)
    return Mistral(plugins=[VertexAI(PROJECT, server_url=server.url, **plugin)])


def test_chat_goes_to_the_models_raw_predict_paths(vertex_server: MistralTestServer) -> None:
    with vertex(vertex_server) as client:
        reply = client.chat.complete(model="mistral-small-2503", messages=MESSAGES, max_tokens=9)
        with client.chat.stream(model="mistral-small-2503", messages=MESSAGES) as stream:
            events = list(stream)
    assert reply.choices[0].message.content
    assert events
    sent = vertex_server.requests
    assert [(r.method, r.path, r.query) for r in sent] == [
        ("POST", path_of("mistral-small-2503"), {}),
        ("POST", path_of("mistral-small-2503", "streamRawPredict"), {}),
    ]
    assert {r.headers["authorization"] for r in sent} == {f"Bearer {TOKEN}"}
    assert sent[0].json() == {"model": "mistral-small-2503", "messages": MESSAGES, "max_tokens": 9}
    assert sent[1].json()["stream"] is True
    assert sent[1].headers["accept"] == "text/event-stream"


def test_fim_goes_to_the_same_paths_of_its_model(vertex_server: MistralTestServer) -> None:
    with vertex(vertex_server) as client:
        reply = client.fim.complete(model="codestral-2501", prompt="def add(a, b):", suffix="")
        with client.fim.stream(model="codestral-2501", prompt="def add(a, b):") as stream:
            assert list(stream)
    assert reply.choices[0].message.content
    assert [r.path for r in vertex_server.requests] == [
        path_of("codestral-2501"),
        path_of("codestral-2501", "streamRawPredict"),
    ]
    assert vertex_server.requests[0].json()["prompt"] == "def add(a, b):"


@pytest.mark.parametrize(
    ("model", "in_path", "in_body"),
    [
        ("mistral-large-2407", "mistral-large@2407", "mistral-large"),
        ("mistral-nemo-2407", "mistral-nemo@2407", "mistral-nemo"),
        ("codestral-2405", "codestral@2405", "codestral"),
        ("mistral-large@2407", "mistral-large@2407", "mistral-large"),
        ("mistral-large-2411", "mistral-large-2411", "mistral-large-2411"),
        ("mistral-medium-3", "mistral-medium-3", "mistral-medium-3"),
    ],
)
def test_models_vertex_names_otherwise_are_mapped(
    vertex_server: MistralTestServer, model: str, in_path: str, in_body: str
) -> None:
    assert vertex_model(model) == (in_body, in_path)
    with vertex(vertex_server) as client:
        client.chat.complete(model=model, messages=MESSAGES, temperature=0.3)
    (sent,) = vertex_server.requests
    assert sent.path == path_of(in_path)
    assert sent.json() == {"model": in_body, "messages": MESSAGES, "temperature": 0.3}
    assert int(sent.headers["content-length"]) == len(sent.body)


def test_the_region_is_in_the_host_and_the_path() -> None:
    assert vertex_endpoint("us-central1") == "https://us-central1-aiplatform.googleapis.com"
    assert vertex_endpoint("global") == "https://aiplatform.googleapis.com"
    plugin = VertexAI("p", "us-east5", access_token=TOKEN)
    assert plugin.server_url == "https://us-east5-aiplatform.googleapis.com"
    for region in ("", "us central", "../x", "US-EAST5"):
        with pytest.raises(errors.ConfigurationError, match="region"):
            VertexAI("p", region, access_token=TOKEN)


def test_a_region_reaches_the_path(vertex_server: MistralTestServer) -> None:
    with vertex(vertex_server, region="us-central1") as client:
        client.chat.complete(model="mistral-small-2503", messages=MESSAGES)
    assert vertex_server.requests[0].path == path_of("mistral-small-2503", region="us-central1")


@pytest.mark.parametrize("backend", BACKENDS)
def test_async_calls_go_the_same_way(vertex_server: MistralTestServer, backend: str) -> None:
    async def main() -> None:
        async with vertex(vertex_server) as client:
            assert (await client.chat.complete_async(model="m-1", messages=MESSAGES)).choices
            async with await client.chat.stream_async(model="m-1", messages=MESSAGES) as s:
                assert [event async for event in s]
            await client.fim.complete_async(model="codestral-2405", prompt="x = ")

    anyio.run(main, backend=backend)
    assert [r.path for r in vertex_server.requests] == [
        path_of("m-1"),
        path_of("m-1", "streamRawPredict"),
        path_of("codestral@2405"),
    ]


def test_the_clients_own_key_and_server_are_replaced(
    vertex_server: MistralTestServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MISTRAL_API_KEY", "mistral-env-key")
    plugin = VertexAI(PROJECT, server_url=vertex_server.url, access_token=TOKEN)
    with Mistral(api_key="mistral-explicit-key", plugins=[plugin]) as client:
        client.chat.complete(model="m", messages=MESSAGES)
    with Mistral(plugins=[plugin]) as client:
        client.chat.complete(model="m", messages=MESSAGES)
    assert [r.headers["authorization"] for r in vertex_server.requests] == [f"Bearer {TOKEN}"] * 2


def test_other_clients_of_the_process_are_left_alone(
    vertex_server: MistralTestServer, mistral_test_server: MistralTestServer
) -> None:
    with (
        vertex(vertex_server) as cloud,
        Mistral(api_key="plain-key", server_url=mistral_test_server.url) as plain,
    ):
        cloud.chat.complete(model="m", messages=MESSAGES)
        plain.chat.complete(model="mistral-small-latest", messages=MESSAGES)
        plain.fim.complete(model="codestral-latest", prompt="def")
    assert [r.path for r in vertex_server.requests] == [path_of("m")]
    assert [(r.path, r.headers["authorization"]) for r in mistral_test_server.requests] == [
        ("/v1/chat/completions", "Bearer plain-key"),
        ("/v1/fim/completions", "Bearer plain-key"),
    ]


@pytest.mark.parametrize(
    ("call", "operation"),
    [
        (lambda c: c.files.list(), "files_api_routes_list_files (GET /v1/files)"),
        (
            lambda c: c.ocr.process(
                model="mistral-ocr-2505",
                document={"type": "document_url", "document_url": "https://example.com/a.pdf"},
            ),
            "ocr_v1_ocr_post (POST /v1/ocr)",
        ),
        (
            lambda c: c.embeddings.create(model="mistral-embed", inputs=["a"]),
            "embeddings_v1_embeddings_post (POST /v1/embeddings)",
        ),
    ],
    ids=["files", "ocr", "embeddings"],
)
def test_an_operation_vertex_does_not_serve_fails_clearly_and_sends_nothing(
    vertex_server: MistralTestServer, call: Any, operation: str
) -> None:
    with vertex(vertex_server) as client:
        with pytest.raises(NotServedByVertexAIError) as caught:
            call(client)
    error = caught.value
    assert error.what == operation
    assert f"Google Cloud Vertex AI does not serve {operation}" in str(error)
    assert vertex_server.requests == []


def test_the_token_appears_in_no_error_log_or_repr(
    vertex_server: MistralTestServer,
    google_auth: FakeGoogleAuth,
    caplog: pytest.LogCaptureFixture,
) -> None:
    from mistralai.testing import Fault

    vertex_server.faults.add(Fault.status(401), times=2)
    logger = logging.getLogger("vertex-test")
    plugin = VertexAI(server_url=vertex_server.url)
    with caplog.at_level(logging.DEBUG, logger="vertex-test"):
        with Mistral(plugins=[plugin], debug_logger=logger) as client:
            with pytest.raises(errors.AuthenticationError) as unauthorized:
                client.chat.complete(model="m", messages=MESSAGES)
            with pytest.raises(NotServedByVertexAIError) as unserved:
                client.files.list()
            shown = [repr(client), repr(client.config), repr(plugin)]
    tokens = [r.headers["authorization"].removeprefix("Bearer ") for r in vertex_server.requests]
    assert tokens == ["ya29.fake-token-1", "ya29.fake-token-2"]
    assert caplog.text
    for text in [
        caplog.text,
        str(unauthorized.value),
        repr(unauthorized.value),
        str(unserved.value),
        *shown,
    ]:
        assert "ya29" not in text


def test_a_body_without_a_model_is_refused_before_sending(
    vertex_server: MistralTestServer,
) -> None:
    with vertex(vertex_server) as client:
        with pytest.raises(errors.MistralError, match="needs the model"):
            client.chat.complete(model="", messages=MESSAGES)
    assert vertex_server.requests == []


def test_a_fixed_token_needs_no_google_auth(
    vertex_server: MistralTestServer, no_google_auth: None
) -> None:
    with vertex(vertex_server) as client:
        client.chat.complete(model="m", messages=MESSAGES)
    assert vertex_server.requests[0].headers["authorization"] == f"Bearer {TOKEN}"


def test_without_google_auth_the_error_says_what_to_install(no_google_auth: None) -> None:
    with pytest.raises(errors.ConfigurationError, match=r"mistral-gcp\[google-auth\]"):
        VertexAI(PROJECT)
    with pytest.raises(errors.ConfigurationError, match=r"mistral-gcp\[google-auth\]"):
        with Mistral(plugins=[VertexAI(PROJECT, credentials=FakeCredentials())]) as client:
            client.chat.complete(model="m", messages=MESSAGES)


def test_a_plugin_registered_after_construction_sends_nothing(
    vertex_server: MistralTestServer,
) -> None:
    with Mistral(api_key="mistral-key", server_url=vertex_server.url) as client:
        client.register_plugin(VertexAI(PROJECT, server_url=vertex_server.url, access_token=TOKEN))
        with pytest.raises(errors.ConfigurationError) as caught:
            client.chat.complete(model="m", messages=MESSAGES)
    assert "Mistral(plugins=[VertexAI(...)])" in str(caught.value)
    assert vertex_server.requests == []
