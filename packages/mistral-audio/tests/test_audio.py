"""client.audio.transcriptions over loopback, sync and async."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from mistralai import errors
from mistralai.audio.models import (
    TranscriptionResponse,
    TranscriptionStreamDone,
    TranscriptionStreamLanguage,
    TranscriptionStreamTextDelta,
)
from mistralai.models import File
from mistralai.testing import parse_form, parse_multipart

AUDIO = bytes(range(256)) * 1000


def test_complete_streams_the_file_and_sends_every_field(
    mistral_client: Any, mistral_test_server: Any, tmp_path: Path
) -> None:
    path = tmp_path / "talk.mp3"
    path.write_bytes(AUDIO)
    seen: list[int] = []
    res = mistral_client.audio.transcriptions.complete(
        model="voxtral-mini-latest",
        file=path,
        language="fr",
        temperature=0.2,
        diarize=True,
        context_bias=["Mistral", "Voxtral"],
        timestamp_granularities=["segment", "word"],
        progress=lambda sent, total: seen.append(sent),
    )
    assert isinstance(res, TranscriptionResponse)
    assert res.text == f"This is a transcript of an audio file of {len(AUDIO)} bytes."
    assert res.segments[0].speaker_id == "speaker_1"
    assert seen[-1] == len(AUDIO)
    request = mistral_test_server.requests[-1]
    assert request.headers["content-length"] == str(len(request.body))
    form = parse_form(request.body, request.headers["content-type"])
    assert form["file"].filename == "talk.mp3"
    assert form["file"].data == AUDIO
    assert {k: form[k].data for k in ("model", "language", "temperature", "diarize", "stream")} == {
        "model": b"voxtral-mini-latest",
        "language": b"fr",
        "temperature": b"0.2",
        "diarize": b"true",
        "stream": b"false",
    }
    repeated = [
        (part.name, part.data)
        for part in parse_multipart(request.body, request.headers["content-type"])
        if part.name in ("context_bias", "timestamp_granularities")
    ]
    assert repeated == [
        ("context_bias", b"Mistral"),
        ("context_bias", b"Voxtral"),
        ("timestamp_granularities", b"segment"),
        ("timestamp_granularities", b"word"),
    ]


def test_file_url_and_seed_file_model(mistral_client: Any, mistral_test_server: Any) -> None:
    transcriptions = mistral_client.audio.transcriptions
    res = transcriptions.complete(model="voxtral-mini-latest", file_url="https://example.com/a.mp3")
    assert res.text.endswith("https://example.com/a.mp3.")
    res = transcriptions.complete(
        model="voxtral-mini-latest", file=File(file_name="a.wav", content=b"RIFF")
    )
    assert "4 bytes" in res.text


def test_exactly_one_audio_source(mistral_client: Any, mistral_test_server: Any) -> None:
    with pytest.raises(errors.RequestValidationError, match="exactly one"):
        mistral_client.audio.transcriptions.complete(model="m")
    with pytest.raises(errors.RequestValidationError, match="exactly one"):
        mistral_client.audio.transcriptions.complete(model="m", file=b"x", file_url="https://x")
    with pytest.raises(errors.RequestValidationError, match="no file at"):
        mistral_client.audio.transcriptions.complete(model="m", file="/no/such/file.mp3")
    assert mistral_test_server.requests == []


def test_stream_yields_typed_events(mistral_client: Any, mistral_test_server: Any) -> None:
    with mistral_client.audio.transcriptions.stream(
        model="voxtral-mini-latest", file=AUDIO
    ) as events:
        received = list(events)
    assert isinstance(received[0].data, TranscriptionStreamLanguage)
    text = "".join(
        e.data.text for e in received if isinstance(e.data, TranscriptionStreamTextDelta)
    )
    done = received[-1].data
    assert isinstance(done, TranscriptionStreamDone)
    assert text == done.text
    form = parse_form(
        mistral_test_server.requests[-1].body,
        mistral_test_server.requests[-1].headers["content-type"],
    )
    assert form["stream"].data == b"true"


async def test_async_twins(mistral_async_client: Any, tmp_path: Path) -> None:
    path = tmp_path / "a.ogg"
    path.write_bytes(AUDIO)
    transcriptions = mistral_async_client.audio.transcriptions
    res = await transcriptions.complete_async(model="voxtral-mini-latest", file=path)
    assert str(len(AUDIO)) in res.text
    stream = await transcriptions.stream_async(model="voxtral-mini-latest", file_id="f-1")
    async with stream:
        names = [event.event async for event in stream]
    assert names[-1] == "transcription.done"
