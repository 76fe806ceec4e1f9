"""A real MCP server for the tests, built with the ``mcp`` package.

Run as a script it serves stdio (``python weather_server.py``); the tests also serve
:func:`make_server` over streamable HTTP and SSE on 127.0.0.1. When ``MCP_STARTED_FILE``
is set, the ``slow`` tool writes that file as it starts, so a test knows it is running.
"""

from __future__ import annotations

import os
import sys
from typing import Any

import anyio
from mcp.server.mcpserver import Image, MCPServer
from mcp.server.mcpserver.exceptions import ToolError


def make_server(**settings: Any) -> MCPServer:
    server: MCPServer = MCPServer("weather", **settings)

    @server.tool()
    def get_weather(location: str) -> str:
        """The current weather at a location."""
        return f"21.5 degrees and sunny in {location}"

    @server.tool()
    def server_pid() -> str:
        """The process id of this server."""
        return str(os.getpid())

    @server.tool()
    async def slow(seconds: float) -> str:
        """Answer after a while."""
        started = os.environ.get("MCP_STARTED_FILE")
        if started:
            await anyio.Path(started).write_text(str(os.getpid()))
        await anyio.sleep(seconds)
        return "done"

    @server.tool()
    def broken() -> str:
        """Always fails."""
        raise ToolError("the weather station is offline")

    @server.tool()
    def radar() -> Image:
        """The radar picture."""
        return Image(data=b"GIF89a", format="gif")

    @server.prompt()
    def forecaster(city: str) -> str:
        """Instructions for a forecaster."""
        return f"You forecast the weather of {city}."

    return server


if __name__ == "__main__":
    make_server().run(sys.argv[1] if len(sys.argv) > 1 else "stdio")
