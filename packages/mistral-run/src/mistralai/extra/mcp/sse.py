"""An MCP server reached over HTTP with server-sent events (the older remote transport)."""

from __future__ import annotations

from collections.abc import Mapping
from contextlib import AsyncExitStack
from typing import TYPE_CHECKING, Any

import pydantic

from mistralai.extra.mcp._remote import RemoteMCPClient
from mistralai.extra.mcp.auth import OAuthParams

if TYPE_CHECKING:
    from mcp.client._transport import TransportStreams


class SSEServerParams(pydantic.BaseModel):
    """Where the server's event stream is, and how long to wait for it."""

    url: str
    headers: dict[str, Any] | None = None
    timeout: float = 5
    """Seconds for connecting and for each request."""
    sse_read_timeout: float = 60 * 5
    """Seconds the event stream may stay silent."""


class MCPClientSSE(RemoteMCPClient):
    """An MCP client over the SSE transport, with OAuth for servers that want it.

    >>> client = MCPClientSSE(sse_params=SSEServerParams(url="https://mcp.example.com/sse"))  # doctest: +SKIP
    >>> await run_ctx.register_mcp_client(client)  # doctest: +SKIP
    """

    def __init__(
        self,
        sse_params: SSEServerParams,
        name: str | None = None,
        oauth_params: OAuthParams | None = None,
        auth_token: Mapping[str, Any] | None = None,
    ) -> None:
        super().__init__(
            sse_params.url, sse_params.headers, sse_params.timeout, name, oauth_params, auth_token
        )
        self._sse_params = sse_params

    async def _get_transport(self, exit_stack: AsyncExitStack) -> TransportStreams:
        from mcp.client.sse import sse_client

        return await exit_stack.enter_async_context(
            sse_client(
                url=self._sse_params.url,
                headers=self._format_headers(),
                timeout=self._sse_params.timeout,
                sse_read_timeout=self._sse_params.sse_read_timeout,
            )
        )
