"""MCP clients whose tools a :class:`~mistralai.extra.run.context.RunContext` can run.

They need the ``mcp`` package: ``pip install "mistral-run[mcp]"``.
"""
