"""``client.chat`` against the spec: every request valid, every spec answer parsed."""

from __future__ import annotations

import pydantic
import pytest

pytest.importorskip("mistralai.chat", reason="mistral-chat is not installed")

from contract_calls import ContractClient, ExchangeLog
from contract_prism import PrismServer

from mistralai.models import (
    AssistantMessage,
    ChatCompletionResponse,
    FunctionCall,
    SystemMessage,
    ToolCall,
    ToolMessage,
    UserMessage,
)

WEATHER_TOOL = {
    "type": "function",
    "function": {
        "name": "get_weather",
        "description": "Current weather of a city.",
        "parameters": {
            "type": "object",
            "properties": {"city": {"type": "string"}},
            "required": ["city"],
        },
    },
}

CONVERSATION = [
    SystemMessage(content="You are a terse assistant."),
    UserMessage(
        content=[
            {"type": "text", "text": "What is the weather in Paris? Compare with this photo."},
            {"type": "image_url", "image_url": {"url": "https://example.com/sky.png"}},
        ]
    ),
    AssistantMessage(
        content="",
        tool_calls=[
            ToolCall(
                id="call_1",
                function=FunctionCall(name="get_weather", arguments='{"city": "Paris"}'),
            )
        ],
    ),
    ToolMessage(content='{"celsius": 21}', tool_call_id="call_1", name="get_weather"),
]


def test_complete_minimal(contract: ContractClient) -> None:
    res = contract.check(
        contract.client.chat.complete,
        model="mistral-small-latest",
        messages=[{"role": "user", "content": "Hello"}],
    )
    assert isinstance(res, ChatCompletionResponse)


def test_complete_every_parameter(contract: ContractClient) -> None:
    res = contract.check(
        contract.client.chat.complete,
        model="mistral-small-latest",
        messages=CONVERSATION,
        temperature=0.3,
        top_p=0.9,
        max_tokens=256,
        stop=["\n\n", "END"],
        random_seed=42,
        metadata={"team": "search"},
        response_format={"type": "text"},
        tools=[WEATHER_TOOL],
        tool_choice={"type": "function", "function": {"name": "get_weather"}},
        presence_penalty=0.1,
        frequency_penalty=0.2,
        n=1,
        prediction={"type": "content", "content": "It is sunny"},
        parallel_tool_calls=False,
        prompt_mode="reasoning",
        reasoning_effort="high",
        guardrails=[{"block_on_error": True}],
        prompt_cache_key="weather-bot",
        safe_prompt=True,
        http_headers={"x-request-source": "contract"},
    )
    assert isinstance(res, ChatCompletionResponse)


def test_complete_nulls_and_json_mode(contract: ContractClient) -> None:
    contract.check(
        contract.client.chat.complete,
        model="mistral-small-latest",
        messages=[UserMessage(content="Answer in JSON.")],
        temperature=None,
        max_tokens=None,
        stop="STOP",
        response_format={"type": "json_object"},
        tool_choice="auto",
        tools=None,
    )


class Book(pydantic.BaseModel):
    name: str
    authors: list[str]


def test_parse_sends_a_valid_json_schema_format(contract: ContractClient) -> None:
    contract.check(
        contract.client.chat.complete,
        model="mistral-small-latest",
        messages=[UserMessage(content="A famous book, please.")],
        response_format={
            "type": "json_schema",
            "json_schema": {"name": "Book", "schema": Book.model_json_schema(), "strict": True},
        },
    )


def test_harness_fails_on_a_request_the_spec_rejects(prism: PrismServer) -> None:
    probe = ContractClient(prism.url, ExchangeLog(), "static", node=None)
    with pytest.raises(pytest.fail.Exception, match=r"request\.body\.temperature"):
        probe.check(
            probe.client.chat.complete,
            model="mistral-small-latest",
            messages=[{"role": "user", "content": "Hi"}],
            temperature=2.5,
        )
    probe.close()
