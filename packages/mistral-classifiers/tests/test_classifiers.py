"""client.classifiers against the local test server, sync and async."""

from __future__ import annotations

import pytest

from mistralai.classifiers.models import (
    ClassificationResponse,
    ClassificationTargetResult,
    InstructRequest,
    ModerationResponse,
)
from mistralai.errors import RequestValidationError
from mistralai.models import AssistantMessage, UserMessage
from mistralai.testing import Fault

CHAT = [{"role": "user", "content": "Hi"}, {"role": "assistant", "content": "I love it"}]


def test_moderate(mistral_client, mistral_test_server, mistral_wire_body):
    res = mistral_client.classifiers.moderate(
        model="mistral-moderation-latest", inputs=["hello", "call me [flag:pii]"]
    )

    assert isinstance(res, ModerationResponse)
    assert [r.categories["pii"] for r in res.results] == [False, True]
    assert res.results[1].category_scores["pii"] == pytest.approx(0.99)
    assert mistral_test_server.requests[-1].path == "/v1/moderations"
    assert mistral_wire_body("ClassificationRequest") == {
        "model": "mistral-moderation-latest",
        "input": ["hello", "call me [flag:pii]"],
    }


async def test_moderate_async_defaults_the_model(mistral_async_client, mistral_wire_body):
    res = await mistral_async_client.classifiers.moderate_async(
        inputs="one text", metadata={"source": "forum"}
    )

    assert len(res.results) == 1
    assert mistral_wire_body("ClassificationRequest") == {
        "model": "mistral-moderation-latest",
        "input": "one text",
        "metadata": {"source": "forum"},
    }


def test_moderate_chat(mistral_client, mistral_test_server, mistral_wire_body):
    res = mistral_client.classifiers.moderate_chat(
        inputs=[UserMessage(content="[flag:violence_and_threats]"), AssistantMessage(content="No.")]
    )

    assert len(res.results) == 1
    assert res.results[0].categories["violence_and_threats"] is True
    assert mistral_test_server.requests[-1].path == "/v1/chat/moderations"
    assert mistral_wire_body("ChatModerationRequest") == {
        "model": "mistral-moderation-latest",
        "input": [
            {"role": "user", "content": "[flag:violence_and_threats]"},
            {"role": "assistant", "content": "No."},
        ],
    }


async def test_moderate_chat_async_several_conversations(mistral_async_client, mistral_wire_body):
    res = await mistral_async_client.classifiers.moderate_chat_async(
        model="mistral-moderation-2411", inputs=[CHAT, [{"role": "user", "content": "[flag:law]"}]]
    )

    assert [r.categories["law"] for r in res.results] == [False, True]
    body = mistral_wire_body("ChatModerationRequest")
    assert body["model"] == "mistral-moderation-2411"
    assert body["input"] == [CHAT, [{"role": "user", "content": "[flag:law]"}]]


def test_classify(mistral_client, mistral_test_server, mistral_wire_body):
    res = mistral_client.classifiers.classify(
        model="ft:classifier:sentiment", inputs=["great product", "meh"], metadata=None
    )

    assert isinstance(res, ClassificationResponse)
    scores = [r["sentiment"].scores["positive"] for r in res.results]
    assert scores == [pytest.approx(0.9), pytest.approx(0.2)]
    assert isinstance(res.results[0]["sentiment"], ClassificationTargetResult)
    assert mistral_test_server.requests[-1].path == "/v1/classifications"
    assert mistral_wire_body("ClassificationRequest") == {
        "model": "ft:classifier:sentiment",
        "input": ["great product", "meh"],
        "metadata": None,
    }


async def test_classify_async(mistral_async_client, mistral_wire_body):
    res = await mistral_async_client.classifiers.classify_async(model="ft:c", inputs="good")

    assert res.results[0]["sentiment"].scores["positive"] == pytest.approx(0.9)
    assert mistral_wire_body("ClassificationRequest") == {"model": "ft:c", "input": "good"}


def test_classify_chat(mistral_client, mistral_test_server, mistral_wire_body):
    res = mistral_client.classifiers.classify_chat(model="ft:c", inputs={"messages": CHAT})

    assert res.results[0]["sentiment"].scores["positive"] == pytest.approx(0.9)
    assert mistral_test_server.requests[-1].path == "/v1/chat/classifications"
    assert mistral_wire_body("ChatClassificationRequest") == {
        "model": "ft:c",
        "input": {"messages": CHAT},
    }


async def test_classify_chat_async_several(mistral_async_client, mistral_wire_body):
    res = await mistral_async_client.classifiers.classify_chat_async(
        model="ft:c",
        inputs=[InstructRequest(messages=[UserMessage(content="bad")]), {"messages": CHAT}],
    )

    assert len(res.results) == 2
    body = mistral_wire_body("ChatClassificationRequest")
    assert body["input"] == [{"messages": [{"role": "user", "content": "bad"}]}, {"messages": CHAT}]


def test_seed_signatures(mistral_client):
    classifiers = mistral_client.classifiers
    assert classifiers.moderate(inputs=["text"], model=None).results
    assert classifiers.classify(inputs=["text"], model="ft:c").results


def test_invalid_messages_are_refused_before_sending(mistral_client, mistral_test_server):
    with pytest.raises(RequestValidationError):
        mistral_client.classifiers.moderate_chat(inputs=[{"role": "robot", "content": "x"}])
    assert mistral_test_server.requests == []


def test_spec_example_parses(mistral_client, mistral_test_server, mistral_spec_example):
    example = mistral_spec_example("/v1/moderations", "post")
    mistral_test_server.faults.add(Fault.status(200, body=example))

    res = mistral_client.classifiers.moderate(inputs=["a", "b"])

    assert res.id == "4d71ae510af942108ef7344f903e2b88"
    assert [r.categories["pii"] for r in res.results] == [False, False]
