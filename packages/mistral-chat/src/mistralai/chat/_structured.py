"""Structured output: a pydantic model class in, a JSON schema on the wire, a parsed object out."""

from __future__ import annotations

from typing import Generic, TypeVar

import pydantic

from mistralai.chat.models import ParsedChatCompletionResponse
from mistralai.errors import ResponseValidationError
from mistralai.models import (
    ChatCompletionResponse,
    CompletionEvent,
    ResponseFormat,
    response_format_from_pydantic_model,
    text_of,
)
from mistralai.utils import CompletionAccumulator

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


class ParsedCompletionAccumulator(Generic[M]):
    """Adds a structured-output stream up into its completion, parsed as ``model``.

    >>> class City(pydantic.BaseModel):
    ...     name: str
    >>> acc = ParsedCompletionAccumulator(City)
    >>> acc.add(CompletionEvent.model_validate(
    ...     {"data": {"choices": [{"index": 0, "delta": {"content": '{"name": "Lyon"}'}}]}}))
    >>> acc.result().choices[0].message.parsed
    City(name='Lyon')
    """

    __slots__ = ("_completion", "_model")

    def __init__(self, model: type[M]) -> None:
        self._model = model
        self._completion = CompletionAccumulator()

    def add(self, event: CompletionEvent) -> None:
        """Take the next event of the stream.

        >>> ParsedCompletionAccumulator(pydantic.BaseModel).add(CompletionEvent.model_validate(
        ...     {"data": {"choices": []}}))
        """
        self._completion.add(event)

    def result(self) -> ParsedChatCompletionResponse[M]:
        """The completion so far, each choice's content validated as the model.

        >>> ParsedCompletionAccumulator(pydantic.BaseModel).result().choices
        []
        """
        return parse_response(self._completion.result(), self._model)

    @property
    def text(self) -> str:
        """The text of the first choice so far (the JSON as it arrived).

        >>> ParsedCompletionAccumulator(pydantic.BaseModel).text
        ''
        """
        return self._completion.text
