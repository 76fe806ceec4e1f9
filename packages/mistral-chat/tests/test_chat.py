"""Chat behaviour over loopback: seed examples, streaming, tools, errors, structured output."""

from __future__ import annotations

import json
from typing import Any

import pytest
from pydantic import BaseModel

from mistralai import errors
from mistralai.chat import StructuredOutputError
from mistralai.models import (
    AssistantMessage,
    ChatCompletionResponse,
    CompletionEvent,
    Function,
    FunctionTool,
    SystemMessage,
    ToolMessage,
    UserMessage,
)

WEATHER_TOOL = FunctionTool(
    type="function",
    function=Function(
        name="get_weather",
        description="Get current weather for a location",
        parameters={
            "type": "object",
            "properties": {"location": {"type": "string", "description": "City name"}},
            "required": ["location"],
        },
    ),
)


def test_seed_quickstart(mistral_client: Any) -> None:
    messages = [UserMessage(content="Hello, how are you?")]
    response = mistral_client.chat.complete(model="mistral-small-latest", messages=messages)
    assert isinstance(response, ChatCompletionResponse)
    assert response.choices[0].message.content == "You said: Hello, how are you?"


def test_seed_reference_page_examples(mistral_test_server: Any) -> None:
    from mistralai.client import Mistral

    with Mistral(api_key="test-key", server_url=mistral_test_server.url) as mistral:
        res = mistral.chat.complete(
            model="mistral-large-latest",
            messages=[
                {
                    "role": "user",
                    "content": "Who is the best French painter? Answer in one short sentence.",
                }
            ],
            stream=False,
            response_format={"type": "text"},
        )
        assert res.choices[0].finish_reason == "stop"
        res = mistral.chat.stream(
            model="mistral-large-latest",
            messages=[
                {
                    "role": "user",
                    "content": "Who is the best French painter? Answer in one short sentence.",
                }
            ],
            stream=True,
            response_format={"type": "text"},
        )
        with res as event_stream:
            events = list(event_stream)
    assert all(isinstance(event, CompletionEvent) for event in events)
    assert events[0].data.choices[0].delta.role == "assistant"


async def test_async_complete_and_stream(mistral_async_client: Any) -> None:
    messages = [SystemMessage(content="Be brief"), UserMessage(content="Hi there")]
    response = await mistral_async_client.chat.complete_async(
        model="mistral-small-latest", messages=messages
    )
    assert response.choices[0].message.content == "You said: Hi there"
    stream = await mistral_async_client.chat.stream_async(
        model="mistral-small-latest", messages=messages
    )
    async with stream as event_stream:
        text = "".join([e.data.choices[0].delta.content or "" async for e in event_stream])
    assert text == "You said: Hi there"


@pytest.mark.parametrize("max_tokens", [None, 1, 40])
def test_streamed_answer_equals_the_complete_answer(
    mistral_client: Any, max_tokens: int | None
) -> None:
    request = {
        "model": "mistral-small-latest",
        "messages": [{"role": "user", "content": "Tell me a story"}],
    }
    if max_tokens is not None:
        request["max_tokens"] = max_tokens
    whole = mistral_client.chat.complete(**request).choices[0]
    with mistral_client.chat.stream(**request) as stream:
        events = list(stream)
    text = "".join(e.data.choices[0].delta.content or "" for e in events)
    assert text == whole.message.content
    assert events[-1].data.choices[0].finish_reason == whole.finish_reason
    assert events[-1].data.usage is not None


def test_streamed_tool_call_equals_the_complete_tool_call(mistral_client: Any) -> None:
    request = {
        "model": "mistral-small-latest",
        "messages": [{"role": "user", "content": "Weather in Paris?"}],
        "tools": [WEATHER_TOOL],
    }
    whole = mistral_client.chat.complete(**request).choices[0].message.tool_calls
    with mistral_client.chat.stream(**request) as stream:
        deltas = [call for e in stream for call in e.data.choices[0].delta.tool_calls or []]
    assert [(c.id, c.function.name, c.function.arguments) for c in deltas] == [
        (c.id, c.function.name, c.function.arguments) for c in whole
    ]


def test_function_calling_round_trip(mistral_client: Any, mistral_test_server: Any) -> None:
    messages: list[Any] = [UserMessage(content="What's the weather like in Paris today?")]
    first = mistral_client.chat.complete(
        model="mistral-small-latest", messages=messages, tools=[WEATHER_TOOL], tool_choice="auto"
    )
    reply = first.choices[0].message
    assert first.choices[0].finish_reason == "tool_calls"
    (call,) = reply.tool_calls
    assert call.function.name == "get_weather"
    assert set(json.loads(call.function.arguments)) == {"location"}
    messages += [
        reply,
        ToolMessage(content='{"celsius": 21}', tool_call_id=call.id, name="get_weather"),
    ]
    final = mistral_client.chat.complete(
        model="mistral-small-latest", messages=messages, tools=[WEATHER_TOOL]
    )
    assert final.choices[0].message.content == 'The tool answered: {"celsius": 21}'
    sent = mistral_test_server.requests[-1].json()["messages"]
    assert [m["role"] for m in sent] == ["user", "assistant", "tool"]
    assert sent[1]["tool_calls"][0]["id"] == call.id
    assert sent[2]["tool_call_id"] == call.id


def test_assistant_prefix_and_dict_messages(mistral_client: Any, mistral_test_server: Any) -> None:
    messages = [{"role": "user", "content": "Say hi"}, AssistantMessage(content="Hi", prefix=True)]
    mistral_client.chat.complete(model="mistral-small-latest", messages=messages)
    assert mistral_test_server.requests[-1].json()["messages"][1] == {
        "content": "Hi",
        "prefix": True,
        "role": "assistant",
    }


@pytest.mark.parametrize(
    ("messages", "message"),
    [
        ([{"role": "robot", "content": "beep"}], "robot"),
        ([{"content": "who am I"}], "role"),
        ([{"role": "user", "content": 42}], "content"),
        ("not a list", "messages"),
    ],
)
def test_invalid_input_fails_before_sending(
    mistral_client: Any, mistral_test_server: Any, messages: Any, message: str
) -> None:
    with pytest.raises(errors.RequestValidationError, match=message):
        mistral_client.chat.complete(model="mistral-small-latest", messages=messages)
    assert mistral_test_server.requests == []


def test_wrong_parameter_type_fails_before_sending(
    mistral_client: Any, mistral_test_server: Any
) -> None:
    with pytest.raises(errors.RequestValidationError, match="temperature"):
        mistral_client.chat.complete(
            model="m", messages=[{"role": "user", "content": "x"}], temperature="hot"
        )
    assert mistral_test_server.requests == []


def test_what_only_the_server_can_tell_is_an_http_validation_error(mistral_client: Any) -> None:
    with pytest.raises(errors.HTTPValidationError) as info:
        mistral_client.chat.complete(
            model="mistral-small-latest",
            messages=[{"role": "user", "content": "x"}],
            temperature=7.5,
        )
    detail = info.value.detail
    assert isinstance(detail, list)
    assert detail[0]["loc"] == ["body", "temperature"]
    assert info.value.status_code == 422


def test_stream_true_on_complete_points_to_the_stream_method(
    mistral_client: Any, mistral_test_server: Any
) -> None:
    with pytest.raises(errors.RequestValidationError, match="streaming method"):
        mistral_client.chat.complete(
            model="m", messages=[{"role": "user", "content": "x"}], stream=True
        )
    assert mistral_test_server.requests == []


class Book(BaseModel):
    name: str
    authors: list[str]


def test_parse_returns_the_model(mistral_client: Any, mistral_test_server: Any) -> None:
    res = mistral_client.chat.parse(
        Book, model="mistral-small-latest", messages=[{"role": "user", "content": "A book"}]
    )
    book = res.choices[0].message.parsed
    assert isinstance(book, Book)
    assert book.authors
    response_format = mistral_test_server.requests[-1].json()["response_format"]
    assert response_format["type"] == "json_schema"
    assert response_format["json_schema"]["name"] == "Book"
    assert response_format["json_schema"]["strict"] is True
    assert response_format["json_schema"]["schema"]["additionalProperties"] is False
    assert set(response_format["json_schema"]["schema"]["required"]) == {"name", "authors"}


async def test_parse_async_and_invalid_output(mistral_async_client: Any) -> None:
    res = await mistral_async_client.chat.parse_async(
        Book, model="m", messages=[{"role": "user", "content": "A book"}]
    )
    assert isinstance(res.choices[0].message.parsed, Book)
    with pytest.raises(StructuredOutputError) as info:
        await mistral_async_client.chat.parse_async(
            Book, model="m", messages=[{"role": "user", "content": "[invalid-json]"}]
        )
    assert info.value.content.startswith("{")
    assert isinstance(info.value, errors.ResponseValidationError)


def test_parse_stream_yields_json_that_validates(mistral_client: Any) -> None:
    with mistral_client.chat.parse_stream(
        Book, model="m", messages=[{"role": "user", "content": "A book"}]
    ) as stream:
        text = "".join(e.data.choices[0].delta.content or "" for e in stream)
    assert Book.model_validate_json(text).name


def test_parse_rejects_a_non_model_class(mistral_client: Any) -> None:
    with pytest.raises(TypeError, match="pydantic model class"):
        mistral_client.chat.parse(dict, model="m", messages=[{"role": "user", "content": "x"}])


FINAL_REQUESTS = {
    "text": {"messages": [{"role": "user", "content": "Tell me more"}], "max_tokens": 40},
    "two choices": {"messages": [{"role": "user", "content": "Hi"}], "n": 2},
    "tool call": {
        "messages": [{"role": "user", "content": "Weather in Paris?"}],
        "tools": [WEATHER_TOOL],
    },
}


@pytest.mark.parametrize("request_", FINAL_REQUESTS.values(), ids=list(FINAL_REQUESTS))
def test_stream_final_response_is_the_complete_answer(
    mistral_client: Any, request_: dict[str, Any]
) -> None:
    request = {"model": "mistral-small-latest", **request_}
    whole = mistral_client.chat.complete(**request)
    with mistral_client.chat.stream(**request) as stream:
        first = next(stream)
        final = stream.get_final_response()
    assert first.data.choices[0].delta.role == "assistant"
    assert isinstance(final, ChatCompletionResponse)
    assert final.choices == whole.choices
    assert final.usage == whole.usage
    assert stream.get_final_text() == whole.choices[0].message.content


async def test_stream_async_final_response(mistral_async_client: Any) -> None:
    request = {
        "model": "mistral-small-latest",
        "messages": [{"role": "user", "content": "Weather in Paris?"}],
        "tools": [WEATHER_TOOL],
    }
    whole = await mistral_async_client.chat.complete_async(**request)
    stream = await mistral_async_client.chat.stream_async(**request)
    async with stream:
        final = await stream.get_final_response()
    assert final.choices == whole.choices
    assert final.choices[0].finish_reason == "tool_calls"
    assert await stream.get_final_text() == ""


def test_parse_stream_final_response_is_parsed(mistral_client: Any) -> None:
    messages = [{"role": "user", "content": "A book"}]
    with mistral_client.chat.parse_stream(Book, model="m", messages=messages) as stream:
        text = "".join(e.data.choices[0].delta.content or "" for e in stream)
        final = stream.get_final_response()
    assert final.choices[0].message.parsed == Book.model_validate_json(text)
    assert stream.get_final_text() == text
    messages = [{"role": "user", "content": "[invalid-json]"}]
    with mistral_client.chat.parse_stream(Book, model="m", messages=messages) as stream:
        with pytest.raises(StructuredOutputError) as info:
            stream.get_final_response()
    assert info.value.content == '{"this is": not json'


async def test_parse_stream_async_final_response(mistral_async_client: Any) -> None:
    stream = await mistral_async_client.chat.parse_stream_async(
        Book, model="m", messages=[{"role": "user", "content": "A book"}]
    )
    async with stream:
        final = await stream.get_final_response()
    assert isinstance(final.choices[0].message.parsed, Book)


def test_parse_stream_names_itself_for_a_misspelled_keyword(mistral_client: Any) -> None:
    class Book(BaseModel):
        name: str

    messages = [{"role": "user", "content": "a book"}]
    with pytest.raises(TypeError, match=r"^parse_stream\(\) .*'temprature'.*'temperature'"):
        mistral_client.chat.parse_stream(Book, model="m", messages=messages, temprature=0.1)


async def test_parse_stream_async_names_itself_for_a_misspelled_keyword(
    mistral_async_client: Any,
) -> None:
    class Book(BaseModel):
        name: str

    messages = [{"role": "user", "content": "a book"}]
    with pytest.raises(TypeError, match=r"^parse_stream_async\(\) .*'temprature'"):
        await mistral_async_client.chat.parse_stream_async(
            Book, model="m", messages=messages, temprature=0.1
        )
