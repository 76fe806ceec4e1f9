"""The official SDK's ``mistralai.extra``, on this SDK's own parts.

- :func:`response_format_from_pydantic_model`: the strict ``json_schema`` response format
  asking for a pydantic model (mistral-core);
- :class:`ParsedChatCompletionResponse` and
  :func:`convert_to_parsed_chat_completion_response`: an answer with each choice's content
  validated as that model, as ``client.chat.parse`` returns it (mistral-chat);
- with mistral-run installed (``pip install mistral-run``): :class:`RunContext`
  (``mistralai.extra.run.context``), :class:`RunResult` and :class:`RunResultEvents`
  (``mistralai.extra.run.result``), the run errors (``mistralai.extra.exceptions``) and the
  MCP clients (``mistralai.extra.mcp``), and ``client.beta.conversations.run_async`` /
  ``run_stream_async`` / ``run`` / ``run_stream``.

Like ``mistralai``, this package is spread over distributions: mistral-core provides this
module, mistral-run adds its subpackages. Each name is imported on first use.
"""

from __future__ import annotations

import importlib
import os as _os
import sys as _sys
from typing import TYPE_CHECKING, Any

# mistral-run adds its own ``mistralai/extra/...`` directories, possibly on another
# ``sys.path`` entry: every ``mistralai/extra`` directory on the path is part of this package
# (as ``pkgutil.extend_path`` would make it, without importing pkgutil at construction,
# when mistral-run's plugin module is loaded).
__path__ = [
    *__path__,
    *(
        portion
        for entry in _sys.path
        if isinstance(entry, str)
        and _os.path.isdir(portion := _os.path.join(entry or ".", "mistralai", "extra"))
        and portion not in __path__
    ),
]
del _os, _sys

if TYPE_CHECKING:
    from mistralai.chat._structured import (  # type: ignore[import-not-found, unused-ignore]
        parse_response as convert_to_parsed_chat_completion_response,
    )
    from mistralai.chat.models import (  # type: ignore[import-not-found, unused-ignore]
        ParsedChatCompletionResponse,
    )
    from mistralai.extra.exceptions import (  # type: ignore[import-not-found, unused-ignore]
        FunctionCallError,
        MCPAuthException,
        MCPException,
        MistralClientException,
        RunException,
        ToolRoundsExceededError,
    )
    from mistralai.extra.run.context import (  # type: ignore[import-not-found, unused-ignore]
        RunContext,
    )
    from mistralai.extra.run.result import (  # type: ignore[import-not-found, unused-ignore]
        RunResult,
        RunResultEvents,
    )
    from mistralai.extra.struct_chat import CustomPydanticModel
    from mistralai.models import response_format_from_pydantic_model

_LAZY = {
    "response_format_from_pydantic_model": (
        "mistralai.models",
        "response_format_from_pydantic_model",
    ),
    "ParsedChatCompletionResponse": ("mistralai.models", "ParsedChatCompletionResponse"),
    "CustomPydanticModel": ("mistralai.extra.struct_chat", "CustomPydanticModel"),
    "convert_to_parsed_chat_completion_response": (
        "mistralai.extra.struct_chat",
        "convert_to_parsed_chat_completion_response",
    ),
    **{
        name: (module, name)
        for module, names in {
            "mistralai.extra.run.context": ("RunContext",),
            "mistralai.extra.run.result": ("RunResult", "RunResultEvents"),
            "mistralai.extra.exceptions": (
                "FunctionCallError",
                "MCPAuthException",
                "MCPException",
                "MistralClientException",
                "RunException",
                "ToolRoundsExceededError",
            ),
        }.items()
        for name in names
    },
}
_RUN_MODULES = ("mistralai.extra.run", "mistralai.extra.exceptions")


def __getattr__(name: str) -> Any:
    where = _LAZY.get(name)
    if where is None:
        raise AttributeError(f"module 'mistralai.extra' has no attribute {name!r}")
    try:
        module = importlib.import_module(where[0])
    except ModuleNotFoundError as exc:
        if where[0].startswith(_RUN_MODULES):
            raise ModuleNotFoundError(
                f"mistralai.extra.{name} needs the mistral-run package: pip install mistral-run",
                name=exc.name,
            ) from exc
        raise
    value = getattr(module, where[1])
    globals()[name] = value
    return value


__all__ = [
    "CustomPydanticModel",
    "FunctionCallError",
    "MCPAuthException",
    "MCPException",
    "MistralClientException",
    "ParsedChatCompletionResponse",
    "RunContext",
    "RunException",
    "RunResult",
    "RunResultEvents",
    "ToolRoundsExceededError",
    "convert_to_parsed_chat_completion_response",
    "response_format_from_pydantic_model",
]
