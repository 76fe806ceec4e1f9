"""An incremental decoder for ``text/event-stream`` bodies, after the WHATWG rules.

Lines end with CRLF, LF or CR (a CR at the end of one network chunk may pair with an LF at
the start of the next). ``data:`` lines accumulate, joined by LF; lines starting with ``:``
are comments; ``event:``, ``id:`` and ``retry:`` set the matching fields; a blank line
dispatches the event. The decoder works on bytes: line breaks are ASCII, so a UTF-8
sequence split across chunks stays whole in the line being assembled, and each field is
decoded once it is complete (invalid UTF-8 becomes U+FFFD). A leading byte-order mark is
dropped. Unlike a browser, :meth:`SSEDecoder.close` dispatches a final event that lacks its
blank line, since a server that closes right after its last ``data:`` line still meant to
send it.

The API sends one event per network chunk, ``data: {...}`` and a blank line:
:meth:`SSEDecoder.feed_raw` hands such an event over as the bytes of its data, without
making text or an event object of it, and :func:`model_event_decoder` validates those bytes
in one pydantic call.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, TypeVar, overload

if TYPE_CHECKING:
    import pydantic

M = TypeVar("M", bound="pydantic.BaseModel")
W = TypeVar("W", bound="pydantic.BaseModel")
T = TypeVar("T")

_LINE_BREAK = re.compile(rb"\r\n|\r|\n")
_BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True, slots=True)
class ServerSentEvent:
    """One dispatched event: ``data`` is the joined data lines, ``event`` defaults to "message"."""

    data: str
    event: str = "message"
    id: str | None = None
    retry: int | None = None


class SSEDecoder:
    """Turns byte chunks into :class:`ServerSentEvent` objects as they complete.

    >>> decoder = SSEDecoder()
    >>> decoder.feed(b"data: hel"), decoder.feed(b"lo\\n\\n")
    ([], [ServerSentEvent(data='hello', event='message', id=None, retry=None)])
    """

    __slots__ = (
        "_between",
        "_data",
        "_event",
        "_last_id",
        "_pending",
        "_retry",
        "_skip_lf",
        "_started",
    )

    def __init__(self) -> None:
        self._between = False
        """Between events, in the state a plain event leaves (see :meth:`_plain`)."""
        self._pending = b""
        self._skip_lf = False
        self._started = False
        self._data: list[bytes] = []
        self._event = ""
        self._last_id: str | None = None
        self._retry: int | None = None

    def feed(self, chunk: bytes) -> list[ServerSentEvent]:
        """Decode one network chunk; return the events it completed."""
        if self._between and self._plain(chunk):
            return [ServerSentEvent(chunk[6:-2].decode("utf-8", "replace"))]
        return self._feed(chunk, False)  # type: ignore[return-value]

    def feed_raw(self, chunk: bytes) -> list[ServerSentEvent | bytes]:
        """Like :meth:`feed`, but a plain event comes back as the bytes of its data.

        A plain event is ``ServerSentEvent(data, "message", None, None)``: one without an
        ``event:`` field while no ``id:`` or ``retry:`` was ever received; its data is
        returned as the UTF-8 bytes that arrived. Any other event is a :class:`ServerSentEvent`.

        >>> SSEDecoder().feed_raw(b'data: {"a": 1}\\n\\n')
        [b'{"a": 1}']
        """
        if (
            self._between
            and chunk.startswith(b"data: ")
            and chunk.endswith(b"\n\n")
            and chunk.find(b"\n", 6) == len(chunk) - 2
            and b"\r" not in chunk
        ):
            return [chunk[6:-2]]
        return self._feed(chunk, True)

    def close(self) -> list[ServerSentEvent]:
        """End of stream: dispatch what is left, a last unterminated event included."""
        events: list[ServerSentEvent | bytes] = []
        pending = self._pending
        if not self._started and pending.startswith(_BOM):
            pending = pending[3:]
        if pending:
            self._line(pending, events, False)
            self._pending = b""
        self._dispatch(events, False)
        self._settle()
        return events  # type: ignore[return-value]

    @staticmethod
    def _plain(chunk: bytes) -> bool:
        """Whether ``chunk`` is exactly one plain event, ``data: <one line>`` and a blank line
        (nearly every chunk the API sends). The caller checks it arrives between events."""
        return (
            chunk.startswith(b"data: ")
            and chunk.endswith(b"\n\n")
            and chunk.find(b"\n", 6) == len(chunk) - 2
            and b"\r" not in chunk
        )

    def _feed(self, chunk: bytes, raw: bool) -> list[ServerSentEvent | bytes]:
        events = self._lines(chunk, raw)
        self._settle()
        return events

    def _settle(self) -> None:
        self._between = (
            self._started
            and not self._pending
            and not self._data
            and not self._skip_lf
            and not self._event
            and self._last_id is None
            and self._retry is None
        )

    def _lines(self, chunk: bytes, raw: bool) -> list[ServerSentEvent | bytes]:
        events: list[ServerSentEvent | bytes] = []
        data = self._pending + chunk if self._pending else chunk
        if not self._started:
            if len(data) < 3 and _BOM.startswith(data):
                self._pending = data  # maybe a byte-order mark, maybe not: wait and see
                return events
            self._started = True
            if data.startswith(_BOM):
                data = data[3:]
        if self._skip_lf and data:
            self._skip_lf = False
            if data[:1] == b"\n":
                data = data[1:]
        if not data:
            self._pending = b""
            return events
        lines = _LINE_BREAK.split(data) if b"\r" in data else data.split(b"\n")
        self._pending = lines.pop()
        if not self._pending and data[-1:] == b"\r":
            self._skip_lf = True  # a CRLF may be split across chunks
        for line in lines:
            self._line(line, events, raw)
        return events

    def _line(self, line: bytes, events: list[ServerSentEvent | bytes], raw: bool) -> None:
        if not line:
            self._dispatch(events, raw)
            return
        if line[:1] == b":":
            return
        name, colon, value = line.partition(b":")
        if colon and value[:1] == b" ":
            value = value[1:]
        if name == b"data":
            self._data.append(value)
        elif name == b"event":
            self._event = value.decode("utf-8", "replace")
        elif name == b"id":
            if b"\0" not in value:
                self._last_id = value.decode("utf-8", "replace")
        elif name == b"retry" and value.isdigit():
            self._retry = int(value)

    def _dispatch(self, events: list[ServerSentEvent | bytes], raw: bool) -> None:
        lines = self._data
        if lines:
            data = lines[0] if len(lines) == 1 else b"\n".join(lines)
            if raw and not self._event and self._last_id is None and self._retry is None:
                events.append(data)
            else:
                events.append(
                    ServerSentEvent(
                        data.decode("utf-8", "replace"),
                        self._event or "message",
                        self._last_id,
                        self._retry,
                    )
                )
            self._data = []
        self._event = ""


# -- decoding events into models -----------------------------------------------------------


class ModelEventDecoder(Generic[T]):
    """Validates each event's data as a pydantic model: see :func:`model_event_decoder`.

    Call it with a :class:`ServerSentEvent`; ``from_bytes`` takes the data's bytes as they
    arrived (what :meth:`SSEDecoder.feed_raw` gives for a plain event).
    """

    def __init__(self, model: type[M], wrap: type[W] | None) -> None:
        import pydantic

        invalid = pydantic.ValidationError
        validate_json: Callable[[bytes | str], Any] = model.__pydantic_validator__.validate_json
        self._model = model
        self.__annotations__ = {"return": (model if wrap is None else wrap).__name__}

        def recover(data: bytes) -> T:
            # Invalid UTF-8 fails as bytes but not as text (U+FFFD), as it always did; a
            # real mismatch is reported from the text, like any other event's.
            return self.from_text(data.decode("utf-8", "replace"))

        if wrap is None:
            self._validate = validate_json

            def from_bytes(data: bytes) -> T:
                try:
                    return validate_json(data)  # type: ignore[no-any-return]
                except invalid:
                    return recover(data)

        else:
            field = next(iter(wrap.model_fields))
            build: Callable[[dict[str, Any]], Any] = wrap.__pydantic_validator__.validate_python

            def validate(data: bytes | str) -> Any:
                # The wrapper takes the validated item as it is: the JSON is validated once.
                return build({field: validate_json(data)})

            self._validate = validate

            def from_bytes(data: bytes) -> T:
                try:
                    return build({field: validate_json(data)})  # type: ignore[no-any-return]
                except invalid:
                    return recover(data)

        self.from_bytes: Callable[[bytes], T] = from_bytes

    def __call__(self, sse: ServerSentEvent) -> T:
        return self.from_text(sse.data)

    def from_text(self, data: str) -> T:
        """Validate ``data``, or raise :class:`~mistralai.errors.ResponseValidationError`."""
        import pydantic

        try:
            return self._validate(data)  # type: ignore[no-any-return]
        except pydantic.ValidationError as exc:
            from mistralai._pydantic import summary_of
            from mistralai.errors import ResponseValidationError

            raise ResponseValidationError(
                f"a stream event does not match {self._model.__name__}: {summary_of(exc)}",
                None,
                data,
                exc,
            ) from exc


@overload
def model_event_decoder(model: type[M]) -> ModelEventDecoder[M]: ...
@overload
def model_event_decoder(model: type[M], *, wrap: type[W]) -> ModelEventDecoder[W]: ...
def model_event_decoder(model: type[M], *, wrap: type[W] | None = None) -> ModelEventDecoder[Any]:
    """An event decoder that validates each event's data as ``model``, once, from its bytes.

    ``wrap`` is a model whose one field holds each validated item (``CompletionEvent``, whose
    ``data`` is a ``CompletionChunk``): the stream then yields wrappers. A plain event
    (nearly every event the API sends) reaches the decoder as the bytes that arrived and is
    validated by one ``validate_json`` call, without being made text first.

    >>> from mistralai.models import CompletionChunk
    >>> from mistralai.utils import Operation
    >>> STREAM = Operation("fim_completion_v1_fim_completions_post", "POST",
    ...                    "/v1/fim/completions", decode=model_event_decoder(CompletionChunk))
    """
    return ModelEventDecoder(model, wrap)
