"""``POST /v1/audio/transcriptions``: a deterministic transcript of the uploaded bytes.

The transcript names the audio's size (or URL / file id), so a test can tell the upload
arrived whole; a stream sends the language, one text delta per word, a segment and
``transcription.done``.
"""

from __future__ import annotations

from typing import Any

from mistralai.testing._multipart import MultipartError, parse_multipart
from mistralai.testing._routing import (
    EventStreamResponse,
    JSONResponse,
    Request,
    Response,
    Router,
    invalid,
)


def transcribe(request: Request) -> Response:
    try:
        parts = parse_multipart(request.body, request.headers.get("content-type", ""))
    except MultipartError as exc:
        return invalid(["body"], str(exc))
    fields: dict[str, list[str]] = {}
    upload = None
    for part in parts:
        if part.filename is not None:
            upload = part
        else:
            fields.setdefault(part.name, []).append(part.data.decode())
    if "model" not in fields:
        return invalid(["body", "model"], "Field required")
    if upload is not None:
        heard = f"an audio file of {len(upload.data)} bytes"
    else:
        heard = (
            f"the audio at {(fields.get('file_url') or fields.get('file_id') or ['nothing'])[0]}"
        )
    text = f"This is a transcript of {heard}."
    language = (fields.get("language") or ["en"])[0]
    segments = [
        {
            "type": "transcription_segment",
            "text": text,
            "start": 0.0,
            "end": 1.5,
            "speaker_id": "speaker_1" if fields.get("diarize") == ["true"] else None,
        }
    ]
    result = {
        "model": fields["model"][0],
        "text": text,
        "language": language,
        "segments": segments,
        "usage": {
            "prompt_tokens": 0,
            "completion_tokens": len(text.split()),
            "total_tokens": len(text.split()),
            "prompt_audio_seconds": 2,
        },
    }
    if fields.get("stream") == ["true"]:
        return EventStreamResponse(_events(result), done=False)
    return JSONResponse(result)


def _events(result: dict[str, Any]) -> Any:
    yield (
        "transcription.language",
        {"type": "transcription.language", "audio_language": result["language"]},
    )
    words = result["text"].split(" ")
    for i, word in enumerate(words):
        yield (
            "transcription.text.delta",
            {"type": "transcription.text.delta", "text": word if i == 0 else f" {word}"},
        )
    segment = {k: v for k, v in result["segments"][0].items() if k != "type"}
    yield ("transcription.segment", {"type": "transcription.segment", **segment})
    yield ("transcription.done", {"type": "transcription.done", **result})


def register(router: Router) -> None:
    router.add("POST", "/v1/audio/transcriptions", transcribe, "audio_api_v1_transcriptions_post")
