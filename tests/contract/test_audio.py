"""``client.audio.transcriptions`` (the multipart, non-streamed form) against the spec."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("mistralai.audio", reason="mistral-audio is not installed")

from contract_calls import ContractClient

from mistralai.audio.models import TranscriptionResponse

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
