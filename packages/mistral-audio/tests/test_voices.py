"""client.audio.voices over loopback: presets and custom voices, samples uploaded from disk
as streamed base64 and downloaded to files, pages, sync and async."""

from __future__ import annotations

import base64
import io
import json
from pathlib import Path
from typing import Any

import pytest

from mistralai import errors
from mistralai.audio.models import VoiceListResponse, VoiceResponse
from mistralai.models import File
from mistralai.testing import Fault
from mistralai.utils import BackoffStrategy, RetryConfig

SAMPLE = bytes(range(256)) * 700  # 179,200 bytes: several reads, not a multiple of 3
PRESETS = ["Ava", "Leo"]


class OneShot(io.RawIOBase):
    """A stream that can be read once and not rewound (a pipe, a socket)."""

    def __init__(self, data: bytes) -> None:
        self._data = io.BytesIO(data)

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        chunk = self._data.read(min(len(buffer), 1000))
        buffer[: len(chunk)] = chunk
        return len(chunk)


def test_list_shows_the_presets_and_pages_by_offset(audio: Any, mistral_test_server: Any) -> None:
    first = audio.voices.list()
    assert isinstance(first, VoiceListResponse)
    assert [v.name for v in first.items] == PRESETS
    assert all(v.user_id is None for v in first.items)
    assert mistral_test_server.requests[-1].query == {}
    audio.voices.create(name="Ada", sample_audio=base64.b64encode(b"RIFF").decode())
    mistral_test_server.requests.clear()
    assert [v.name for v in audio.voices.iter_all(limit=2)] == [*PRESETS, "Ada"]
    queries = [r.query for r in mistral_test_server.requests]
    assert queries == [
        {"offset": ["0"], "limit": ["2"]},
        {"offset": ["2"], "limit": ["2"]},
    ]
    pages = list(audio.voices.list_pages(limit=1, offset=1))
    assert [(p.page, [v.name for v in p.items]) for p in pages] == [(2, ["Leo"]), (3, ["Ada"])]


def test_create_streams_a_file_as_base64_json(
    audio: Any, mistral_test_server: Any, tmp_path: Path
) -> None:
    path = tmp_path / "ada.wav"
    path.write_bytes(SAMPLE)
    seen: list[tuple[int, int | None]] = []
    voice = audio.voices.create(
        name="Ada",
        file=path,
        languages=["en", "fr"],
        gender="female",
        age=None,
        tags=["narration"],
        progress=lambda done, total: seen.append((done, total)),
    )
    assert isinstance(voice, VoiceResponse)
    assert (voice.name, voice.languages, voice.tags) == ("Ada", ["en", "fr"], ["narration"])
    sent = mistral_test_server.requests[-1]
    assert sent.headers["content-type"] == "application/json"
    assert sent.headers["content-length"] == str(len(sent.body))
    assert "transfer-encoding" not in sent.headers
    body = json.loads(sent.body)
    assert base64.b64decode(body.pop("sample_audio")) == SAMPLE
    assert body == {
        "name": "Ada",
        "languages": ["en", "fr"],
        "gender": "female",
        "age": None,
        "tags": ["narration"],
        "sample_filename": "ada.wav",
    }
    assert len(seen) > 3  # read in pieces
    assert seen[-1] == (len(SAMPLE), len(SAMPLE))
    response = audio.voices.get_sample_audio(voice.id)
    try:
        assert response.headers["content-type"] == "audio/wav"
        assert response.read() == SAMPLE
    finally:
        response.close()


@pytest.mark.parametrize("size", [0, 1, 2, 3, 4, 48 * 1024, 48 * 1024 + 1])
def test_every_length_encodes_like_the_standard_library(
    audio: Any, mistral_test_server: Any, size: int
) -> None:
    data = bytes((i * 7) % 256 for i in range(size))
    try:
        audio.voices.create(name="v", file=File(file_name="v.ogg", content=data))
    except errors.HTTPValidationError:  # the API refuses an empty sample
        assert size == 0
    sent = json.loads(mistral_test_server.requests[-1].body)
    assert sent["sample_audio"] == base64.b64encode(data).decode()
    assert sent["sample_filename"] == "v.ogg"


def test_bytes_and_one_shot_streams(audio: Any, mistral_test_server: Any) -> None:
    audio.voices.create(name="Raw", file=SAMPLE[:999])
    assert "sample_filename" not in mistral_test_server.requests[-1].json()
    stream = io.BufferedReader(OneShot(SAMPLE))
    voice = audio.voices.create(name="Pipe", file=stream)
    sent = mistral_test_server.requests[-1]
    assert "content-length" not in sent.headers  # size unknown: sent chunked
    assert base64.b64decode(sent.json()["sample_audio"]) == SAMPLE
    assert voice.name == "Pipe"


def test_a_failed_upload_is_sent_again_from_the_start(
    audio: Any, mistral_test_server: Any, tmp_path: Path
) -> None:
    path = tmp_path / "retry.wav"
    path.write_bytes(SAMPLE)
    mistral_test_server.faults.add(Fault.reset(), path="/v1/audio/voices", method="POST")
    retry = RetryConfig(
        "backoff", BackoffStrategy(1, 10, 1.5, 5_000), True, retry_sent_requests=True
    )
    audio.voices.create(name="Again", file=path, retries=retry)
    bodies = [r.body for r in mistral_test_server.requests if r.method == "POST"]
    assert len(bodies) == 2
    assert bodies[0] == bodies[1]
    mistral_test_server.faults.add(Fault.reset(), path="/v1/audio/voices", method="POST")
    with pytest.raises(errors.APIConnectionError):
        audio.voices.create(name="Once", file=io.BufferedReader(OneShot(SAMPLE)), retries=retry)


def test_exactly_one_sample(audio: Any, mistral_test_server: Any, tmp_path: Path) -> None:
    with pytest.raises(errors.RequestValidationError, match="exactly one"):
        audio.voices.create(name="x")
    with pytest.raises(errors.RequestValidationError, match="exactly one"):
        audio.voices.create(name="x", file=b"a", sample_audio="YQ==")
    with pytest.raises(errors.RequestValidationError, match="no file at"):
        audio.voices.create(name="x", file=tmp_path / "missing.wav")
    with pytest.raises(errors.RequestValidationError, match="languages"):
        audio.voices.create(name="x", file=b"a", languages="en")
    assert mistral_test_server.requests == []
    with pytest.raises(errors.HTTPValidationError, match="base64"):
        audio.voices.create(name="x", sample_audio="not base64!")


def test_get_update_delete(audio: Any, mistral_test_server: Any) -> None:
    voice = audio.voices.create(name="Ada", sample_audio="UklGRg==", slug="ada")
    assert audio.voices.get("ada") == audio.voices.get(voice.id) == voice
    updated = audio.voices.update(voice.id, name="Ada L.", tags=None, age=36)
    sent = mistral_test_server.requests[-1]
    assert (sent.method, sent.path) == ("PATCH", f"/v1/audio/voices/{voice.id}")
    assert sent.json() == {"name": "Ada L.", "tags": None, "age": 36}
    assert (updated.name, updated.age, updated.tags) == ("Ada L.", 36, None)
    deleted = audio.voices.delete(voice.id)
    assert deleted.name == "Ada L."
    with pytest.raises(errors.NotFoundError):
        audio.voices.get(voice.id)
    preset = audio.voices.list().items[0]
    with pytest.raises(errors.PermissionDeniedError, match="preset"):
        audio.voices.delete(preset.id)


def test_sample_to_a_file(audio: Any, mistral_test_server: Any, tmp_path: Path) -> None:
    target = audio.voices.get_sample_audio_to("ava", tmp_path / "ava.wav")
    assert target.read_bytes()[:4] == b"RIFF"
    assert "audio/wav" in mistral_test_server.requests[-1].headers["accept"]
    mistral_test_server.faults.add(
        Fault.status(200, body="UklGRg=="), path="/v1/audio/voices/ava/sample"
    )
    decoded = audio.voices.get_sample_audio_to("ava", tmp_path / "json.wav")
    assert decoded.read_bytes() == b"RIFF"
    with pytest.raises(errors.NotFoundError):
        audio.voices.get_sample_audio_to("nobody", tmp_path / "none.wav")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ava.wav", "json.wav"]


async def test_async_twins(aaudio: Any, mistral_test_server: Any, tmp_path: Path) -> None:
    path = tmp_path / "b.wav"
    path.write_bytes(SAMPLE)
    voices = aaudio.voices
    voice = await voices.create_async(name="Bea", file=path, slug="bea")
    assert base64.b64decode(mistral_test_server.requests[-1].json()["sample_audio"]) == SAMPLE
    assert (await voices.get_async("bea")).id == voice.id
    assert (await voices.update_async(voice.id, gender="female")).gender == "female"
    assert [v.name async for v in voices.iter_all_async(limit=2)] == [*PRESETS, "Bea"]
    assert [len(p.items) async for p in voices.list_pages_async(limit=2)] == [2, 1]
    assert (await voices.list_async(limit=1)).total_pages == 3
    response = await voices.get_sample_audio_async(voice.id)
    try:
        assert await response.aread() == SAMPLE
    finally:
        await response.aclose()
    saved = await voices.get_sample_audio_to_async(voice.id, tmp_path / "copy.wav")
    assert saved.read_bytes() == SAMPLE
    await voices.delete_async(voice.id)
    assert [v.name for v in (await voices.list_async()).items] == PRESETS
