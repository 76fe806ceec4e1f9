"""An MCP server reached over streamable HTTP, the transport remote MCP servers use today."""

from __future__ import annotations

from collections.abc import Mapping
from contextlib import AsyncExitStack
from typing import TYPE_CHECKING, Any

import pydantic

from mistralai.extra.mcp._remote import RemoteMCPClient
from mistralai.extra.mcp.auth import OAuthParams

if TYPE_CHECKING:
    from mcp.client._transport import TransportStreams


class StreamableHTTPServerParams(pydantic.BaseModel):
    """The server's MCP endpoint, and how long to wait for it."""

    url: str
    headers: dict[str, Any] | None = None
    timeout: float = 30
    """Seconds for connecting and for each request."""
    sse_read_timeout: float = 60 * 5
    """Seconds a streamed answer may stay silent."""


class MCPClientStreamableHTTP(RemoteMCPClient):
    """An MCP client over streamable HTTP, with OAuth for servers that want it.

    >>> params = StreamableHTTPServerParams(url="https://mcp.example.com/mcp")  # doctest: +SKIP
    >>> await run_ctx.register_mcp_client(MCPClientStreamableHTTP(params=params))  # doctest: +SKIP
    """

    def __init__(
        self,
        params: StreamableHTTPServerParams,
        name: str | None = None,
        oauth_params: OAuthParams | None = None,
        auth_token: Mapping[str, Any] | None = None,
    ) -> None:
        super().__init__(params.url, params.headers, params.timeout, name, oauth_params, auth_token)
        self._params = params

    async def _get_transport(self, exit_stack: AsyncExitStack) -> TransportStreams:
        import httpx2

        from mcp.client.streamable_http import streamable_http_client

        client = await exit_stack.enter_async_context(
            httpx2.AsyncClient(
                headers=self._format_headers(),
                timeout=httpx2.Timeout(self._params.timeout, read=self._params.sse_read_timeout),
            )
        )
        return await exit_stack.enter_async_context(
            streamable_http_client(self._params.url, http_client=client)
        )
