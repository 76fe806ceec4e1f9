"""The SSE decoder against the WHATWG event-stream rules, whole and split at any byte."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mistralai._sse import ServerSentEvent, SSEDecoder


def decode(*chunks: bytes) -> list[ServerSentEvent]:
    decoder = SSEDecoder()
    events = []
    for chunk in chunks:
        events.extend(decoder.feed(chunk))
    events.extend(decoder.close())
    return events


def test_line_endings_crlf_cr_lf_are_equivalent() -> None:
    for sep in (b"\n", b"\r\n", b"\r"):
        body = b"data: a" + sep + b"data: b" + sep + sep + b"data: c" + sep + sep
        assert [e.data for e in decode(body)] == ["a\nb", "c"], sep


def test_comments_fields_and_space_stripping() -> None:
    body = b": keep-alive\nevent: delta\nid: 7\nretry: 1500\ndata:no-space\ndata:  two\n\n"
    (event,) = decode(body)
    assert event == ServerSentEvent("no-space\n two", "delta", "7", 1500)


def test_event_type_resets_but_id_persists() -> None:
    body = b"event: a\nid: 1\ndata: x\n\ndata: y\n\n"
    first, second = decode(body)
    assert (first.event, first.id) == ("a", "1")
    assert (second.event, second.id) == ("message", "1")


def test_invalid_retry_and_id_with_nul_are_ignored() -> None:
    (event,) = decode(b"retry: 12a\nid: a\x00b\ndata: x\n\n")
    assert event.retry is None
    assert event.id is None


def test_blank_lines_without_data_dispatch_nothing() -> None:
    assert decode(b"\n\nevent: ping\n\n: comment\n\n") == []


def test_empty_data_line_dispatches_empty_event() -> None:
    assert [e.data for e in decode(b"data\n\ndata:\n\n")] == ["", ""]


def test_final_event_without_blank_line_is_delivered() -> None:
    assert [e.data for e in decode(b"data: one\n\ndata: last")] == ["one", "last"]
    assert [e.data for e in decode(b"data: last\n")] == ["last"]


def test_bom_is_dropped_only_at_start() -> None:
    (event,) = decode("\ufeffdata: x\ufeff\n\n".encode())
    assert event.data == "x\ufeff"


def test_field_without_colon_uses_empty_value() -> None:
    (event,) = decode(b"data\ndata\n\n")
    assert event.data == "\n"


def test_cr_at_chunk_end_pairs_with_lf_in_next_chunk() -> None:
    assert [e.data for e in decode(b"data: a\r", b"\n\r", b"\ndata: b\r\n\r\n")] == ["a", "b"]


def test_utf8_split_inside_a_character() -> None:
    body = "data: héllo ✓\n\n".encode()
    cut = body.index("✓".encode()) + 1
    assert [e.data for e in decode(body[:cut], body[cut:])] == ["héllo ✓"]


EVENT_DATA = st.lists(
    st.text(
        alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\n"),
        max_size=20,
    ),
    min_size=1,
    max_size=3,
)


@settings(max_examples=300, deadline=None)
@given(
    events=st.lists(st.tuples(st.sampled_from(["", "delta", "done"]), EVENT_DATA), max_size=6),
    sep=st.sampled_from(["\n", "\r\n", "\r"]),
    cuts=st.lists(st.integers(min_value=0, max_value=4000), max_size=12),
    trailing_blank=st.booleans(),
)
def test_any_chunking_gives_the_same_events(
    events: list[tuple[str, list[str]]], sep: str, cuts: list[int], trailing_blank: bool
) -> None:
    text = ""
    for kind, lines in events:
        if kind:
            text += f"event: {kind}{sep}"
        text += "".join(f"data: {line}{sep}" for line in lines) + sep
    if events and not trailing_blank:
        text = text[: -len(sep)]
    body = text.encode()
    points = sorted({min(c, len(body)) for c in cuts})
    chunks = [body[a:b] for a, b in zip([0, *points], [*points, len(body)])]
    expected = [(kind or "message", "\n".join(lines)) for kind, lines in events]
    assert [(e.event, e.data) for e in decode(*chunks)] == expected
    assert [(e.event, e.data) for e in decode(body)] == expected


def test_json_payloads_round_trip() -> None:
    payloads = [{"i": i, "text": "x" * i} for i in range(50)]
    body = b"".join(b"data: " + json.dumps(p).encode() + b"\n\n" for p in payloads)
    chunks = [body[i : i + 7] for i in range(0, len(body), 7)]
    assert [json.loads(e.data) for e in decode(*chunks)] == payloads


def _as_events(items: list[ServerSentEvent | bytes]) -> list[ServerSentEvent]:
    return [
        ServerSentEvent(item.decode("utf-8", "replace")) if isinstance(item, bytes) else item
        for item in items
    ]


def decode_raw(*chunks: bytes) -> list[ServerSentEvent]:
    decoder = SSEDecoder()
    events = []
    for chunk in chunks:
        events.extend(_as_events(decoder.feed_raw(chunk)))
    events.extend(decoder.close())
    return events


def test_plain_events_come_as_the_bytes_of_their_data() -> None:
    decoder = SSEDecoder()
    assert decoder.feed_raw(b'data: {"a": "\xc3\xa9"}\n\n') == [b'{"a": "\xc3\xa9"}']
    assert decoder.feed_raw(b"data: 1\n\ndata: 2\n\n") == [b"1", b"2"]
    (named,) = decoder.feed_raw(b"event: delta\ndata: x\n\n")
    assert named == ServerSentEvent("x", "delta")
    assert decoder.feed_raw(b"data: next\n\n") == [b"next"]
    # Once an id (or retry) is set, events carry it: no longer plain.
    (first,) = decoder.feed_raw(b"id: 7\ndata: y\n\n")
    (second,) = decoder.feed_raw(b"data: z\n\n")
    assert (first, second) == (ServerSentEvent("y", id="7"), ServerSentEvent("z", id="7"))


@settings(max_examples=300, deadline=None)
@given(
    body=st.lists(
        st.sampled_from(
            [
                b'data: {"i": 1}\n\n',
                b"data: a\r\ndata: b\r\n\r\n",
                b"event: e\ndata: x\n\n",
                b": ping\n\n",
                b"id: 3\n",
                b"retry: 10\n",
                b"data: caf\xc3\xa9 \xff\n\n",
                b"\xef\xbb\xbf",
                b"data: [DONE]\n\n",
                b"data: last",
            ]
        ),
        max_size=8,
    ).map(b"".join),
    cuts=st.lists(st.integers(min_value=0, max_value=400), max_size=8),
)
def test_feed_raw_gives_the_events_feed_gives(body: bytes, cuts: list[int]) -> None:
    points = sorted({min(c, len(body)) for c in cuts})
    chunks = [body[a:b] for a, b in zip([0, *points], [*points, len(body)])]
    assert decode_raw(*chunks) == decode(*chunks) == decode(body)


def test_model_decoders_read_bytes_and_text_alike() -> None:
    from mistralai.errors import ResponseValidationError
    from mistralai.models import CompletionChunk, CompletionEvent, completion_event
    from mistralai.utils import model_event_decoder

    raw = b'{"id": "c1", "choices": [{"index": 0, "delta": {"content": "h\xc3\xa9"}}]}'
    event = completion_event.from_bytes(raw)
    assert isinstance(event, CompletionEvent)
    assert event == completion_event(ServerSentEvent(raw.decode()))
    assert event.data.choices[0].delta.content == "hé"
    chunk = model_event_decoder(CompletionChunk).from_bytes(raw)
    assert chunk == event.data
    # Invalid UTF-8 is replaced, as when the data is read as text.
    broken = completion_event.from_bytes(b'{"id": "c\xff"}')
    assert broken.data.id == "c\ufffd"
    with pytest.raises(ResponseValidationError, match="does not match CompletionChunk") as info:
        completion_event.from_bytes(b'{"choices": [{"delta": 3}]}')
    assert info.value.body == '{"choices": [{"delta": 3}]}'
    with pytest.raises(ResponseValidationError):
        completion_event(ServerSentEvent("not json"))
