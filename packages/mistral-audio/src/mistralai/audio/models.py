"""Models of the audio APIs: transcriptions, speech and voices."""

from __future__ import annotations

import base64
from typing import Annotated, Literal, TypeAlias, Union

from pydantic import Discriminator, Field, Tag

from mistralai.models import UsageInfo
from mistralai.types import MistralModel, Nullable, UnknownVariant, tag_or_unknown

TimestampGranularity: TypeAlias = Literal["segment", "word"]
SpeechOutputFormat: TypeAlias = Literal["pcm", "wav", "mp3", "flac", "opus"]


class TranscriptionSegmentChunk(MistralModel):
    """One timed segment of a transcription."""

    text: str
    start: float
    end: float
    score: float | None = None
    speaker_id: str | None = None
    type: Literal["transcription_segment"] = "transcription_segment"


class TranscriptionResponse(MistralModel):
    """The transcription of an audio file."""

    text: str = ""
    model: str | None = None
    language: str | None = None
    segments: list[TranscriptionSegmentChunk] = Field(default_factory=list)
    usage: UsageInfo = Field(default_factory=UsageInfo)


class TranscriptionStreamTextDelta(MistralModel):
    """A piece of transcribed text."""

    text: str
    type: Literal["transcription.text.delta"] = "transcription.text.delta"


class TranscriptionStreamLanguage(MistralModel):
    """The language detected in the audio."""

    audio_language: str
    type: Literal["transcription.language"] = "transcription.language"


class TranscriptionStreamSegmentDelta(MistralModel):
    """A timed segment, as soon as it is known."""

    text: str
    start: float
    end: float
    speaker_id: str | None = None
    type: Literal["transcription.segment"] = "transcription.segment"


class TranscriptionStreamDone(TranscriptionResponse):
    """The whole transcription, at the end of the stream."""

    type: Literal["transcription.done"] = "transcription.done"


_EVENTS = (TranscriptionStreamTextDelta, TranscriptionStreamLanguage, TranscriptionStreamSegmentDelta,
           TranscriptionStreamDone)  # fmt: skip
TranscriptionStreamEventData: TypeAlias = Annotated[
    Union[
        Annotated[TranscriptionStreamTextDelta, Tag("transcription.text.delta")],
        Annotated[TranscriptionStreamLanguage, Tag("transcription.language")],
        Annotated[TranscriptionStreamSegmentDelta, Tag("transcription.segment")],
        Annotated[TranscriptionStreamDone, Tag("transcription.done")],
        Annotated[UnknownVariant, Tag("unknown")],
    ],
    Discriminator(tag_or_unknown("type", *_EVENTS)),
]


class TranscriptionStreamEvents(MistralModel):
    """One event of a transcription stream: its SSE ``event`` name and typed ``data``.

    An event type this SDK does not know arrives with ``data`` as :class:`UnknownVariant`.
    """

    event: str
    data: TranscriptionStreamEventData


# -- speech ----------------------------------------------------------------------------------


class SpeechRequest(MistralModel):
    """The body of ``POST /v1/audio/speech``: text, and a voice or a reference clip."""

    model: Nullable[str] = None
    stream: bool = False
    voice_id: Nullable[str] = None
    ref_audio: Nullable[str] = None
    input: str
    response_format: SpeechOutputFormat | None = None


class SpeechResponse(MistralModel):
    """Speech as one base64 string (the answer of ``client.audio.speech.complete``).

    >>> SpeechResponse(audio_data="UklGRg==").audio
    b'RIFF'
    """

    audio_data: str

    @property
    def audio(self) -> bytes:
        """The audio, decoded."""
        return base64.b64decode(self.audio_data)


class SpeechStreamAudioDelta(MistralModel):
    """The next piece of the audio (base64)."""

    type: Literal["speech.audio.delta"] = "speech.audio.delta"
    audio_data: str


class SpeechStreamDone(MistralModel):
    """The end of the audio, with what it used."""

    type: Literal["speech.audio.done"] = "speech.audio.done"
    usage: UsageInfo = Field(default_factory=UsageInfo)


SpeechStreamEventData: TypeAlias = Annotated[
    Union[
        Annotated[SpeechStreamAudioDelta, Tag("speech.audio.delta")],
        Annotated[SpeechStreamDone, Tag("speech.audio.done")],
        Annotated[UnknownVariant, Tag("unknown")],
    ],
    Discriminator(tag_or_unknown("type", SpeechStreamAudioDelta, SpeechStreamDone)),
]


class SpeechStreamEvents(MistralModel):
    """One event of a speech stream: its SSE ``event`` name and typed ``data``.

    An event type this SDK does not know arrives with ``data`` as :class:`UnknownVariant`.
    """

    event: str
    data: SpeechStreamEventData


# -- voices ----------------------------------------------------------------------------------


class VoiceResponse(MistralModel):
    """A voice; ``user_id`` is None for the presets everyone has."""

    name: str = ""
    slug: str | None = None
    languages: list[str] = Field(default_factory=list)
    gender: str | None = None
    age: int | None = None
    tags: list[str] | None = None
    color: str | None = None
    retention_notice: int = 30
    id: str
    created_at: str | None = None
    user_id: str | None = None


class VoiceListResponse(MistralModel):
    """A page of voices (``page`` counts from 1)."""

    items: list[VoiceResponse] = Field(default_factory=list)
    total: int = 0
    page: int = 1
    page_size: int = 0
    total_pages: int = 0


class VoiceCreateRequest(MistralModel):
    """The body of ``POST /v1/audio/voices``: the voice's details and a base64 sample."""

    name: str
    slug: Nullable[str] = None
    languages: list[str] = Field(default_factory=list)
    gender: Nullable[str] = None
    age: Nullable[int] = None
    tags: Nullable[list[str]] = None
    color: Nullable[str] = None
    retention_notice: int = 30
    sample_audio: str
    sample_filename: Nullable[str] = None


class VoiceUpdateRequest(MistralModel):
    """The body of ``PATCH /v1/audio/voices/{voice_id}``: only the fields given change."""

    name: Nullable[str] = None
    languages: Nullable[list[str]] = None
    gender: Nullable[str] = None
    age: Nullable[int] = None
    tags: Nullable[list[str]] = None


__all__ = [
    "SpeechOutputFormat",
    "SpeechRequest",
    "SpeechResponse",
    "SpeechStreamAudioDelta",
    "SpeechStreamDone",
    "SpeechStreamEventData",
    "SpeechStreamEvents",
    "TimestampGranularity",
    "TranscriptionResponse",
    "TranscriptionSegmentChunk",
    "TranscriptionStreamDone",
    "TranscriptionStreamEventData",
    "TranscriptionStreamEvents",
    "TranscriptionStreamLanguage",
    "TranscriptionStreamSegmentDelta",
    "TranscriptionStreamTextDelta",
    "VoiceCreateRequest",
    "VoiceListResponse",
    "VoiceResponse",
    "VoiceUpdateRequest",
]
