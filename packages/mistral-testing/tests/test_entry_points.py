"""``python -m mistralai.testing`` and the pytest fixtures."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

import httpx
import pytest

from mistralai.testing import MistralTestServer

from .conftest import AUTH, CHAT


def _start(*args: str) -> tuple[subprocess.Popen[str], str]:
    process = subprocess.Popen(
        [sys.executable, "-m", "mistralai.testing", *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    name, _, url = process.stdout.readline().strip().partition("=")
    assert name == "MISTRAL_TEST_SERVER_URL"
    assert url.startswith("http://127.0.0.1:")
    return process, url


def test_the_module_stops_when_stdin_closes_with_exit_on_eof() -> None:
    process, url = _start("--exit-on-eof")
    try:
        assert httpx.post(f"{url}/v1/chat/completions", json=CHAT, headers=AUTH).status_code == 200
        assert process.stdin is not None
        process.stdin.close()
        assert process.wait(timeout=10) == 0
    finally:
        process.kill()
        process.wait()


def test_the_module_ignores_stdin_by_default() -> None:
    process, url = _start()
    try:
        assert process.stdin is not None
        process.stdin.close()
        with pytest.raises(subprocess.TimeoutExpired):
            process.wait(timeout=0.5)
        assert httpx.get(f"{url}/v1/models", headers=AUTH).status_code == 200
    finally:
        process.terminate()
        assert process.wait(timeout=10) == 0


def test_the_test_server_fixture_starts_clean(mistral_test_server: MistralTestServer) -> None:
    assert mistral_test_server.requests == []
    assert "ag_test_agent" in mistral_test_server.state.agents


def test_the_session_server_is_the_same_server(
    mistral_server: MistralTestServer, mistral_test_server: MistralTestServer
) -> None:
    assert mistral_server is mistral_test_server


def test_the_client_fixture_talks_to_the_server(
    mistral_client: Any, mistral_test_server: MistralTestServer
) -> None:
    if "chat" not in dir(mistral_client):
        pytest.skip("mistral-chat is not installed")
    answer = mistral_client.chat.complete(
        model="mistral-small-latest", messages=[{"role": "user", "content": "hi"}]
    )
    assert answer.choices[0].message.content == "You said: hi"
    recorded = mistral_test_server.requests[-1]
    assert recorded.headers["authorization"] == "Bearer test-api-key"


async def test_the_async_client_fixture_talks_to_the_server(
    mistral_async_client: Any, mistral_test_server: MistralTestServer
) -> None:
    if "models" not in dir(mistral_async_client):
        pytest.skip("mistral-models is not installed")
    listed = await mistral_async_client.models.list_async()
    assert any(card.id == "mistral-small-latest" for card in listed.data)
    assert mistral_test_server.requests[-1].path == "/v1/models"
