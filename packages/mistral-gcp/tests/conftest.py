"""A local stand-in for Vertex AI, and a fake google-auth.

The server is mistral-testing's (real sockets on 127.0.0.1, real SSE, faults, every request
recorded) with a router that holds only Vertex AI's publisher-model endpoint,
``POST /v1/projects/{project}/locations/{location}/publishers/mistralai/models/{model}:{method}``
where ``method`` is ``rawPredict`` or ``streamRawPredict``. It answers with the chat fake,
or the FIM fake for a body with a ``prompt``. Anything else is a 404; a request without a
Bearer token is a 401.

The fake google-auth is put in ``sys.modules`` as ``google.auth`` (``default()``) and
``google.auth.transport.requests`` (``Request``), so the plugin's own imports find it.
"""

from __future__ import annotations

import datetime
import itertools
import sys
import types
from collections.abc import Iterator
from typing import Any

import pytest

from mistralai.testing import JSONResponse, MistralTestServer, Request, Response, Router
from mistralai.testing.fakes import chat, fim

PROJECT = "fake-project"
MESSAGES = [{"role": "user", "content": "Hello there!"}]
MODELS_PATH = "/v1/projects/{project}/locations/{location}/publishers/mistralai/models/{target}"


def predict(request: Request) -> Response:
    model, _, method = request.path_params["target"].partition(":")
    if method not in ("rawPredict", "streamRawPredict") or not model:
        return JSONResponse({"error": {"code": 404, "status": "NOT_FOUND"}}, 404)
    fake = fim.completions if "prompt" in request.json() else chat.completions
    return fake(request)


def vertex_router() -> Router:
    router = Router()
    router.add("POST", MODELS_PATH, predict)
    return router


def path_of(model: str, method: str = "rawPredict", region: str = "europe-west4") -> str:
    return f"/v1/projects/{PROJECT}/locations/{region}/publishers/mistralai/models/{model}:{method}"


@pytest.fixture(scope="session")
def vertex_session_server() -> Iterator[MistralTestServer]:
    server = MistralTestServer()
    server.router = vertex_router()
    with server:
        yield server


@pytest.fixture
def vertex_server(vertex_session_server: MistralTestServer) -> MistralTestServer:
    """The Vertex AI stand-in, with no recorded request, state or fault from other tests."""
    vertex_session_server.reset()
    return vertex_session_server


def utcnow() -> datetime.datetime:
    return datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)


class FakeCredentials:
    """google-auth credentials as far as the plugin uses them.

    ``refresh(request)`` sets ``token`` to ``ya29.fake-token-1``, ``-2``... and ``expiry``
    (naive UTC, like google-auth's) ``lifetime`` seconds ahead.
    """

    def __init__(self, lifetime: float = 3600.0) -> None:
        self.lifetime = lifetime
        self.token: str | None = None
        self.expiry: datetime.datetime | None = None
        self.transports: list[Any] = []
        self._counter = itertools.count(1)

    @property
    def refreshes(self) -> int:
        return len(self.transports)

    def refresh(self, request: Any) -> None:
        self.transports.append(request)
        self.token = f"ya29.fake-token-{next(self._counter)}"
        self.expiry = utcnow() + datetime.timedelta(seconds=self.lifetime)


class FakeTransportRequest:
    """``google.auth.transport.requests.Request``: never used to send anything here."""


class FakeGoogleAuth:
    """``google.auth.default()``: these credentials and project, and the scopes asked for."""

    def __init__(self) -> None:
        self.credentials = FakeCredentials()
        self.project: str | None = PROJECT
        self.scopes: list[Any] = []

    def default(self, scopes: Any = None, **kwargs: Any) -> tuple[FakeCredentials, str | None]:
        self.scopes.append(scopes)
        return self.credentials, self.project


@pytest.fixture
def google_auth(monkeypatch: pytest.MonkeyPatch) -> FakeGoogleAuth:
    """google-auth as installed, with Application Default Credentials for ``fake-project``."""
    fake = FakeGoogleAuth()
    google = types.ModuleType("google")
    auth = types.ModuleType("google.auth")
    transport = types.ModuleType("google.auth.transport")
    requests = types.ModuleType("google.auth.transport.requests")
    auth.default = fake.default
    requests.Request = FakeTransportRequest
    google.auth = auth
    auth.transport = transport
    transport.requests = requests
    for module in (google, auth, transport, requests):
        monkeypatch.setitem(sys.modules, module.__name__, module)
    return fake


@pytest.fixture
def no_google_auth(monkeypatch: pytest.MonkeyPatch) -> None:
    """google-auth not installed (an import of it fails)."""
    monkeypatch.setitem(sys.modules, "google.auth", None)
    monkeypatch.setitem(sys.modules, "google.auth.transport.requests", None)
