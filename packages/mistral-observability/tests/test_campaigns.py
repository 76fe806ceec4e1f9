"""client.beta.observability.campaigns over loopback: create, read, wait, page, delete.

The test server's campaigns are RUNNING on the first status read and COMPLETED on the next
(FAILED when the search selected no event).
"""

from __future__ import annotations

from typing import Any

import pytest

from mistralai import errors
from mistralai.observability.models import CampaignPreview, CampaignStatus, FilterPayload

SMALL = {"filters": {"field": "model", "op": "eq", "value": "mistral-small-latest"}}
NOTHING = {"filters": {"field": "model", "op": "eq", "value": "no-such-model"}}


def new_judge(obs: Any) -> str:
    judge = obs.judges.create(
        name="politeness", description="d", model_name="mistral-small-latest", tools=[],
        instructions="Rate.", output={"type": "REGRESSION", "min_description": "rude",
                                      "max_description": "polite"},
    )  # fmt: skip
    return str(judge.id)


def new_campaign(obs: Any, judge_id: str, name: str = "tone review", **changes: Any) -> Any:
    fields = {"search_params": SMALL, "judge_id": judge_id, "name": name,
              "description": "Politeness of small answers", "max_nb_events": 2}  # fmt: skip
    return obs.campaigns.create(**{**fields, **changes})


def test_create_fetch_and_selected_events(obs: Any, mistral_test_server: Any) -> None:
    judge_id = new_judge(obs)
    campaign = new_campaign(obs, judge_id)
    sent = mistral_test_server.requests[-1]
    assert (sent.method, sent.path) == ("POST", "/v1/observability/campaigns")
    assert sent.json() == {
        "search_params": SMALL,
        "judge_id": judge_id,
        "name": "tone review",
        "description": "Politeness of small answers",
        "max_nb_events": 2,
    }
    assert isinstance(campaign, CampaignPreview)
    assert campaign.judge is not None
    assert campaign.judge.id == judge_id
    assert isinstance(campaign.search_params, FilterPayload)
    assert obs.campaigns.fetch(campaign_id=campaign.id) == campaign
    selected = obs.campaigns.list_events(campaign_id=campaign.id).completion_events
    assert selected.count == 2
    assert [e.correlation_id for e in selected.results] == ["corr-1", "corr-3"]
    mistral_test_server.requests.clear()
    walked = [
        e.correlation_id for e in obs.campaigns.iter_events(campaign_id=campaign.id, page_size=1)
    ]
    assert walked == ["corr-1", "corr-3"]
    assert [r.query["page"] for r in mistral_test_server.requests] == [["1"], ["2"]]
    assert all(r.query["page_size"] == ["1"] for r in mistral_test_server.requests)
    pages = obs.campaigns.list_events_pages(campaign_id=campaign.id, page=2, page_size=1)
    assert [[e.correlation_id for e in p.completion_events.results] for p in pages] == [["corr-3"]]


def test_wait_polls_the_status_until_it_is_final(obs: Any, mistral_test_server: Any) -> None:
    campaign = new_campaign(obs, new_judge(obs))
    seen: list[str] = []
    done = obs.campaigns.wait(
        campaign_id=campaign.id, poll_interval=0.01, progress=lambda s: seen.append(s.status)
    )
    assert isinstance(done, CampaignStatus)
    assert done.done
    assert seen == ["RUNNING", "COMPLETED"]
    assert mistral_test_server.requests[-1].path.endswith(f"/campaigns/{campaign.id}/status")
    assert obs.campaigns.fetch_status(campaign_id=campaign.id).status == "COMPLETED"


def test_a_campaign_without_events_fails(obs: Any) -> None:
    campaign = new_campaign(obs, new_judge(obs), search_params=NOTHING)
    assert obs.campaigns.wait(campaign_id=campaign.id, poll_interval=0.01).status == "FAILED"
    assert obs.campaigns.list_events(campaign_id=campaign.id).completion_events.results == []


def test_wait_times_out_with_the_last_status(obs: Any) -> None:
    campaign = new_campaign(obs, new_judge(obs))
    with pytest.raises(errors.WaitTimeoutError) as info:
        obs.campaigns.wait(campaign_id=campaign.id, poll_interval=0.05, timeout=0.01)
    assert isinstance(info.value.last, CampaignStatus)
    assert info.value.last.status == "RUNNING"


def test_the_judge_of_a_campaign_cannot_change(obs: Any) -> None:
    judge_id = new_judge(obs)
    new_campaign(obs, judge_id)
    with pytest.raises(errors.ConflictError, match="campaign"):
        obs.judges.update(
            judge_id=judge_id, name="politeness", description="d", model_name="m", tools=[],
            instructions="Rate.", output={"type": "CLASSIFICATION", "options": []},
        )  # fmt: skip
    with pytest.raises(errors.NotFoundError):
        new_campaign(obs, "00000000-0000-0000-0000-00000000dead")


def test_list_search_pages_and_delete(obs: Any, mistral_test_server: Any) -> None:
    judge_id = new_judge(obs)
    ids = [new_campaign(obs, judge_id, f"campaign {i}").id for i in range(3)]
    listed = obs.campaigns.list(q="campaign 1", page_size=10)
    assert [c.id for c in listed.campaigns.results] == [ids[1]]
    assert mistral_test_server.requests[-1].query == {"q": ["campaign 1"], "page_size": ["10"]}
    assert [c.id for c in obs.campaigns.iter_all(page_size=1)] == ids
    assert [r.query["page"] for r in mistral_test_server.requests[-3:]] == [["1"], ["2"], ["3"]]
    pages = list(obs.campaigns.list_pages(page_size=2))
    assert [p.campaigns.next is None for p in pages] == [False, True]
    assert obs.campaigns.delete(campaign_id=ids[0]) is None
    assert mistral_test_server.requests[-1].method == "DELETE"
    with pytest.raises(errors.NotFoundError):
        obs.campaigns.fetch(campaign_id=ids[0])


async def test_async_twins(aobs: Any) -> None:
    judge = await aobs.judges.create_async(
        name="async judge", description="d", model_name="m", tools=[], instructions="i",
        output={"type": "REGRESSION", "min_description": "0", "max_description": "1"},
    )  # fmt: skip
    campaigns = aobs.campaigns
    campaign = await campaigns.create_async(
        search_params={"filters": None}, judge_id=judge.id, name="async campaign",
        description="d", max_nb_events=10,
    )  # fmt: skip
    assert (await campaigns.fetch_async(campaign_id=campaign.id)).max_nb_events == 10
    seen: list[str] = []
    status = await campaigns.wait_async(
        campaign_id=campaign.id, poll_interval=0.01, progress=lambda s: seen.append(s.status)
    )
    assert (status.status, seen) == ("COMPLETED", ["RUNNING", "COMPLETED"])
    assert (await campaigns.fetch_status_async(campaign_id=campaign.id)).done
    selected = await campaigns.list_events_async(campaign_id=campaign.id)
    assert selected.completion_events.count == 6
    walked = [e async for e in campaigns.iter_events_async(campaign_id=campaign.id, page_size=4)]
    assert len(walked) == 6
    pages = campaigns.list_events_pages_async(campaign_id=campaign.id, page_size=4)
    assert [len(p.completion_events.results) async for p in pages] == [4, 2]
    assert (await campaigns.list_async()).campaigns.count == 1
    assert [c.id async for c in campaigns.iter_all_async()] == [campaign.id]
    assert [p.campaigns.count async for p in campaigns.list_pages_async(page=1)] == [1]
    await campaigns.delete_async(campaign_id=campaign.id)
    assert (await campaigns.list_async()).campaigns.results == []
