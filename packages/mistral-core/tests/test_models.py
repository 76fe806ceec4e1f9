"""Shared models: what reaches the wire, and tolerance of what the server adds or omits."""

from __future__ import annotations

import pytest

from mistralai.errors import RequestValidationError
from mistralai.models import (
    AssistantMessage,
    ChatCompletionResponse,
    CompletionChunk,
    Function,
    FunctionTool,
    ImageURLChunk,
    JsonSchema,
    ResponseFormat,
    TextChunk,
    Tool,
    ToolCall,
    UserMessage,
)
from mistralai.types import MistralModel, Nullable, UnknownVariant
from mistralai.utils import request_body


class _Request(MistralModel):
    model: str
    temperature: Nullable[float] = None
    top_p: float | None = None
    messages: list[UserMessage] = []


def test_defaulted_discriminators_are_always_sent() -> None:
    assert UserMessage(content="hi").to_wire() == {"content": "hi", "role": "user"}
    assert TextChunk(text="t").to_wire() == {"text": "t", "type": "text"}
    tool = FunctionTool(function=Function(name="f", parameters={}))
    assert tool.to_wire() == {"function": {"name": "f", "parameters": {}}, "type": "function"}


def test_not_given_is_omitted_and_explicit_none_is_null_only_when_nullable() -> None:
    params = {"model": "m", "temperature": None, "top_p": None, "self": object(), "options": {}}
    assert request_body(_Request, params).to_wire() == {"model": "m", "temperature": None}
    assert request_body(_Request, {"model": "m"}).to_wire() == {"model": "m"}


def test_request_validation_error_names_the_field() -> None:
    with pytest.raises(RequestValidationError, match=r"temperature") as info:
        request_body(_Request, {"model": "m", "temperature": "hot"})
    assert isinstance(info.value, ValueError)
    assert info.value.cause is not None


def test_json_schema_uses_wire_name_schema() -> None:
    fmt = ResponseFormat(
        type="json_schema", json_schema=JsonSchema(name="b", schema={"type": "object"})
    )
    assert fmt.to_wire()["json_schema"] == {"name": "b", "schema": {"type": "object"}}


def test_function_tool_is_accepted_where_tool_is_expected() -> None:
    class Holder(MistralModel):
        tools: list[Tool]

    held = Holder(tools=[FunctionTool(function=Function(name="f", parameters={}))])
    assert held.to_wire()["tools"][0]["type"] == "function"


def test_unknown_content_chunk_type_is_kept_not_fatal() -> None:
    message = AssistantMessage.model_validate(
        {"content": [{"type": "text", "text": "a"}, {"type": "hologram", "depth": 3}]}
    )
    assert isinstance(message.content, list)
    text, unknown = message.content
    assert isinstance(text, TextChunk)
    assert isinstance(unknown, UnknownVariant)
    assert unknown.tag == "hologram"
    assert unknown.model_extra == {"type": "hologram", "depth": 3}


def test_image_chunk_accepts_string_or_object() -> None:
    assert ImageURLChunk(image_url="https://x/y.png").to_wire()["image_url"] == "https://x/y.png"
    chunk = ImageURLChunk.model_validate(
        {"type": "image_url", "image_url": {"url": "u", "detail": "low"}}
    )
    assert chunk.to_wire()["image_url"] == {"url": "u", "detail": "low"}


def test_response_tolerates_missing_and_extra_fields() -> None:
    response = ChatCompletionResponse.model_validate_json(
        b'{"choices": [{"message": {"role": "assistant", "content": "x"}, "new_field": 1}],'
        b' "brand_new": {"a": 1}}'
    )
    assert response.id is None
    assert response.choices[0].message.content == "x"
    assert response.model_extra == {"brand_new": {"a": 1}}


def test_stream_chunk_with_tool_call_delta() -> None:
    chunk = CompletionChunk.model_validate_json(
        b'{"id": "c", "model": "m", "choices": [{"index": 0, "finish_reason": null, "delta":'
        b' {"tool_calls": [{"id": "t1", "function": {"name": "f", "arguments": "{\\"a\\""}}]}}]}'
    )
    (call,) = chunk.choices[0].delta.tool_calls or []
    assert isinstance(call, ToolCall)
    assert call.function.arguments == '{"a"'
