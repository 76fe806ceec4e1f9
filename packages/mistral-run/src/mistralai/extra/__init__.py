"""Run local tools in Mistral conversations (installed with ``pip install mistral-run``).

- :class:`mistralai.extra.run.context.RunContext`: the model or agent, the Python
  functions and MCP servers whose tools run on this side, the output format.
- ``client.beta.conversations.run_async`` / ``run_stream_async`` / ``run`` /
  ``run_stream`` (joined to the conversations resource of mistral-beta): drive a
  conversation until the model stops calling tools.
- :class:`mistralai.extra.run.result.RunResult`: the entries of a run, its answer as text
  or as the output model.
- :mod:`mistralai.extra.mcp`: MCP clients over stdio, streamable HTTP and SSE (with the
  ``mcp`` extra: ``pip install "mistral-run[mcp]"``).

Nothing heavy is imported here: the names below load on first use.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mistralai.extra.exceptions import (
        FunctionCallError,
        MCPAuthException,
        MCPException,
        MistralClientException,
        RunException,
        ToolRoundsExceededError,
    )
    from mistralai.extra.run.context import RunContext
    from mistralai.extra.run.result import RunResult, RunResultEvents

_WHERE = {
    "RunContext": "mistralai.extra.run.context",
    "RunResult": "mistralai.extra.run.result",
    "RunResultEvents": "mistralai.extra.run.result",
    "FunctionCallError": "mistralai.extra.exceptions",
    "MCPAuthException": "mistralai.extra.exceptions",
    "MCPException": "mistralai.extra.exceptions",
    "MistralClientException": "mistralai.extra.exceptions",
    "RunException": "mistralai.extra.exceptions",
    "ToolRoundsExceededError": "mistralai.extra.exceptions",
}
__all__ = [
    "FunctionCallError",
    "MCPAuthException",
    "MCPException",
    "MistralClientException",
    "RunContext",
    "RunException",
    "RunResult",
    "RunResultEvents",
    "ToolRoundsExceededError",
]


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        return getattr(importlib.import_module(_WHERE[name]), name)
    raise AttributeError(f"module 'mistralai.extra' has no attribute {name!r}")
