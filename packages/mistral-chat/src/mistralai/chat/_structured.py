"""Structured output: a pydantic model class in, a JSON schema on the wire, a parsed object out."""

from __future__ import annotations

from typing import TypeVar

import pydantic

from mistralai.chat.models import ParsedChatCompletionResponse
from mistralai.errors import ResponseValidationError
from mistralai.models import (
    ChatCompletionResponse,
    ResponseFormat,
    response_format_from_pydantic_model,
    text_of,
)

M = TypeVar("M", bound=pydantic.BaseModel)


class StructuredOutputError(ResponseValidationError):
    """The model's answer is not valid JSON for the requested model class.

    ``content`` is the text the model produced; ``cause`` says what did not validate.
    """

    def __init__(self, message: str, content: str, cause: pydantic.ValidationError) -> None:
        super().__init__(message, None, content, cause)
        self.content = content


def response_format_for(model: type[pydantic.BaseModel]) -> ResponseFormat:
    """The strict ``json_schema`` response format that asks for ``model``."""
    if not (isinstance(model, type) and issubclass(model, pydantic.BaseModel)):
        raise TypeError(f"response_format must be a pydantic model class, not {model!r}")
    return response_format_from_pydantic_model(model)


def parse_response(
    response: ChatCompletionResponse, model: type[M]
) -> ParsedChatCompletionResponse[M]:
    """Validate each choice's content as ``model`` and attach it as ``message.parsed``."""
    parsed: ParsedChatCompletionResponse[M] = ParsedChatCompletionResponse[model].model_validate(  # type: ignore[valid-type]
        response.model_dump(by_alias=True)
    )
    for choice in parsed.choices:
        message = choice.message
        if message.tool_calls:
            continue
        content = text_of(message.content)
        try:
            message.parsed = model.model_validate_json(content)
        except pydantic.ValidationError as exc:
            raise StructuredOutputError(
                f"choice {choice.index} is not a valid {model.__name__}: "
                f"{exc.errors()[0]['msg']}; the raw text is in .content",
                content,
                exc,
            ) from exc
    return parsed
