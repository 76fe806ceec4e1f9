"""``client.beta.observability`` (events and fields, judges, campaigns, datasets and records)
against the spec."""

from __future__ import annotations

import pytest

pytest.importorskip("mistralai.observability", reason="mistral-observability is not installed")

from contract_calls import ContractClient

from mistralai.models import UserMessage
from mistralai.observability.models import (
    CampaignPreview,
    CampaignPreviews,
    CampaignSelectedEvents,
    CampaignStatus,
    ChatCompletionEvent,
    ChatCompletionEventIds,
    ChatCompletionEvents,
    ChatCompletionFieldOptions,
    ChatCompletionFields,
    Dataset,
    DatasetExport,
    DatasetImportTask,
    DatasetImportTasks,
    DatasetPreview,
    DatasetPreviews,
    DatasetRecord,
    DatasetRecords,
    FieldOptionCounts,
    FilterCondition,
    FilterGroup,
    FilterPayload,
    JudgeClassificationOutput,
    JudgeClassificationOutputOption,
    JudgeOutput,
    JudgePreview,
    JudgePreviews,
    JudgeRegressionOutput,
)

EVENT = "5b0c9a52-7f0e-4d6b-8a51-0f3c1d2e4a01"
JUDGE = "7c2d1e40-3a9b-4f5e-9c61-1a2b3c4d5e02"
CAMPAIGN = "9e4f3a20-1b2c-4d3e-8f40-2b3c4d5e6f03"
DATASET = "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c04"
RECORD = "2b3c4d5e-6f7a-4b8c-9d0e-1f2a3b4c5d05"
TASK = "3c4d5e6f-7a8b-4c9d-8e1f-2a3b4c5d6e06"
SEARCH = FilterPayload(
    filters=FilterGroup(
        and_=[
            FilterCondition(field="model", op="eq", value="mistral-small-latest"),
            FilterGroup(or_=[FilterCondition(field="nb_input_tokens", op="gt", value=10)]),
        ]
    )
)
CLASSES = JudgeClassificationOutput(
    options=[JudgeClassificationOutputOption(value="yes", description="it is polite")]
)
JUDGE_DEFINITION = {
    "name": "politeness",
    "description": "Is the answer polite?",
    "model_name": "mistral-small-latest",
    "output": JudgeRegressionOutput(min_description="rude", max_description="polite", max=10),
    "instructions": "Rate the politeness of the answer.",
    "tools": [],
}


def test_events(contract: ContractClient) -> None:
    events = contract.client.beta.observability.chat_completion_events
    page = contract.check(
        events.search, search_params=SEARCH, extra_fields=["model"], page_size=10, cursor="abc"
    )
    assert isinstance(page, ChatCompletionEvents)
    assert isinstance(contract.check(events.search, search_params={"filters": None}), type(page))
    ids = contract.check(events.search_ids, search_params=SEARCH, extra_fields=None)
    assert isinstance(ids, ChatCompletionEventIds)
    assert isinstance(contract.check(events.fetch, event_id=EVENT), ChatCompletionEvent)
    similar = contract.check(events.fetch_similar_events, event_id=EVENT)
    assert isinstance(similar, ChatCompletionEvents)
    verdict = contract.check(events.judge, event_id=EVENT, judge_definition=JUDGE_DEFINITION)
    assert isinstance(verdict, JudgeOutput)


def test_fields(contract: ContractClient) -> None:
    fields = contract.client.beta.observability.chat_completion_events.fields
    assert isinstance(contract.check(fields.list), ChatCompletionFields)
    options = contract.check(fields.fetch_options, field_name="model", operator="eq")
    assert isinstance(options, ChatCompletionFieldOptions)
    counts = contract.check(fields.fetch_option_counts, field_name="model", filter_params=SEARCH)
    assert isinstance(counts, FieldOptionCounts)
    contract.check(fields.fetch_option_counts, field_name="model")
    contract.check(fields.fetch_option_counts, field_name="model", filter_params=None)


def test_judges(contract: ContractClient) -> None:
    judges = contract.client.beta.observability.judges
    assert isinstance(contract.check(judges.create, **JUDGE_DEFINITION), JudgePreview)
    # Two values each: Prism reads a lone repeated query value as a string, not as the
    # one-item array of these anyOf [array, null] parameters.
    listed = contract.check(
        judges.list,
        type_filter=["REGRESSION", "CLASSIFICATION"],
        model_filter=["mistral-small-latest", "mistral-large-latest"],
        page_size=20,
        page=2,
        q="polite",
    )
    assert isinstance(listed, JudgePreviews)
    assert isinstance(contract.check(judges.fetch, judge_id=JUDGE), JudgePreview)
    update = {**JUDGE_DEFINITION, "output": CLASSES}
    assert contract.check(judges.update, judge_id=JUDGE, **update) is None
    verdict = contract.check(
        judges.judge_conversation,
        judge_id=JUDGE,
        messages=[UserMessage(content="Thanks!"), {"role": "assistant", "content": "Welcome."}],
        properties={"channel": "chat"},
    )
    assert isinstance(verdict, JudgeOutput)
    assert contract.check(judges.delete, judge_id=JUDGE) is None


def test_campaigns(contract: ContractClient) -> None:
    campaigns = contract.client.beta.observability.campaigns
    created = contract.check(
        campaigns.create,
        search_params=SEARCH,
        judge_id=JUDGE,
        name="tone review",
        description="Politeness of small-model answers",
        max_nb_events=100,
    )
    assert isinstance(created, CampaignPreview)
    listed = contract.check(campaigns.list, page_size=10, page=1, q="tone")
    assert isinstance(listed, CampaignPreviews)
    assert isinstance(contract.check(campaigns.fetch, campaign_id=CAMPAIGN), CampaignPreview)
    assert isinstance(contract.check(campaigns.fetch_status, campaign_id=CAMPAIGN), CampaignStatus)
    selected = contract.check(campaigns.list_events, campaign_id=CAMPAIGN, page_size=10, page=2)
    assert isinstance(selected, CampaignSelectedEvents)
    assert contract.check(campaigns.delete, campaign_id=CAMPAIGN) is None


def test_datasets(contract: ContractClient) -> None:
    datasets = contract.client.beta.observability.datasets
    created = contract.check(datasets.create, name="support chats", description="Hard cases")
    assert isinstance(created, Dataset)
    listed = contract.check(datasets.list, page_size=5, page=1, q="support")
    assert isinstance(listed, DatasetPreviews)
    assert isinstance(contract.check(datasets.fetch, dataset_id=DATASET), DatasetPreview)
    renamed = contract.check(datasets.update, dataset_id=DATASET, name="renamed", description=None)
    assert isinstance(renamed, DatasetPreview)
    assert contract.check(datasets.delete, dataset_id=DATASET) is None


def test_dataset_records_and_tasks(contract: ContractClient) -> None:
    datasets = contract.client.beta.observability.datasets
    records = contract.check(datasets.list_records, dataset_id=DATASET, page_size=10, page=1)
    assert isinstance(records, DatasetRecords)
    record = contract.check(
        datasets.create_record,
        dataset_id=DATASET,
        payload={"messages": [UserMessage(content="Why was I charged twice?")]},
        properties={"topic": "billing"},
    )
    assert isinstance(record, DatasetRecord)
    tasks = contract.check(datasets.list_tasks, dataset_id=DATASET, page_size=10, page=1)
    assert isinstance(tasks, DatasetImportTasks)
    task = contract.check(datasets.fetch_task, dataset_id=DATASET, task_id=TASK)
    assert isinstance(task, DatasetImportTask)
    assert isinstance(contract.check(datasets.export_to_jsonl, dataset_id=DATASET), DatasetExport)


def test_dataset_imports(contract: ContractClient) -> None:
    datasets = contract.client.beta.observability.datasets
    started = [
        contract.check(datasets.import_from_campaign, dataset_id=DATASET, campaign_id=CAMPAIGN),
        contract.check(datasets.import_from_explorer, dataset_id=DATASET, completion_event_ids=[EVENT]),
        contract.check(datasets.import_from_file, dataset_id=DATASET, file_id="file-abc"),
        contract.check(datasets.import_from_playground, dataset_id=DATASET, conversation_ids=["conv_1"]),
        contract.check(
            datasets.import_from_dataset_records, dataset_id=DATASET, dataset_record_ids=[RECORD]
        ),
    ]  # fmt: skip
    assert all(isinstance(task, DatasetImportTask) for task in started)


def test_records(contract: ContractClient) -> None:
    records = contract.client.beta.observability.datasets.records
    assert isinstance(contract.check(records.fetch, dataset_record_id=RECORD), DatasetRecord)
    verdict = contract.check(
        records.judge,
        dataset_record_id=RECORD,
        judge_definition={**JUDGE_DEFINITION, "output": CLASSES},
    )
    assert isinstance(verdict, JudgeOutput)
    payload = {"messages": [{"role": "user", "content": "Hello"}], "channel": "email"}
    assert contract.check(records.update_payload, dataset_record_id=RECORD, payload=payload) is None
    properties = {"reviewed": True}
    assert (
        contract.check(records.update_properties, dataset_record_id=RECORD, properties=properties)
        is None
    )
    assert contract.check(records.bulk_delete, dataset_record_ids=[RECORD]) is None
    assert contract.check(records.delete, dataset_record_id=RECORD) is None
