"""``POST /v1/audio/speech``: deterministic speech, whole or streamed.

Each character of ``input`` becomes 50 ms of a tone (2,400 bytes of 16-bit mono 24 kHz PCM)
whose pitch depends on the character and on the voice (``voice_id``, a preset or custom
voice by id or slug, or the ``ref_audio`` clip): the same request always gives the same
bytes, and a long text gives a long answer (2,000 characters are about 4.8 MB). ``wav`` has a
real WAV header and ``pcm`` is the bare samples; ``mp3``, ``flac`` and ``opus`` are the same
samples behind the format's magic bytes (not playable). Without ``stream`` the answer is
``{"audio_data": <base64>}``; with it, one ``speech.audio.delta`` event per 16 KiB of audio,
each its own HTTP chunk, then ``speech.audio.done`` with the usage.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Iterator
from typing import Any

from mistralai.testing._routing import (
    EventStreamResponse,
    JSONResponse,
    Request,
    Response,
    Router,
    invalid,
    not_found,
)
from mistralai.testing.fakes.voices import find, pcm, pcm_size, pitch_of, wav_header

CHUNK_BYTES = 16 * 1024
_MAGIC = {"mp3": b"ID3\x04\x00\x00\x00\x00\x00\x00", "flac": b"fLaC", "opus": b"OggS"}


def audio(text: str, pitch: int, response_format: str) -> Iterator[bytes]:
    """The encoded audio of ``text``, piece by piece."""
    if response_format == "wav":
        yield wav_header(pcm_size(text))
    elif response_format in _MAGIC:
        yield _MAGIC[response_format]
    yield from pcm(text, pitch)


def _chunks(pieces: Iterator[bytes]) -> Iterator[bytes]:
    pending = b""
    for piece in pieces:
        pending += piece
        while len(pending) >= CHUNK_BYTES:
            yield pending[:CHUNK_BYTES]
            pending = pending[CHUNK_BYTES:]
    if pending:
        yield pending


def speech(request: Request) -> Response:
    body = request.json()
    voice_id, ref_audio = body.get("voice_id"), body.get("ref_audio")
    if voice_id is not None:
        with request.state.lock:
            voice = find(request, voice_id)
        if voice is None:
            return not_found(f"voice {voice_id!r}")
        pitch = pitch_of(voice["id"])
    elif ref_audio is not None:
        try:
            pitch = pitch_of(base64.b64decode(ref_audio, validate=True))
        except (binascii.Error, ValueError):
            return invalid(["body", "ref_audio"], "Invalid base64-encoded audio")
    else:
        return invalid(["body", "voice_id"], "Give a voice_id or a ref_audio clip")
    text: str = body["input"]
    pieces = audio(text, pitch, body.get("response_format", "mp3"))
    words = len(text.split())
    if not body.get("stream"):
        data = b"".join(pieces)
        return JSONResponse({"audio_data": base64.b64encode(data).decode()})
    return EventStreamResponse(_events(_chunks(pieces), words), done=False)


def _events(chunks: Iterator[bytes], words: int) -> Iterator[Any]:
    sent = 0
    for chunk in chunks:
        sent += 1
        data = base64.b64encode(chunk).decode()
        yield ("speech.audio.delta", {"type": "speech.audio.delta", "audio_data": data})
    usage = {"prompt_tokens": words, "completion_tokens": sent, "total_tokens": words + sent}
    yield ("speech.audio.done", {"type": "speech.audio.done", "usage": usage})


def register(router: Router) -> None:
    router.add("POST", "/v1/audio/speech", speech, "speech_v1_audio_speech_post")
