"""The observability models: filters on the wire, tolerant answers, final states."""

from __future__ import annotations

from typing import Any

from mistralai.models import UserMessage
from mistralai.observability.models import (
    TERMINAL_TASK_STATUSES,
    CampaignPreview,
    CampaignStatus,
    ConversationPayload,
    DatasetImportTask,
    DatasetRecord,
    FilterCondition,
    FilterGroup,
    FilterPayload,
    JudgeClassificationOutput,
    JudgeConversationRequest,
    JudgePreview,
    JudgeRegressionOutput,
    ObservabilityError,
)
from mistralai.types import UnknownVariant


def test_nested_filters_parse_into_groups_and_conditions() -> None:
    wire: dict[str, Any] = {
        "filters": {
            "AND": [
                {"field": "model", "op": "eq", "value": "m"},
                {"OR": [{"field": "tags", "op": "includes", "value": "a"}, {"AND": None}]},
            ]
        }
    }
    payload = FilterPayload.model_validate(wire)
    assert isinstance(payload.filters, FilterGroup)
    condition, group = payload.filters.and_ or []
    assert isinstance(condition, FilterCondition)
    assert isinstance(group, FilterGroup)
    assert isinstance((group.or_ or [])[1], FilterGroup)
    assert payload.to_wire() == wire


def test_filters_built_in_python_use_the_wire_names() -> None:
    payload = FilterPayload(
        filters=FilterGroup(or_=[FilterCondition(field="nb_input_tokens", op="gt", value=3)])
    )
    assert payload.to_wire() == {
        "filters": {"OR": [{"field": "nb_input_tokens", "op": "gt", "value": 3}]}
    }
    assert FilterPayload(filters=None).to_wire() == {"filters": None}


def test_an_operator_the_sdk_does_not_know_is_kept() -> None:
    campaign = CampaignPreview.model_validate(
        {"id": "c1", "search_params": {"filters": {"field": "x", "op": "similar_to", "value": 1}}}
    )
    assert campaign.search_params is not None
    assert isinstance(campaign.search_params.filters, FilterCondition)
    assert campaign.search_params.filters.op == "similar_to"


def test_an_unknown_judge_output_kind_is_kept() -> None:
    judge = JudgePreview.model_validate_json(
        b'{"id": "j1", "output": {"type": "RANKING", "levels": 5}, "rubric": "new field"}'
    )
    assert isinstance(judge.output, UnknownVariant)
    assert judge.output.tag == "RANKING"
    assert judge.model_extra == {"rubric": "new field"}
    known = JudgePreview.model_validate(
        {"id": "j2", "output": {"type": "CLASSIFICATION", "options": []}}
    )
    assert isinstance(known.output, JudgeClassificationOutput)


def test_answers_missing_fields_still_parse() -> None:
    record = DatasetRecord.model_validate_json(b'{"id": "r1"}')
    assert (record.properties, record.payload, record.source) == ({}, None, None)
    task = DatasetImportTask.model_validate_json(b'{"id": "t1"}')
    assert (task.status, task.done) == ("UNKNOWN", False)


def test_final_states() -> None:
    assert {"COMPLETED", "FAILED", "CANCELED", "TERMINATED", "TIMED_OUT"} == TERMINAL_TASK_STATUSES
    assert CampaignStatus(status="COMPLETED").done
    assert not CampaignStatus(status="RUNNING").done
    assert not CampaignStatus(status="CONTINUED_AS_NEW").done
    assert DatasetImportTask(id="t", status="TIMED_OUT").done


def test_regression_bounds_are_sent_only_when_given() -> None:
    default = JudgeRegressionOutput(min_description="low", max_description="high")
    assert default.to_wire() == {
        "min_description": "low",
        "max_description": "high",
        "type": "REGRESSION",
    }
    assert (default.min, default.max) == (0, 1)
    assert (
        JudgeRegressionOutput(min_description="a", max_description="b", max=5).to_wire()["max"] == 5
    )


def test_message_models_become_wire_dicts() -> None:
    payload = ConversationPayload(messages=[UserMessage(content="hi"), {"role": "assistant"}])  # type: ignore[list-item]
    assert payload.messages == [{"content": "hi", "role": "user"}, {"role": "assistant"}]
    request = JudgeConversationRequest(messages=[UserMessage(content="x")])  # type: ignore[list-item]
    assert request.to_wire() == {"messages": [{"content": "x", "role": "user"}]}


def test_error_bodies_parse() -> None:
    body = b'{"detail": {"message": "no such dataset", "error_code": "DATASET_NOT_FOUND"}}'
    detail = ObservabilityError.model_validate_json(body).detail
    assert (detail.message, detail.error_code) == ("no such dataset", "DATASET_NOT_FOUND")
