"""OAuth 2 for remote MCP servers: find the authorization server, register a client, and
get and refresh tokens with the authorization code flow (PKCE, S256).

The flow, as an application runs it (see ``MCPClientSSE`` / ``MCPClientStreamableHTTP``)::

    if await mcp_client.requires_auth():
        params = await build_oauth_params(mcp_client.base_url, redirect_url=REDIRECT)
        mcp_client.set_oauth_params(params)
        login_url, state = await mcp_client.get_auth_url_and_state(REDIRECT)
        ...  # the user signs in at login_url and is sent back to REDIRECT?code=...&state=...
        token = await mcp_client.get_token_from_auth_response(callback_url, REDIRECT, state)
        mcp_client.set_auth_token(token)

Metadata discovery follows the MCP authorization spec: the server's protected resource
metadata (``/.well-known/oauth-protected-resource``, RFC 9728) names its authorization
server, whose ``/.well-known/oauth-authorization-server`` (RFC 8414) lists its endpoints;
without them, the metadata at the MCP server's origin; without that, the default
``/authorize``, ``/token`` and ``/register`` there.
"""

from __future__ import annotations

import base64
import hashlib
import logging
import secrets
import time
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from typing import Any, Literal
from urllib.parse import parse_qs, urlencode, urlsplit

import httpx
import pydantic

from mistralai.extra.exceptions import MCPAuthException

logger = logging.getLogger("mistralai.extra.mcp")

CLIENT_NAME = "mistral-run"
"""The ``client_name`` a dynamically registered client goes by."""


class Oauth2AuthorizationScheme(pydantic.BaseModel):
    """Where and how to get tokens from the authorization server."""

    authorization_url: str
    token_url: str
    scope: list[str] = pydantic.Field(default_factory=list)
    description: str | None = None
    refresh_url: str | None = None
    code_challenge_method: Literal["S256"] | None = "S256"
    """PKCE method sent with the authorization request (None: no PKCE)."""


class OAuthParams(pydantic.BaseModel):
    """A registered OAuth client of an authorization server.

    The PKCE verifier of each authorization request is kept here, by ``state``, until its
    code is exchanged: a client rebuilt with the same params can finish the flow.
    """

    scheme: Oauth2AuthorizationScheme
    client_id: str
    client_secret: str | None = None

    _verifiers: dict[str, str] = pydantic.PrivateAttr(default_factory=dict)

    def __repr_args__(self) -> Any:
        for name, value in super().__repr_args__():
            yield name, ("..." if name == "client_secret" and value else value)


class OAuth2Token(dict[str, Any]):
    """A token answer (``access_token``, ``token_type``, ``refresh_token``, ``expires_in``,
    ...) with ``expires_at`` (epoch seconds) added when the server gave ``expires_in``."""

    def __init__(self, fields: Mapping[str, Any]) -> None:
        super().__init__(fields)
        if "expires_at" not in self and isinstance(self.get("expires_in"), int | float):
            self["expires_at"] = int(time.time() + self["expires_in"])

    def is_expired(self, leeway: float = 60) -> bool:
        """Whether the token expires within ``leeway`` seconds (False if it never does)."""
        expires_at = self.get("expires_at")
        return expires_at is not None and float(expires_at) - leeway <= time.time()

    def __repr__(self) -> str:
        shown = {k: ("..." if k.endswith("_token") else v) for k, v in self.items()}
        return f"OAuth2Token({shown})"


class AuthorizationServerMetadata(pydantic.BaseModel):
    """What an authorization server says about itself (RFC 8414)."""

    model_config = pydantic.ConfigDict(extra="allow")

    issuer: str
    authorization_endpoint: str
    token_endpoint: str
    registration_endpoint: str | None = None
    scopes_supported: list[str] | None = None
    response_types_supported: list[str] = pydantic.Field(default_factory=lambda: ["code"])
    grant_types_supported: list[str] = pydantic.Field(
        default_factory=lambda: ["authorization_code", "implicit"]
    )
    code_challenge_methods_supported: list[str] | None = None


async def get_well_known_authorization_server_metadata(
    server_url: str, async_client: httpx.AsyncClient | None = None
) -> AuthorizationServerMetadata | None:
    """The metadata the authorization server ``server_url`` (its issuer) publishes under
    ``/.well-known/oauth-authorization-server``, if any."""
    for url in _well_known(server_url, "oauth-authorization-server"):
        data = await _get_json(url, async_client)
        if data is None:
            continue
        try:
            return AuthorizationServerMetadata.model_validate(data)
        except pydantic.ValidationError:
            logger.warning("the authorization server metadata at %s is not valid", url)
    return None


async def get_oauth_server_metadata(
    server_url: str, async_client: httpx.AsyncClient | None = None
) -> AuthorizationServerMetadata:
    """The metadata of the authorization server that guards the MCP server at
    ``server_url``, found as the module docstring says."""
    issuers: list[str] = []
    for url in _well_known(server_url, "oauth-protected-resource"):
        resource = await _get_json(url, async_client)
        if resource is not None:
            issuers = [str(issuer) for issuer in resource.get("authorization_servers") or []]
            break
    origin = _origin(server_url)
    for issuer in [*issuers, origin]:
        metadata = await get_well_known_authorization_server_metadata(issuer, async_client)
        if metadata is not None:
            return metadata
    return AuthorizationServerMetadata(
        issuer=origin,
        authorization_endpoint=f"{origin}/authorize",
        token_endpoint=f"{origin}/token",
        registration_endpoint=f"{origin}/register",
        grant_types_supported=["authorization_code", "refresh_token"],
        code_challenge_methods_supported=["S256"],
    )


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def _well_known(url: str, name: str) -> list[str]:
    """Where a well-known document of ``url`` may be: after the host with the path of
    ``url`` appended (RFC 8414, RFC 9728), then after ``url`` itself, then at the root."""
    origin, path = _origin(url), urlsplit(url).path.rstrip("/")
    candidates = [f"{origin}/.well-known/{name}{path}", f"{origin}{path}/.well-known/{name}"]
    candidates.append(f"{origin}/.well-known/{name}")
    return list(dict.fromkeys(candidates))


async def dynamic_client_registration(
    register_endpoint: str, redirect_url: str, async_client: httpx.AsyncClient
) -> tuple[str, str | None]:
    """Register a client with the authorization server (RFC 7591); its id and secret
    (None for a public client)."""
    payload = {
        "client_name": CLIENT_NAME,
        "redirect_uris": [redirect_url],
        "grant_types": ["authorization_code", "refresh_token"],
        "response_types": ["code"],
        "token_endpoint_auth_method": "client_secret_basic",
    }
    response = await async_client.post(register_endpoint, json=payload)
    if not response.is_success:
        raise MCPAuthException(
            f"registering an OAuth client at {register_endpoint} failed: "
            f"{response.status_code} {response.text[:200]}"
        )
    answer = response.json()
    return str(answer["client_id"]), answer.get("client_secret")


async def build_oauth_params(
    server_url: str,
    redirect_url: str,
    client_id: str | None = None,
    client_secret: str | None = None,
    scope: list[str] | None = None,
    async_client: httpx.AsyncClient | None = None,
) -> OAuthParams:
    """The OAuth parameters for the MCP server at ``server_url``: its authorization
    server's endpoints, and ``client_id`` / ``client_secret``, or a client registered
    there for ``redirect_url`` when none is given."""
    async with _client(async_client) as http:
        metadata = await get_oauth_server_metadata(server_url, http)
        methods = metadata.code_challenge_methods_supported
        scheme = Oauth2AuthorizationScheme(
            authorization_url=metadata.authorization_endpoint,
            token_url=metadata.token_endpoint,
            scope=scope or [],
            refresh_url=metadata.token_endpoint
            if "refresh_token" in metadata.grant_types_supported
            else None,
            code_challenge_method="S256" if methods is None or "S256" in methods else None,
        )
        if client_id is None:
            if metadata.registration_endpoint is None:
                raise MCPAuthException(
                    f"{metadata.issuer} has no registration endpoint: pass client_id"
                )
            client_id, client_secret = await dynamic_client_registration(
                metadata.registration_endpoint, redirect_url, http
            )
    return OAuthParams(scheme=scheme, client_id=client_id, client_secret=client_secret)


def authorization_url(params: OAuthParams, redirect_url: str) -> tuple[str, str]:
    """The URL to send the user to, and the ``state`` the redirect must bring back."""
    state = secrets.token_urlsafe(24)
    query = {
        "response_type": "code",
        "client_id": params.client_id,
        "redirect_uri": redirect_url,
        "state": state,
    }
    if params.scheme.scope:
        query["scope"] = " ".join(params.scheme.scope)
    if params.scheme.code_challenge_method == "S256":
        verifier = secrets.token_urlsafe(48)
        params._verifiers[state] = verifier
        digest = hashlib.sha256(verifier.encode()).digest()
        query["code_challenge"] = base64.urlsafe_b64encode(digest).rstrip(b"=").decode()
        query["code_challenge_method"] = "S256"
    separator = "&" if urlsplit(params.scheme.authorization_url).query else "?"
    return f"{params.scheme.authorization_url}{separator}{urlencode(query)}", state


async def exchange_code(
    params: OAuthParams,
    authorization_response: str,
    redirect_url: str,
    state: str,
    async_client: httpx.AsyncClient | None = None,
) -> OAuth2Token:
    """The token for the code in ``authorization_response`` (the URL, or its path and
    query, the user was redirected to), after checking its ``state``."""
    query = parse_qs(urlsplit(authorization_response).query)
    if "error" in query:
        detail = query.get("error_description", query["error"])[0]
        raise MCPAuthException(f"the authorization was refused: {detail}")
    if query.get("state", [None])[0] != state:
        raise MCPAuthException("the authorization response does not carry the expected state")
    if "code" not in query:
        raise MCPAuthException("the authorization response carries no code")
    form = {
        "grant_type": "authorization_code",
        "code": query["code"][0],
        "redirect_uri": redirect_url,
    }
    verifier = params._verifiers.pop(state, None)
    if verifier is not None:
        form["code_verifier"] = verifier
    return await _token_request(params, params.scheme.token_url, form, async_client)


async def refresh_token(
    params: OAuthParams, token: Mapping[str, Any], async_client: httpx.AsyncClient | None = None
) -> OAuth2Token:
    """A fresh token for ``token``'s refresh token (which it keeps if no new one comes)."""
    url = params.scheme.refresh_url or params.scheme.token_url
    if not token.get("refresh_token"):
        raise MCPAuthException("the token has no refresh_token")
    form = {"grant_type": "refresh_token", "refresh_token": str(token["refresh_token"])}
    fresh = await _token_request(params, url, form, async_client)
    fresh.setdefault("refresh_token", token["refresh_token"])
    return fresh


async def _token_request(
    params: OAuthParams,
    url: str,
    form: dict[str, str],
    async_client: httpx.AsyncClient | None,
) -> OAuth2Token:
    auth: httpx.Auth | None = None
    if params.client_secret:
        auth = httpx.BasicAuth(params.client_id, params.client_secret)
    else:
        form = {**form, "client_id": params.client_id}
    async with _client(async_client) as http:
        response = await http.post(url, data=form, auth=auth or httpx.USE_CLIENT_DEFAULT)
    if not response.is_success:
        raise MCPAuthException(
            f"the token endpoint refused the request: {response.status_code} "
            f"{_oauth_error(response)}"
        )
    return OAuth2Token(response.json())


def _oauth_error(response: httpx.Response) -> str:
    try:
        body = response.json()
    except ValueError:
        return response.text[:200]
    if not isinstance(body, dict):
        return str(body)[:200]
    return str(body.get("error_description") or body.get("error") or body)[:200]


async def _get_json(url: str, async_client: httpx.AsyncClient | None) -> dict[str, Any] | None:
    async with _client(async_client) as http:
        try:
            response = await http.get(url)
        except httpx.HTTPError:
            logger.info("could not read %s", url, exc_info=True)
            return None
    if not response.is_success:
        return None
    try:
        data = response.json()
    except ValueError:
        return None
    return data if isinstance(data, dict) else None


@asynccontextmanager
async def _client(given: httpx.AsyncClient | None) -> AsyncIterator[httpx.AsyncClient]:
    """The given client, or a new one closed afterwards."""
    if given is not None:
        yield given
        return
    async with httpx.AsyncClient(timeout=30) as own:
        yield own
