"""What Azure receives from a client with the AzureAI plugin: paths, query, headers, bodies.

Every test reads the requests the local Azure stand-in recorded (see conftest.py).
"""

from __future__ import annotations

import logging
from typing import Any

import anyio
import pytest

from mistralai import Mistral, errors
from mistralai.azure import FOUNDRY_API_VERSION, AzureAI, NotServedByAzureError
from mistralai.testing import MistralTestServer

from .conftest import KEY, MESSAGES

DOCUMENT = {"type": "document_url", "document_url": "https://example.com/invoice.pdf"}
BACKENDS = ["asyncio", "trio"]


def serverless(server: MistralTestServer, **kwargs: Any) -> Mistral:
    return Mistral(plugins=[AzureAI(server.url, api_key=KEY)], **kwargs)


def foundry(server: MistralTestServer, **plugin: Any) -> Mistral:
    return Mistral(plugins=[AzureAI(f"{server.url}/models", api_key=KEY, **plugin)])


def test_a_serverless_deployment_gets_mistral_paths_and_the_key_as_bearer(
    azure_server: MistralTestServer,
) -> None:
    with serverless(azure_server) as client:
        reply = client.chat.complete(model="azureai", messages=MESSAGES, max_tokens=100)
        with client.chat.stream(model="azureai", messages=MESSAGES) as stream:
            events = list(stream)
        pages = client.ocr.process(model="mistral-ocr-2503", document=DOCUMENT)
    assert reply.choices[0].message.content
    assert events
    assert pages.pages
    sent = azure_server.requests
    assert [(r.method, r.path, r.query) for r in sent] == [
        ("POST", "/v1/chat/completions", {}),
        ("POST", "/v1/chat/completions", {}),
        ("POST", "/v1/ocr", {}),
    ]
    assert {r.headers["authorization"] for r in sent} == {f"Bearer {KEY}"}
    assert sent[0].json() == {"model": "azureai", "messages": MESSAGES, "max_tokens": 100}
    assert sent[1].json()["stream"] is True
    assert sent[1].headers["accept"] == "text/event-stream"
    assert sent[2].json()["document"] == DOCUMENT


def test_an_endpoint_given_with_v1_or_a_slash_is_the_same_deployment(
    azure_server: MistralTestServer,
) -> None:
    for endpoint in (f"{azure_server.url}/v1", f"{azure_server.url}/v1/", f"{azure_server.url}/"):
        with Mistral(plugins=[AzureAI(endpoint, api_key=KEY)]) as client:
            client.chat.complete(model="azureai", messages=MESSAGES)
    assert [r.path for r in azure_server.requests] == ["/v1/chat/completions"] * 3


def test_foundry_gets_its_own_paths_with_the_api_version(azure_server: MistralTestServer) -> None:
    with foundry(azure_server) as client:
        client.chat.complete(model="Mistral-Large-2411", messages=MESSAGES)
        with client.chat.stream(model="Mistral-Large-2411", messages=MESSAGES) as stream:
            assert list(stream)
        client.ocr.process(model="mistral-ocr-2503", document=DOCUMENT)
    sent = azure_server.requests
    assert [(r.path, r.query) for r in sent] == [
        ("/models/chat/completions", {"api-version": [FOUNDRY_API_VERSION]}),
        ("/models/chat/completions", {"api-version": [FOUNDRY_API_VERSION]}),
        ("/providers/mistral/azure/ocr", {"api-version": [FOUNDRY_API_VERSION]}),
    ]
    assert sent[0].json()["model"] == "Mistral-Large-2411"
    assert {r.headers["authorization"] for r in sent} == {f"Bearer {KEY}"}


def test_the_api_version_can_be_chosen(azure_server: MistralTestServer) -> None:
    with foundry(azure_server, api_version="2025-05-01") as client:
        client.chat.complete(model="m", messages=MESSAGES)
    with serverless(azure_server) as client:
        client.chat.complete(model="m", messages=MESSAGES)
    with Mistral(plugins=[AzureAI(azure_server.url, api_key=KEY, api_version="2024-05-01")]) as c:
        c.chat.complete(model="m", messages=MESSAGES)
    assert [r.query for r in azure_server.requests] == [
        {"api-version": ["2025-05-01"]},
        {},
        {"api-version": ["2024-05-01"]},
    ]


@pytest.mark.parametrize("backend", BACKENDS)
def test_async_calls_go_the_same_way(azure_server: MistralTestServer, backend: str) -> None:
    async def main() -> None:
        async with foundry(azure_server) as client:
            assert (await client.chat.complete_async(model="m", messages=MESSAGES)).choices
            async with await client.chat.stream_async(model="m", messages=MESSAGES) as stream:
                assert [event async for event in stream]
            await client.ocr.process_async(model="mistral-ocr-2503", document=DOCUMENT)

    anyio.run(main, backend=backend)
    assert [r.path for r in azure_server.requests] == [
        "/models/chat/completions",
        "/models/chat/completions",
        "/providers/mistral/azure/ocr",
    ]
    assert {r.query["api-version"][0] for r in azure_server.requests} == {FOUNDRY_API_VERSION}


def test_the_clients_own_key_and_server_are_replaced(
    azure_server: MistralTestServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MISTRAL_API_KEY", "mistral-env-key")
    plugin = AzureAI(azure_server.url, api_key=KEY)
    with (
        Mistral(plugins=[plugin]) as from_env,
        Mistral(
            api_key="mistral-explicit-key", server_url="https://api.mistral.ai", plugins=[plugin]
        ) as explicit,
    ):
        from_env.chat.complete(model="azureai", messages=MESSAGES)
        explicit.chat.complete(model="azureai", messages=MESSAGES)
    assert [r.headers["authorization"] for r in azure_server.requests] == [f"Bearer {KEY}"] * 2
    assert explicit.config.server_url == azure_server.url


def test_other_clients_of_the_process_are_left_alone(
    azure_server: MistralTestServer, mistral_test_server: MistralTestServer
) -> None:
    azure = serverless(azure_server)
    plain = Mistral(api_key="plain-key", server_url=mistral_test_server.url)
    with azure, plain:
        azure.chat.complete(model="azureai", messages=MESSAGES)
        plain.chat.complete(model="mistral-small-latest", messages=MESSAGES)
        plain.files.list()
    assert [r.path for r in azure_server.requests] == ["/v1/chat/completions"]
    sent = mistral_test_server.requests
    assert [(r.path, r.headers["authorization"]) for r in sent] == [
        ("/v1/chat/completions", "Bearer plain-key"),
        ("/v1/files", "Bearer plain-key"),
    ]
    assert not any("api-version" in r.query for r in sent)


@pytest.mark.parametrize(
    ("call", "operation"),
    [
        (lambda c: c.files.list(), "files_api_routes_list_files (GET /v1/files)"),
        (
            lambda c: c.fim.complete(model="codestral-latest", prompt="def"),
            "fim_completion_v1_fim_completions_post (POST /v1/fim/completions)",
        ),
        (
            lambda c: c.embeddings.create(model="mistral-embed", inputs=["a"]),
            "embeddings_v1_embeddings_post (POST /v1/embeddings)",
        ),
        (lambda c: c.models.list(), "list_models_v1_models_get (GET /v1/models)"),
    ],
    ids=["files", "fim", "embeddings", "models"],
)
def test_an_operation_azure_does_not_serve_fails_clearly_and_sends_nothing(
    azure_server: MistralTestServer, call: Any, operation: str
) -> None:
    with serverless(azure_server) as client:
        with pytest.raises(NotServedByAzureError) as caught:
            call(client)
    error = caught.value
    assert error.what == operation
    assert f"Azure AI does not serve {operation}" in str(error)
    assert "chat completions" in str(error)
    assert azure_server.requests == []


async def test_an_unserved_async_operation_fails_the_same_way(
    azure_server: MistralTestServer,
) -> None:
    async with serverless(azure_server) as client:
        with pytest.raises(NotServedByAzureError):
            await client.files.list_async()
    assert azure_server.requests == []


def test_the_key_appears_in_no_error_log_or_repr(
    azure_server: MistralTestServer, caplog: pytest.LogCaptureFixture
) -> None:
    from mistralai.testing import Fault

    azure_server.faults.add(Fault.status(401), times=1)
    logger = logging.getLogger("azure-test")
    plugin = AzureAI(azure_server.url, api_key=KEY)
    with caplog.at_level(logging.DEBUG, logger="azure-test"):
        with Mistral(plugins=[plugin], debug_logger=logger) as client:
            with pytest.raises(errors.AuthenticationError) as unauthorized:
                client.chat.complete(model="azureai", messages=MESSAGES)
            with pytest.raises(NotServedByAzureError) as unserved:
                client.files.list()
            shown = [repr(client), repr(client.config), repr(plugin)]
    assert len(azure_server.requests) == 1, "a key is not refreshed: a 401 is not re-sent"
    assert caplog.text
    for text in [
        caplog.text,
        str(unauthorized.value),
        repr(unauthorized.value),
        str(unserved.value),
        repr(unserved.value.__cause__),
        *shown,
    ]:
        assert KEY not in text


def test_endpoints_that_cannot_be_azure_are_refused_at_once() -> None:
    for endpoint in ("", "   ", "my-resource.services.ai.azure.com", "ftp://host/models"):
        with pytest.raises(errors.ConfigurationError, match="Azure endpoint"):
            AzureAI(endpoint, api_key=KEY)


def test_a_plugin_registered_after_construction_sends_nothing(
    azure_server: MistralTestServer,
) -> None:
    with Mistral(api_key="mistral-key", server_url=azure_server.url) as client:
        client.register_plugin(AzureAI(azure_server.url, api_key=KEY))
        with pytest.raises(errors.ConfigurationError) as caught:
            client.chat.complete(model="azureai", messages=MESSAGES)
    assert "Mistral(plugins=[AzureAI(...)])" in str(caught.value)
    assert azure_server.requests == []
