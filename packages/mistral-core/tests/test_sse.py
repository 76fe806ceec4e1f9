"""The SSE decoder against the WHATWG event-stream rules, whole and split at any byte."""

from __future__ import annotations

import json

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
