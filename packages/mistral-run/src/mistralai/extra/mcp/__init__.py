"""MCP clients whose tools a :class:`~mistralai.extra.run.context.RunContext` can run:
:class:`~mistralai.extra.mcp.stdio.MCPClientSTDIO` (a local server process),
:class:`~mistralai.extra.mcp.streamable_http.MCPClientStreamableHTTP` and
:class:`~mistralai.extra.mcp.sse.MCPClientSSE` (remote servers, OAuth included).

They need the ``mcp`` package: ``pip install "mistral-run[mcp]"``.
"""
