"""Shared fixtures of the test server's own tests: plain httpx against the running server."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from mistralai.testing import MistralTestServer
from mistralai.testing._validation import schema_problems as spec_errors

__all__ = ["AUTH", "CHAT", "raw_exchange", "raw_post", "spec_errors", "http"]

AUTH = {"authorization": "Bearer test"}
CHAT: dict[str, Any] = {
    "model": "mistral-small-latest",
    "messages": [{"role": "user", "content": "hello there"}],
}


@pytest.fixture(scope="session")
def mistral_check_responses() -> bool:
    """The package's own tests check every answer of the fakes against the spec."""
    return True


@pytest.fixture
def http(mistral_test_server: MistralTestServer) -> Iterator[httpx.Client]:
    """An httpx client with an API key, bound to the (reset) session server."""
    with httpx.Client(base_url=mistral_test_server.url, headers=AUTH, timeout=10) as client:
        yield client


def raw_exchange(url: str, requests: list[bytes]) -> list[tuple[int, dict[str, str], bytes]]:
    """Send hand-written HTTP/1.1 requests on one connection; read each answer (with a
    ``content-length``) as (status, lower-cased headers, body)."""
    host, port = url.removeprefix("http://").split(":")
    answers = []
    with socket.create_connection((host, int(port)), timeout=5) as sock:
        reader = sock.makefile("rb")
        for request in requests:
            sock.sendall(request)
            status = int(reader.readline().split()[1])
            headers = {}
            while (line := reader.readline()) not in (b"\r\n", b""):
                name, _, value = line.decode("latin-1").partition(":")
                headers[name.strip().lower()] = value.strip()
            answers.append((status, headers, reader.read(int(headers["content-length"]))))
    return answers


def raw_post(path: str, body: bytes, *headers: str) -> bytes:
    """A hand-written POST request with ``body`` and extra header lines."""
    lines = [f"POST {path} HTTP/1.1", "host: localhost", *headers]
    lines += ["content-type: application/json", f"content-length: {len(body)}"]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body
