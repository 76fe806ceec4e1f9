"""client.audio.speech over loopback: whole answers, typed events, and audio streamed to an
iterator or a file without holding it in memory, sync and async."""

from __future__ import annotations

import base64
import hashlib
import tracemalloc
from pathlib import Path
from typing import Any

import pytest

from mistralai import errors
from mistralai.audio import AsyncSpeechAudio, SpeechAudio
from mistralai.audio._speech import _audio_of
from mistralai.audio.models import (
    SpeechResponse,
    SpeechStreamAudioDelta,
    SpeechStreamDone,
)
from mistralai.testing import Fault

CHUNK = 16 * 1024  # the local server's audio per event
LONG = "The quick brown fox jumps over the lazy dog. " * 45  # 2,025 characters, ~4.9 MB of audio


def test_complete_sends_the_request_and_decodes_the_audio(
    audio: Any, mistral_test_server: Any
) -> None:
    res = audio.speech.complete(input="Hi there", voice_id="ava", response_format="wav")
    sent = mistral_test_server.requests[-1]
    assert (sent.method, sent.path) == ("POST", "/v1/audio/speech")
    assert sent.json() == {"input": "Hi there", "voice_id": "ava", "response_format": "wav"}
    assert "text/event-stream" not in sent.headers.get("accept", "")
    assert isinstance(res, SpeechResponse)
    assert res.audio[:4] == b"RIFF"
    assert len(res.audio) == 44 + len("Hi there") * 2400
    again = audio.speech.complete(input="Hi there", voice_id="ava", response_format="wav")
    assert again.audio == res.audio
    other = audio.speech.complete(input="Hi there", voice_id="leo", response_format="wav")
    assert other.audio != res.audio


def test_ref_audio_bytes_are_sent_as_base64(audio: Any, mistral_test_server: Any) -> None:
    clip = bytes(range(200))
    audio.speech.complete(input="Hi", ref_audio=clip, model="voxtral-tts", response_format="pcm")
    body = mistral_test_server.requests[-1].json()
    assert base64.b64decode(body["ref_audio"]) == clip
    assert body["model"] == "voxtral-tts"
    audio.speech.complete(input="Hi", ref_audio=body["ref_audio"])
    assert mistral_test_server.requests[-1].json()["ref_audio"] == body["ref_audio"]


def test_api_errors_and_refused_arguments(audio: Any, mistral_test_server: Any) -> None:
    with pytest.raises(errors.NotFoundError, match="voice"):
        audio.speech.complete(input="Hi", voice_id="nobody")
    with pytest.raises(errors.HTTPValidationError):
        audio.speech.complete(input="Hi")
    sent = len(mistral_test_server.requests)
    with pytest.raises(errors.RequestValidationError, match="response_format"):
        audio.speech.complete(input="Hi", voice_id="ava", response_format="aiff")
    with pytest.raises(TypeError, match="create\\(\\) got an unexpected keyword argument 'inptu'"):
        audio.speech.create(inptu="Hi", voice_id="ava")
    assert len(mistral_test_server.requests) == sent


def test_create_iterates_the_audio_piece_by_piece(audio: Any, mistral_test_server: Any) -> None:
    whole = audio.speech.complete(input="Hello world", voice_id="ava", response_format="wav").audio
    with audio.speech.create(input="Hello world", voice_id="ava", response_format="wav") as speech:
        assert isinstance(speech, SpeechAudio)
        assert speech.usage is None
        pieces = list(speech)
    assert mistral_test_server.requests[-1].json()["stream"] is True
    assert "text/event-stream" in mistral_test_server.requests[-1].headers["accept"]
    assert len(pieces) == -(-len(whole) // CHUNK) > 1
    assert b"".join(pieces) == whole
    assert speech.usage is not None
    assert (speech.usage.prompt_tokens, speech.usage.completion_tokens) == (2, len(pieces))
    assert speech.response.is_closed


def test_write_to_streams_to_disk_in_bounded_memory(audio: Any, tmp_path: Path) -> None:
    target = tmp_path / "long.wav"
    progress: list[int] = []
    expected_size = 44 + len(LONG) * 2400
    tracemalloc.start()
    try:
        speech = audio.speech.create(input=LONG, voice_id="leo", response_format="wav")
        written = speech.write_to(target, progress=lambda done, total: progress.append(done))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert written == target
    assert target.stat().st_size == expected_size
    # Written a piece at a time, never the whole audio (nor its base64) held at once.
    assert len(progress) == -(-expected_size // CHUNK)
    assert max(b - a for a, b in zip([0, *progress], progress)) <= CHUNK
    assert peak < expected_size // 4, f"peak {peak} bytes for {expected_size} bytes of audio"
    assert speech.response.is_closed
    whole = audio.speech.complete(input=LONG, voice_id="leo", response_format="wav").audio
    assert hashlib.sha256(target.read_bytes()).digest() == hashlib.sha256(whole).digest()
    assert list(tmp_path.iterdir()) == [target]


def test_leaving_early_releases_the_connection(audio: Any) -> None:
    speech = audio.speech.create(input=LONG, voice_id="ava")
    for _ in speech:
        break
    assert speech.response.is_closed
    with audio.speech.create(input=LONG, voice_id="ava") as speech:
        next(iter(speech))
    assert speech.response.is_closed
    speech = audio.speech.create(input=LONG, voice_id="ava")
    speech.close()
    speech.close()
    assert speech.response.is_closed
    assert list(speech) == []


def test_a_broken_stream_leaves_no_file_and_no_connection(
    audio: Any, mistral_test_server: Any, tmp_path: Path
) -> None:
    target = tmp_path / "cut.mp3"
    target.write_bytes(b"the old file")
    mistral_test_server.faults.add(Fault.truncate(after_events=3), path="/v1/audio/speech")
    speech = audio.speech.create(input=LONG, voice_id="ava")
    with pytest.raises(errors.StreamError) as broken:
        speech.write_to(target)
    assert broken.value.events_received == 3
    assert speech.response.is_closed
    assert target.read_bytes() == b"the old file"
    assert list(tmp_path.iterdir()) == [target]


def test_a_bad_target_still_releases_the_connection(audio: Any, tmp_path: Path) -> None:
    speech = audio.speech.create(input="Hi", voice_id="ava")
    with pytest.raises(errors.RequestValidationError, match="does not exist"):
        speech.write_to(tmp_path / "missing" / "x.mp3")
    assert speech.response.is_closed


def test_stream_gives_the_typed_events(audio: Any) -> None:
    with audio.speech.stream(input="Hey", voice_id="ava", response_format="pcm") as events:
        received = list(events)
    assert [e.event for e in received] == ["speech.audio.delta", "speech.audio.done"]
    delta, done = received[0].data, received[1].data
    assert isinstance(delta, SpeechStreamAudioDelta)
    assert len(base64.b64decode(delta.audio_data)) == 3 * 2400
    assert isinstance(done, SpeechStreamDone)
    assert done.usage.total_tokens == 2


def test_invalid_base64_in_an_event_is_a_response_error() -> None:
    with pytest.raises(errors.ResponseValidationError, match="base64"):
        _audio_of(SpeechStreamAudioDelta(audio_data="not base64!"))


async def test_async_twins(aaudio: Any, tmp_path: Path) -> None:
    speech = aaudio.speech
    whole = (
        await speech.complete_async(input="Async", voice_id="leo", response_format="wav")
    ).audio
    created = await speech.create_async(input="Async", voice_id="leo", response_format="wav")
    assert isinstance(created, AsyncSpeechAudio)
    async with created:
        pieces = [piece async for piece in created]
    assert b"".join(pieces) == whole
    assert created.usage is not None
    target = await (await speech.create_async(input=LONG, voice_id="ava")).write_to(
        tmp_path / "a.mp3"
    )
    assert target.stat().st_size == 10 + len(LONG) * 2400
    early = await speech.create_async(input=LONG, voice_id="ava")
    async with early:
        async for _ in early:
            break
    assert early.response.is_closed
    async with await speech.stream_async(input="Hi", voice_id="ava") as events:
        names = [event.event async for event in events]
    assert names == ["speech.audio.delta", "speech.audio.done"]
