"""Every chat parameter reaches the wire under its JSON name; nothing else does."""

from __future__ import annotations

from typing import Any

import pytest

from mistralai.models import (
    FunctionName,
    GuardrailConfig,
    ModerationLLMV1Config,
    Prediction,
    ResponseFormat,
    Tool,
    ToolChoice,
    UserMessage,
)

MESSAGES = [{"role": "user", "content": "Hello"}]

ALL_PARAMETERS: dict[str, Any] = {
    "temperature": 0.3,
    "top_p": 0.9,
    "max_tokens": 12,
    "stop": ["\n\n", "END"],
    "random_seed": 42,
    "metadata": {"team": "search"},
    "response_format": ResponseFormat(type="json_object"),
    "tools": [
        Tool(function={"name": "lookup", "parameters": {"type": "object", "properties": {}}})
    ],
    "tool_choice": ToolChoice(function=FunctionName(name="lookup")),
    "presence_penalty": 0.5,
    "frequency_penalty": -0.5,
    "n": 2,
    "prediction": Prediction(content="Hello"),
    "parallel_tool_calls": False,
    "prompt_mode": "reasoning",
    "reasoning_effort": "high",
    "guardrails": [
        GuardrailConfig(
            block_on_error=True, moderation_llm_v1=ModerationLLMV1Config(action="block")
        )
    ],
    "prompt_cache_key": "conversation-17",
    "safe_prompt": True,
}

EXPECTED_WIRE: dict[str, Any] = {
    "temperature": 0.3,
    "top_p": 0.9,
    "max_tokens": 12,
    "stop": ["\n\n", "END"],
    "random_seed": 42,
    "metadata": {"team": "search"},
    "response_format": {"type": "json_object"},
    "tools": [
        {
            "type": "function",
            "function": {"name": "lookup", "parameters": {"type": "object", "properties": {}}},
        }
    ],
    "tool_choice": {"type": "function", "function": {"name": "lookup"}},
    "presence_penalty": 0.5,
    "frequency_penalty": -0.5,
    "n": 2,
    "prediction": {"type": "content", "content": "Hello"},
    "parallel_tool_calls": False,
    "prompt_mode": "reasoning",
    "reasoning_effort": "high",
    "guardrails": [{"block_on_error": True, "moderation_llm_v1": {"action": "block"}}],
    "prompt_cache_key": "conversation-17",
    "safe_prompt": True,
}


def test_every_parameter_reaches_the_wire(mistral_client: Any, mistral_test_server: Any) -> None:
    mistral_client.chat.complete(model="mistral-small-latest", messages=MESSAGES, **ALL_PARAMETERS)
    sent = mistral_test_server.requests[-1].json()
    assert sent == {"model": "mistral-small-latest", "messages": MESSAGES, **EXPECTED_WIRE}


def test_only_given_parameters_are_sent(mistral_client: Any, mistral_test_server: Any) -> None:
    mistral_client.chat.complete(model="mistral-small-latest", messages=[UserMessage(content="Hi")])
    assert mistral_test_server.requests[-1].json() == {
        "model": "mistral-small-latest",
        "messages": [{"content": "Hi", "role": "user"}],
    }


@pytest.mark.parametrize(
    "nullable",
    [
        "temperature",
        "max_tokens",
        "random_seed",
        "metadata",
        "tools",
        "n",
        "prompt_mode",
        "guardrails",
        "prompt_cache_key",
    ],
)
def test_explicit_none_on_a_nullable_field_is_null(
    mistral_client: Any, mistral_test_server: Any, nullable: str
) -> None:
    mistral_client.chat.complete(
        model="mistral-small-latest", messages=MESSAGES, **{nullable: None}
    )
    sent = mistral_test_server.requests[-1].json()
    assert nullable in sent
    assert sent[nullable] is None


@pytest.mark.parametrize(
    "not_nullable", ["top_p", "stop", "presence_penalty", "safe_prompt", "response_format"]
)
def test_none_on_a_non_nullable_field_is_left_out(
    mistral_client: Any, mistral_test_server: Any, not_nullable: str
) -> None:
    mistral_client.chat.complete(
        model="mistral-small-latest", messages=MESSAGES, **{not_nullable: None}
    )
    assert not_nullable not in mistral_test_server.requests[-1].json()


def test_stream_sends_stream_true_and_accepts_sse(
    mistral_client: Any, mistral_test_server: Any
) -> None:
    with mistral_client.chat.stream(
        model="mistral-small-latest", messages=MESSAGES, stream=True
    ) as stream:
        list(stream)
    request = mistral_test_server.requests[-1]
    assert request.json()["stream"] is True
    assert request.headers["accept"] == "text/event-stream"


def test_stop_as_a_single_string(mistral_client: Any, mistral_test_server: Any) -> None:
    mistral_client.chat.complete(model="mistral-small-latest", messages=MESSAGES, stop="END")
    assert mistral_test_server.requests[-1].json()["stop"] == "END"


@pytest.mark.parametrize("choice", ["auto", "none", "any", "required"])
def test_tool_choice_strings(mistral_client: Any, mistral_test_server: Any, choice: str) -> None:
    mistral_client.chat.complete(
        model="mistral-small-latest", messages=MESSAGES, tool_choice=choice
    )
    assert mistral_test_server.requests[-1].json()["tool_choice"] == choice


def test_every_content_chunk_kind_is_accepted(
    mistral_client: Any, mistral_test_server: Any
) -> None:
    content = [
        {"type": "text", "text": "Look at these"},
        {"type": "image_url", "image_url": {"url": "https://example.com/cat.png", "detail": "low"}},
        {"type": "image_url", "image_url": "data:image/png;base64,iVBORw0KGgo="},
        {
            "type": "document_url",
            "document_url": "https://example.com/a.pdf",
            "document_name": "a.pdf",
        },
        {"type": "file", "file_id": "6f1a3a2e-8c2b-4d7e-9d0e-3f3a2b1c0d9e"},
        {"type": "input_audio", "input_audio": "UklGRiQAAABXQVZF"},
        {"type": "reference", "reference_ids": [1, 2]},
        {"type": "thinking", "thinking": [{"type": "text", "text": "hmm"}]},
    ]
    messages = [
        {"role": "system", "content": [{"type": "text", "text": "Be brief"}]},
        {"role": "user", "content": content},
    ]
    mistral_client.chat.complete(model="mistral-small-latest", messages=messages)
    assert mistral_test_server.requests[-1].json()["messages"][1]["content"] == content
