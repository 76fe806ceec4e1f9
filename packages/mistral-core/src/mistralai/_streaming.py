"""Iterators over server-sent events, sync and async, that always release their connection.

The stream object does not keep its iterator alive: the ``for`` loop holds the only strong
reference, so breaking out of the loop lets the iterator go and its connection with it
(at once for a blocking stream; for an async one, as soon as the event loop finalizes it).
``with`` / ``async with`` release it deterministically and are the way to use a stream.

A :class:`ResponseStream` (the async twin :class:`AsyncResponseStream`) is an event stream
whose events add up to one final response: ``get_final_response()`` reads what is left
and returns it, built by the operation's :class:`Accumulator`. The accumulator takes each
event as the stream hands it out and keeps only what the response needs (the text pieces,
the tool calls...), never the events: keeping them until asked would cost more (the
garbage collector walks every kept event object again and again) than adding them up.
"""

from __future__ import annotations

import weakref
from collections.abc import AsyncGenerator, AsyncIterator, Callable, Generator, Iterator
from types import TracebackType
from typing import TYPE_CHECKING, Any, Generic, Protocol, TypeVar

import httpx

from mistralai._plugins import note_plugin_failure
from mistralai._sse import ServerSentEvent, SSEDecoder
from mistralai._sse import model_event_decoder as model_event_decoder
from mistralai.errors import PluginError, StreamError

if TYPE_CHECKING:
    from typing_extensions import Self

E = TypeVar("E")
R = TypeVar("R")
E_contra = TypeVar("E_contra", contravariant=True)
R_co = TypeVar("R_co", covariant=True)

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
        "completed",
        "error",
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
        self.completed = False
        self.error: BaseException | None = None

    def observe(self, callback: Callable[[E], None]) -> None:
        """Call ``callback`` with each item too, after the plugins' ``on_event``."""
        hook = self._on_event
        if hook is None:
            self._on_event = callback
            return

        def both(item: E) -> None:
            hook(item)
            callback(item)

        self._on_event = both

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
        self.completed = completed
        self.error = error
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


# -- streams with a final response -----------------------------------------------------------


class Accumulator(Protocol[E_contra, R_co]):
    """Adds up the events of one stream into its final response.

    An operation whose events build one answer names a factory of accumulators
    (``sync_stream(STREAM, builder, accumulate=CompletionAccumulator)``); each stream gets
    a fresh one. :meth:`add` takes each event as the stream hands it out, so it must be
    cheap, keep only what the response needs, and never raise on an event the stream can
    carry (an unknown kind is skipped); :meth:`result` builds the final response from
    what was added, and may raise when the events describe a failure (a conversation's
    error event). :attr:`text` is the answer's text so far.

    >>> from mistralai.models import completion_event
    >>> from mistralai.utils import Call, CompletionAccumulator, Operation, Resource, sync_stream
    >>> STREAM = Operation("chat_completion_v1_chat_completions_post", "POST",
    ...                    "/v1/chat/completions", decode=completion_event)
    >>> class Chat(Resource):
    ...     def _stream(self, body: dict) -> Call:
    ...         return Call(body=body)
    ...     stream = sync_stream(STREAM, _stream, accumulate=CompletionAccumulator)
    >>> Chat.stream.__annotations__["return"]
    'ResponseStream[CompletionEvent, ChatCompletionResponse]'
    """

    def add(self, event: E_contra) -> None:
        """Take the next event of the stream."""

    def result(self) -> R_co:
        """The final response the events added so far make up."""

    @property
    def text(self) -> str:
        """The text of the answer added up so far."""


def _check_complete(state: _StreamState[Any]) -> None:
    """Raise :class:`StreamError` unless the stream reached its end."""
    if state.completed:
        return
    count = state.events_received
    if state.error is not None:
        raise StreamError(
            f"the event stream ended with an error after {count} events "
            f"({type(state.error).__name__}: {state.error}), so it has no final response",
            events_received=count,
        ) from state.error
    raise StreamError(
        f"the event stream was closed after {count} events, before its end, so it has no "
        "final response; ask for it before the stream is closed or its loop is left with "
        "break (inside the loop, it reads the rest of the stream)",
        events_received=count,
    )


class _FinalResponse(Generic[E, R]):
    """What the sync and async streams with a final response share: the accumulator that
    takes each event as it is handed out, and the response, made once."""

    _state: _StreamState[E]
    _iterator: Any
    _held: Any

    def _take_over(
        self,
        stream: EventStream[E] | AsyncEventStream[E],
        accumulate: Callable[[], Accumulator[E, R]],
    ) -> None:
        _check_unread(stream)
        self._state = stream._state
        self._iterator = None
        self._held = None
        self._accumulator = accumulate()
        self._response: R | None = None
        self._made = False
        self._state.observe(self._accumulator.add)

    def _final_response(self) -> R:
        if not self._made:
            _check_complete(self._state)
            self._response = self._accumulator.result()
            self._made = True
        return self._response  # type: ignore[return-value]  # set with _made


class ResponseStream(EventStream[E], _FinalResponse[E, R]):
    """An :class:`EventStream` whose events add up to one final response ``R``.

    Iterate it as any stream, or not at all: :meth:`get_final_response` reads what is left,
    releases the connection and returns the response the events make up, the events
    already iterated included; :meth:`get_final_text` returns its text.

    - Asking twice returns the same object; iterating after it yields nothing more.
    - A stream that fails (an error event, a broken connection, a stall) raises its error
      from the call that reads it, and :class:`~mistralai.errors.StreamError` from every
      later call; its connection is released either way.
    - A stream closed before its end (``close()``, the end of its ``with`` block, ``break``
      out of its loop) has no final response: :class:`~mistralai.errors.StreamError`.
      Inside the loop, asking reads the rest of the stream, so the loop ends after it.

    ``ResponseStream(stream, accumulate)`` takes over an unread ``stream`` and adds its
    events up with ``accumulate()`` (an :class:`Accumulator` factory).

    >>> with client.chat.stream(model="mistral-small-latest", messages=msgs) as stream:
    ...     first = next(stream)
    ...     res = stream.get_final_response()
    >>> res.choices[0].message.content
    'You said: Hello'
    """

    def __init__(self, stream: EventStream[E], accumulate: Callable[[], Accumulator[E, R]]) -> None:
        self._take_over(stream, accumulate)

    def until_done(self) -> Self:
        """Read the rest of the stream (each event still goes to the plugins) and release
        its connection; returns the stream.

        >>> stream = client.chat.stream(model="mistral-small-latest", messages=msgs)
        >>> stream.until_done().events_received
        3
        """
        for _ in self:
            pass
        return self

    def get_final_response(self) -> R:
        """Read the rest of the stream and return the response its events make up.

        For a chat, agents or FIM stream, a
        :class:`~mistralai.models.ChatCompletionResponse`: one choice per index, its
        message's content the deltas joined, its tool calls merged by index, its finish
        reason; the usage of the last chunk that has one. See the class for what happens
        after an error or a close.

        >>> stream = client.chat.stream(model="mistral-small-latest", messages=msgs)
        >>> res = stream.get_final_response()
        >>> res.choices[0].message.content, res.choices[0].finish_reason
        ('You said: Hello', 'stop')
        """
        self.until_done()
        return self._final_response()

    def get_final_text(self) -> str:
        """Read the rest of the stream and return the text of its answer (the first choice
        of a completion; every message of a conversation turn), thinking left out.

        >>> stream = client.chat.stream(model="mistral-small-latest", messages=msgs)
        >>> stream.get_final_text()
        'You said: Hello'
        """
        self.get_final_response()
        return self._accumulator.text


class AsyncResponseStream(AsyncEventStream[E], _FinalResponse[E, R]):
    """The async twin of :class:`ResponseStream`: its methods are coroutines.

    >>> stream = await client.chat.stream_async(model="mistral-small-latest", messages=msgs)
    >>> async with stream:
    ...     res = await stream.get_final_response()
    >>> res.choices[0].message.content
    'You said: Hello'
    """

    def __init__(
        self, stream: AsyncEventStream[E], accumulate: Callable[[], Accumulator[E, R]]
    ) -> None:
        self._take_over(stream, accumulate)
        self._closed = False

    async def until_done(self) -> Self:
        """Read the rest of the stream and release its connection; returns the stream.

        >>> stream = await client.chat.stream_async(model="mistral-small-latest",
        ...                                         messages=msgs)
        >>> (await stream.until_done()).events_received
        3
        """
        async for _ in self:
            pass
        return self

    async def get_final_response(self) -> R:
        """Read the rest of the stream and return the response its events make up (see
        :meth:`ResponseStream.get_final_response`).

        >>> stream = await client.chat.stream_async(model="mistral-small-latest",
        ...                                         messages=msgs)
        >>> (await stream.get_final_response()).choices[0].finish_reason
        'stop'
        """
        await self.until_done()
        return self._final_response()

    async def get_final_text(self) -> str:
        """Read the rest of the stream and return the text of its answer.

        >>> stream = await client.chat.stream_async(model="mistral-small-latest",
        ...                                         messages=msgs)
        >>> await stream.get_final_text()
        'You said: Hello'
        """
        await self.get_final_response()
        return self._accumulator.text


def _check_unread(stream: EventStream[Any] | AsyncEventStream[Any]) -> None:
    read = stream._iterator is not None or stream._held is not None
    if (
        read
        or getattr(stream, "_closed", False)
        or isinstance(stream, (ResponseStream, AsyncResponseStream))
    ):
        raise ValueError(
            "a ResponseStream takes over a stream nobody has read yet, and not a "
            "ResponseStream: give it the EventStream the operation returned"
        )


def _exhausted() -> Generator[Any, None, None]:
    yield from ()


_EXHAUSTED = _exhausted()
_EXHAUSTED.close()


async def _empty() -> AsyncGenerator[Any, None]:
    return
    yield
