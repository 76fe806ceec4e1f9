"""Microsoft Entra ID tokens: fetched once, renewed before they expire, re-sent once on 401."""

from __future__ import annotations

import threading
from typing import Any

import anyio
import pytest

from mistralai import Mistral, errors
from mistralai.azure import DEFAULT_SCOPE, AzureAI, AzureCredentialError
from mistralai.testing import Fault, MistralTestServer

from .conftest import KEY, MESSAGES, FakeCredential

CHAT_PATH = "/models/chat/completions"


def entra_client(server: MistralTestServer, credential: Any, **plugin: Any) -> Mistral:
    return Mistral(plugins=[AzureAI(f"{server.url}/models", credential=credential, **plugin)])


def tokens_sent(server: MistralTestServer) -> list[str]:
    return [r.headers["authorization"] for r in server.requests]


def test_a_token_is_fetched_for_the_scope_and_reused_while_valid(
    azure_server: MistralTestServer,
) -> None:
    credential = FakeCredential(lifetime=3600)
    with entra_client(azure_server, credential) as client:
        client.chat.complete(model="m", messages=MESSAGES)
        client.chat.complete(model="m", messages=MESSAGES)
    assert tokens_sent(azure_server) == ["Bearer entra-token-1"] * 2
    assert credential.scopes == [(DEFAULT_SCOPE,)]


def test_the_scope_can_be_chosen(azure_server: MistralTestServer) -> None:
    credential = FakeCredential()
    with entra_client(azure_server, credential, scope="https://ml.azure.com/.default") as client:
        client.chat.complete(model="m", messages=MESSAGES)
    assert credential.scopes == [("https://ml.azure.com/.default",)]


def test_a_token_about_to_expire_is_renewed_before_it_is_sent(
    azure_server: MistralTestServer,
) -> None:
    credential = FakeCredential(lifetime=120)  # inside the default 300 s leeway
    with entra_client(azure_server, credential) as client:
        client.chat.complete(model="m", messages=MESSAGES)
        client.chat.complete(model="m", messages=MESSAGES)
    assert tokens_sent(azure_server) == ["Bearer entra-token-1", "Bearer entra-token-2"]
    with entra_client(azure_server, FakeCredential(lifetime=120), token_leeway=60) as client:
        client.chat.complete(model="m", messages=MESSAGES)
        client.chat.complete(model="m", messages=MESSAGES)
    assert tokens_sent(azure_server)[2:] == ["Bearer entra-token-1"] * 2


def test_a_401_is_sent_once_more_with_a_new_token(azure_server: MistralTestServer) -> None:
    azure_server.faults.add(Fault.status(401), times=1, path=CHAT_PATH)
    credential = FakeCredential()
    with entra_client(azure_server, credential) as client:
        assert client.chat.complete(model="m", messages=MESSAGES).choices
        assert client.chat.complete(model="m", messages=MESSAGES).choices
    assert tokens_sent(azure_server) == [
        "Bearer entra-token-1",
        "Bearer entra-token-2",
        "Bearer entra-token-2",
    ]
    assert len(credential.scopes) == 2


def test_a_second_401_is_the_callers_error_after_exactly_one_retry(
    azure_server: MistralTestServer,
) -> None:
    azure_server.faults.add(Fault.status(401), times=3, path=CHAT_PATH)
    with entra_client(azure_server, FakeCredential()) as client:
        with pytest.raises(errors.AuthenticationError) as caught:
            client.chat.complete(model="m", messages=MESSAGES)
    assert tokens_sent(azure_server) == ["Bearer entra-token-1", "Bearer entra-token-2"]
    assert "entra-token" not in str(caught.value) + repr(caught.value)


def test_a_key_is_not_retried_on_401(azure_server: MistralTestServer) -> None:
    azure_server.faults.add(Fault.status(401), times=1, path=CHAT_PATH)
    with Mistral(plugins=[AzureAI(f"{azure_server.url}/models", api_key=KEY)]) as client:
        with pytest.raises(errors.AuthenticationError):
            client.chat.complete(model="m", messages=MESSAGES)
    assert len(azure_server.requests) == 1


def test_a_stream_answered_401_is_opened_again(azure_server: MistralTestServer) -> None:
    azure_server.faults.add(Fault.status(401), times=1, path=CHAT_PATH)
    with entra_client(azure_server, FakeCredential()) as client:
        with client.chat.stream(model="m", messages=MESSAGES) as stream:
            assert list(stream)
    assert tokens_sent(azure_server) == ["Bearer entra-token-1", "Bearer entra-token-2"]
    assert all(r.json()["stream"] is True for r in azure_server.requests)


@pytest.mark.parametrize("backend", ["asyncio", "trio"])
def test_async_calls_refresh_the_same_way(azure_server: MistralTestServer, backend: str) -> None:
    azure_server.faults.add(Fault.status(401), times=1, path=CHAT_PATH)

    async def main() -> None:
        async with entra_client(azure_server, FakeCredential()) as client:
            assert (await client.chat.complete_async(model="m", messages=MESSAGES)).choices
            async with await client.chat.stream_async(model="m", messages=MESSAGES) as stream:
                assert [event async for event in stream]

    anyio.run(main, backend=backend)
    assert tokens_sent(azure_server) == [
        "Bearer entra-token-1",
        "Bearer entra-token-2",
        "Bearer entra-token-2",
    ]


def test_concurrent_calls_share_one_renewal(azure_server: MistralTestServer) -> None:
    credential = FakeCredential()
    with entra_client(azure_server, credential) as client:
        threads = [
            threading.Thread(
                target=client.chat.complete, kwargs={"model": "m", "messages": MESSAGES}
            )
            for _ in range(8)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert tokens_sent(azure_server) == ["Bearer entra-token-1"] * 8
    assert len(credential.scopes) == 1


def test_without_a_key_azure_identity_default_credential_is_used(
    azure_server: MistralTestServer, azure_identity: FakeCredential
) -> None:
    with Mistral(plugins=[AzureAI(f"{azure_server.url}/models")]) as client:
        client.chat.complete(model="m", messages=MESSAGES)
    assert tokens_sent(azure_server) == ["Bearer entra-token-1"]
    assert azure_identity.scopes == [(DEFAULT_SCOPE,)]


def test_without_a_key_or_azure_identity_the_error_says_what_to_install(
    no_azure_identity: None,
) -> None:
    with pytest.raises(errors.ConfigurationError, match=r"mistral-azure\[entra\]"):
        AzureAI("https://acme.services.ai.azure.com/models")
    with pytest.raises(errors.ConfigurationError, match="api_key"):
        AzureAI("https://acme.services.ai.azure.com/models", api_key="")


def test_a_key_and_a_credential_together_are_refused() -> None:
    with pytest.raises(errors.ConfigurationError, match="not both"):
        AzureAI(
            "https://acme.services.ai.azure.com/models", api_key=KEY, credential=FakeCredential()
        )


class BrokenCredential:
    def get_token(self, *scopes: str, **kwargs: Any) -> Any:
        raise RuntimeError("EnvironmentCredential authentication unavailable")


def test_a_credential_that_fails_raises_a_typed_error_and_sends_nothing(
    azure_server: MistralTestServer,
) -> None:
    with entra_client(azure_server, BrokenCredential()) as client:
        with pytest.raises(AzureCredentialError) as caught:
            client.chat.complete(model="m", messages=MESSAGES)
    assert "could not get a Microsoft Entra ID token" in str(caught.value)
    assert "EnvironmentCredential authentication unavailable" in str(caught.value)
    assert isinstance(caught.value.__cause__, RuntimeError)
    assert azure_server.requests == []
