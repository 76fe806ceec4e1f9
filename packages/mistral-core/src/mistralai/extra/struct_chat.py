"""The official SDK's ``mistralai.extra.struct_chat`` names: parsed chat answers.

The classes are mistral-chat's (``mistralai.chat.models``); a name of this module needs
that package installed and says so otherwise.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

import pydantic

CustomPydanticModel = TypeVar("CustomPydanticModel", bound=pydantic.BaseModel)
"""The pydantic model an answer is parsed into."""

if TYPE_CHECKING:
    from mistralai.chat.models import (  # type: ignore[import-not-found, unused-ignore]
        ParsedAssistantMessage,
        ParsedChatCompletionChoice,
        ParsedChatCompletionResponse,
    )
    from mistralai.models import ChatCompletionResponse


def convert_to_parsed_chat_completion_response(
    response: ChatCompletionResponse, response_format: type[CustomPydanticModel]
) -> ParsedChatCompletionResponse[CustomPydanticModel]:
    """``response`` with each choice's content validated as ``response_format``
    (``choice.message.parsed``), as ``client.chat.parse`` does."""
    import mistralai.models

    mistralai.models.ParsedChatCompletionResponse  # noqa: B018 - names the package if missing
    from mistralai.chat._structured import parse_response  # type: ignore[import-not-found, unused-ignore]

    result: ParsedChatCompletionResponse[CustomPydanticModel] = parse_response(
        response, response_format
    )
    return result


_FROM_CHAT = frozenset(
    {"ParsedAssistantMessage", "ParsedChatCompletionChoice", "ParsedChatCompletionResponse"}
)


def __getattr__(name: str) -> Any:
    if name in _FROM_CHAT:
        import mistralai.models

        return getattr(mistralai.models, name)
    raise AttributeError(f"module 'mistralai.extra.struct_chat' has no attribute {name!r}")


__all__ = [
    "CustomPydanticModel",
    "ParsedAssistantMessage",
    "ParsedChatCompletionChoice",
    "ParsedChatCompletionResponse",
    "convert_to_parsed_chat_completion_response",
]
