"""Helpers of the batch tests: requests to run and settings that keep runs fast."""

from __future__ import annotations

from typing import Any

import pytest

from mistralai.testing import MistralTestServer

CHAT = "/v1/chat/completions"
MODEL = "mistral-small-latest"
FAST: dict[str, Any] = {"poll_interval": 0.002, "max_poll_interval": 0.01}
"""Poll settings for tests: the local server answers at once."""


def chat(custom_id: str | None, text: str) -> dict[str, Any]:
    """A chat request in the BatchRequest shape (no custom_id when None)."""
    body = {"messages": [{"role": "user", "content": text}]}
    return {"body": body} if custom_id is None else {"custom_id": custom_id, "body": body}


def answer_of(result: Any) -> str:
    """The text a chat result answered."""
    content: str = result.response["choices"][0]["message"]["content"]
    return content


@pytest.fixture
def paced(mistral_test_server: MistralTestServer) -> MistralTestServer:
    """The server with jobs that need a few reads each, so runs have time to be seen."""
    mistral_test_server.batch.configure(lines_per_poll=3)
    return mistral_test_server


def posts(server: MistralTestServer, path: str) -> int:
    """How many POST requests to ``path`` the server received."""
    return sum(1 for r in server.requests if r.method == "POST" and r.path == path)
