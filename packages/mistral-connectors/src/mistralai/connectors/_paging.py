"""Walking the connectors listings page after page, sync and async.

Connectors page by cursor (each page's ``pagination.next_cursor`` is sent back as ``cursor``);
a connector's tools page by number (``page``, ``page_size``). Each walker asks for a page only
when the caller has used up the one before, and stops at the last page or an empty one, so a
server that keeps naming a next page cannot keep the caller looping.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Sized
from typing import Any, TypeVar

from mistralai.connectors.models import PaginatedConnectors

P = TypeVar("P", bound=Sized)

TOOLS_PAGE_SIZE = 100
"""The API's page size for tools when the caller gives none."""


def cursor_pages(
    fetch: Callable[..., PaginatedConnectors], params: dict[str, Any]
) -> Iterator[PaginatedConnectors]:
    """Every page from ``params["cursor"]`` (default: the first page) on."""
    cursor = params.pop("cursor", None)
    while True:
        page = fetch(cursor=cursor, **params)
        yield page
        cursor = _next_cursor(page, cursor)
        if cursor is None:
            return


async def cursor_pages_async(
    fetch: Callable[..., Awaitable[PaginatedConnectors]], params: dict[str, Any]
) -> AsyncIterator[PaginatedConnectors]:
    """The async twin of :func:`cursor_pages`."""
    cursor = params.pop("cursor", None)
    while True:
        page = await fetch(cursor=cursor, **params)
        yield page
        cursor = _next_cursor(page, cursor)
        if cursor is None:
            return


def numbered_pages(fetch: Callable[..., P], params: dict[str, Any]) -> Iterator[P]:
    """Every page from ``params["page"]`` (default 1) on, until one is shorter than the page
    size."""
    page = params.pop("page", 1)
    size = params.get("page_size", TOOLS_PAGE_SIZE)
    while True:
        answer = fetch(page=page, **params)
        yield answer
        if len(answer) < max(size, 1):
            return
        page += 1


async def numbered_pages_async(
    fetch: Callable[..., Awaitable[P]], params: dict[str, Any]
) -> AsyncIterator[P]:
    """The async twin of :func:`numbered_pages`."""
    page = params.pop("page", 1)
    size = params.get("page_size", TOOLS_PAGE_SIZE)
    while True:
        answer = await fetch(page=page, **params)
        yield answer
        if len(answer) < max(size, 1):
            return
        page += 1


def _next_cursor(page: PaginatedConnectors, sent: str | None) -> str | None:
    """The cursor of the next page, or None at the end (no cursor, no items, or the cursor
    just sent coming back, which would read the same page again)."""
    cursor = page.pagination.next_cursor
    if not cursor or not page.items or cursor == sent:
        return None
    return cursor
