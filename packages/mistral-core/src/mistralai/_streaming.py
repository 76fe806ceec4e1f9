"""Iterators over server-sent events, sync and async, that always release their connection."""

from __future__ import annotations

from collections.abc import AsyncGenerator, AsyncIterator, Callable, Generator, Iterator
from types import TracebackType
from typing import TYPE_CHECKING, Generic, TypeVar

import httpx

from mistralai._sse import ServerSentEvent, SSEDecoder
from mistralai.errors import StreamError

if TYPE_CHECKING:
    from typing_extensions import Self

E = TypeVar("E")

EventDecoder = Callable[[ServerSentEvent], E]
"""Turns one server-sent event into the stream's item type."""

StreamEndCallback = Callable[[BaseException | None, bool], None]
"""Called once when a stream finishes: the error (or None) and whether it reached its end."""

_DONE = "[DONE]"


class _StreamState(Generic[E]):
    """What the sync and async streams share: decoding, counting, hooks."""

    __slots__ = ("_decode", "_ended", "_on_end", "_on_event", "events_received", "response")

    def __init__(
        self,
        response: httpx.Response,
        decode: EventDecoder[E],
        on_event: Callable[[E], None] | None,
        on_end: StreamEndCallback | None,
    ) -> None:
        self.response = response
        self._decode = decode
        self._on_event = on_event
        self._on_end = on_end
        self._ended = False
        self.events_received = 0

    def item(self, sse: ServerSentEvent) -> E | None:
        """The decoded item, or None at the ``[DONE]`` marker."""
        if sse.data == _DONE:
            return None
        if sse.event == "error":
            raise StreamError(
                f"the server reported an error in the event stream: {sse.data[:500]}",
                data=sse.data,
                events_received=self.events_received,
            )
        item = self._decode(sse)
        self.events_received += 1
        if self._on_event is not None:
            self._on_event(item)
        return item

    def broken(self, exc: httpx.TransportError) -> StreamError:
        return StreamError(
            f"the event stream broke off after {self.events_received} events ({exc}); "
            "the events already received are complete, the rest of the answer is lost",
            events_received=self.events_received,
        )

    def end(self, error: BaseException | None, completed: bool) -> None:
        if self._ended:
            return
        self._ended = True
        if self._on_end is not None:
            self._on_end(error, completed)


class EventStream(Generic[E]):
    """A stream of typed events over one HTTP response.

    Iterate it once. Leaving the ``with`` block, breaking out of the loop and calling
    :meth:`close` all release the connection; a stream that reached ``[DONE]`` or the end of
    the body closes itself.

    >>> with client.chat.stream(model="mistral-small-latest", messages=msgs) as stream:  # doctest: +SKIP
    ...     for event in stream:
    ...         print(event.data.choices[0].delta.content, end="")
    """

    def __init__(
        self,
        response: httpx.Response,
        decode: EventDecoder[E],
        *,
        on_event: Callable[[E], None] | None = None,
        on_end: StreamEndCallback | None = None,
    ) -> None:
        self._state = _StreamState(response, decode, on_event, on_end)
        self._iterator = self._events()

    @property
    def response(self) -> httpx.Response:
        """The underlying HTTP response (status, headers)."""
        return self._state.response

    def __iter__(self) -> Iterator[E]:
        return self._iterator

    def __next__(self) -> E:
        return next(self._iterator)

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Stop reading and release the connection. Safe to call more than once."""
        self._iterator.close()
        self._state.response.close()
        self._state.end(None, False)

    def _events(self) -> Generator[E, None, None]:
        state = self._state
        decoder = SSEDecoder()
        error: BaseException | None = None
        completed = False
        try:
            for chunk in state.response.iter_bytes():
                for sse in decoder.feed(chunk):
                    item = state.item(sse)
                    if item is None:
                        completed = True
                        return
                    yield item
            for sse in decoder.close():
                item = state.item(sse)
                if item is None:
                    break
                yield item
            completed = True
        except httpx.TransportError as exc:
            error = state.broken(exc)
            raise error from exc
        except Exception as exc:
            error = exc
            raise
        finally:
            state.response.close()
            state.end(error, completed)


class AsyncEventStream(Generic[E]):
    """The async twin of :class:`EventStream`.

    >>> stream = await client.chat.stream_async(model="mistral-small-latest", messages=msgs)  # doctest: +SKIP
    >>> async with stream:  # doctest: +SKIP
    ...     async for event in stream:
    ...         print(event.data.choices[0].delta.content, end="")
    """

    def __init__(
        self,
        response: httpx.Response,
        decode: EventDecoder[E],
        *,
        on_event: Callable[[E], None] | None = None,
        on_end: StreamEndCallback | None = None,
    ) -> None:
        self._state = _StreamState(response, decode, on_event, on_end)
        self._iterator = self._events()

    @property
    def response(self) -> httpx.Response:
        """The underlying HTTP response (status, headers)."""
        return self._state.response

    def __aiter__(self) -> AsyncIterator[E]:
        return self._iterator

    async def __anext__(self) -> E:
        return await self._iterator.__anext__()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Stop reading and release the connection. Safe to call more than once."""
        await self._iterator.aclose()
        await self._state.response.aclose()
        self._state.end(None, False)

    async def _events(self) -> AsyncGenerator[E, None]:
        state = self._state
        decoder = SSEDecoder()
        error: BaseException | None = None
        completed = False
        try:
            async for chunk in state.response.aiter_bytes():
                for sse in decoder.feed(chunk):
                    item = state.item(sse)
                    if item is None:
                        completed = True
                        return
                    yield item
            for sse in decoder.close():
                item = state.item(sse)
                if item is None:
                    break
                yield item
            completed = True
        except httpx.TransportError as exc:
            error = state.broken(exc)
            raise error from exc
        except Exception as exc:
            error = exc
            raise
        finally:
            await state.response.aclose()
            state.end(error, completed)
