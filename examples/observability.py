"""Observability: search recorded chat completions, judge them with a campaign, and keep the
judged conversations in a dataset."""

from _env import MODEL, client

from mistralai.models import UserMessage
from mistralai.observability.models import FilterCondition, FilterPayload, JudgeRegressionOutput

with client() as mistral:
    obs = mistral.beta.observability
    recent = FilterPayload(
        filters=FilterCondition(field="created_at", op="gte", value="2026-01-01")
    )
    events = list(obs.chat_completion_events.iter_search(search_params=recent, page_size=50))
    print(f"{len(events)} chat completions since 2026")

    judge = obs.judges.create(
        name="sdk-example-politeness",
        description="How polite the answer is",
        model_name=MODEL,
        instructions="Rate how polite the assistant's answer is.",
        tools=[],
        output=JudgeRegressionOutput(min_description="rude", max_description="polite"),
    )
    dataset = obs.datasets.create(name="sdk-example-judged", description="Judged answers")
    try:
        verdict = obs.judges.judge_conversation(
            judge_id=judge.id,
            messages=[UserMessage(content="Thanks!"), {"role": "assistant", "content": "Anytime."}],
        )
        print(f"a polite answer scores {verdict.answer}: {verdict.analysis}")
        if events:
            campaign = obs.campaigns.create(
                search_params=recent,
                judge_id=judge.id,
                name="sdk-example-campaign",
                description="Politeness of recent answers",
                max_nb_events=10,
            )
            status = obs.campaigns.wait(campaign_id=campaign.id, poll_interval=0.5)
            print(f"campaign {status.status}")
            task = obs.datasets.import_from_campaign(dataset_id=dataset.id, campaign_id=campaign.id)
            task = obs.datasets.wait_task(dataset_id=dataset.id, task_id=task.id, poll_interval=0.5)
            print(f"import {task.status}: {task.message}")
            obs.campaigns.delete(campaign_id=campaign.id)
        records = list(obs.datasets.iter_records(dataset_id=dataset.id))
        print(f"the dataset holds {len(records)} conversations")
    finally:
        obs.datasets.delete(dataset_id=dataset.id)
        obs.judges.delete(judge_id=judge.id)
        print("deleted the example's judge and dataset")
