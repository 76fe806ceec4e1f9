"""Server-sent events as the server writes them: one ``bytes`` frame per event.

An event stream item is one of:

- a ``dict`` or ``list``: sent as ``data: <json>``;
- a ``str``: sent as it is (a line break starts a new ``data:`` line), e.g. pre-encoded JSON;
- a ``(event_name, payload)`` pair: an ``event:`` line, then the payload as above;
- a :class:`ServerSentEvent`: every field under the caller's control (``id``, ``retry``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

DONE = b"data: [DONE]\n\n"
"""The frame that ends a Mistral completion stream."""


@dataclass(frozen=True)
class ServerSentEvent:
    """One event with all its fields; ``data`` is JSON-encoded unless it is a ``str``.

    >>> encode_item(ServerSentEvent({"a": 1}, event="x", id="7"))
    b'event: x\\nid: 7\\ndata: {"a": 1}\\n\\n'
    """

    data: Any
    event: str | None = None
    id: str | None = None
    retry: int | None = None


def encode_event(
    data: str, event: str | None = None, id: str | None = None, retry: int | None = None
) -> bytes:
    """The wire form of one event whose ``data`` is already text.

    >>> encode_event("line one\\nline two")
    b'data: line one\\ndata: line two\\n\\n'
    """
    lines = [] if event is None else [f"event: {event}"]
    if id is not None:
        lines.append(f"id: {id}")
    if retry is not None:
        lines.append(f"retry: {retry}")
    lines.extend(f"data: {line}" for line in data.split("\n"))
    return ("\n".join(lines) + "\n\n").encode()


def encode_item(item: Any) -> bytes:
    """The wire form of one item of an ``EventStreamResponse`` (see the module docstring)."""
    if isinstance(item, dict):
        # The hot path of every completion stream: skip the generic helper.
        return b"data: " + json.dumps(item).encode() + b"\n\n"
    if isinstance(item, ServerSentEvent):
        return encode_event(_text(item.data), item.event, item.id, item.retry)
    if isinstance(item, tuple):
        name, payload = item
        return encode_event(_text(payload), event=name)
    return encode_event(_text(item))


def _text(payload: Any) -> str:
    return payload if isinstance(payload, str) else json.dumps(payload)
