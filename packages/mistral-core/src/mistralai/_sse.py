"""An incremental decoder for ``text/event-stream`` bodies, after the WHATWG rules.

Lines end with CRLF, LF or CR (a CR at the end of one network chunk may pair with an LF at
the start of the next). ``data:`` lines accumulate, joined by LF; lines starting with ``:``
are comments; ``event:``, ``id:`` and ``retry:`` set the matching fields; a blank line
dispatches the event. UTF-8 sequences split across chunks are reassembled, and a leading
byte-order mark is dropped. Unlike a browser, :meth:`SSEDecoder.close` dispatches a final
event that lacks its blank line, since a server that closes right after its last ``data:``
line still meant to send it.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

_LINE_BREAK = re.compile("\r\n|\r|\n")


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

    __slots__ = ("_data", "_event", "_last_id", "_retry", "_skip_lf", "_started", "_tail", "_text")

    def __init__(self) -> None:
        self._text = codecs.getincrementaldecoder("utf-8")(errors="replace")
        self._tail = ""
        self._skip_lf = False
        self._started = False
        self._data: list[str] = []
        self._event = ""
        self._last_id: str | None = None
        self._retry: int | None = None

    def feed(self, chunk: bytes) -> list[ServerSentEvent]:
        """Decode one network chunk; return the events it completed."""
        return self._feed_text(self._text.decode(chunk))

    def close(self) -> list[ServerSentEvent]:
        """End of stream: decode what is left and dispatch a last unterminated event."""
        events = self._feed_text(self._text.decode(b"", final=True))
        if self._tail:
            self._process_line(self._tail, events)
            self._tail = ""
        self._dispatch(events)
        return events

    def _feed_text(self, text: str) -> list[ServerSentEvent]:
        if not self._started and text:
            self._started = True
            if text[0] == "\ufeff":
                text = text[1:]
        if self._skip_lf and text:
            self._skip_lf = False
            if text[0] == "\n":
                text = text[1:]
        events: list[ServerSentEvent] = []
        if not text:
            return events
        lines = _LINE_BREAK.split(self._tail + text)
        self._tail = lines.pop()
        if not self._tail and text[-1] == "\r":
            self._skip_lf = True
        for line in lines:
            self._process_line(line, events)
        return events

    def _process_line(self, line: str, events: list[ServerSentEvent]) -> None:
        if not line:
            self._dispatch(events)
            return
        if line[0] == ":":
            return
        name, colon, value = line.partition(":")
        if colon and value[:1] == " ":
            value = value[1:]
        if name == "data":
            self._data.append(value)
        elif name == "event":
            self._event = value
        elif name == "id":
            if "\0" not in value:
                self._last_id = value
        elif name == "retry" and value.isascii() and value.isdigit():
            self._retry = int(value)

    def _dispatch(self, events: list[ServerSentEvent]) -> None:
        if self._data:
            data = self._data[0] if len(self._data) == 1 else "\n".join(self._data)
            events.append(
                ServerSentEvent(data, self._event or "message", self._last_id, self._retry)
            )
        self._data = []
        self._event = ""
