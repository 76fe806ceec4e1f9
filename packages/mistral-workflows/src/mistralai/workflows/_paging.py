"""Walking a cursor-paginated listing page by page, sync and async.

A listing method returns one page and takes the cursor of the next as a keyword
(``cursor``, ``next_page_token``); each page names the next cursor, None on the last page.
The walkers ask for a page only when the previous one is used up, and stop at the last page
or at an empty one (so a server that keeps handing out cursors cannot loop forever).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Sequence
from typing import Any, TypeVar

P = TypeVar("P")


def pages(
    fetch: Callable[..., P],
    cursor: str,
    next_cursor: Callable[[P], str | None],
    items: Callable[[P], Sequence[Any]],
    filters: dict[str, Any],
) -> Iterator[P]:
    """Every page ``fetch(**filters)`` gives, following ``cursor`` from the first page."""
    filters.pop(cursor, None)
    token: str | None = None
    while True:
        page = fetch(**filters, **{cursor: token})
        yield page
        token = next_cursor(page)
        if not token or not items(page):
            return


async def pages_async(
    fetch: Callable[..., Awaitable[P]],
    cursor: str,
    next_cursor: Callable[[P], str | None],
    items: Callable[[P], Sequence[Any]],
    filters: dict[str, Any],
) -> AsyncIterator[P]:
    """The async twin of :func:`pages`."""
    filters.pop(cursor, None)
    token: str | None = None
    while True:
        page = await fetch(**filters, **{cursor: token})
        yield page
        token = next_cursor(page)
        if not token or not items(page):
            return
