"""``client.beta.observability.campaigns``: run a judge over the events a search selects."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from typing_extensions import Unpack

from mistralai.observability.models import (
    CampaignPreview,
    CampaignPreviews,
    CampaignSelectedEvents,
    CampaignStatus,
    ChatCompletionEventPreview,
    FilterPayload,
    PostCampaignInSchema,
)
from mistralai.types import UNSET, UnsetType
from mistralai.utils import (
    Call,
    CallOptions,
    NumberedPages,
    Operation,
    Resource,
    async_items,
    async_operation,
    async_pages,
    poll,
    poll_async,
    request_body,
    sync_items,
    sync_operation,
    sync_pages,
)

_BASE = "/v1/observability/campaigns"
_ONE = _BASE + "/{campaign_id}"
CREATE: Operation[CampaignPreview] = Operation(
    "create_campaign_v1_observability_campaigns_post", "POST", _BASE, CampaignPreview
)
LIST: Operation[CampaignPreviews] = Operation(
    "get_campaigns_v1_observability_campaigns_get", "GET", _BASE, CampaignPreviews
)
FETCH: Operation[CampaignPreview] = Operation(
    "get_campaign_by_id_v1_observability_campaigns__campaign_id__get", "GET", _ONE, CampaignPreview
)
DELETE: Operation[None] = Operation(
    "delete_campaign_v1_observability_campaigns__campaign_id__delete", "DELETE", _ONE
)
FETCH_STATUS: Operation[CampaignStatus] = Operation(
    "get_campaign_status_by_id_v1_observability_campaigns__campaign_id__status_get",
    "GET",
    _ONE + "/status",
    CampaignStatus,
)
LIST_EVENTS: Operation[CampaignSelectedEvents] = Operation(
    "get_campaign_selected_events_v1_observability_campaigns__campaign_id__selected_events_get",
    "GET",
    _ONE + "/selected-events",
    CampaignSelectedEvents,
)


def _campaign(campaign_id: str) -> dict[str, str]:
    return {"campaign_id": campaign_id}


PAGES = NumberedPages[CampaignPreviews, CampaignPreview](
    lambda page: page.campaigns.results,
    first=1,
    default_size=50,
    has_more=lambda page: page.campaigns.next is not None,
    total=lambda page: page.campaigns.count,
)
"""How ``GET /v1/observability/campaigns`` pages:
``page`` from 1, 50 a page, until a page names no ``next``."""
EVENT_PAGES = NumberedPages[CampaignSelectedEvents, ChatCompletionEventPreview](
    lambda page: page.completion_events.results,
    first=1,
    default_size=50,
    has_more=lambda page: page.completion_events.next is not None,
    total=lambda page: page.completion_events.count,
)
"""How ``GET /v1/observability/campaigns/{campaign_id}/selected-events`` pages:
``page`` from 1, 50 a page, until a page names no ``next``."""


class Campaigns(Resource):
    """Campaigns (``client.beta.observability.campaigns``): a saved judge run over up to
    ``max_nb_events`` chat completion events matching a search, in the background.

    >>> campaigns = client.beta.observability.campaigns
    >>> small = {"filters": {"field": "model", "op": "eq", "value": "mistral-small-latest"}}
    >>> campaign = campaigns.create(search_params=small, judge_id=judge.id,
    ...     name="tone review", description="Is the tone polite?", max_nb_events=100)
    >>> campaigns.wait(campaign_id=campaign.id).status
    'COMPLETED'
    """

    def _create(
        self,
        *,
        search_params: FilterPayload | Mapping[str, Any],
        judge_id: str,
        name: str,
        description: str,
        max_nb_events: int,
        **options: Unpack[CallOptions],
    ) -> Call:
        """Create a campaign and start it.

        :param search_params: the events to judge (``{"filters": None}`` for every event).
        :param judge_id: the saved judge to run.
        :param name: 5 to 50 characters.
        :param max_nb_events: judge at most this many events (1 to 10,000).

        >>> campaigns.create(search_params={"filters": None}, judge_id=judge.id,
        ...                  name="weekly review", description="All events", max_nb_events=500)
        """
        return Call(body=request_body(PostCampaignInSchema, locals()), options=options)

    def _list(
        self,
        *,
        page_size: int | UnsetType = UNSET,
        page: int | UnsetType = UNSET,
        q: str | None = None,
        **options: Unpack[CallOptions],
    ) -> Call:
        """One page of campaigns (``page`` counts from 1; ``page_size`` up to 100, 50 by
        default); ``q`` searches them. :meth:`iter_all` walks every page.

        >>> client.beta.observability.campaigns.list(q="tone").campaigns.results
        """
        query = {"page_size": page_size, "page": page, "q": q}
        return Call(query=query, options=options)

    def _fetch(self, *, campaign_id: str, **options: Unpack[CallOptions]) -> Call:
        """A campaign, with its search and its judge.

        >>> campaigns.fetch(campaign_id=campaign.id).judge.name
        """
        return Call(path_params=_campaign(campaign_id), options=options)

    def _delete(self, *, campaign_id: str, **options: Unpack[CallOptions]) -> Call:
        """Delete a campaign.

        >>> campaigns.delete(campaign_id=campaign.id)
        """
        return Call(path_params=_campaign(campaign_id), options=options)

    def _fetch_status(self, *, campaign_id: str, **options: Unpack[CallOptions]) -> Call:
        """Where a campaign is: ``RUNNING``, ``COMPLETED``, ``FAILED``... (see :meth:`wait`).

        >>> campaigns.fetch_status(campaign_id=campaign.id).status
        'RUNNING'
        """
        return Call(path_params=_campaign(campaign_id), options=options)

    def _list_events(
        self,
        *,
        campaign_id: str,
        page_size: int | UnsetType = UNSET,
        page: int | UnsetType = UNSET,
        **options: Unpack[CallOptions],
    ) -> Call:
        """One page of the chat completion events a campaign selected (``page`` counts from
        1; ``page_size`` up to 100, 50 by default). :meth:`iter_events` walks every page.

        >>> ids = [e.event_id for e in campaigns.list_events(campaign_id=c.id).completion_events.results]
        """
        query = {"page_size": page_size, "page": page}
        return Call(path_params=_campaign(campaign_id), query=query, options=options)

    create = sync_operation(CREATE, _create)
    create_async = async_operation(CREATE, _create)
    list = sync_operation(LIST, _list)
    list_async = async_operation(LIST, _list)
    list_pages = sync_pages(
        list,
        PAGES,
        example="""
        >>> [page.campaigns.count for page in campaigns.list_pages(page_size=100)]
        """,
    )
    list_pages_async = async_pages(
        list_async,
        PAGES,
        example="""
        >>> async for page in campaigns.list_pages_async(page_size=100):
        ...     print(page.campaigns.count)
        """,
    )
    iter_all = sync_items(
        list,
        PAGES,
        example="""
        >>> names = [c.name for c in client.beta.observability.campaigns.iter_all(q="tone")]
        """,
    )
    iter_all_async = async_items(
        list_async,
        PAGES,
        example="""
        >>> names = [c.name async for c in campaigns.iter_all_async(q="tone")]
        """,
    )
    fetch = sync_operation(FETCH, _fetch)
    fetch_async = async_operation(FETCH, _fetch)
    delete = sync_operation(DELETE, _delete)
    delete_async = async_operation(DELETE, _delete)
    fetch_status = sync_operation(FETCH_STATUS, _fetch_status)
    fetch_status_async = async_operation(FETCH_STATUS, _fetch_status)
    list_events = sync_operation(LIST_EVENTS, _list_events)
    list_events_async = async_operation(LIST_EVENTS, _list_events)
    list_events_pages = sync_pages(
        list_events,
        EVENT_PAGES,
        example="""
        >>> [len(p.completion_events.results) for p in campaigns.list_events_pages(campaign_id=c.id)]
        """,
    )
    list_events_pages_async = async_pages(
        list_events_async,
        EVENT_PAGES,
        example="""
        >>> pages = [p async for p in campaigns.list_events_pages_async(campaign_id=c.id, page_size=10)]
        """,
    )
    iter_events = sync_items(
        list_events,
        EVENT_PAGES,
        example="""
        >>> ids = [e.event_id for e in campaigns.iter_events(campaign_id=c.id)]
        """,
    )
    iter_events_async = async_items(
        list_events_async,
        EVENT_PAGES,
        example="""
        >>> ids = [e.event_id async for e in campaigns.iter_events_async(campaign_id=c.id)]
        """,
    )

    def wait(
        self,
        *,
        campaign_id: str,
        poll_interval: float = 2.0,
        max_interval: float = 30.0,
        timeout: float | None = 3600.0,
        progress: Callable[[CampaignStatus], None] | None = None,
    ) -> CampaignStatus:
        """Poll a campaign's status, with backoff, until it completes, fails, is cancelled
        or times out (:data:`~mistralai.observability.models.TERMINAL_TASK_STATUSES`).

        Raises :class:`mistralai.errors.WaitTimeoutError` (holding the last status seen)
        after ``timeout`` seconds.

        >>> client.beta.observability.campaigns.wait(campaign_id=c.id, progress=print)
        """
        return poll(
            lambda: self.fetch_status(campaign_id=campaign_id),
            lambda status: status.done,
            poll_interval=poll_interval,
            max_interval=max_interval,
            timeout=timeout,
            progress=progress,
        )

    async def wait_async(
        self,
        *,
        campaign_id: str,
        poll_interval: float = 2.0,
        max_interval: float = 30.0,
        timeout: float | None = 3600.0,
        progress: Callable[[CampaignStatus], None] | None = None,
    ) -> CampaignStatus:
        """The async twin of :meth:`wait`.

        >>> done = await campaigns.wait_async(campaign_id=campaign.id)
        >>> done.status
        'COMPLETED'
        """
        return await poll_async(
            lambda: self.fetch_status_async(campaign_id=campaign_id),
            lambda status: status.done,
            poll_interval=poll_interval,
            max_interval=max_interval,
            timeout=timeout,
            progress=progress,
        )
