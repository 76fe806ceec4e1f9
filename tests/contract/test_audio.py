"""``client.audio`` against the spec: transcriptions (the multipart, non-streamed form), speech
and voices.

Prism checks speech in its JSON form (``speech.complete``). The streamed form
(``speech.create``, ``speech.stream``) is the same operation with ``"stream": true``, whose
answer is a ``text/event-stream``: Prism answers it with one generated body, not a stream of
events, so it cannot tell whether the SDK reads the events as they arrive. The request side is
the JSON form's, checked here; the stream is checked against the local server in
packages/mistral-audio/tests/test_speech.py."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("mistralai.audio", reason="mistral-audio is not installed")

from contract_calls import ContractClient

from mistralai.audio.models import (
    SpeechResponse,
    TranscriptionResponse,
    VoiceListResponse,
    VoiceResponse,
)

WAV = b"RIFF\x24\x00\x00\x00WAVEfmt " + bytes(28)


def test_transcribe_upload_minimal(contract: ContractClient) -> None:
    res = contract.check(
        contract.client.audio.transcriptions.complete, model="voxtral-mini-latest", file=WAV
    )
    assert isinstance(res, TranscriptionResponse)


def test_transcribe_every_scalar_parameter(contract: ContractClient, tmp_path: Path) -> None:
    # context_bias and timestamp_granularities go out as one part per item, the usual
    # multipart array form (packages/mistral-audio/tests check those parts). Prism 5 keeps
    # only the last part of a repeated name and then reports "must be array"
    # (stoplightio/prism#2654), so the arrays are left out of this check.
    path = tmp_path / "call.wav"
    path.write_bytes(WAV)
    contract.check(
        contract.client.audio.transcriptions.complete,
        model="voxtral-mini-latest",
        file=path,
        language="en",
        temperature=0.2,
        diarize=True,
    )


def test_transcribe_by_url_and_by_file_id(contract: ContractClient) -> None:
    transcriptions = contract.client.audio.transcriptions
    contract.check(
        transcriptions.complete,
        model="voxtral-mini-latest",
        file_url="https://example.com/call.mp3",
    )
    contract.check(
        transcriptions.complete,
        model="voxtral-mini-latest",
        file_id="e85980c9-409e-4a46-9304-36588f6292b0",
    )


VOICE = "2f6b7c8d-9e0a-4b1c-8d2e-3f4a5b6c7d8e"


def test_speech_minimal(contract: ContractClient) -> None:
    res = contract.check(contract.client.audio.speech.complete, input="Hello!")
    assert isinstance(res, SpeechResponse)


def test_speech_every_parameter(contract: ContractClient) -> None:
    speech = contract.client.audio.speech
    contract.check(
        speech.complete,
        input="Hello!",
        voice_id="ava",
        response_format="wav",
        model="voxtral-mini-tts-latest",
    )
    contract.check(speech.complete, input="Hello!", ref_audio=WAV, response_format="opus")


def test_voices_list(contract: ContractClient) -> None:
    voices = contract.client.audio.voices
    assert isinstance(contract.check(voices.list), VoiceListResponse)
    contract.check(voices.list, limit=50, offset=100)


def test_voices_create_from_base64_and_from_a_file(
    contract: ContractClient, tmp_path: Path
) -> None:
    voices = contract.client.audio.voices
    res = contract.check(voices.create, name="Ada", sample_audio="UklGRiQAAABXQVZF")
    assert isinstance(res, VoiceResponse)
    path = tmp_path / "ada.wav"
    path.write_bytes(WAV)
    contract.check(
        voices.create,
        name="Ada",
        file=path,
        slug="ada",
        languages=["en", "fr"],
        gender="female",
        age=36,
        tags=["narration"],
        color="#ff8800",
        retention_notice=7,
    )


def test_voices_get_update_delete(contract: ContractClient) -> None:
    voices = contract.client.audio.voices
    assert isinstance(contract.check(voices.get, VOICE), VoiceResponse)
    contract.check(voices.update, VOICE, name="Ada")
    contract.check(
        voices.update, VOICE, name="Ada", languages=["en"], gender="female", age=None, tags=[]
    )
    assert isinstance(contract.check(voices.delete, VOICE), VoiceResponse)


def test_voice_sample(contract: ContractClient) -> None:
    # The sample is audio/wav or, in the spec's other form, a JSON string. Prism cannot make
    # up audio/wav (the spec gives it no schema and no example), so the JSON form is asked for.
    response = contract.check(
        contract.client.audio.voices.get_sample_audio,
        VOICE,
        http_headers={"accept": "application/json"},
    )
    try:
        assert response.status_code == 200
        assert isinstance(response.read(), bytes)
    finally:
        response.close()
