"""OAuth for remote MCP servers, against a local authorization server guarding the weather
server (streamable HTTP and SSE), as in the official remote-auth example."""

from __future__ import annotations

import time
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from mistralai import Mistral
from mistralai.extra.exceptions import MCPAuthException
from mistralai.extra.mcp._remote import RemoteMCPClient
from mistralai.extra.mcp.auth import (
    Oauth2AuthorizationScheme,
    OAuth2Token,
    OAuthParams,
    build_oauth_params,
    get_oauth_server_metadata,
)
from mistralai.extra.mcp.sse import MCPClientSSE, SSEServerParams
from mistralai.extra.mcp.streamable_http import (
    MCPClientStreamableHTTP,
    StreamableHTTPServerParams,
)
from mistralai.extra.run.context import RunContext

from .conftest import MODEL, ProtectedServers

REDIRECT = "http://127.0.0.1:16010/oauth/callback"


def client_for(transport: str, servers: ProtectedServers, **auth: object) -> RemoteMCPClient:
    if transport == "sse":
        return MCPClientSSE(sse_params=SSEServerParams(url=servers.sse_url), **auth)  # type: ignore[arg-type]
    params = StreamableHTTPServerParams(url=servers.streamable_http_url)
    return MCPClientStreamableHTTP(params=params, **auth)  # type: ignore[arg-type]


async def sign_in(login_url: str) -> str:
    """What the browser does: follow the login URL to the redirect; the URL it lands on."""
    async with httpx.AsyncClient() as browser:
        response = await browser.get(login_url)
    assert response.status_code == 302
    return response.headers["location"]


@pytest.mark.parametrize("transport", ["streamable-http", "sse"])
async def test_the_remote_auth_example(
    mistral_async_client: Mistral, protected_servers: ProtectedServers, transport: str
) -> None:
    mcp_client = client_for(transport, protected_servers)
    assert await mcp_client.requires_auth()
    async with RunContext(model=MODEL) as run_ctx:
        with pytest.raises(MCPAuthException, match="requires authentication"):
            await run_ctx.register_mcp_client(mcp_client)

    oauth_params = await build_oauth_params(mcp_client.base_url, redirect_url=REDIRECT)
    assert oauth_params.scheme.token_url == f"{protected_servers.authorization.issuer}/token"
    mcp_client.set_oauth_params(oauth_params)
    login_url, state = await mcp_client.get_auth_url_and_state(REDIRECT)
    query = parse_qs(urlsplit(login_url).query)
    assert query["code_challenge_method"] == ["S256"]
    assert query["client_id"] == [oauth_params.client_id]
    callback = await sign_in(login_url)

    # A new client with the same params finishes the flow, as a web app's callback would.
    mcp_client = client_for(transport, protected_servers, oauth_params=oauth_params)
    token = await mcp_client.get_token_from_auth_response(
        callback, redirect_url=REDIRECT, state=state
    )
    mcp_client.set_auth_token(token)
    assert not await mcp_client.requires_auth()
    async with RunContext(model=MODEL) as run_ctx:
        await run_ctx.register_mcp_client(mcp_client=mcp_client)
        run_result = await mistral_async_client.beta.conversations.run_async(
            run_ctx=run_ctx, inputs='[call:get_weather {"location": "Lyon"}]'
        )
    assert run_result.output_as_text == "The tool answered: 21.5 degrees and sunny in Lyon"
    exchange = protected_servers.authorization.token_requests[-1]
    assert exchange["grant_type"] == "authorization_code"
    assert exchange["code_verifier"]


async def signed_in_client(servers: ProtectedServers) -> tuple[RemoteMCPClient, OAuth2Token]:
    client = client_for("streamable-http", servers)
    client.set_oauth_params(await build_oauth_params(client.base_url, redirect_url=REDIRECT))
    login_url, state = await client.get_auth_url_and_state(REDIRECT)
    token = await client.get_token_from_auth_response(await sign_in(login_url), REDIRECT, state)
    client.set_auth_token(token)
    return client, token


async def test_refreshing_a_token(protected_servers: ProtectedServers) -> None:
    client, token = await signed_in_client(protected_servers)
    await client.refresh_auth_token()
    fresh = client._auth_token
    assert fresh is not None
    assert fresh["access_token"] != token["access_token"]
    assert protected_servers.authorization.token_requests[-1]["grant_type"] == "refresh_token"
    assert not await client.requires_auth()
    used = client_for(
        "streamable-http", protected_servers, oauth_params=client._oauth_params, auth_token=token
    )
    with pytest.raises(MCPAuthException, match="refused the request: 400 invalid_grant"):
        await used.refresh_auth_token()


async def test_an_expired_token_is_refreshed_before_connecting(
    protected_servers: ProtectedServers,
) -> None:
    client, token = await signed_in_client(protected_servers)
    expired = OAuth2Token({**token, "expires_at": time.time() - 10})
    assert expired.is_expired()
    assert not token.is_expired()
    protected_servers.authorization.access_tokens[token["access_token"]] = time.time() - 10
    client.set_auth_token(expired)
    async with RunContext(model=MODEL) as run_ctx:
        await run_ctx.register_mcp_client(client)
        assert run_ctx.has_tool("get_weather")
    assert protected_servers.authorization.token_requests[-1]["grant_type"] == "refresh_token"


async def test_a_refused_token(protected_servers: ProtectedServers) -> None:
    client = client_for("streamable-http", protected_servers, auth_token={"access_token": "forged"})
    with pytest.raises(MCPAuthException, match="the token was refused"):
        await client.initialize()


async def test_the_authorization_response_is_checked(protected_servers: ProtectedServers) -> None:
    client = client_for("sse", protected_servers)
    client.set_oauth_params(await build_oauth_params(client.base_url, redirect_url=REDIRECT))
    login_url, state = await client.get_auth_url_and_state(REDIRECT)
    callback = await sign_in(login_url)
    with pytest.raises(MCPAuthException, match="expected state"):
        await client.get_token_from_auth_response(callback, REDIRECT, "forged-state")
    with pytest.raises(MCPAuthException, match="refused: the user said no"):
        await client.get_token_from_auth_response(
            f"{REDIRECT}?error=access_denied&error_description=the+user+said+no", REDIRECT, state
        )
    with pytest.raises(MCPAuthException, match="no OAuth parameters"):
        await client_for("sse", protected_servers).get_auth_url_and_state(REDIRECT)
    with pytest.raises(MCPAuthException, match="no token to refresh"):
        await client.refresh_auth_token()


async def test_metadata_discovery_falls_back_to_the_defaults() -> None:
    async with httpx.AsyncClient(
        transport=httpx.MockTransport(lambda r: httpx.Response(404))
    ) as http:
        metadata = await get_oauth_server_metadata("https://mcp.example.com/sse", http)
    assert metadata.authorization_endpoint == "https://mcp.example.com/authorize"
    assert metadata.registration_endpoint == "https://mcp.example.com/register"


async def test_a_public_client_sends_its_id_and_no_secret() -> None:
    seen: list[httpx.Request] = []

    def token_endpoint(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={"access_token": "a", "token_type": "Bearer"})

    scheme = Oauth2AuthorizationScheme(
        authorization_url="https://auth.example.com/authorize",
        token_url="https://auth.example.com/token",
        code_challenge_method=None,
    )
    params = OAuthParams(scheme=scheme, client_id="public-app")
    client = MCPClientSSE(SSEServerParams(url="https://mcp.example.com/sse"), oauth_params=params)
    login_url, state = await client.get_auth_url_and_state(REDIRECT)
    assert "code_challenge" not in login_url
    from mistralai.extra.mcp import auth

    async with httpx.AsyncClient(transport=httpx.MockTransport(token_endpoint)) as http:
        token = await auth.exchange_code(
            params, f"{REDIRECT}?code=c&state={state}", REDIRECT, state, http
        )
    assert token["access_token"] == "a"
    assert not token.is_expired()
    (request,) = seen
    assert "authorization" not in request.headers
    assert parse_qs(request.content.decode())["client_id"] == ["public-app"]


def test_secrets_stay_out_of_reprs() -> None:
    scheme = Oauth2AuthorizationScheme(
        authorization_url="https://a/authorize", token_url="https://a/token"
    )
    params = OAuthParams(scheme=scheme, client_id="app", client_secret="s3cret")
    token = OAuth2Token({"access_token": "at-123", "refresh_token": "rt-456", "expires_in": 60})
    assert "s3cret" not in repr(params)
    assert "s3cret" not in str(params)
    assert "at-123" not in repr(token)
    assert "rt-456" not in repr(token)
    assert token["expires_at"] >= int(time.time()) + 59
