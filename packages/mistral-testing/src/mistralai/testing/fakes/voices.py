"""``/v1/audio/voices``: the voices text-to-speech speaks with, in memory.

Two preset voices are seeded, ``Ava`` (slug ``ava``, English) and ``Leo`` (slug ``leo``,
French), with ids ``5eed0000-0000-4000-8000-00000000000N``; they cannot be changed or deleted
(403). A voice created from a base64 ``sample_audio`` keeps the decoded sample, served back
by ``/sample`` as ``audio/wav`` (the type the spec documents). Voices are listed by
``offset`` and ``limit``, presets first. Custom voices get UUIDs numbered from the server
state.
"""

from __future__ import annotations

import base64
import binascii
import functools
import math
import struct
import uuid
import zlib
from collections.abc import Iterator
from typing import Any

from mistralai.testing._routing import (
    JSONResponse,
    RawResponse,
    Request,
    Response,
    Router,
    error_body,
    invalid,
    not_found,
)
from mistralai.testing._state import now_iso

BASE = "/v1/audio/voices"
USER_ID = "0b5e0000-0000-4000-8000-0000000000a1"
SAMPLE_RATE = 24_000
SAMPLES_PER_CHARACTER = 1_200
"""Each character of a text is 50 ms of audio (2,400 bytes of 16-bit mono PCM)."""

_PRESETS = (
    ("Ava", "ava", ["en"], "female", "Hello, I am Ava."),
    ("Leo", "leo", ["fr"], "male", "Bonjour, je suis Leo."),
)
_FIELDS = ("name", "slug", "languages", "gender", "age", "tags", "color", "retention_notice")


# -- deterministic audio ---------------------------------------------------------------------


@functools.lru_cache(maxsize=4096)
def _tone(character: str, pitch: int) -> bytes:
    """50 ms of a sine tone whose frequency depends on the character and the voice."""
    frequency = 180 + pitch % 120 + (ord(character) % 32) * 12
    return b"".join(
        struct.pack("<h", int(8_000 * math.sin(2 * math.pi * frequency * n / SAMPLE_RATE)))
        for n in range(SAMPLES_PER_CHARACTER)
    )


def pcm_size(text: str) -> int:
    """The number of PCM bytes :func:`pcm` gives for ``text``."""
    return len(text) * SAMPLES_PER_CHARACTER * 2


def pcm(text: str, pitch: int) -> Iterator[bytes]:
    """The PCM samples (16-bit little-endian, mono, 24 kHz) of ``text``, 50 ms at a time."""
    for character in text:
        yield _tone(character, pitch)


def wav_header(data_size: int) -> bytes:
    """The 44-byte header of a 16-bit mono 24 kHz WAV file holding ``data_size`` bytes."""
    return (
        b"RIFF" + struct.pack("<I", 36 + data_size) + b"WAVEfmt "
        + struct.pack("<IHHIIHH", 16, 1, 1, SAMPLE_RATE, SAMPLE_RATE * 2, 2, 16)
        + b"data" + struct.pack("<I", data_size)
    )  # fmt: skip


def pitch_of(seed: str | bytes) -> int:
    """A stable pitch for a voice id or a reference clip."""
    return zlib.crc32(seed.encode() if isinstance(seed, str) else seed)


# -- voices ----------------------------------------------------------------------------------


def voices(request: Request) -> dict[str, dict[str, Any]]:
    """The voices by id, presets seeded on first use."""
    store = request.state.store("audio.voices")
    if not store:
        for n, (name, slug, languages, gender, greeting) in enumerate(_PRESETS, 1):
            voice_id = f"5eed0000-0000-4000-8000-{n:012d}"
            data = b"".join(pcm(greeting, pitch_of(voice_id)))
            store[voice_id] = {
                "name": name, "slug": slug, "languages": languages, "gender": gender,
                "age": None, "tags": ["preset"], "color": None, "retention_notice": 30,
                "id": voice_id, "created_at": "2026-01-01T00:00:00.000000Z", "user_id": None,
                "_sample": wav_header(len(data)) + data, "_filename": f"{slug}.wav",
            }  # fmt: skip
    return store


def find(request: Request, wanted: str) -> dict[str, Any] | None:
    """A voice by id or slug."""
    for voice in voices(request).values():
        if wanted in (voice["id"], voice["slug"]):
            return voice
    return None


def _public(voice: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in voice.items() if not k.startswith("_")}


def _get(request: Request) -> dict[str, Any] | Response:
    found = find(request, request.path_params["voice_id"])
    return not_found(f"voice {request.path_params['voice_id']!r}") if found is None else found


def _custom(request: Request) -> dict[str, Any] | Response:
    """The custom voice of the path (a UUID), or the error answer."""
    try:
        uuid.UUID(request.path_params["voice_id"])
    except ValueError:
        return invalid(["path", "voice_id"], "Input should be a valid UUID", "uuid_parsing")
    found = _get(request)
    if isinstance(found, dict) and found["user_id"] is None:
        message = f"voice {found['name']!r} is a preset; only your own voices can change"
        return JSONResponse(error_body(message, "forbidden", "403"), 403)
    return found


def list_voices(request: Request) -> Response:
    try:
        limit, offset = int(request.arg("limit") or 10), int(request.arg("offset") or 0)
    except ValueError:
        return invalid(["query", "limit"], "Input should be a valid integer", "int_parsing")
    if limit < 1 or offset < 0:
        return invalid(["query", "limit" if limit < 1 else "offset"], "Input out of range")
    with request.state.lock:
        every = [_public(v) for v in voices(request).values()]
    return JSONResponse(
        {
            "items": every[offset : offset + limit],
            "total": len(every),
            "page": offset // limit + 1,
            "page_size": limit,
            "total_pages": math.ceil(len(every) / limit),
        }
    )


def create(request: Request) -> Response:
    body = request.json()
    try:
        sample = base64.b64decode(body["sample_audio"], validate=True)
    except (binascii.Error, ValueError):
        return invalid(["body", "sample_audio"], "Invalid base64-encoded audio")
    if not sample:
        return invalid(["body", "sample_audio"], "The audio sample is empty")
    voice: dict[str, Any] = {
        "name": body["name"], "slug": None, "languages": [], "gender": None, "age": None,
        "tags": None, "color": None, "retention_notice": 30,
    }  # fmt: skip
    voice.update({k: body[k] for k in _FIELDS if k in body})
    with request.state.lock:
        if voice["slug"] is not None and find(request, voice["slug"]) is not None:
            message = f"a voice with slug {voice['slug']!r} already exists"
            return JSONResponse(error_body(message, "conflict", "409"), 409)
        voice.update(id=request.state.new_uuid(), created_at=now_iso(), user_id=USER_ID)
        voice.update(_sample=sample, _filename=body.get("sample_filename"))
        voices(request)[voice["id"]] = voice
    return JSONResponse(_public(voice))


def get(request: Request) -> Response:
    with request.state.lock:
        found = _get(request)
    return JSONResponse(_public(found)) if isinstance(found, dict) else found


def update(request: Request) -> Response:
    body = request.json()
    with request.state.lock:
        found = _custom(request)
        if not isinstance(found, dict):
            return found
        for key in ("name", "languages", "gender", "age", "tags"):
            if key in body and (body[key] is not None or key not in ("name", "languages")):
                found[key] = body[key]
    return JSONResponse(_public(found))


def delete(request: Request) -> Response:
    with request.state.lock:
        found = _custom(request)
        if not isinstance(found, dict):
            return found
        del voices(request)[found["id"]]
    return JSONResponse(_public(found))


def sample(request: Request) -> Response:
    with request.state.lock:
        found = _get(request)
    if not isinstance(found, dict):
        return found
    data: bytes = found["_sample"]
    chunks = [data[i : i + 65_536] for i in range(0, len(data), 65_536)]
    # The spec documents the sample as audio/wav, whatever was uploaded.
    return RawResponse(chunks=chunks, length=len(data), content_type="audio/wav")


def register(router: Router) -> None:
    router.add("GET", BASE, list_voices, "list_voices_v1_audio_voices_get")
    router.add("POST", BASE, create, "create_voice_v1_audio_voices_post")
    router.add("GET", BASE + "/{voice_id}", get, "get_voice_v1_audio_voices__voice_id__get")
    router.add(
        "PATCH", BASE + "/{voice_id}", update, "update_voice_v1_audio_voices__voice_id__patch"
    )
    router.add(
        "DELETE", BASE + "/{voice_id}", delete, "delete_voice_v1_audio_voices__voice_id__delete"
    )
    router.add("GET", BASE + "/{voice_id}/sample", sample,
               "get_voice_sample_audio_v1_audio_voices__voice_id__sample_get")  # fmt: skip
