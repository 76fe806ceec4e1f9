"""Fixtures of mistral-run's tests: real MCP servers (a stdio process, streamable HTTP and
SSE on 127.0.0.1) and a small OAuth authorization server guarding one of them.

The Mistral side is the local test server of mistral-testing (fixtures ``mistral_client``,
``mistral_async_client``, ``mistral_test_server``).
"""

from __future__ import annotations

import base64
import hashlib
import secrets
import socket
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest

MCP_SERVERS = Path(__file__).parent / "mcp_servers"
sys.path.insert(0, str(MCP_SERVERS))

from weather_server import make_server  # noqa: E402

MODEL = "mistral-small-latest"


def stdio_params(**env: str) -> Any:
    """How to start the weather server as a process speaking MCP over stdio."""
    from mcp import StdioServerParameters

    script = str(MCP_SERVERS / "weather_server.py")
    return StdioServerParameters(command=sys.executable, args=[script], env=env or None)


@contextmanager
def serve(make_app: Callable[[str], Any]) -> Iterator[str]:
    """Serve the ASGI app ``make_app(base_url)`` on 127.0.0.1 (a free port) from a
    thread; yields its base URL and stops it afterwards."""
    import uvicorn

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen()
    base_url = f"http://127.0.0.1:{sock.getsockname()[1]}"
    config = uvicorn.Config(make_app(base_url), log_level="warning", lifespan="on")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test MCP server did not start")
        time.sleep(0.01)
    try:
        yield base_url
    finally:
        server.should_exit = True
        thread.join(10)
        sock.close()


@pytest.fixture(scope="session")
def streamable_http_url() -> Iterator[str]:
    """The MCP endpoint of the weather server over streamable HTTP."""
    with serve(lambda base: make_server().streamable_http_app()) as base_url:
        yield f"{base_url}/mcp"


@pytest.fixture(scope="session")
def sse_url() -> Iterator[str]:
    """The event stream of the weather server over SSE."""
    with serve(lambda base: make_server().sse_app()) as base_url:
        yield f"{base_url}/sse"


# -- OAuth -----------------------------------------------------------------------------------


@dataclass
class AuthorizationServer:
    """An OAuth 2 authorization server: dynamic registration, the authorization code flow
    with PKCE (S256) that approves every request at once, refresh tokens."""

    issuer: str = ""
    clients: dict[str, dict[str, Any]] = field(default_factory=dict)
    codes: dict[str, dict[str, Any]] = field(default_factory=dict)
    access_tokens: dict[str, float] = field(default_factory=dict)
    refresh_tokens: dict[str, str] = field(default_factory=dict)
    token_requests: list[dict[str, str]] = field(default_factory=list)

    def app(self, issuer: str) -> Any:
        from starlette.applications import Starlette
        from starlette.requests import Request
        from starlette.responses import JSONResponse, RedirectResponse, Response
        from starlette.routing import Route

        self.issuer = issuer

        async def metadata(request: Request) -> Response:
            return JSONResponse(
                {
                    "issuer": issuer,
                    "authorization_endpoint": f"{issuer}/authorize",
                    "token_endpoint": f"{issuer}/token",
                    "registration_endpoint": f"{issuer}/register",
                    "response_types_supported": ["code"],
                    "grant_types_supported": ["authorization_code", "refresh_token"],
                    "code_challenge_methods_supported": ["S256"],
                }
            )

        async def register(request: Request) -> Response:
            body = await request.json()
            client_id, secret = f"client-{len(self.clients) + 1}", secrets.token_hex(8)
            self.clients[client_id] = {"secret": secret, "redirect_uris": body["redirect_uris"]}
            return JSONResponse({"client_id": client_id, "client_secret": secret, **body}, 201)

        async def authorize(request: Request) -> Response:
            query = request.query_params
            client = self.clients.get(query["client_id"])
            if client is None or query["redirect_uri"] not in client["redirect_uris"]:
                return JSONResponse({"error": "invalid_request"}, 400)
            code = secrets.token_hex(8)
            self.codes[code] = dict(query)
            target = f"{query['redirect_uri']}?{urlencode({'code': code, 'state': query['state']})}"
            return RedirectResponse(target, 302)

        async def token(request: Request) -> Response:
            form = dict(await request.form())
            self.token_requests.append(form)
            client_id = self._authenticated_client(request.headers.get("authorization", ""))
            if client_id is None:
                return JSONResponse({"error": "invalid_client"}, 401)
            if form["grant_type"] == "authorization_code":
                grant = self.codes.pop(form["code"], None)
                if (
                    grant is None
                    or not self._proves(grant, form)
                    or grant["client_id"] != client_id
                ):
                    return JSONResponse({"error": "invalid_grant"}, 400)
            elif self.refresh_tokens.pop(form.get("refresh_token", ""), None) != client_id:
                return JSONResponse({"error": "invalid_grant"}, 400)
            return JSONResponse(self.issue(client_id))

        return Starlette(
            routes=[
                Route("/.well-known/oauth-authorization-server", metadata),
                Route("/register", register, methods=["POST"]),
                Route("/authorize", authorize),
                Route("/token", token, methods=["POST"]),
            ]
        )

    def issue(self, client_id: str, expires_in: int = 3600) -> dict[str, Any]:
        access, refresh = secrets.token_hex(12), secrets.token_hex(12)
        self.access_tokens[access] = time.time() + expires_in
        self.refresh_tokens[refresh] = client_id
        return {
            "access_token": access,
            "token_type": "Bearer",
            "expires_in": expires_in,
            "refresh_token": refresh,
        }

    def _authenticated_client(self, header: str) -> str | None:
        if not header.startswith("Basic "):
            return None
        client_id, _, secret = base64.b64decode(header[6:]).decode().partition(":")
        client = self.clients.get(client_id)
        return client_id if client is not None and client["secret"] == secret else None

    @staticmethod
    def _proves(grant: dict[str, Any], form: dict[str, str]) -> bool:
        digest = hashlib.sha256(form.get("code_verifier", "").encode()).digest()
        challenge = base64.urlsafe_b64encode(digest).rstrip(b"=").decode()
        return grant["redirect_uri"] == form.get("redirect_uri") and (
            grant.get("code_challenge") == challenge
        )

    async def verify_token(self, token: str) -> Any:
        """The MCP server's token verifier: tokens this server issued, until they expire."""
        from mcp.server.auth.provider import AccessToken

        expires = self.access_tokens.get(token)
        if expires is None or expires < time.time():
            return None
        return AccessToken(token=token, client_id="any", scopes=[], expires_at=int(expires))


@dataclass
class ProtectedServers:
    """The authorization server, and the weather server over both transports behind it."""

    authorization: AuthorizationServer
    streamable_http_url: str
    sse_url: str


@pytest.fixture(scope="session")
def protected_servers() -> Iterator[ProtectedServers]:
    from mcp.server.auth.settings import AuthSettings

    authorization = AuthorizationServer()

    def protected(transport: str) -> Callable[[str], Any]:
        def make_app(base_url: str) -> Any:
            path = "/mcp" if transport == "streamable-http" else "/sse"
            settings = AuthSettings(
                issuer_url=authorization.issuer,  # type: ignore[arg-type]
                resource_server_url=f"{base_url}{path}",  # type: ignore[arg-type]
                validate_token_resource=False,
            )
            server = make_server(token_verifier=authorization, auth=settings)
            return server.streamable_http_app() if path == "/mcp" else server.sse_app()

        return make_app

    with (
        serve(authorization.app),
        serve(protected("streamable-http")) as http_base,
        serve(protected("sse")) as sse_base,
    ):
        yield ProtectedServers(authorization, f"{http_base}/mcp", f"{sse_base}/sse")
