"""``client.beta.observability.chat_completion_events`` (and its ``.fields``): the chat
completions the platform recorded, searched by their fields and judged live."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from typing_extensions import Unpack

from mistralai.observability.models import (
    ChatCompletionEvent,
    ChatCompletionEventIds,
    ChatCompletionEventPreview,
    ChatCompletionEvents,
    ChatCompletionFieldOptions,
    ChatCompletionFields,
    FieldOptionCounts,
    FieldOptionCountsInSchema,
    FilterOperator,
    FilterPayload,
    GetChatCompletionEventIdsInSchema,
    GetChatCompletionEventsInSchema,
    JudgeOutput,
    PostChatCompletionEventJudgingInSchema,
    PostJudgeInSchema,
)
from mistralai.types import UNSET, OptionalNullable, UnsetType
from mistralai.utils import (
    Call,
    CallOptions,
    CursorPages,
    Operation,
    Resource,
    async_items,
    async_operation,
    async_pages,
    request_body,
    sync_items,
    sync_operation,
    sync_pages,
)

if TYPE_CHECKING:
    from mistralai._runtime import ClientRuntime

_EVENTS = "/v1/observability/chat-completion-events"
_EVENT = _EVENTS + "/{event_id}"
_FIELDS = "/v1/observability/chat-completion-fields"
_FIELD = _FIELDS + "/{field_name}"
SEARCH: Operation[ChatCompletionEvents] = Operation(
    "get_chat_completion_events_v1_observability_chat_completion_events_search_post",
    "POST",
    _EVENTS + "/search",
    ChatCompletionEvents,
    idempotent=True,
)
SEARCH_IDS: Operation[ChatCompletionEventIds] = Operation(
    "get_chat_completion_event_ids_v1_observability_chat_completion_events_search_ids_post",
    "POST",
    _EVENTS + "/search-ids",
    ChatCompletionEventIds,
    idempotent=True,
)
FETCH: Operation[ChatCompletionEvent] = Operation(
    "get_chat_completion_event_v1_observability_chat_completion_events__event_id__get",
    "GET",
    _EVENT,
    ChatCompletionEvent,
)
FETCH_SIMILAR: Operation[ChatCompletionEvents] = Operation(
    "get_similar_chat_completion_events_v1_observability_chat_completion_events__event_id__similar_events_get",
    "GET",
    _EVENT + "/similar-events",
    ChatCompletionEvents,
)
JUDGE: Operation[JudgeOutput] = Operation(
    "judge_chat_completion_event_v1_observability_chat_completion_events__event_id__live_judging_post",
    "POST",
    _EVENT + "/live-judging",
    JudgeOutput,
)
FIELDS_LIST: Operation[ChatCompletionFields] = Operation(
    "get_chat_completion_fields_v1_observability_chat_completion_fields_get",
    "GET",
    _FIELDS,
    ChatCompletionFields,
)
FIELD_OPTIONS: Operation[ChatCompletionFieldOptions] = Operation(
    "get_chat_completion_field_options_v1_observability_chat_completion_fields__field_name__options_get",
    "GET",
    _FIELD + "/options",
    ChatCompletionFieldOptions,
)
FIELD_OPTION_COUNTS: Operation[FieldOptionCounts] = Operation(
    "get_chat_completion_field_options_counts_v1_observability_chat_completion_fields__field_name__options_counts_post",
    "POST",
    _FIELD + "/options-counts",
    FieldOptionCounts,
    idempotent=True,
)


def _event(event_id: str) -> dict[str, str]:
    return {"event_id": event_id}


def _field(field_name: str) -> dict[str, str]:
    return {"field_name": field_name}


SEARCH_PAGES = CursorPages[ChatCompletionEvents, ChatCompletionEventPreview](
    lambda page: page.completion_events.results, lambda page: page.completion_events.cursor
)
"""How ``POST /v1/observability/chat-completion-events/search`` pages: each page's
``completion_events.cursor`` is sent back as ``cursor``."""


class Fields(Resource):
    """The fields events can be searched on
    (``client.beta.observability.chat_completion_events.fields``).

    >>> fields = client.beta.observability.chat_completion_events.fields
    >>> [(f.name, f.supported_operators) for f in fields.list().field_definitions]
    """

    def _list(self, **options: Unpack[CallOptions]) -> Call:
        """Every searchable field, its type and operators, and the groups they belong to.

        >>> [f.name for f in fields.list().field_definitions]
        """
        return Call(options=options)

    def _fetch_options(
        self, *, field_name: str, operator: FilterOperator, **options: Unpack[CallOptions]
    ) -> Call:
        """The values a field can take for ``operator``.

        >>> client.beta.observability.chat_completion_events.fields.fetch_options(
        ...     field_name="model", operator="eq").options
        """
        query = {"operator": operator}
        return Call(path_params=_field(field_name), query=query, options=options)

    def _fetch_option_counts(
        self,
        *,
        field_name: str,
        filter_params: OptionalNullable[FilterPayload | Mapping[str, Any]] = UNSET,
        **options: Unpack[CallOptions],
    ) -> Call:
        """How many events have each value of a field, among those ``filter_params`` selects
        (every event when left out).

        >>> fields.fetch_option_counts(field_name="model").counts
        [FieldOptionCountItem(value='mistral-small-latest', count=3), ...]
        """
        body = request_body(FieldOptionCountsInSchema, locals())
        return Call(path_params=_field(field_name), body=body, options=options)

    list = sync_operation(FIELDS_LIST, _list)
    list_async = async_operation(FIELDS_LIST, _list)
    fetch_options = sync_operation(FIELD_OPTIONS, _fetch_options)
    fetch_options_async = async_operation(FIELD_OPTIONS, _fetch_options)
    fetch_option_counts = sync_operation(FIELD_OPTION_COUNTS, _fetch_option_counts)
    fetch_option_counts_async = async_operation(FIELD_OPTION_COUNTS, _fetch_option_counts)


class ChatEvents(Resource):
    """Recorded chat completions (``client.beta.observability.chat_completion_events``),
    with ``.fields`` to learn what they can be searched on.

    >>> from mistralai.observability.models import FilterCondition, FilterPayload
    >>> events = client.beta.observability.chat_completion_events
    >>> page = events.search(search_params=FilterPayload(
    ...     filters=FilterCondition(field="model", op="eq", value="mistral-small-latest")))
    >>> for event in events.iter_search(search_params={"filters": None}):
    ...     print(event.event_id, event.nb_output_tokens)
    """

    __slots__ = ("fields",)

    def __init__(self, runtime: ClientRuntime) -> None:
        super().__init__(runtime)
        self.fields = Fields(runtime)

    def _search(
        self,
        *,
        search_params: FilterPayload | Mapping[str, Any],
        extra_fields: OptionalNullable[Sequence[str]] = UNSET,
        page_size: int | UnsetType = UNSET,
        cursor: str | None = None,
        **options: Unpack[CallOptions],
    ) -> Call:
        """One page of the events matching ``search_params``.

        :param search_params: ``{"filters": ...}``: a condition, a group of them, or None.
        :param extra_fields: names of further fields to return in each event's ``extra_fields``.
        :param page_size: events per page (up to 100, 50 by default).
        :param cursor: the ``cursor`` of the previous page; leave it out for the first.

        :meth:`iter_search` walks every page.

        >>> page = events.search(search_params={"filters": None}, extra_fields=["model"])
        >>> page = events.search(search_params={"filters": None},
        ...                      cursor=page.completion_events.cursor)
        """
        body = request_body(GetChatCompletionEventsInSchema, locals())
        query = {"page_size": page_size, "cursor": cursor}
        return Call(query=query, body=body, options=options)

    def _search_ids(
        self,
        *,
        search_params: FilterPayload | Mapping[str, Any],
        extra_fields: OptionalNullable[Sequence[str]] = UNSET,
        **options: Unpack[CallOptions],
    ) -> Call:
        """The ids of every event matching ``search_params``, in one answer.

        >>> client.beta.observability.chat_completion_events.search_ids(
        ...     search_params={"filters": None}).completion_event_ids
        """
        body = request_body(GetChatCompletionEventIdsInSchema, locals())
        return Call(body=body, options=options)

    def _fetch(self, *, event_id: str, **options: Unpack[CallOptions]) -> Call:
        """One event with its messages, tools and transcriptions.

        >>> events.fetch(event_id=preview.event_id).response_messages
        """
        return Call(path_params=_event(event_id), options=options)

    def _fetch_similar_events(self, *, event_id: str, **options: Unpack[CallOptions]) -> Call:
        """Events similar to one event.

        >>> events.fetch_similar_events(event_id=preview.event_id).completion_events.results
        """
        return Call(path_params=_event(event_id), options=options)

    def _judge(
        self,
        *,
        event_id: str,
        judge_definition: PostJudgeInSchema | Mapping[str, Any],
        **options: Unpack[CallOptions],
    ) -> Call:
        """Run a judge, defined here and not saved, on one event.

        >>> client.beta.observability.chat_completion_events.judge(
        ...     event_id=preview.event_id, judge_definition=definition).answer
        """
        body = request_body(PostChatCompletionEventJudgingInSchema, locals())
        return Call(path_params=_event(event_id), body=body, options=options)

    search = sync_operation(SEARCH, _search)
    search_async = async_operation(SEARCH, _search)
    search_pages = sync_pages(
        search,
        SEARCH_PAGES,
        example="""
        >>> for page in events.search_pages(search_params={"filters": None}, page_size=100):
        ...     print(len(page.completion_events.results))
        """,
    )
    search_pages_async = async_pages(
        search_async,
        SEARCH_PAGES,
        example="""
        >>> async for page in events.search_pages_async(search_params={"filters": None}):
        ...     print(len(page.completion_events.results))
        """,
    )
    iter_search = sync_items(
        search,
        SEARCH_PAGES,
        example="""
        >>> ids = [e.event_id for e in events.iter_search(search_params={"filters": None})]
        """,
    )
    iter_search_async = async_items(
        search_async,
        SEARCH_PAGES,
        example="""
        >>> ids = [e.event_id async for e in events.iter_search_async(search_params={"filters": None})]
        """,
    )
    search_ids = sync_operation(SEARCH_IDS, _search_ids)
    search_ids_async = async_operation(SEARCH_IDS, _search_ids)
    fetch = sync_operation(FETCH, _fetch)
    fetch_async = async_operation(FETCH, _fetch)
    fetch_similar_events = sync_operation(FETCH_SIMILAR, _fetch_similar_events)
    fetch_similar_events_async = async_operation(FETCH_SIMILAR, _fetch_similar_events)
    judge = sync_operation(JUDGE, _judge)
    judge_async = async_operation(JUDGE, _judge)
