"""``client.audio``: ``transcriptions`` (speech to text, whole or streamed) here, ``speech``
(text to speech) and ``voices`` beside it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import pydantic
from typing_extensions import Unpack

from mistralai.audio._speech import Speech
from mistralai.audio._voices import Voices
from mistralai.audio.models import (
    TimestampGranularity,
    TranscriptionResponse,
    TranscriptionStreamEventData,
    TranscriptionStreamEvents,
)
from mistralai.errors import RequestValidationError, ResponseValidationError
from mistralai.utils import (
    Call,
    CallOptions,
    MultipartUpload,
    Operation,
    ProgressCallback,
    Resource,
    ServerSentEvent,
    async_operation,
    async_stream,
    file_source,
    sync_operation,
    sync_stream,
)

if TYPE_CHECKING:
    from mistralai._runtime import ClientRuntime

_EVENT_DATA: pydantic.TypeAdapter[Any] = pydantic.TypeAdapter(TranscriptionStreamEventData)


def transcription_event(sse: ServerSentEvent) -> TranscriptionStreamEvents:
    """Decode one server-sent event of a transcription stream."""
    try:
        data = _EVENT_DATA.validate_json(sse.data)
    except pydantic.ValidationError as exc:
        raise ResponseValidationError(
            f"a transcription event ({sse.event}) does not match its model: {exc.errors()[0]['msg']}",
            None,
            sse.data,
            exc,
        ) from exc
    return TranscriptionStreamEvents.model_construct(event=sse.event, data=data)


_PATH = "/v1/audio/transcriptions"
COMPLETE: Operation[TranscriptionResponse] = Operation(
    "audio_api_v1_transcriptions_post", "POST", _PATH, TranscriptionResponse
)
STREAM: Operation[TranscriptionStreamEvents] = Operation(
    "audio_api_v1_transcriptions_post_stream", "POST", _PATH, decode=transcription_event
)


def _form(
    model: str,
    file: Any,
    file_url: str | None,
    file_id: str | None,
    language: str | None,
    temperature: float | None,
    stream: bool,
    diarize: bool | None,
    context_bias: Sequence[str] | None,
    timestamp_granularities: Sequence[TimestampGranularity] | None,
    progress: ProgressCallback | None,
) -> tuple[Any, bool]:
    """The multipart body (streamed from ``file`` when given) and whether it can be resent."""
    given = [
        name
        for name, value in (("file", file), ("file_url", file_url), ("file_id", file_id))
        if value
    ]
    if len(given) != 1:
        raise RequestValidationError(
            f"give exactly one of file, file_url or file_id (got {', '.join(given) or 'none'}); nothing was sent"
        )
    fields: list[tuple[str, str]] = [("model", model), ("stream", "true" if stream else "false")]
    for name, value in (("file_url", file_url), ("file_id", file_id), ("language", language)):
        if value is not None:
            fields.append((name, value))
    if temperature is not None:
        fields.append(("temperature", repr(float(temperature))))
    if diarize is not None:
        fields.append(("diarize", "true" if diarize else "false"))
    fields += [("context_bias", word) for word in context_bias or ()]
    fields += [("timestamp_granularities", g) for g in timestamp_granularities or ()]
    source = file_source(file) if file is not None else None
    body = MultipartUpload(fields, source, progress)
    return body, source is None or source.replayable


class Transcriptions(Resource):
    """Transcriptions (``POST /v1/audio/transcriptions``).

    >>> res = client.audio.transcriptions.complete(model="voxtral-mini-latest", file="meeting.mp3")
    >>> res.text
    """

    def _complete(
        self,
        *,
        model: str,
        file: Any = None,
        file_url: str | None = None,
        file_id: str | None = None,
        language: str | None = None,
        temperature: float | None = None,
        diarize: bool | None = None,
        context_bias: Sequence[str] | None = None,
        timestamp_granularities: Sequence[TimestampGranularity] | None = None,
        progress: ProgressCallback | None = None,
        **options: Unpack[CallOptions],
    ) -> Call:
        """Transcribe audio given as a file, a URL or an uploaded file's id (exactly one).

        :param model: e.g. ``"voxtral-mini-latest"``.
        :param file: a path, bytes, an open binary file or ``File(file_name=..., content=...)``;
            streamed from disk, never read whole.
        :param file_url: a public URL of the audio.
        :param file_id: the id of a file uploaded with ``client.files``.
        :param language: the audio's language as two letters (``"fr"``), if known.
        :param temperature: sampling temperature.
        :param diarize: tell speakers apart (``speaker_id`` on segments).
        :param context_bias: words to favour (names, jargon).
        :param timestamp_granularities: ``"segment"`` and/or ``"word"`` timings.
        :param progress: called as ``progress(bytes_sent, total)`` while the file uploads.

        >>> res = client.audio.transcriptions.complete(
        ...     model="voxtral-mini-latest", file="meeting.mp3", timestamp_granularities=["segment"])
        >>> res.text, res.segments
        """
        body, replayable = _form(model, file, file_url, file_id, language, temperature, False, diarize,
                                 context_bias, timestamp_granularities, progress)  # fmt: skip
        return Call(content=body, replayable=replayable, options=options)

    def _stream(
        self,
        *,
        model: str,
        file: Any = None,
        file_url: str | None = None,
        file_id: str | None = None,
        language: str | None = None,
        temperature: float | None = None,
        diarize: bool | None = None,
        context_bias: Sequence[str] | None = None,
        timestamp_granularities: Sequence[TimestampGranularity] | None = None,
        progress: ProgressCallback | None = None,
        **options: Unpack[CallOptions],
    ) -> Call:
        """Like :meth:`complete`, streaming text deltas, the language, segments and a final
        ``transcription.done`` event as they are ready.

        >>> with client.audio.transcriptions.stream(model="voxtral-mini-latest",
        ...                                         file="meeting.mp3") as events:
        ...     for event in events:
        ...         if event.event == "transcription.text.delta":
        ...             print(event.data.text, end="")
        """
        body, replayable = _form(model, file, file_url, file_id, language, temperature, True, diarize,
                                 context_bias, timestamp_granularities, progress)  # fmt: skip
        return Call(content=body, replayable=replayable, options=options)

    complete = sync_operation(COMPLETE, _complete)
    complete_async = async_operation(COMPLETE, _complete)
    stream = sync_stream(STREAM, _stream)
    stream_async = async_stream(STREAM, _stream)


class Audio(Resource):
    """``client.audio``: ``.transcriptions`` (speech to text), ``.speech`` (text to speech)
    and ``.voices`` (the voices speech is made with)."""

    __slots__ = ("speech", "transcriptions", "voices")

    def __init__(self, runtime: ClientRuntime) -> None:
        super().__init__(runtime)
        self.transcriptions = Transcriptions(runtime)
        self.speech = Speech(runtime)
        self.voices = Voices(runtime)
