"""An MCP server run as a local process, spoken to over its stdin and stdout."""

from __future__ import annotations

from contextlib import AsyncExitStack
from typing import TYPE_CHECKING

from mistralai.extra.mcp.base import MCPClientBase

if TYPE_CHECKING:
    from mcp import StdioServerParameters
    from mcp.client._transport import TransportStreams


class MCPClientSTDIO(MCPClientBase):
    """Starts the server process when the run context registers it; the process ends when
    the context closes.

    >>> from mcp import StdioServerParameters
    >>> from mistralai.extra.run.context import RunContext
    >>> params = StdioServerParameters(command="python", args=["weather_server.py"])
    >>> async with RunContext(model="mistral-medium-latest") as run_ctx:
    ...     await run_ctx.register_mcp_client(MCPClientSTDIO(stdio_params=params))
    """

    def __init__(self, stdio_params: StdioServerParameters, name: str | None = None) -> None:
        super().__init__(name=name)
        self._stdio_params = stdio_params

    async def _get_transport(self, exit_stack: AsyncExitStack) -> TransportStreams:
        from mcp import stdio_client

        return await exit_stack.enter_async_context(stdio_client(self._stdio_params))
