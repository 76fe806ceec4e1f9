"""Models of the audio transcription API."""

from __future__ import annotations

from typing import Annotated, Literal, TypeAlias, Union

from pydantic import Discriminator, Field, Tag

from mistralai.models import UsageInfo
from mistralai.types import MistralModel, UnknownVariant, tag_or_unknown

TimestampGranularity: TypeAlias = Literal["segment", "word"]


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


__all__ = [
    "TimestampGranularity",
    "TranscriptionResponse",
    "TranscriptionSegmentChunk",
    "TranscriptionStreamDone",
    "TranscriptionStreamEventData",
    "TranscriptionStreamEvents",
    "TranscriptionStreamLanguage",
    "TranscriptionStreamSegmentDelta",
    "TranscriptionStreamTextDelta",
]
