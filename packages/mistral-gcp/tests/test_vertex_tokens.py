"""Google Cloud OAuth tokens: refreshed before they expire, and once (exactly) on 401."""

from __future__ import annotations

import datetime
import sys
import threading
from typing import Any

import anyio
import pytest

from mistralai import Mistral, errors
from mistralai.gcp import CLOUD_PLATFORM_SCOPE, GoogleCredentialError, VertexAI
from mistralai.testing import Fault, MistralTestServer

from .conftest import (
    MESSAGES,
    PROJECT,
    FakeCredentials,
    FakeGoogleAuth,
    FakeTransportRequest,
    path_of,
    utcnow,
)

CHAT_PATH = path_of("m")


@pytest.fixture(autouse=True)
def installed_google_auth(google_auth: FakeGoogleAuth) -> FakeGoogleAuth:
    """Refreshing credentials takes google-auth's transport: these tests run with it."""
    return google_auth


def client_with(server: MistralTestServer, credentials: Any, **plugin: Any) -> Mistral:
    vertex = VertexAI(PROJECT, server_url=server.url, credentials=credentials, **plugin)
    return Mistral(plugins=[vertex])


def tokens_sent(server: MistralTestServer) -> list[str]:
    return [r.headers["authorization"] for r in server.requests]


def test_default_credentials_give_the_token_and_the_project(
    vertex_server: MistralTestServer, google_auth: FakeGoogleAuth
) -> None:
    with Mistral(plugins=[VertexAI(server_url=vertex_server.url)]) as client:
        client.chat.complete(model="m", messages=MESSAGES)
        client.chat.complete(model="m", messages=MESSAGES)
    assert google_auth.scopes == [[CLOUD_PLATFORM_SCOPE]]
    assert [r.path for r in vertex_server.requests] == [CHAT_PATH] * 2
    assert tokens_sent(vertex_server) == ["Bearer ya29.fake-token-1"] * 2
    assert google_auth.credentials.refreshes == 1
    assert isinstance(google_auth.credentials.transports[0], FakeTransportRequest)


def test_a_given_project_wins_over_the_credentials_one(
    vertex_server: MistralTestServer, google_auth: FakeGoogleAuth
) -> None:
    with Mistral(plugins=[VertexAI("other-project", server_url=vertex_server.url)]) as client:
        client.chat.complete(model="m", messages=MESSAGES)
    assert vertex_server.requests[0].path.startswith("/v1/projects/other-project/")


def test_no_project_anywhere_is_refused(google_auth: FakeGoogleAuth) -> None:
    google_auth.project = None
    with pytest.raises(errors.ConfigurationError, match="project_id"):
        VertexAI()


def test_a_token_about_to_expire_is_refreshed_before_it_is_sent(
    vertex_server: MistralTestServer,
) -> None:
    credentials = FakeCredentials(lifetime=120)  # inside the default 300 s leeway
    with client_with(vertex_server, credentials) as client:
        client.chat.complete(model="m", messages=MESSAGES)
        client.chat.complete(model="m", messages=MESSAGES)
    assert tokens_sent(vertex_server) == ["Bearer ya29.fake-token-1", "Bearer ya29.fake-token-2"]


def test_a_valid_token_is_not_refreshed(vertex_server: MistralTestServer) -> None:
    credentials = FakeCredentials()
    credentials.token = "ya29.already-valid"
    credentials.expiry = utcnow() + datetime.timedelta(hours=1)
    with client_with(vertex_server, credentials) as client:
        client.chat.complete(model="m", messages=MESSAGES)
    assert credentials.refreshes == 0
    credentials.expiry = utcnow() + datetime.timedelta(seconds=30)
    with client_with(vertex_server, credentials) as client:
        client.chat.complete(model="m", messages=MESSAGES)
    assert tokens_sent(vertex_server) == ["Bearer ya29.already-valid", "Bearer ya29.fake-token-1"]


def test_an_aware_expiry_and_a_token_that_never_expires_are_understood(
    vertex_server: MistralTestServer,
) -> None:
    credentials = FakeCredentials()
    credentials.token = "ya29.aware"
    credentials.expiry = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(hours=1)
    with client_with(vertex_server, credentials) as client:
        client.chat.complete(model="m", messages=MESSAGES)
        credentials.expiry = None
        client.chat.complete(model="m", messages=MESSAGES)
    assert credentials.refreshes == 0


def test_a_401_is_sent_once_more_with_a_refreshed_token(
    vertex_server: MistralTestServer,
) -> None:
    vertex_server.faults.add(Fault.status(401), times=1, path=CHAT_PATH)
    credentials = FakeCredentials()
    with client_with(vertex_server, credentials) as client:
        assert client.chat.complete(model="m", messages=MESSAGES).choices
        assert client.chat.complete(model="m", messages=MESSAGES).choices
    assert tokens_sent(vertex_server) == [
        "Bearer ya29.fake-token-1",
        "Bearer ya29.fake-token-2",
        "Bearer ya29.fake-token-2",
    ]
    assert credentials.refreshes == 2


def test_a_second_401_is_the_callers_error_after_exactly_one_retry(
    vertex_server: MistralTestServer,
) -> None:
    vertex_server.faults.add(Fault.status(401), times=3, path=CHAT_PATH)
    with client_with(vertex_server, FakeCredentials()) as client:
        with pytest.raises(errors.AuthenticationError):
            client.chat.complete(model="m", messages=MESSAGES)
    assert tokens_sent(vertex_server) == ["Bearer ya29.fake-token-1", "Bearer ya29.fake-token-2"]


def test_a_fixed_token_is_not_retried_on_401(vertex_server: MistralTestServer) -> None:
    vertex_server.faults.add(Fault.status(401), times=1, path=CHAT_PATH)
    plugin = VertexAI(PROJECT, server_url=vertex_server.url, access_token="ya29.fixed-token")
    with Mistral(plugins=[plugin]) as client:
        with pytest.raises(errors.AuthenticationError):
            client.chat.complete(model="m", messages=MESSAGES)
    assert len(vertex_server.requests) == 1


def test_a_rewritten_body_is_sent_again_whole_after_a_401(
    vertex_server: MistralTestServer,
) -> None:
    path = path_of("mistral-large@2407", "streamRawPredict")
    vertex_server.faults.add(Fault.status(401), times=1, path=path)
    with client_with(vertex_server, FakeCredentials()) as client:
        with client.chat.stream(model="mistral-large-2407", messages=MESSAGES) as stream:
            assert list(stream)
    first, second = vertex_server.requests
    assert first.path == second.path == path
    assert first.body == second.body
    assert first.json()["model"] == "mistral-large"
    assert tokens_sent(vertex_server) == ["Bearer ya29.fake-token-1", "Bearer ya29.fake-token-2"]


@pytest.mark.parametrize("backend", ["asyncio", "trio"])
def test_async_calls_refresh_the_same_way(vertex_server: MistralTestServer, backend: str) -> None:
    vertex_server.faults.add(Fault.status(401), times=1, path=CHAT_PATH)

    async def main() -> None:
        async with client_with(vertex_server, FakeCredentials()) as client:
            assert (await client.chat.complete_async(model="m", messages=MESSAGES)).choices
            async with await client.chat.stream_async(model="m", messages=MESSAGES) as stream:
                assert [event async for event in stream]

    anyio.run(main, backend=backend)
    assert tokens_sent(vertex_server) == [
        "Bearer ya29.fake-token-1",
        "Bearer ya29.fake-token-2",
        "Bearer ya29.fake-token-2",
    ]


def test_concurrent_calls_share_one_refresh(vertex_server: MistralTestServer) -> None:
    credentials = FakeCredentials()
    with client_with(vertex_server, credentials) as client:
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
    assert tokens_sent(vertex_server) == ["Bearer ya29.fake-token-1"] * 8
    assert credentials.refreshes == 1


class BrokenCredentials(FakeCredentials):
    def refresh(self, request: Any) -> None:
        raise RuntimeError("('invalid_grant: Token has been expired or revoked.', {})")


def test_credentials_that_fail_raise_a_typed_error_and_send_nothing(
    vertex_server: MistralTestServer,
) -> None:
    with client_with(vertex_server, BrokenCredentials()) as client:
        with pytest.raises(GoogleCredentialError) as caught:
            client.chat.complete(model="m", messages=MESSAGES)
    assert "could not refresh the Google Cloud access token" in str(caught.value)
    assert "invalid_grant" in str(caught.value)
    assert isinstance(caught.value.__cause__, RuntimeError)
    assert vertex_server.requests == []


def test_default_credentials_that_cannot_be_found_say_how_to_log_in(
    google_auth: FakeGoogleAuth, monkeypatch: pytest.MonkeyPatch
) -> None:
    def missing(**kwargs: Any) -> Any:
        raise RuntimeError("Your default credentials were not found.")

    monkeypatch.setattr(sys.modules["google.auth"], "default", missing)
    with pytest.raises(GoogleCredentialError, match="gcloud auth application-default login"):
        VertexAI(PROJECT)
