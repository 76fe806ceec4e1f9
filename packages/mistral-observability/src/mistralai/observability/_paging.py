"""Walking the observability listings page after page.

Two kinds of listing: numbered pages (``page`` and ``page_size``; a page's ``next`` is None on
the last one) and a cursor feed (the search of events: each page's ``cursor`` is sent back
to read the next). Each helper asks for a page only when the caller has used up the one
before.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from typing import Any, TypeVar

from mistralai.observability.models import FeedResult, PaginatedResult

P = TypeVar("P")


def numbered_pages(
    fetch: Callable[..., P], part: Callable[[P], PaginatedResult[Any]], params: dict[str, Any]
) -> Iterator[P]:
    """Every page from ``params["page"]`` (default 1) on, fetched as ``fetch(page=n, **params)``."""
    page = params.pop("page", 1)
    while True:
        answer = fetch(page=page, **params)
        yield answer
        if not _more(part(answer)):
            return
        page += 1


async def numbered_pages_async(
    fetch: Callable[..., Awaitable[P]],
    part: Callable[[P], PaginatedResult[Any]],
    params: dict[str, Any],
) -> AsyncIterator[P]:
    """The async twin of :func:`numbered_pages`."""
    page = params.pop("page", 1)
    while True:
        answer = await fetch(page=page, **params)
        yield answer
        if not _more(part(answer)):
            return
        page += 1


def cursor_pages(
    fetch: Callable[..., P], part: Callable[[P], FeedResult[Any]], params: dict[str, Any]
) -> Iterator[P]:
    """Every page of a feed from ``params["cursor"]`` (default: the start) on."""
    cursor = params.pop("cursor", None)
    while True:
        answer = fetch(cursor=cursor, **params)
        yield answer
        cursor = _next_cursor(part(answer), cursor)
        if cursor is None:
            return


async def cursor_pages_async(
    fetch: Callable[..., Awaitable[P]], part: Callable[[P], FeedResult[Any]], params: dict[str, Any]
) -> AsyncIterator[P]:
    """The async twin of :func:`cursor_pages`."""
    cursor = params.pop("cursor", None)
    while True:
        answer = await fetch(cursor=cursor, **params)
        yield answer
        cursor = _next_cursor(part(answer), cursor)
        if cursor is None:
            return


def _more(page: PaginatedResult[Any]) -> bool:
    # An empty page ends the walk even if the server names a next one, so a server that
    # always does cannot keep the caller looping.
    return page.next is not None and bool(page.results)


def _next_cursor(feed: FeedResult[Any], sent: str | None) -> str | None:
    """The cursor of the next page, or None at the end (no cursor, no results, or the
    cursor just sent coming back, which would read the same page again)."""
    if not feed.cursor or not feed.results or feed.cursor == sent:
        return None
    return feed.cursor
