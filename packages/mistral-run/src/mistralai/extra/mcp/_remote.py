"""What the HTTP transports share: headers, and OAuth tokens for servers that want them."""

from __future__ import annotations

import http
from collections.abc import Mapping
from contextlib import AsyncExitStack
from typing import Any

import httpx

from mistralai.extra.exceptions import MCPAuthException, MCPException
from mistralai.extra.mcp import auth
from mistralai.extra.mcp.auth import OAuth2Token, OAuthParams
from mistralai.extra.mcp.base import MCPClientBase, logger


class RemoteMCPClient(MCPClientBase):
    """An MCP client of a server reached over HTTP; sends ``Authorization: Bearer`` with
    the OAuth token once one is set, refreshing it before it expires when it can.

    See :mod:`mistralai.extra.mcp.auth` for getting a token.
    """

    def __init__(
        self,
        url: str,
        headers: Mapping[str, Any] | None,
        timeout: float,
        name: str | None,
        oauth_params: OAuthParams | None,
        auth_token: Mapping[str, Any] | None,
    ) -> None:
        super().__init__(name=name)
        self._url = url
        self._headers = dict(headers or {})
        self._timeout = timeout
        self._oauth_params = oauth_params
        self._auth_token = OAuth2Token(auth_token) if auth_token is not None else None

    @property
    def base_url(self) -> str:
        """The server's URL: where OAuth discovery starts
        (:func:`~mistralai.extra.mcp.auth.build_oauth_params`)."""
        return self._url

    def set_oauth_params(self, oauth_params: OAuthParams) -> None:
        """Use these OAuth parameters (a registered client) from now on."""
        if self._oauth_params is not None:
            logger.info("%s: replacing its OAuth parameters", self._name)
        self._oauth_params = oauth_params

    def set_auth_token(self, token: Mapping[str, Any]) -> None:
        """Send this token from the next connection on."""
        self._auth_token = OAuth2Token(token)

    async def get_auth_url_and_state(self, redirect_url: str) -> tuple[str, str]:
        """The authorization URL to send the user to, and the ``state`` to check on return."""
        return auth.authorization_url(self._require_oauth_params(), redirect_url)

    async def get_token_from_auth_response(
        self, authorization_response: str, redirect_url: str, state: str
    ) -> OAuth2Token:
        """Exchange the code of the URL the user came back to for a token (not set on this
        client: pass it to :meth:`set_auth_token`)."""
        params = self._require_oauth_params()
        return await auth.exchange_code(params, authorization_response, redirect_url, state)

    async def refresh_auth_token(self) -> None:
        """Replace the token with a fresh one from its refresh token."""
        if self._auth_token is None:
            raise MCPAuthException(f"{self._name} has no token to refresh: set_auth_token first")
        self._auth_token = await auth.refresh_token(self._require_oauth_params(), self._auth_token)

    async def requires_auth(self) -> bool:
        """Whether the server answers 401 to a request with the current headers."""
        async with (
            httpx.AsyncClient(timeout=self._timeout) as client,
            client.stream(
                "GET",
                self._url,
                headers={**self._format_headers(), "accept": "text/event-stream"},
            ) as response,
        ):
            return response.status_code == http.HTTPStatus.UNAUTHORIZED

    async def initialize(self, exit_stack: AsyncExitStack | None = None) -> None:
        """Connect, refreshing an expired token first when a refresh token allows it; a
        401 raises :class:`MCPAuthException`."""
        token = self._auth_token
        if (
            token is not None
            and token.get("refresh_token")
            and token.is_expired()
            and self._oauth_params is not None
        ):
            await self.refresh_auth_token()
        try:
            await super().initialize(exit_stack)
        except MCPException as exc:
            if _unauthorized(exc) or await self._refuses_credentials():
                hint = "" if self._auth_token is None else " (the token was refused)"
                raise MCPAuthException(
                    f"{self._name}: the MCP server at {self._url} requires authentication{hint}"
                ) from exc
            raise

    async def _refuses_credentials(self) -> bool:
        """Whether a failed connection was the server asking for credentials (the
        streamable HTTP transport reports a 401 as a plain error)."""
        try:
            return await self.requires_auth()
        except httpx.HTTPError:
            return False

    def _format_headers(self) -> dict[str, str]:
        headers = {str(k): str(v) for k, v in self._headers.items()}
        if self._auth_token is not None and self._auth_token.get("access_token"):
            headers["Authorization"] = f"Bearer {self._auth_token['access_token']}"
        return headers

    def _require_oauth_params(self) -> OAuthParams:
        if self._oauth_params is None:
            raise MCPAuthException(
                f"{self._name} has no OAuth parameters: set_oauth_params(build_oauth_params(...))"
            )
        return self._oauth_params


def _unauthorized(exc: BaseException) -> bool:
    """Whether a 401 answer is behind ``exc`` (its causes and grouped exceptions included)."""
    seen: set[int] = set()
    pending: list[BaseException] = [exc]
    while pending:
        current = pending.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        response = getattr(current, "response", None)
        if getattr(response, "status_code", None) == http.HTTPStatus.UNAUTHORIZED:
            return True
        pending.extend(getattr(current, "exceptions", ()))
        pending.extend(e for e in (current.__cause__, current.__context__) if e is not None)
    return False
