"""The official SDK's ``mistralai.extra`` structured-output helpers, on this SDK's own.

- :func:`response_format_from_pydantic_model`: the strict ``json_schema`` response format
  asking for a pydantic model (mistral-core);
- :class:`ParsedChatCompletionResponse` and
  :func:`convert_to_parsed_chat_completion_response`: an answer with each choice's content
  validated as that model, as ``client.chat.parse`` returns it (mistral-chat).

Each is imported on first use.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mistralai.chat._structured import (  # type: ignore[import-not-found, unused-ignore]
        parse_response as convert_to_parsed_chat_completion_response,
    )
    from mistralai.chat.models import (  # type: ignore[import-not-found, unused-ignore]
        ParsedChatCompletionResponse,
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
}


def __getattr__(name: str) -> Any:
    where = _LAZY.get(name)
    if where is None:
        raise AttributeError(f"module 'mistralai.extra' has no attribute {name!r}")
    value = getattr(importlib.import_module(where[0]), where[1])
    globals()[name] = value
    return value


__all__ = [
    "CustomPydanticModel",
    "ParsedChatCompletionResponse",
    "convert_to_parsed_chat_completion_response",
    "response_format_from_pydantic_model",
]
