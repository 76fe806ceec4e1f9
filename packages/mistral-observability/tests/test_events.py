"""client.beta.observability.chat_completion_events and its .fields over loopback.

The test server seeds six events (ids ending in 1 to 6): small, large, small, codestral,
small, large models.
"""

from __future__ import annotations

from typing import Any

import pytest

from mistralai import errors
from mistralai.observability.models import (
    ChatCompletionEvent,
    FilterCondition,
    FilterGroup,
    FilterPayload,
    ObservabilityError,
)

SMALL = "mistral-small-latest"
EVERY = {"filters": None}
YES_NO = {"type": "CLASSIFICATION", "options": [{"value": "yes", "description": "y"},
                                                {"value": "no", "description": "n"}]}  # fmt: skip
JUDGE = {"name": "on topic", "description": "d", "model_name": SMALL, "output": YES_NO,
         "instructions": "Does it answer?", "tools": []}  # fmt: skip


def event_id(n: int) -> str:
    return f"e0e0e0e0-0000-4000-8000-{n:012d}"


def test_search_sends_filters_and_returns_extra_fields(obs: Any, mistral_test_server: Any) -> None:
    search = FilterPayload(
        filters=FilterGroup(
            and_=[
                FilterCondition(field="model", op="eq", value=SMALL),
                FilterCondition(field="nb_input_tokens", op="gte", value=6),
            ]
        )
    )
    page = obs.chat_completion_events.search(search_params=search, extra_fields=["model", "tags"])
    assert [e.event_id for e in page.completion_events.results] == [event_id(1), event_id(3)]
    assert page.completion_events.results[0].extra_fields == {"model": SMALL, "tags": ["geo"]}
    assert page.completion_events.cursor is None
    sent = mistral_test_server.requests[-1]
    assert sent.path == "/v1/observability/chat-completion-events/search"
    assert sent.json() == {
        "search_params": {
            "filters": {
                "AND": [
                    {"field": "model", "op": "eq", "value": SMALL},
                    {"field": "nb_input_tokens", "op": "gte", "value": 6},
                ]
            }
        },
        "extra_fields": ["model", "tags"],
    }
    assert sent.query == {}


def test_or_groups_given_as_dicts(obs: Any) -> None:
    either = {"OR": [{"field": "tags", "op": "includes", "value": "legal"},
                     {"field": "model", "op": "eq", "value": "codestral-latest"}]}  # fmt: skip
    found = obs.chat_completion_events.search_ids(search_params={"filters": either})
    assert found.completion_event_ids == [event_id(4), event_id(6)]
    regex = {"filters": {"field": "correlation_id", "op": "matches", "value": "^corr-[12]$"}}
    found = obs.chat_completion_events.search_ids(search_params=regex)
    assert found.completion_event_ids == [event_id(1), event_id(2)]


def test_search_pages_follow_the_cursor(obs: Any, mistral_test_server: Any) -> None:
    events = obs.chat_completion_events
    pages = list(events.search_pages(search_params=EVERY, page_size=4))
    assert [len(p.completion_events.results) for p in pages] == [4, 2]
    first, second = mistral_test_server.requests[-2:]
    assert "cursor" not in first.query
    assert second.query == {"page_size": ["4"], "cursor": [pages[0].completion_events.cursor]}
    assert second.json() == {"search_params": {"filters": None}}
    mistral_test_server.requests.clear()
    ids = [e.event_id for e in events.iter_search(search_params=EVERY, page_size=5)]
    assert ids == [event_id(n) for n in range(1, 7)]
    assert len(mistral_test_server.requests) == 2


def test_fetch_similar_and_unknown_events(obs: Any) -> None:
    events = obs.chat_completion_events
    event = events.fetch(event_id=event_id(3))
    assert isinstance(event, ChatCompletionEvent)
    assert event.request_messages == [{"role": "user", "content": "How do I reset my password?"}]
    assert event.nb_messages == 2
    similar = events.fetch_similar_events(event_id=event_id(3))
    assert [e.event_id for e in similar.completion_events.results] == [event_id(1), event_id(5)]
    with pytest.raises(errors.NotFoundError) as missing:
        events.fetch(event_id="00000000-0000-0000-0000-00000000dead")
    assert ObservabilityError.model_validate_json(missing.value.body).detail.error_code == (
        "SEARCH_NOT_FOUND"
    )


def test_live_judging_of_an_event(obs: Any, mistral_test_server: Any) -> None:
    verdict = obs.chat_completion_events.judge(event_id=event_id(1), judge_definition=JUDGE)
    assert verdict.answer == "no"
    assert "2 messages (7 words)" in verdict.analysis
    sent = mistral_test_server.requests[-1]
    assert sent.path == f"/v1/observability/chat-completion-events/{event_id(1)}/live-judging"
    assert sent.json() == {"judge_definition": JUDGE}


def test_bad_filters_are_api_errors(obs: Any) -> None:
    events = obs.chat_completion_events
    with pytest.raises(errors.BadRequestError) as unknown:
        events.search(search_params={"filters": {"field": "mood", "op": "eq", "value": 1}})
    assert "mood" in unknown.value.message
    with pytest.raises(errors.BadRequestError) as unsupported:
        events.search(search_params={"filters": {"field": "model", "op": "gt", "value": 1}})
    detail = ObservabilityError.model_validate_json(unsupported.value.body).detail
    assert detail.error_code == "FIELDS_BAD_REQUEST"


def test_an_incomplete_condition_is_refused_before_sending(
    obs: Any, mistral_test_server: Any
) -> None:
    with pytest.raises(errors.RequestValidationError, match="search_params"):
        obs.chat_completion_events.search(search_params={"filters": {"field": "model"}})
    assert mistral_test_server.requests == []


def test_fields_options_and_counts(obs: Any, mistral_test_server: Any) -> None:
    fields = obs.chat_completion_events.fields
    listed = fields.list()
    assert [f.name for f in listed.field_definitions][:2] == ["model", "correlation_id"]
    assert {g.name for g in listed.field_groups} == {"general", "usage"}
    model = listed.field_definitions[0]
    assert (model.type, model.supported_operators) == ("ENUM", ["eq", "neq", "isnull"])
    options = fields.fetch_options(field_name="model", operator="eq")
    assert options.options == ["codestral-latest", "mistral-large-latest", SMALL]
    assert mistral_test_server.requests[-1].query == {"operator": ["eq"]}
    assert fields.fetch_options(field_name="correlation_id", operator="contains").options is None
    counts = fields.fetch_option_counts(field_name="model")
    assert mistral_test_server.requests[-1].json() == {}
    assert [(c.value, c.count) for c in counts.counts] == [
        (SMALL, 3),
        ("mistral-large-latest", 2),
        ("codestral-latest", 1),
    ]
    support = {"filters": {"field": "tags", "op": "includes", "value": "support"}}
    counts = fields.fetch_option_counts(field_name="tags", filter_params=support)
    assert {c.value: c.count for c in counts.counts} == {"support": 2, "thanks": 1}
    fields.fetch_option_counts(field_name="model", filter_params=None)
    assert mistral_test_server.requests[-1].json() == {"filter_params": None}
    with pytest.raises(errors.NotFoundError):
        fields.fetch_options(field_name="mood", operator="eq")


async def test_async_twins(aobs: Any, mistral_test_server: Any) -> None:
    events = aobs.chat_completion_events
    ids = [e.event_id async for e in events.iter_search_async(search_params=EVERY, page_size=2)]
    assert ids == [event_id(n) for n in range(1, 7)]
    assert mistral_test_server.requests[-1].query["cursor"] == ["4"]
    pages = [p async for p in events.search_pages_async(search_params=EVERY, page_size=6)]
    assert len(pages) == 1
    assert (await events.search_async(search_params=EVERY)).completion_events.cursor is None
    assert len((await events.search_ids_async(search_params=EVERY)).completion_event_ids) == 6
    assert (await events.fetch_async(event_id=event_id(2))).nb_output_tokens == 5
    similar = await events.fetch_similar_events_async(event_id=event_id(2))
    assert [e.event_id for e in similar.completion_events.results] == [event_id(6)]
    verdict = await events.judge_async(event_id=event_id(2), judge_definition=JUDGE)
    assert verdict.answer == "yes"
    fields = events.fields
    assert len((await fields.list_async()).field_definitions) == 6
    options = await fields.fetch_options_async(field_name="model", operator="neq")
    assert options.options is not None
    counts = await fields.fetch_option_counts_async(field_name="model", filter_params=EVERY)
    assert sum(c.count for c in counts.counts) == 6
