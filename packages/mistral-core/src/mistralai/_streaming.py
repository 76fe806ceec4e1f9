"""Iterators over server-sent events, sync and async, that always release their connection.

The stream object does not keep its iterator alive: the ``for`` loop holds the only strong
reference, so breaking out of the loop lets the iterator go and its connection with it
(at once for a blocking stream; for an async one, as soon as the event loop finalizes it).
``with`` / ``async with`` release it deterministically and are the way to use a stream.
"""

from __future__ import annotations

import weakref
from collections.abc import AsyncGenerator, AsyncIterator, Callable, Generator, Iterator
from types import TracebackType
from typing import TYPE_CHECKING, Any, Generic, TypeVar

import httpx

from mistralai._plugins import note_plugin_failure
from mistralai._sse import ServerSentEvent, SSEDecoder
from mistralai._sse import model_event_decoder as model_event_decoder
from mistralai.errors import PluginError, StreamError

if TYPE_CHECKING:
    from typing_extensions import Self

E = TypeVar("E")

EventDecoder = Callable[[ServerSentEvent], E]
"""Turns one server-sent event into the stream's item type."""

StreamEndCallback = Callable[[BaseException | None, bool], None]
"""Called once when a stream finishes: the error (or None) and whether it reached its end."""

_DONE = "[DONE]"
_DONE_BYTES = b"[DONE]"


class _StreamState(Generic[E]):
    """What the sync and async streams share: decoding, counting, hooks.

    A decoder with a ``from_bytes`` function (see :func:`model_event_decoder`) receives a
    plain event as the bytes of its data, straight from :meth:`SSEDecoder.feed_raw`.
    """

    __slots__ = (
        "_decode",
        "_ended",
        "_from_bytes",
        "_on_end",
        "_on_event",
        "events_received",
        "response",
    )

    def __init__(
        self,
        response: httpx.Response,
        decode: EventDecoder[E],
        on_event: Callable[[E], None] | None,
        on_end: StreamEndCallback | None,
    ) -> None:
        self.response = response
        self._decode = decode
        self._from_bytes: Callable[[bytes], E] | None = getattr(decode, "from_bytes", None)
        self._on_event = on_event
        self._on_end = on_end
        self._ended = False
        self.events_received = 0

    def feeder(self, decoder: SSEDecoder) -> Callable[[bytes], list[Any]]:
        """How to feed ``decoder`` for this stream's items (see :meth:`item`)."""
        return decoder.feed_raw if self._from_bytes is not None else decoder.feed

    def item(self, sse: ServerSentEvent | bytes) -> E | None:
        """The decoded item, or None at the ``[DONE]`` marker.

        ``sse`` is an event, or the data of a plain ``message`` event as bytes.
        """
        if isinstance(sse, bytes):
            if sse == _DONE_BYTES:
                return None
            item = self._from_bytes(sse)  # type: ignore[misc]  # set whenever bytes come
        else:
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
        if isinstance(exc, httpx.ReadTimeout):
            return StreamError(
                f"the event stream stalled: no data arrived within the idle timeout after "
                f"{self.events_received} events; the events already received are complete "
                "(raise stream_idle_timeout_ms if the model may pause longer)",
                events_received=self.events_received,
            )
        return StreamError(
            f"the event stream broke off after {self.events_received} events ({exc}); "
            "the events already received are complete, the rest of the answer is lost",
            events_received=self.events_received,
        )

    def end(self, error: BaseException | None, completed: bool) -> None:
        if self._ended:
            return
        self._ended = True
        if self._on_end is None:
            return
        try:
            self._on_end(error, completed)
        except PluginError as failure:
            if error is None:
                raise
            # An observer's failure never replaces the error that ended the stream.
            note_plugin_failure(error, failure)


def _set_idle_timeout(response: httpx.Response, idle_timeout: float | None) -> None:
    """Make every read of the body wait at most ``idle_timeout`` seconds for data."""
    if idle_timeout is None:
        return
    request = response.request
    timeouts = request.extensions.get("timeout")
    if isinstance(timeouts, dict):
        request.extensions["timeout"] = {**timeouts, "read": idle_timeout}


def _unencoded(response: httpx.Response) -> bool:
    """Whether the body still to be read is the bytes that arrive (no content encoding):
    then the stream reads them as they are, without httpx's decoding layer."""
    return not response.is_stream_consumed and "content-encoding" not in response.headers


def _sync_events(state: _StreamState[E]) -> Generator[E, None, None]:
    decoder = SSEDecoder()
    feed, item_of = state.feeder(decoder), state.item
    error: BaseException | None = None
    completed = False
    try:
        response = state.response
        chunks = response.iter_raw() if _unencoded(response) else response.iter_bytes()
        for chunk in chunks:
            for sse in feed(chunk):
                item = item_of(sse)
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
        raise error from None
    except BaseException as exc:
        error = exc
        raise
    finally:
        state.response.close()
        state.end(None if isinstance(error, GeneratorExit) else error, completed)


async def _async_events(state: _StreamState[E]) -> AsyncGenerator[E, None]:
    decoder = SSEDecoder()
    feed, item_of = state.feeder(decoder), state.item
    error: BaseException | None = None
    completed = False
    try:
        response = state.response
        chunks = response.aiter_raw() if _unencoded(response) else response.aiter_bytes()
        async for chunk in chunks:
            for sse in feed(chunk):
                item = item_of(sse)
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
        raise error from None
    except BaseException as exc:
        error = exc
        raise
    finally:
        await _aclose_shielded(state.response)
        state.end(None if isinstance(error, GeneratorExit) else error, completed)


async def _aclose_shielded(response: httpx.Response) -> None:
    import anyio

    with anyio.CancelScope(shield=True):
        await response.aclose()


class EventStream(Generic[E]):
    """A stream of typed events over one HTTP response.

    Iterate it once, inside ``with``: leaving the block releases the connection whatever
    happened. A stream that reached ``[DONE]`` or the end of the body, and one whose loop was
    left with ``break``, release it too; :meth:`close` does so explicitly.

    >>> with client.chat.stream(model="mistral-small-latest", messages=msgs) as stream:
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
        idle_timeout: float | None = None,
    ) -> None:
        _set_idle_timeout(response, idle_timeout)
        self._state = _StreamState(response, decode, on_event, on_end)
        self._iterator: weakref.ref[Generator[E, None, None]] | None = None
        self._held: Generator[E, None, None] | None = None

    @property
    def response(self) -> httpx.Response:
        """The underlying HTTP response (status, headers)."""
        return self._state.response

    @property
    def events_received(self) -> int:
        """How many events were handed to the caller so far."""
        return self._state.events_received

    def __iter__(self) -> Iterator[E]:
        if self._iterator is not None:
            live = self._iterator()
            return live if live is not None else iter(())
        iterator = _sync_events(self._state)
        self._iterator = weakref.ref(iterator)
        return iterator

    def __next__(self) -> E:
        if self._held is None:
            self._held = iter(self)  # type: ignore[assignment]
        return next(self._held)  # type: ignore[arg-type]

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        try:
            self.close()
        except PluginError as failure:
            if exc is None:
                raise
            note_plugin_failure(exc, failure)

    def close(self) -> None:
        """Stop reading and release the connection. Safe to call more than once."""
        live = self._iterator() if self._iterator is not None else None
        self._iterator = weakref.ref(_EXHAUSTED)
        self._held = None
        if live is not None:
            live.close()
        self._state.response.close()
        self._state.end(None, False)


class AsyncEventStream(Generic[E]):
    """The async twin of :class:`EventStream`.

    >>> async with await client.chat.stream_async(model="mistral-small-latest", messages=msgs) as stream:
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
        idle_timeout: float | None = None,
    ) -> None:
        _set_idle_timeout(response, idle_timeout)
        self._state = _StreamState(response, decode, on_event, on_end)
        self._iterator: weakref.ref[AsyncGenerator[E, None]] | None = None
        self._held: AsyncGenerator[E, None] | None = None
        self._closed = False

    @property
    def response(self) -> httpx.Response:
        """The underlying HTTP response (status, headers)."""
        return self._state.response

    @property
    def events_received(self) -> int:
        """How many events were handed to the caller so far."""
        return self._state.events_received

    def __aiter__(self) -> AsyncIterator[E]:
        if self._iterator is not None or self._closed:
            live = self._iterator() if self._iterator is not None else None
            return live if live is not None else _empty()
        iterator = _async_events(self._state)
        self._iterator = weakref.ref(iterator)
        return iterator

    async def __anext__(self) -> E:
        if self._held is None:
            self._held = self.__aiter__()  # type: ignore[assignment]
        return await self._held.__anext__()  # type: ignore[union-attr]

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        try:
            await self.aclose()
        except PluginError as failure:
            if exc is None:
                raise
            note_plugin_failure(exc, failure)

    async def aclose(self) -> None:
        """Stop reading and release the connection. Safe to call more than once."""
        live = self._iterator() if self._iterator is not None else None
        self._closed = True
        self._iterator = None
        self._held = None
        if live is not None:
            await live.aclose()
        await _aclose_shielded(self._state.response)
        self._state.end(None, False)


def _exhausted() -> Generator[Any, None, None]:
    yield from ()


_EXHAUSTED = _exhausted()
_EXHAUSTED.close()


async def _empty() -> AsyncGenerator[Any, None]:
    return
    yield
