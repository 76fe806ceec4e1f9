"""client.fim against the local test server, sync and async, streamed or not."""

from __future__ import annotations

import pytest

from mistralai.errors import RequestValidationError, StreamError
from mistralai.fim.models import FIMCompletionResponse
from mistralai.models import CompletionEvent
from mistralai.testing import Fault

PROMPT = "def add(a: int, b: int) -> int:\n"


def test_complete(mistral_client, mistral_test_server, mistral_wire_body):
    res = mistral_client.fim.complete(
        model="codestral-latest", prompt=PROMPT, suffix="print(add(1, 2))"
    )

    assert isinstance(res, FIMCompletionResponse)
    assert res.choices[0].message.content
    assert res.choices[0].finish_reason == "stop"
    assert mistral_test_server.requests[-1].path == "/v1/fim/completions"
    assert mistral_wire_body("FIMCompletionRequest") == {
        "model": "codestral-latest",
        "prompt": PROMPT,
        "suffix": "print(add(1, 2))",
    }


async def test_complete_async_with_every_field(mistral_async_client, mistral_wire_body):
    res = await mistral_async_client.fim.complete_async(
        model="codestral-latest",
        prompt=PROMPT,
        suffix=None,
        temperature=0.2,
        top_p=0.9,
        max_tokens=5,
        min_tokens=1,
        stop=["\n\n"],
        random_seed=7,
        metadata={"file": "add.py"},
        prompt_cache_key="repo-1",
    )

    assert res.choices[0].finish_reason == "length"
    assert len(res.choices[0].message.content.split()) == 5
    assert mistral_wire_body("FIMCompletionRequest") == {
        "model": "codestral-latest",
        "prompt": PROMPT,
        "suffix": None,
        "temperature": 0.2,
        "top_p": 0.9,
        "max_tokens": 5,
        "min_tokens": 1,
        "stop": ["\n\n"],
        "random_seed": 7,
        "metadata": {"file": "add.py"},
        "prompt_cache_key": "repo-1",
    }


def test_stream(mistral_client, mistral_test_server, mistral_wire_body):
    complete = mistral_client.fim.complete(model="codestral-latest", prompt=PROMPT)
    with mistral_client.fim.stream(
        model="codestral-latest", prompt=PROMPT, max_tokens=None
    ) as stream:
        events = list(stream)

    assert all(isinstance(e, CompletionEvent) for e in events)
    assert len(events) > 1
    text = "".join(e.data.choices[0].delta.content or "" for e in events)
    assert text == complete.choices[0].message.content
    assert events[-1].data.choices[0].finish_reason == "stop"
    assert mistral_test_server.requests[-1].headers["accept"] == "text/event-stream"
    assert mistral_wire_body("FIMCompletionRequest") == {
        "model": "codestral-latest",
        "prompt": PROMPT,
        "max_tokens": None,
        "stream": True,
    }


async def test_stream_async(mistral_async_client, mistral_wire_body):
    stream = await mistral_async_client.fim.stream_async(
        model="codestral-latest", prompt=PROMPT, suffix="return", max_tokens=4
    )
    async with stream:
        events = [event async for event in stream]

    text = "".join(e.data.choices[0].delta.content or "" for e in events)
    assert len(text.split()) == 4
    assert mistral_wire_body("FIMCompletionRequest")["stream"] is True


def test_stream_true_is_refused_by_complete(mistral_client, mistral_test_server):
    with pytest.raises(RequestValidationError, match="stream"):
        mistral_client.fim.complete(model="codestral-latest", prompt=PROMPT, stream=True)
    assert mistral_test_server.requests == []


def test_seed_signature(mistral_client, mistral_wire_body):
    res = mistral_client.fim.complete(
        model="codestral-latest", prompt="def f(", suffix=None, temperature=None, max_tokens=None
    )

    assert res.choices
    assert mistral_wire_body("FIMCompletionRequest") == {
        "model": "codestral-latest",
        "prompt": "def f(",
        "suffix": None,
        "temperature": None,
        "max_tokens": None,
    }


def test_spec_example_parses(mistral_client, mistral_test_server, mistral_spec_example):
    example = mistral_spec_example("/v1/fim/completions", "post")
    mistral_test_server.faults.add(Fault.status(200, body=example))

    res = mistral_client.fim.complete(model="codestral-2508", prompt="def")

    assert res.model == "codestral-2508"
    assert res.choices[0].message.content.startswith("add_numbers(")


def test_stream_final_response_is_a_fim_completion(mistral_client):
    complete = mistral_client.fim.complete(model="codestral-latest", prompt=PROMPT, max_tokens=6)
    with mistral_client.fim.stream(model="codestral-latest", prompt=PROMPT, max_tokens=6) as s:
        final = s.get_final_response()

    assert isinstance(final, FIMCompletionResponse)
    assert final.choices == complete.choices
    assert final.usage == complete.usage
    assert s.get_final_text() == complete.choices[0].message.content


async def test_stream_async_cut_by_the_server(mistral_async_client, mistral_test_server):
    mistral_test_server.faults.add(Fault.truncate(after_events=2), times=1)
    stream = await mistral_async_client.fim.stream_async(
        model="codestral-latest", prompt=PROMPT, max_tokens=20
    )
    with pytest.raises(StreamError, match="broke off after 2 events"):
        await stream.get_final_response()
    assert stream.response.is_closed
