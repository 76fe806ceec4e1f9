"""Walking a paginated listing page after page, sync and async.

Every listing that pages gets the same four methods, made from its ``list`` method::

    FILES: NumberedPages[ListFilesOut, FileSchema] = NumberedPages(
        lambda page: page.data, total=lambda page: page.total
    )

    class Files(Resource):
        list = sync_operation(LIST, _list)
        list_async = async_operation(LIST, _list)
        list_pages = sync_pages(list, FILES, example=">>> ...")
        list_pages_async = async_pages(list_async, FILES, example=">>> ...")
        iter_all = sync_items(list, FILES, example=">>> ...")
        iter_all_async = async_items(list_async, FILES, example=">>> ...")

``list_pages`` yields the pages ``list`` returns, ``iter_all`` the items on them; both take
exactly the arguments of ``list``, which go with every request, and start from the page
(or cursor, or offset) the arguments name. How a listing pages is described once:

- :class:`NumberedPages`: ``page`` counts up (from 0 or 1) beside a ``page_size``;
- :class:`OffsetPages`: ``offset`` moves on by the items read beside a ``limit``;
- :class:`CursorPages`: each page names the cursor of the next (``cursor``,
  ``next_page_token``, ``page_token``).

A page is asked for only when the caller has used up the one before, so breaking out of the
loop sends no further request. The walk ends at the last page: an empty page, a page the
server marks as the last (no next cursor, ``has_more`` false, the total reached), or, when
the server says nothing of the kind, a page shorter than the page size.

A server that goes round in circles cannot keep the caller looping. The walk ends where it
is, without an error, and a warning on the ``mistralai`` logger says why, when the server
names a cursor it already gave in the same walk, or answers a page holding exactly the
items of the page before (a server ignoring ``page``, ``offset`` or the cursor); that page
is not yielded again. Stopping rather than raising keeps what was read usable: every page
before it was the server's answer, yielded once.
"""

from __future__ import annotations

import abc
import inspect
import logging
import textwrap
import types
from collections.abc import AsyncIterator, Callable, Coroutine, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, Concatenate, Generic, TypeVar

from typing_extensions import ParamSpec

from mistralai._sentinel import UNSET

if TYPE_CHECKING:
    from mistralai._resource import Resource

P = TypeVar("P")
"""A page: what the listing's ``list`` returns."""
I = TypeVar("I")  # noqa: E741 - the item type, beside P for the page
R = TypeVar("R", bound="Resource")
A = ParamSpec("A")
F = TypeVar("F", bound=Callable[..., Any])

logger = logging.getLogger("mistralai")


def _given(arguments: dict[str, Any], name: str) -> Any:
    """The caller's value for ``name``, or None when it was left out."""
    value = arguments.get(name)
    return None if value is UNSET else value


class _Walk:
    """Where one walk is: the arguments of the next request, and the items of the last page
    (to notice a server that answers the same page again)."""

    def __init__(self, what: str, arguments: dict[str, Any]) -> None:
        self.what = what
        self.arguments = arguments
        self.previous: list[Any] | None = None

    def repeats(self, items: Sequence[Any]) -> bool:
        """Whether ``items`` are those of the page before (the server did not move on)."""
        current = list(items)
        again = current == self.previous
        self.previous = current
        if again:
            logger.warning(
                "%s: the server answered the same page twice; the listing stops here", self.what
            )
        return again


class Paging(abc.ABC, Generic[P, I]):
    """How a listing pages: what a page's items are, and how to ask for the next page.

    Use one of :class:`NumberedPages`, :class:`OffsetPages` or :class:`CursorPages`, with
    the page and item types given (``NumberedPages[ListFilesOut, FileSchema](...)``): the
    ``iter_all`` methods show the item type as their result.
    """

    items: Callable[[P], Sequence[I]]
    ends: ClassVar[str] = "the last page"
    """Where the walk ends, as the methods' docstrings say it."""

    def item_label(self) -> str:
        """The item type as a signature shows it (``FileSchema``), ``Any`` when not given."""
        from mistralai._resource import _type_label

        args: tuple[Any, ...] = getattr(getattr(self, "__orig_class__", None), "__args__", ())
        return _type_label(args[1]) if len(args) == 2 else "Any"

    @abc.abstractmethod
    def start(self, what: str, arguments: dict[str, Any]) -> _Walk:
        """A new walk from the page ``arguments`` name; ``what`` names the listing in logs."""

    @abc.abstractmethod
    def advance(self, walk: _Walk, page: P) -> bool:
        """Set up the request after ``page``; False when ``page`` was the last."""


class _Counted(_Walk):
    def __init__(self, what: str, arguments: dict[str, Any], position: int, size: Any) -> None:
        super().__init__(what, arguments)
        self.position = position
        self.size = size if isinstance(size, int) and size > 0 else None


def _last(
    walk: _Counted,
    page: Any,
    count: int,
    has_more: Callable[[Any], bool | None] | None,
    total: Callable[[Any], int | None] | None,
) -> bool:
    """Whether a page of ``count`` items that ends at ``walk.position`` is the last one.

    What the server says wins: ``has_more``, then the total; only without either does a
    page shorter than the page size end the listing.
    """
    more = has_more(page) if has_more is not None else None
    if more is not None:
        return not more
    known = total(page) if total is not None else None
    if known is not None:
        return walk.position >= known
    return walk.size is not None and count < walk.size


@dataclass
class NumberedPages(Paging[P, I]):
    """Pages by number: ``page`` (from ``first``) and ``page_size``.

    :param items: the items of a page (``lambda page: page.data``).
    :param first: the number of the first page (0 or 1, as the API counts).
    :param default_size: the API's page size when the caller gives none.
    :param total: the number of items in the whole listing, when a page says it.
    :param has_more: whether a page is followed by another, when a page says it.
    :param page: the name of the page-number argument.
    :param page_size: the name of the page-size argument.

    >>> from mistralai.files.models import FileSchema, ListFilesOut
    >>> NumberedPages[ListFilesOut, FileSchema](lambda page: page.data, default_size=100).first
    0
    """

    ends: ClassVar[str] = (
        "the last page: the one the server marks as the last or that reaches the total, "
        "else one shorter than the page size"
    )

    items: Callable[[P], Sequence[I]]
    first: int = 0
    default_size: int | None = None
    total: Callable[[P], int | None] | None = None
    has_more: Callable[[P], bool | None] | None = None
    page: str = "page"
    page_size: str = "page_size"

    def start(self, what: str, arguments: dict[str, Any]) -> _Walk:
        number = _given(arguments, self.page)
        number = self.first if number is None else number
        size = _given(arguments, self.page_size) or self.default_size
        position = (number - self.first) * size if size else 0
        return _Counted(what, {**arguments, self.page: number}, position, size)

    def advance(self, walk: _Walk, page: P) -> bool:
        assert isinstance(walk, _Counted)
        items = self.items(page)
        walk.position += len(items)
        if not items:
            return False
        if _last(walk, page, len(items), self.has_more, self.total):
            return False
        walk.arguments[self.page] += 1
        return True


@dataclass
class OffsetPages(Paging[P, I]):
    """Pages by position: ``offset`` (from 0) moves on by the items of each page.

    :param items: the items of a page (``lambda page: page.items``).
    :param default_limit: the API's page size when the caller gives none.
    :param total: the number of items in the whole listing, when a page says it.
    :param offset: the name of the offset argument.
    :param limit: the name of the page-size argument.

    >>> OffsetPages(lambda page: page.items, default_limit=10).offset
    'offset'
    """

    ends: ClassVar[str] = "the page that reaches the total, else one shorter than the limit"

    items: Callable[[P], Sequence[I]]
    default_limit: int | None = None
    total: Callable[[P], int | None] | None = None
    offset: str = "offset"
    limit: str = "limit"

    def start(self, what: str, arguments: dict[str, Any]) -> _Walk:
        offset = _given(arguments, self.offset) or 0
        size = _given(arguments, self.limit) or self.default_limit
        return _Counted(what, {**arguments, self.offset: offset}, offset, size)

    def advance(self, walk: _Walk, page: P) -> bool:
        assert isinstance(walk, _Counted)
        items = self.items(page)
        walk.position += len(items)
        if not items:
            return False
        if _last(walk, page, len(items), None, self.total):
            return False
        walk.arguments[self.offset] = walk.position
        return True


class _Cursors(_Walk):
    def __init__(self, what: str, arguments: dict[str, Any], sent: Any) -> None:
        super().__init__(what, arguments)
        self.seen = {sent} if sent is not None else set()


@dataclass
class CursorPages(Paging[P, I]):
    """Pages by cursor: each page names the cursor of the next, sent back as ``cursor``.

    :param items: the items of a page (``lambda page: page.events``).
    :param next_cursor: the cursor a page names for the next one; None or empty on the last.
    :param cursor: the name of the argument the cursor is sent back in.

    >>> CursorPages(lambda p: p.data, lambda p: p.next_page_token, cursor="page_token").cursor
    'page_token'
    """

    ends: ClassVar[str] = "the page that names no next cursor"

    items: Callable[[P], Sequence[I]]
    next_cursor: Callable[[P], str | None]
    cursor: str = "cursor"

    def start(self, what: str, arguments: dict[str, Any]) -> _Walk:
        return _Cursors(what, dict(arguments), _given(arguments, self.cursor))

    def advance(self, walk: _Walk, page: P) -> bool:
        assert isinstance(walk, _Cursors)
        if not self.items(page):
            return False
        cursor = self.next_cursor(page)
        if not cursor:
            return False
        if cursor in walk.seen:
            logger.warning(
                "%s: the server named a cursor it had already given; the listing stops here",
                walk.what,
            )
            return False
        walk.seen.add(cursor)
        walk.arguments[self.cursor] = cursor
        return True


# -- walking ------------------------------------------------------------------------------


def walk_pages(
    fetch: Callable[..., P], paging: Paging[P, Any], arguments: dict[str, Any]
) -> Iterator[P]:
    """Every page ``fetch(**arguments)`` gives, from the page ``arguments`` name on.

    For a listing that is not a method of a resource; methods use :func:`sync_pages`.

    >>> pages = walk_pages(client.files.list, NumberedPages(lambda p: p.data), {"page_size": 2})
    >>> [len(page.data) for page in pages]
    [...]
    """
    walk = paging.start(getattr(fetch, "__qualname__", "a listing"), arguments)
    while True:
        page = fetch(**walk.arguments)
        if walk.repeats(paging.items(page)):
            return
        yield page
        if not paging.advance(walk, page):
            return


async def walk_pages_async(
    fetch: Callable[..., Coroutine[Any, Any, P]], paging: Paging[P, Any], arguments: dict[str, Any]
) -> AsyncIterator[P]:
    """The async twin of :func:`walk_pages`.

    >>> pages = walk_pages_async(client.files.list_async, NumberedPages(lambda p: p.data), {})
    >>> [len(page.data) async for page in pages]
    [...]
    """
    walk = paging.start(getattr(fetch, "__qualname__", "a listing"), arguments)
    while True:
        page = await fetch(**walk.arguments)
        if walk.repeats(paging.items(page)):
            return
        yield page
        if not paging.advance(walk, page):
            return


# -- the methods of a resource --------------------------------------------------------------


def sync_pages(
    method: Callable[Concatenate[R, A], P], paging: Paging[P, Any], *, example: str
) -> Callable[Concatenate[R, A], Iterator[P]]:
    """The ``list_pages`` method of a listing: every page ``method`` (its ``list``) returns.

    ``example`` is the method's ``>>>`` example, placed under a description shared by every
    such method.
    """
    arguments_of = _binder(method)

    def run(self: R, /, *args: A.args, **kwargs: A.kwargs) -> Iterator[P]:
        arguments = arguments_of(run, self, args, kwargs)
        return walk_pages(types.MethodType(method, self), paging, arguments)

    return _describe(run, method, _pages_doc(method, paging, example), "Iterator", None)


def async_pages(
    method: Callable[Concatenate[R, A], Coroutine[Any, Any, P]],
    paging: Paging[P, Any],
    *,
    example: str,
) -> Callable[Concatenate[R, A], AsyncIterator[P]]:
    """The ``list_pages_async`` method of a listing: the async twin of :func:`sync_pages`."""
    arguments_of = _binder(method)

    def run(self: R, /, *args: A.args, **kwargs: A.kwargs) -> AsyncIterator[P]:
        arguments = arguments_of(run, self, args, kwargs)
        return walk_pages_async(types.MethodType(method, self), paging, arguments)

    return _describe(run, method, _pages_doc(method, paging, example), "AsyncIterator", None)


def sync_items(
    method: Callable[Concatenate[R, A], P], paging: Paging[P, I], *, example: str
) -> Callable[Concatenate[R, A], Iterator[I]]:
    """The ``iter_all`` method of a listing: every item of every page ``method`` returns."""
    arguments_of = _binder(method)

    def run(self: R, /, *args: A.args, **kwargs: A.kwargs) -> Iterator[I]:
        arguments = arguments_of(run, self, args, kwargs)
        pages = walk_pages(types.MethodType(method, self), paging, arguments)
        return (item for page in pages for item in paging.items(page))

    return _describe(run, method, _items_doc(method, paging, example), "Iterator", paging)


def async_items(
    method: Callable[Concatenate[R, A], Coroutine[Any, Any, P]],
    paging: Paging[P, I],
    *,
    example: str,
) -> Callable[Concatenate[R, A], AsyncIterator[I]]:
    """The ``iter_all_async`` method of a listing: the async twin of :func:`sync_items`."""
    arguments_of = _binder(method)

    def run(self: R, /, *args: A.args, **kwargs: A.kwargs) -> AsyncIterator[I]:
        arguments = arguments_of(run, self, args, kwargs)
        pages = walk_pages_async(types.MethodType(method, self), paging, arguments)
        return _items_async(pages, paging)

    return _describe(run, method, _items_doc(method, paging, example), "AsyncIterator", paging)


async def _items_async(pages: AsyncIterator[P], paging: Paging[P, I]) -> AsyncIterator[I]:
    async for page in pages:
        for item in paging.items(page):
            yield item


Binder = Callable[[Callable[..., Any], Any, tuple[Any, ...], dict[str, Any]], dict[str, Any]]


def _binder(method: Callable[..., Any]) -> Binder:
    """Checks a call's arguments against ``method``'s signature, as ``method`` would, so a
    mistake fails at the call rather than at the first page, and gives them as keywords."""
    from mistralai._resource import _check_keywords, _inspect

    signature, allowed = _inspect(method)
    kinds = {name: p.kind for name, p in list(signature.parameters.items())[1:]}
    if any(kind in (_POSITIONAL_ONLY, _VAR_POSITIONAL) for kind in kinds.values()):
        raise TypeError(f"{method.__name__}: a listing's arguments must all be keywords")

    def arguments_of(
        run: Callable[..., Any], self: Any, args: tuple[Any, ...], kwargs: dict[str, Any]
    ) -> dict[str, Any]:
        if allowed is not None:
            _check_keywords(run, kwargs, allowed)
        bound = signature.bind(self, *args, **kwargs)
        arguments: dict[str, Any] = {}
        for name, value in list(bound.arguments.items())[1:]:
            if kinds[name] is _VAR_KEYWORD:
                arguments.update(value)
            else:
                arguments[name] = value
        return arguments

    return arguments_of


_POSITIONAL_ONLY = inspect.Parameter.POSITIONAL_ONLY
_VAR_POSITIONAL = inspect.Parameter.VAR_POSITIONAL
_VAR_KEYWORD = inspect.Parameter.VAR_KEYWORD

_HOW = (
    "A page is asked for only when the one before is used up, so breaking out of the loop "
    "sends no further request. The walk ends at an empty page or at {ends}; a server that "
    "repeats a cursor or a page ends it there, with a warning on the ``mistralai`` logger."
)


def _listing_name(method: Callable[..., Any]) -> str:
    """The public name of ``method`` (``list_async``), which is still its builder's name
    (``_list``) while the class body runs."""
    name = method.__name__.lstrip("_")
    if inspect.iscoroutinefunction(method) and not name.endswith("_async"):
        name += "_async"
    return name


def _pages_doc(method: Callable[..., Any], paging: Paging[Any, Any], example: str) -> str:
    name = _listing_name(method)
    return _doc(
        f"Every page of :meth:`{name}`, from the one the arguments name on; takes the "
        f"arguments of :meth:`{name}`, sent with every request.",
        paging,
        example,
    )


def _items_doc(method: Callable[..., Any], paging: Paging[Any, Any], example: str) -> str:
    name = _listing_name(method)
    return _doc(
        f"Every item of every page of :meth:`{name}`; takes the arguments of :meth:`{name}`, "
        "sent with every request.",
        paging,
        example,
    )


def _doc(summary: str, paging: Paging[Any, Any], example: str) -> str:
    how = textwrap.fill(_HOW.format(ends=paging.ends), 88)
    return f"{textwrap.fill(summary, 88)}\n\n{how}\n\n{inspect.cleandoc(example)}"


def _describe(
    run: F, method: Callable[..., Any], doc: str, iterator: str, items: Paging[Any, Any] | None
) -> F:
    """Give ``run`` ``method``'s parameters, ``doc``, and what it yields as its result."""
    signature = inspect.signature(method)
    of = items.item_label() if items is not None else signature.return_annotation
    result = f"{iterator}[{of}]"
    run.__doc__ = doc
    run.__signature__ = signature.replace(return_annotation=result)  # type: ignore[attr-defined]
    run.__annotations__ = {**getattr(method, "__annotations__", {}), "return": result}
    run.__mistral_operation__ = True  # type: ignore[attr-defined]
    return run


__all__ = [
    "CursorPages",
    "NumberedPages",
    "OffsetPages",
    "Paging",
    "async_items",
    "async_pages",
    "sync_items",
    "sync_pages",
    "walk_pages",
    "walk_pages_async",
]
