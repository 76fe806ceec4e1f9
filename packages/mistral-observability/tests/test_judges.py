"""client.beta.observability.judges over loopback: save, list, run, update, delete."""

from __future__ import annotations

from typing import Any

import pytest

from mistralai import errors
from mistralai.models import AssistantMessage, UserMessage
from mistralai.observability.models import (
    JudgeClassificationOutput,
    JudgeClassificationOutputOption,
    JudgeOutput,
    JudgePreview,
    JudgeRegressionOutput,
    ObservabilityError,
)

SCORE = JudgeRegressionOutput(min_description="rude", max_description="polite")
YES_NO = JudgeClassificationOutput(
    options=[
        JudgeClassificationOutputOption(value="yes", description="on topic"),
        JudgeClassificationOutputOption(value="no", description="off topic"),
    ]
)


def new_judge(judges: Any, name: str = "politeness", **changes: Any) -> JudgePreview:
    definition = {"name": name, "description": "How polite the answer is",
                  "model_name": "mistral-small-latest", "output": SCORE,
                  "instructions": "Rate the politeness.", "tools": []}  # fmt: skip
    judge: JudgePreview = judges.create(**{**definition, **changes})
    return judge


def test_create_sends_the_definition_and_parses_the_judge(
    obs: Any, mistral_test_server: Any
) -> None:
    judge = new_judge(obs.judges, tools=["web_search"])
    sent = mistral_test_server.requests[-1]
    assert (sent.method, sent.path) == ("POST", "/v1/observability/judges")
    assert sent.json() == {
        "name": "politeness",
        "description": "How polite the answer is",
        "model_name": "mistral-small-latest",
        "output": {"min_description": "rude", "max_description": "polite", "type": "REGRESSION"},
        "instructions": "Rate the politeness.",
        "tools": ["web_search"],
    }
    assert isinstance(judge, JudgePreview)
    assert isinstance(judge.output, JudgeRegressionOutput)
    assert (judge.output.min, judge.output.max) == (0, 1)
    assert obs.judges.fetch(judge_id=judge.id) == judge


def test_a_dict_output_is_validated_and_sent(obs: Any, mistral_test_server: Any) -> None:
    output = {"type": "CLASSIFICATION", "options": [{"value": "a", "description": "A"}]}
    judge = new_judge(obs.judges, output=output)
    assert mistral_test_server.requests[-1].json()["output"] == output
    assert isinstance(judge.output, JudgeClassificationOutput)
    assert judge.output.options[0].value == "a"


def test_invalid_definition_is_refused_before_sending(obs: Any, mistral_test_server: Any) -> None:
    with pytest.raises(errors.RequestValidationError, match="max_description"):
        new_judge(obs.judges, output={"type": "REGRESSION", "min_description": "low"})
    assert mistral_test_server.requests == []


def test_list_filters_reach_the_query(obs: Any, mistral_test_server: Any) -> None:
    new_judge(obs.judges, "politeness")
    new_judge(
        obs.judges,
        "relevance",
        description="Does it stay on topic",
        output=YES_NO,
        model_name="mistral-large-latest",
    )
    found = obs.judges.list(type_filter=["CLASSIFICATION"], model_filter=["mistral-large-latest"])
    assert [j.name for j in found.judges.results] == ["relevance"]
    query = mistral_test_server.requests[-1].query
    assert query["type_filter"] == ["CLASSIFICATION"]
    assert query["model_filter"] == ["mistral-large-latest"]
    assert "page" not in query
    assert [j.name for j in obs.judges.list(q="POLITE").judges.results] == ["politeness"]
    assert mistral_test_server.requests[-1].query["q"] == ["POLITE"]


def test_update_replaces_the_definition(obs: Any, mistral_test_server: Any) -> None:
    judge = new_judge(obs.judges)
    result = obs.judges.update(
        judge_id=judge.id,
        name="politeness v2",
        description="d",
        model_name="mistral-large-latest",
        output=YES_NO,
        instructions="Is it polite?",
        tools=[],
    )
    assert result is None
    sent = mistral_test_server.requests[-1]
    assert (sent.method, sent.path) == ("PUT", f"/v1/observability/judges/{judge.id}")
    assert sent.json()["output"]["type"] == "CLASSIFICATION"
    fetched = obs.judges.fetch(judge_id=judge.id)
    assert (fetched.name, fetched.model_name) == ("politeness v2", "mistral-large-latest")
    assert isinstance(fetched.output, JudgeClassificationOutput)


def test_judge_conversation_sends_message_models_as_dicts(
    obs: Any, mistral_test_server: Any
) -> None:
    judge = new_judge(obs.judges)
    verdict = obs.judges.judge_conversation(
        judge_id=judge.id,
        messages=[UserMessage(content="thanks a lot"), {"role": "assistant", "content": "sure"}],
        properties={"channel": "chat"},
    )
    assert isinstance(verdict, JudgeOutput)
    assert verdict.answer == 0.4
    assert "2 messages" in verdict.analysis
    assert mistral_test_server.requests[-1].json() == {
        "messages": [
            {"content": "thanks a lot", "role": "user"},
            {"role": "assistant", "content": "sure"},
        ],
        "properties": {"channel": "chat"},
    }


def test_duplicate_name_and_missing_judge_are_api_errors(obs: Any) -> None:
    judge = new_judge(obs.judges)
    with pytest.raises(errors.ConflictError) as conflict:
        new_judge(obs.judges)
    detail = ObservabilityError.model_validate_json(conflict.value.body).detail
    assert detail.error_code == "JUDGE_NAME_ALREADY_EXISTS"
    assert obs.judges.delete(judge_id=judge.id) is None
    with pytest.raises(errors.NotFoundError) as missing:
        obs.judges.fetch(judge_id=judge.id)
    assert "not found" in missing.value.message


def test_iter_all_walks_numbered_pages(obs: Any, mistral_test_server: Any) -> None:
    for i in range(5):
        new_judge(obs.judges, f"judge number {i}")
    mistral_test_server.requests.clear()
    names = [j.name for j in obs.judges.iter_all(page_size=2)]
    assert names == [f"judge number {i}" for i in range(5)]
    assert [r.query["page"] for r in mistral_test_server.requests] == [["1"], ["2"], ["3"]]
    assert all(r.query["page_size"] == ["2"] for r in mistral_test_server.requests)
    pages = list(obs.judges.list_pages(page_size=2, page=2))
    assert [len(p.judges.results) for p in pages] == [2, 1]
    assert pages[0].judges.count == 5


def test_unknown_keyword_names_the_closest(obs: Any) -> None:
    with pytest.raises(TypeError, match="judge_id"):
        obs.judges.fetch(judgeid="x")


async def test_async_twins(aobs: Any, mistral_test_server: Any) -> None:
    judges = aobs.judges
    judge = await judges.create_async(
        name="async judge", description="d", model_name="m", output=YES_NO,
        instructions="i", tools=[],
    )  # fmt: skip
    assert (await judges.fetch_async(judge_id=judge.id)).name == "async judge"
    verdict = await judges.judge_conversation_async(
        judge_id=judge.id, messages=[AssistantMessage(content="one two three")]
    )
    assert verdict.answer == "no"
    await judges.update_async(
        judge_id=judge.id, name="async judge", description="d2", model_name="m",
        output=SCORE, instructions="i", tools=[],
    )  # fmt: skip
    assert (await judges.list_async()).judges.results[0].description == "d2"
    assert [j.id async for j in judges.iter_all_async(page_size=1)] == [judge.id]
    assert [len(p.judges.results) async for p in judges.list_pages_async()] == [1]
    await judges.delete_async(judge_id=judge.id)
    assert mistral_test_server.requests[-1].method == "DELETE"
    assert (await judges.list_async()).judges.count == 0
