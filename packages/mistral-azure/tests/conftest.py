"""A local stand-in for Azure AI, and fake Microsoft Entra ID credentials.

The server is mistral-testing's (real sockets on 127.0.0.1, real SSE, faults, every request
recorded) with a router that holds only Azure's endpoints, in front of the same fakes:

- a serverless deployment: ``POST /v1/chat/completions`` and ``POST /v1/ocr``;
- Foundry's model inference API: ``POST /models/chat/completions`` and
  ``POST /providers/mistral/azure/ocr``, which answer 400 without ``api-version``.

Anything else is a 404, as on Azure; a request without credentials is a 401.
"""

from __future__ import annotations

import itertools
import sys
import time
import types
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from mistralai.testing import JSONResponse, MistralTestServer, Request, Response, Router
from mistralai.testing.fakes import chat, ocr

CHAT = "chat_completion_v1_chat_completions_post"
OCR = "ocr_v1_ocr_post"
KEY = "azure-key-0123456789abcdef"
MESSAGES = [{"role": "user", "content": "Hello there!"}]


def _authorized(request: Request) -> bool:
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    return scheme.lower() == "bearer" and bool(token.strip())


def _guarded(handler: Any, *, versioned: bool) -> Any:
    def handle(request: Request) -> Response:
        if not _authorized(request):
            return JSONResponse({"error": {"code": "401", "message": "Unauthorized"}}, 401)
        if versioned and not request.arg("api-version"):
            return JSONResponse(
                {"error": {"code": "BadRequest", "message": "api-version is required"}}, 400
            )
        return handler(request)

    return handle


def azure_router() -> Router:
    router = Router()
    router.add("POST", "/v1/chat/completions", _guarded(chat.completions, versioned=False), CHAT)
    router.add("POST", "/v1/ocr", _guarded(ocr.process, versioned=False), OCR)
    router.add("POST", "/models/chat/completions", _guarded(chat.completions, versioned=True), CHAT)
    router.add("POST", "/providers/mistral/azure/ocr", _guarded(ocr.process, versioned=True), OCR)
    return router


@pytest.fixture(scope="session")
def azure_session_server() -> Iterator[MistralTestServer]:
    server = MistralTestServer()
    server.router = azure_router()
    with server:
        yield server


@pytest.fixture
def azure_server(azure_session_server: MistralTestServer) -> MistralTestServer:
    """The Azure stand-in, with no recorded request, state or fault left from other tests."""
    azure_session_server.reset()
    return azure_session_server


@dataclass(frozen=True)
class AccessToken:
    """``azure.core.credentials.AccessToken``'s shape."""

    token: str
    expires_on: int


class FakeCredential:
    """An Entra ID credential: ``entra-token-1``, ``-2``... each valid ``lifetime`` seconds."""

    def __init__(self, lifetime: float = 3600.0) -> None:
        self.lifetime = lifetime
        self.scopes: list[tuple[str, ...]] = []
        self._counter = itertools.count(1)

    def get_token(self, *scopes: str, **kwargs: Any) -> AccessToken:
        self.scopes.append(scopes)
        return AccessToken(f"entra-token-{next(self._counter)}", int(time.time() + self.lifetime))


@pytest.fixture
def azure_identity(monkeypatch: pytest.MonkeyPatch) -> FakeCredential:
    """azure-identity as installed: ``DefaultAzureCredential()`` is this fake credential."""
    credential = FakeCredential()
    module = types.ModuleType("azure.identity")
    module.DefaultAzureCredential = lambda: credential
    monkeypatch.setitem(sys.modules, "azure.identity", module)
    return credential


@pytest.fixture
def no_azure_identity(monkeypatch: pytest.MonkeyPatch) -> None:
    """azure-identity not installed (an import of it fails)."""
    monkeypatch.setitem(sys.modules, "azure.identity", None)
