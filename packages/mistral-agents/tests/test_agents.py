"""client.agents over loopback: the seed examples, the wire body, errors, async."""

from __future__ import annotations

import json
from typing import Any

import pytest

from mistralai import errors
from mistralai.models import (
    ChatCompletionResponse,
    CompletionEvent,
    Function,
    FunctionTool,
    UserMessage,
)


def test_seed_plain_completion(mistral_client: Any, mistral_test_server: Any) -> None:
    client = mistral_client
    messages = [
        UserMessage(
            content="What is the capital of France? Please provide some context about the city."
        )
    ]
    response = client.agents.complete(
        messages=messages, agent_id="ag_your_agent_id_here", max_tokens=500
    )
    assert isinstance(response, ChatCompletionResponse)
    assert len(response.choices[0].message.content.split()) == 500
    assert mistral_test_server.requests[-1].json()["agent_id"] == "ag_your_agent_id_here"


def test_seed_streaming_loop(mistral_client: Any, capsys: pytest.CaptureFixture[str]) -> None:
    client = mistral_client
    messages = [UserMessage(content="Write a brief story about a robot learning to paint.")]
    for chunk in client.agents.stream(
        messages=messages, agent_id="ag_your_agent_id_here", max_tokens=800
    ):
        assert isinstance(chunk, CompletionEvent)
        if chunk.data.choices:
            delta = chunk.data.choices[0].delta
            if delta.content:
                print(delta.content, end="", flush=True)
    assert len(capsys.readouterr().out.split()) == 800


def test_seed_tool_calling(mistral_client: Any, mistral_test_server: Any) -> None:
    client = mistral_client
    messages = [UserMessage(content="What's the weather like in Paris today?")]
    response = client.agents.complete(
        messages=messages,
        agent_id="ag_weather_agent_id",
        tools=[
            FunctionTool(
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
        ],
        tool_choice="auto",
    )
    calls = response.choices[0].message.tool_calls
    assert calls
    assert calls[0].function.name == "get_weather"
    assert "location" in json.loads(calls[0].function.arguments)
    sent = mistral_test_server.requests[-1].json()
    assert sent["tools"][0]["type"] == "function"
    assert sent["tool_choice"] == "auto"


def test_seed_dict_messages(mistral_client: Any) -> None:
    response = mistral_client.agents.complete(
        agent_id="ag_test_agent", messages=[{"role": "user", "content": "Hello from a dict"}]
    )
    assert response.choices[0].message.content == "You said: Hello from a dict"


def test_every_parameter_reaches_the_wire(mistral_client: Any, mistral_test_server: Any) -> None:
    mistral_client.agents.complete(
        agent_id="ag_test_agent",
        messages=[{"role": "user", "content": "x"}],
        max_tokens=5,
        stop="END",
        random_seed=7,
        metadata={"k": "v"},
        response_format={"type": "text"},
        tools=None,
        tool_choice="none",
        presence_penalty=0.1,
        frequency_penalty=0.2,
        n=1,
        prediction={"content": "x"},
        parallel_tool_calls=True,
        prompt_mode=None,
        reasoning_effort="none",
        prompt_cache_key="key",
    )
    assert mistral_test_server.requests[-1].json() == {
        "agent_id": "ag_test_agent",
        "messages": [{"role": "user", "content": "x"}],
        "max_tokens": 5,
        "stop": "END",
        "random_seed": 7,
        "metadata": {"k": "v"},
        "response_format": {"type": "text"},
        "tools": None,
        "tool_choice": "none",
        "presence_penalty": 0.1,
        "frequency_penalty": 0.2,
        "n": 1,
        "prediction": {"type": "content", "content": "x"},
        "parallel_tool_calls": True,
        "prompt_mode": None,
        "reasoning_effort": "none",
        "prompt_cache_key": "key",
    }


def test_unknown_agent_is_not_found_with_the_body(mistral_client: Any) -> None:
    with pytest.raises(errors.NotFoundError) as info:
        mistral_client.agents.complete(
            agent_id="ag_nobody", messages=[{"role": "user", "content": "x"}]
        )
    assert "ag_nobody" in info.value.body
    assert info.value.status_code == 404


def test_invalid_input_fails_before_sending(mistral_client: Any, mistral_test_server: Any) -> None:
    with pytest.raises(errors.RequestValidationError, match="agent_id"):
        mistral_client.agents.complete(agent_id=None, messages=[{"role": "user", "content": "x"}])
    with pytest.raises(errors.RequestValidationError, match="robot"):
        mistral_client.agents.complete(
            agent_id="ag_test_agent", messages=[{"role": "robot", "content": "x"}]
        )
    assert mistral_test_server.requests == []


async def test_async_complete_and_stream(
    mistral_async_client: Any, mistral_test_server: Any
) -> None:
    messages = [{"role": "user", "content": "async hello"}]
    response = await mistral_async_client.agents.complete_async(
        agent_id="ag_test_agent", messages=messages
    )
    stream = await mistral_async_client.agents.stream_async(
        agent_id="ag_test_agent", messages=messages
    )
    async with stream:
        text = "".join([event.data.choices[0].delta.content or "" async for event in stream])
    assert text == response.choices[0].message.content == "You said: async hello"
    assert mistral_test_server.requests[-1].json()["stream"] is True


def test_stream_final_response_is_the_complete_answer(mistral_client: Any) -> None:
    request = {
        "agent_id": "ag_weather_agent_id",
        "messages": [{"role": "user", "content": "Weather in Paris?"}],
        "tools": [
            {
                "type": "function",
                "function": {
                    "name": "get_weather",
                    "parameters": {"type": "object", "properties": {"city": {"type": "string"}}},
                },
            }
        ],
    }
    whole = mistral_client.agents.complete(**request)
    with mistral_client.agents.stream(**request) as stream:
        final = stream.get_final_response()
    assert isinstance(final, ChatCompletionResponse)
    assert final.choices == whole.choices
    assert final.choices[0].message.tool_calls


async def test_stream_async_final_text(mistral_async_client: Any) -> None:
    messages = [{"role": "user", "content": "Hello agent"}]
    stream = await mistral_async_client.agents.stream_async(
        agent_id="ag_test_agent", messages=messages
    )
    async with stream:
        assert await stream.get_final_text() == "You said: Hello agent"
