"""``client.audio.speech``: text to speech, as one answer or streamed piece by piece."""

from __future__ import annotations

import base64
import binascii
import os
from collections.abc import AsyncIterator, Callable, Coroutine, Iterator
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, Concatenate, TypeVar

import pydantic
from typing_extensions import ParamSpec, Unpack

from mistralai.audio._saving import check_target, write, write_async
from mistralai.audio.models import (
    SpeechOutputFormat,
    SpeechRequest,
    SpeechResponse,
    SpeechStreamAudioDelta,
    SpeechStreamDone,
    SpeechStreamEventData,
    SpeechStreamEvents,
)
from mistralai.errors import ResponseValidationError
from mistralai.models import UsageInfo
from mistralai.types import UNSET, OptionalNullable, UnsetType
from mistralai.utils import (
    AsyncEventStream,
    Call,
    CallOptions,
    EventStream,
    Operation,
    ProgressCallback,
    Resource,
    ServerSentEvent,
    async_operation,
    async_stream,
    request_body,
    sync_operation,
    sync_stream,
)

if TYPE_CHECKING:
    from typing_extensions import Self

P = ParamSpec("P")
R = TypeVar("R", bound=Resource)

_EVENT_DATA: pydantic.TypeAdapter[Any] = pydantic.TypeAdapter(SpeechStreamEventData)


def speech_event(sse: ServerSentEvent) -> SpeechStreamEvents:
    """Decode one server-sent event of a speech stream."""
    try:
        data = _EVENT_DATA.validate_json(sse.data)
    except pydantic.ValidationError as exc:
        raise ResponseValidationError(
            f"a speech event ({sse.event}) does not match its model: {exc.errors()[0]['msg']}",
            None,
            sse.data,
            exc,
        ) from exc
    return SpeechStreamEvents.model_construct(event=sse.event, data=data)


_PATH = "/v1/audio/speech"
SPEECH: Operation[SpeechResponse] = Operation(
    "speech_v1_audio_speech_post", "POST", _PATH, SpeechResponse
)
SPEECH_STREAM: Operation[SpeechStreamEvents] = Operation(
    "speech_v1_audio_speech_post", "POST", _PATH, decode=speech_event
)


def _audio_of(delta: SpeechStreamAudioDelta) -> bytes:
    try:
        return base64.b64decode(delta.audio_data, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise ResponseValidationError(
            f"a speech.audio.delta event holds invalid base64 ({exc})", None, delta.audio_data
        ) from exc


class SpeechAudio:
    """The audio of one speech request, arriving piece by piece; only one piece is held at a
    time. Iterate it for ``bytes``, or :meth:`write_to` a file. ``usage`` is set once the
    last piece arrived. Use it in ``with``, or read it to the end: either releases the
    connection (so does :meth:`close`).

    >>> audio = client.audio.speech.create(input="Hello!", voice_id="ava", response_format="pcm")
    >>> with audio:
    ...     for chunk in audio:
    ...         speaker.write(chunk)
    >>> audio.usage
    UsageInfo(prompt_tokens=1, completion_tokens=1, total_tokens=2, ...)
    """

    def __init__(self, events: EventStream[SpeechStreamEvents]) -> None:
        self._events = events
        self.usage: UsageInfo | None = None
        """What the speech used, once the stream ended."""

    @property
    def response(self) -> Any:
        """The underlying HTTP response (status, headers)."""
        return self._events.response

    def __iter__(self) -> Iterator[bytes]:
        return self.iter_bytes()

    def iter_bytes(self) -> Iterator[bytes]:
        """The audio's bytes, one decoded piece at a time."""
        for event in self._events:
            data = event.data
            if isinstance(data, SpeechStreamAudioDelta):
                yield _audio_of(data)
            elif isinstance(data, SpeechStreamDone):
                self.usage = data.usage

    def write_to(
        self, path: str | os.PathLike[str], *, progress: ProgressCallback | None = None
    ) -> Path:
        """Write the audio to ``path`` as it arrives: the whole audio appears there, or
        nothing does (the bytes go to a hidden file beside it, renamed when complete). The
        connection is released whatever happens.

        :param progress: called as ``progress(bytes_written, None)`` after each piece.
        :returns: ``path`` as a :class:`pathlib.Path`.

        >>> client.audio.speech.create(input="Hi", voice_id="ava").write_to("hi.mp3")
        PosixPath('hi.mp3')
        """
        try:
            target = check_target(path)
            write(self, target, progress)
        finally:
            self.close()
        return target

    def close(self) -> None:
        """Stop reading and release the connection. Safe to call more than once."""
        self._events.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._events.__exit__(exc_type, exc, tb)


class AsyncSpeechAudio:
    """The async twin of :class:`SpeechAudio`.

    >>> audio = await client.audio.speech.create_async(input="Hi", voice_id="ava",
    ...                                                response_format="pcm")
    >>> async with audio:
    ...     async for chunk in audio:
    ...         speaker.write(chunk)
    >>> speaker.received
    4800
    """

    def __init__(self, events: AsyncEventStream[SpeechStreamEvents]) -> None:
        self._events = events
        self.usage: UsageInfo | None = None
        """What the speech used, once the stream ended."""

    @property
    def response(self) -> Any:
        """The underlying HTTP response (status, headers)."""
        return self._events.response

    def __aiter__(self) -> AsyncIterator[bytes]:
        return self.aiter_bytes()

    async def aiter_bytes(self) -> AsyncIterator[bytes]:
        """The audio's bytes, one decoded piece at a time."""
        async for event in self._events:
            data = event.data
            if isinstance(data, SpeechStreamAudioDelta):
                yield _audio_of(data)
            elif isinstance(data, SpeechStreamDone):
                self.usage = data.usage

    async def write_to(
        self, path: str | os.PathLike[str], *, progress: ProgressCallback | None = None
    ) -> Path:
        """Async twin of :meth:`SpeechAudio.write_to`."""
        try:
            target = check_target(path)
            await write_async(self, target, progress)
        finally:
            await self.aclose()
        return target

    async def aclose(self) -> None:
        """Stop reading and release the connection. Safe to call more than once."""
        await self._events.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self._events.__aexit__(exc_type, exc, tb)


def _audio_method(
    events: Callable[Concatenate[R, P], EventStream[SpeechStreamEvents]], name: str, doc: str
) -> Callable[Concatenate[R, P], SpeechAudio]:
    """The method that sends what ``events`` sends and answers its audio."""

    def method(self: R, /, *args: P.args, **kwargs: P.kwargs) -> SpeechAudio:
        return SpeechAudio(events(self, *args, **kwargs))

    return _named(method, events, name, doc, "SpeechAudio")


def _async_audio_method(
    events: Callable[Concatenate[R, P], Coroutine[Any, Any, AsyncEventStream[SpeechStreamEvents]]],
    name: str,
    doc: str,
) -> Callable[Concatenate[R, P], Coroutine[Any, Any, AsyncSpeechAudio]]:
    """The async twin of :func:`_audio_method`."""

    async def method(self: R, /, *args: P.args, **kwargs: P.kwargs) -> AsyncSpeechAudio:
        return AsyncSpeechAudio(await events(self, *args, **kwargs))

    return _named(method, events, name, doc, "AsyncSpeechAudio")


F = TypeVar("F", bound=Callable[..., Any])


def _named(method: F, events: Callable[..., Any], name: str, doc: str, result: str) -> F:
    import inspect

    # The stream method underneath names itself in its errors (an unknown keyword).
    events.__name__ = method.__name__ = name
    method.__qualname__ = f"Speech.{name}"
    method.__doc__ = doc
    method.__signature__ = inspect.signature(events).replace(return_annotation=result)  # type: ignore[attr-defined]
    method.__annotations__ = {**events.__annotations__, "return": result}
    return method


_CREATE_DOC = """Generate speech from ``input``, streamed: the answer is the audio arriving
piece by piece, never held whole (iterate it for bytes, or ``write_to`` a file).

:param input: the text to speak.
:param voice_id: a preset or custom voice, by id or slug (see ``client.audio.voices``).
:param ref_audio: a short clip of a voice to imitate instead: bytes, or a base64 string.
:param response_format: ``"mp3"`` (the API's default), ``"wav"``, ``"pcm"``, ``"flac"`` or
    ``"opus"``.
:param model: the text-to-speech model.
:returns: a :class:`~mistralai.audio.SpeechAudio` (``AsyncSpeechAudio`` from
    ``create_async``).

>>> client.audio.speech.create(input="Bonjour !", voice_id="leo").write_to("bonjour.mp3")
PosixPath('bonjour.mp3')
>>> with client.audio.speech.create(input="Hi", voice_id="ava", response_format="pcm") as audio:
...     for chunk in audio:
...         speaker.write(chunk)
>>> audio = await client.audio.speech.create_async(input="Hi", voice_id="ava")
>>> await audio.write_to("hi.mp3")
PosixPath('hi.mp3')
"""


class Speech(Resource):
    """Text to speech (``client.audio.speech``): :meth:`create` streams the audio to a file or
    an iterator; :meth:`complete` answers it whole, as base64; :meth:`stream` gives the raw
    typed events.

    >>> client.audio.speech.create(input="Hello!", voice_id="ava").write_to("hello.mp3")
    PosixPath('hello.mp3')
    """

    __slots__ = ()

    def _speech(
        self,
        *,
        input: str,
        voice_id: OptionalNullable[str] = UNSET,
        ref_audio: OptionalNullable[str | bytes] = UNSET,
        response_format: SpeechOutputFormat | UnsetType = UNSET,
        model: OptionalNullable[str] = UNSET,
        **options: Unpack[CallOptions],
    ) -> Call:
        """Generate speech from ``input``, answered whole: ``.audio_data`` is the base64
        audio, ``.audio`` the bytes. For anything long, :meth:`create` streams instead.

        :param input: the text to speak.
        :param voice_id: a preset or custom voice, by id or slug.
        :param ref_audio: a short clip of a voice to imitate instead: bytes, or base64.
        :param response_format: ``"mp3"`` (the API's default), ``"wav"``, ``"pcm"``,
            ``"flac"`` or ``"opus"``.
        :param model: the text-to-speech model.

        >>> client.audio.speech.complete(input="Hi", voice_id="ava").audio[:3]
        b'ID3'
        >>> with client.audio.speech.stream(input="Hi", voice_id="ava") as events:
        ...     for event in events:
        ...         print(event.event)
        speech.audio.delta
        speech.audio.done
        """
        if isinstance(ref_audio, (bytes, bytearray, memoryview)):
            ref_audio = base64.b64encode(ref_audio).decode()
        return Call(body=request_body(SpeechRequest, locals()), options=options)

    complete = sync_operation(SPEECH, _speech)
    complete_async = async_operation(SPEECH, _speech)
    stream = sync_stream(
        SPEECH_STREAM,
        _speech,
        summary="Generate speech from ``input`` as typed events: ``speech.audio.delta`` "
        "(base64 pieces), then ``speech.audio.done`` (usage).",
    )
    stream_async = async_stream(
        SPEECH_STREAM,
        _speech,
        summary="The async twin of :meth:`stream`.",
    )
    create = _audio_method(sync_stream(SPEECH_STREAM, _speech), "create", _CREATE_DOC)
    create_async = _async_audio_method(
        async_stream(SPEECH_STREAM, _speech), "create_async", _CREATE_DOC
    )
