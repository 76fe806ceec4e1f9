"""The errors of conversation runs and MCP clients, all under :class:`mistralai.errors.MistralError`.

::

    MistralError
    └── MistralClientException        an error of the run helpers, raised on this side
        ├── RunException                  a run cannot go on (bad context, failed turn)
        │   ├── FunctionCallError             a local tool failed and continue_on_fn_error is off
        │   └── ToolRoundsExceededError       the model kept calling tools past the cap
        └── MCPException                  an MCP server or tool failed
            └── MCPAuthException              the MCP server wants (other) credentials

``except RunException`` catches what ``run_async`` raises about the run itself; errors of
the API (``SDKError`` and the rest of :mod:`mistralai.errors`) pass through unchanged.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from mistralai.errors import MistralError

if TYPE_CHECKING:
    from mistralai.extra.run.result import RunResult


class MistralClientException(MistralError):
    """Base class of the errors the run helpers and MCP clients raise."""


class RunException(MistralClientException):
    """A run cannot go on: the context is misconfigured, or a turn failed."""


class FunctionCallError(RunException):
    """A tool the model called failed (raised, got invalid arguments, or its MCP server
    reported an error) and the run context does not send errors back to the model.

    ``name``, ``tool_call_id`` and ``arguments`` describe the call; the tool's exception is
    the ``__cause__``.
    """

    def __init__(self, message: str, name: str, tool_call_id: str, arguments: Any) -> None:
        super().__init__(message)
        self.name = name
        self.tool_call_id = tool_call_id
        self.arguments = arguments


class ToolRoundsExceededError(RunException):
    """The model asked for tools again after ``max_tool_rounds`` rounds of calls.

    ``result`` holds what the run produced so far, the unanswered calls last; the
    conversation (``result.conversation_id``) can be continued.
    """

    def __init__(self, message: str, result: RunResult, max_tool_rounds: int) -> None:
        super().__init__(message)
        self.result = result
        self.max_tool_rounds = max_tool_rounds


class MCPException(MistralClientException):
    """An MCP server could not be reached, or one of its tools failed."""


class MCPAuthException(MCPException):
    """The MCP server answered 401: it needs an OAuth token (see ``MCPClientSSE``)."""


__all__ = [
    "FunctionCallError",
    "MCPAuthException",
    "MCPException",
    "MistralClientException",
    "RunException",
    "ToolRoundsExceededError",
]
