"""``client.audio.voices``: the voices speech is generated with (presets and your own)."""

from __future__ import annotations

import base64
import json
import os
from collections.abc import AsyncIterator, Iterator, Sequence
from pathlib import Path
from typing import Any

import httpx
from typing_extensions import Unpack

from mistralai.audio._saving import check_target, write, write_async
from mistralai.audio.models import (
    VoiceCreateRequest,
    VoiceListResponse,
    VoiceResponse,
    VoiceUpdateRequest,
)
from mistralai.errors import RequestValidationError, ResponseValidationError
from mistralai.types import UNSET, OptionalNullable, UnsetType
from mistralai.utils import (
    Call,
    CallOptions,
    FileSource,
    OffsetPages,
    Operation,
    ProgressCallback,
    Resource,
    async_items,
    async_operation,
    async_pages,
    file_source,
    request_body,
    sync_items,
    sync_operation,
    sync_pages,
)

_BASE = "/v1/audio/voices"
_ONE = _BASE + "/{voice_id}"
LIST: Operation[VoiceListResponse] = Operation(
    "list_voices_v1_audio_voices_get", "GET", _BASE, VoiceListResponse
)
CREATE: Operation[VoiceResponse] = Operation(
    "create_voice_v1_audio_voices_post", "POST", _BASE, VoiceResponse
)
GET: Operation[VoiceResponse] = Operation(
    "get_voice_v1_audio_voices__voice_id__get", "GET", _ONE, VoiceResponse
)
UPDATE: Operation[VoiceResponse] = Operation(
    "update_voice_v1_audio_voices__voice_id__patch", "PATCH", _ONE, VoiceResponse
)
DELETE: Operation[VoiceResponse] = Operation(
    "delete_voice_v1_audio_voices__voice_id__delete", "DELETE", _ONE, VoiceResponse
)
GET_SAMPLE_AUDIO: Operation[httpx.Response] = Operation(
    "get_voice_sample_audio_v1_audio_voices__voice_id__sample_get",
    "GET",
    _ONE + "/sample",
    raw=True,
)
PAGES = OffsetPages[VoiceListResponse, VoiceResponse](
    lambda page: page.items, default_limit=10, total=lambda page: page.total
)
"""How ``GET /v1/audio/voices`` pages: ``offset`` from 0 by ``limit`` (10 by default), with
the ``total``."""

_SAMPLE_HEADERS = {"accept": "audio/wav, audio/*, application/json"}
_READ_SIZE = 48 * 1024  # a multiple of 3: each read encodes to base64 on its own


class Base64Upload:
    """A JSON body whose ``sample_audio`` is a file's base64, encoded while it is sent.

    The file is read in pieces and never held whole; the length is known up front when the
    file's size is, so the request has a ``Content-Length``. Each attempt reads the file
    again from its start, as :class:`~mistralai.utils.MultipartUpload` does.
    """

    def __init__(
        self, fields: bytes, field: str, source: FileSource, progress: ProgressCallback | None
    ) -> None:
        self.source = source
        self.progress = progress
        self.head = fields[:-1] + (b"," if fields != b"{}" else b"") + json.dumps(field).encode()
        self.head += b':"'
        self.tail = b'"}'

    def __call__(self) -> tuple[Base64Upload, dict[str, str]]:
        """This body and its headers for one more attempt, after checking the file is intact."""
        self.source.check()
        headers = {"content-type": "application/json"}
        size = self.source.size
        if size is not None:
            encoded = (size + 2) // 3 * 4
            headers["content-length"] = str(len(self.head) + encoded + len(self.tail))
        return self, headers

    def __iter__(self) -> Iterator[bytes]:
        reader = self.source.open()
        try:
            yield self.head
            encoder = _Encoder(self.source, self.progress)
            while chunk := reader.read(encoder.want()):
                piece = encoder.feed(chunk)
                if piece:
                    yield piece
            yield encoder.finish() + self.tail
        finally:
            self.source.release(reader)

    async def __aiter__(self) -> AsyncIterator[bytes]:
        import anyio.to_thread

        reader = self.source.open()
        try:
            yield self.head
            encoder = _Encoder(self.source, self.progress)
            while True:
                size = encoder.want()
                # Reading a file may block; keep the event loop free while it does.
                chunk = (
                    await anyio.to_thread.run_sync(reader.read, size)
                    if self.source.blocking
                    else reader.read(size)
                )
                if not chunk:
                    break
                piece = encoder.feed(chunk)
                if piece:
                    yield piece
            yield encoder.finish() + self.tail
        finally:
            self.source.release(reader)


class _Encoder:
    """Base64 of a file read in pieces: whole groups of three bytes at a time, the rest kept
    for the next piece, never more than the size announced."""

    def __init__(self, source: FileSource, progress: ProgressCallback | None) -> None:
        self.source = source
        self.progress = progress
        self.read = 0
        self.pending = b""

    def want(self) -> int:
        size = self.source.size
        return _READ_SIZE if size is None else min(_READ_SIZE, size - self.read)

    def feed(self, chunk: Any) -> bytes:
        """The base64 of the whole groups of three bytes ``chunk`` completes."""
        if not isinstance(chunk, (bytes, bytearray, memoryview)):
            raise RequestValidationError(
                f"the file object returned {type(chunk).__name__} instead of bytes; "
                "open the file in binary mode (open(path, 'rb'))"
            )
        self.read += len(chunk)
        if self.progress is not None:
            self.progress(self.read, self.source.size)
        data = self.pending + bytes(chunk)
        whole = len(data) - len(data) % 3
        self.pending = data[whole:]
        return base64.b64encode(data[:whole])

    def finish(self) -> bytes:
        size = self.source.size
        if size is not None and self.read < size:
            raise RequestValidationError(
                f"{self.source.filename!r} shrank while it was being uploaded "
                f"({self.read} of {size} bytes read); upload it again once it is no longer changing"
            )
        return base64.b64encode(self.pending)


class Voices(Resource):
    """Voices (``client.audio.voices``): list the presets and your own, create one from a
    recording, change or delete yours, and download a voice's sample.

    >>> voice = client.audio.voices.create(name="Ada", file="ada.wav", languages=["en"])
    >>> client.audio.speech.create(input="Hello", voice_id=voice.id).write_to("ada.mp3")
    PosixPath('ada.mp3')
    """

    __slots__ = ()

    def _list(
        self,
        *,
        limit: int | UnsetType = UNSET,
        offset: int | UnsetType = UNSET,
        **options: Unpack[CallOptions],
    ) -> Call:
        """One page of voices, without their samples (``limit`` 10 and ``offset`` 0 by
        default). :meth:`iter_all` walks every page.

        >>> [v.name for v in client.audio.voices.list(limit=50).items]
        ['Ava', 'Leo']
        """
        return Call(query={"limit": limit, "offset": offset}, options=options)

    def _create(
        self,
        *,
        name: str,
        file: Any = None,
        sample_audio: str | UnsetType = UNSET,
        sample_filename: OptionalNullable[str] = UNSET,
        slug: OptionalNullable[str] = UNSET,
        languages: Sequence[str] | UnsetType = UNSET,
        gender: OptionalNullable[str] = UNSET,
        age: OptionalNullable[int] = UNSET,
        tags: OptionalNullable[Sequence[str]] = UNSET,
        color: OptionalNullable[str] = UNSET,
        retention_notice: int | UnsetType = UNSET,
        progress: ProgressCallback | None = None,
        **options: Unpack[CallOptions],
    ) -> Call:
        """Create a voice from a recording of it: ``file`` (streamed from disk and encoded as
        it is sent, never read whole) or ``sample_audio`` (already base64), exactly one.

        :param file: a path, bytes, an open binary file or ``File(file_name=..., content=...)``.
        :param sample_filename: the recording's file name, for its format (default: the
            name of ``file``).
        :param slug: a short unique name to use in place of the id.
        :param retention_notice: days the sample is kept (the API's default is 30).
        :param progress: called as ``progress(bytes_read, total)`` while ``file`` uploads.

        >>> voice = client.audio.voices.create(name="Ada", file="ada.wav", gender="female",
        ...                                    languages=["en"], tags=["narration"])
        >>> voice.name, voice.languages, voice.retention_notice
        ('Ada', ['en'], 30)
        """
        given = [
            n for n, v in (("file", file), ("sample_audio", sample_audio)) if v not in (None, UNSET)
        ]
        if len(given) != 1:
            raise RequestValidationError(
                "give exactly one of file or sample_audio "
                f"(got {', '.join(given) or 'none'}); nothing was sent"
            )
        if file is None:
            return Call(body=request_body(VoiceCreateRequest, locals()), options=options)
        source = file_source(file)
        if sample_filename is UNSET and _named(file):
            sample_filename = source.filename
        fields = {**locals(), "sample_audio": ""}
        body = request_body(VoiceCreateRequest, fields)
        head = body.model_dump_json(by_alias=True, exclude_unset=True, exclude={"sample_audio"})
        upload = Base64Upload(head.encode(), "sample_audio", source, progress)
        return Call(content=upload, replayable=source.replayable, options=options)

    def _get(self, voice_id: str, **options: Unpack[CallOptions]) -> Call:
        """A voice (without its sample), by id or slug.

        >>> client.audio.voices.get("leo").languages
        ['fr']
        """
        return Call(path_params={"voice_id": voice_id}, options=options)

    def _update(
        self,
        voice_id: str,
        *,
        name: OptionalNullable[str] = UNSET,
        languages: OptionalNullable[Sequence[str]] = UNSET,
        gender: OptionalNullable[str] = UNSET,
        age: OptionalNullable[int] = UNSET,
        tags: OptionalNullable[Sequence[str]] = UNSET,
        **options: Unpack[CallOptions],
    ) -> Call:
        """Change one of your voices; only the arguments given are sent.

        >>> client.audio.voices.update(voice.id, tags=["narration", "calm"]).tags
        ['narration', 'calm']
        """
        body = request_body(VoiceUpdateRequest, locals())
        return Call(path_params={"voice_id": voice_id}, body=body, options=options)

    def _delete(self, voice_id: str, **options: Unpack[CallOptions]) -> Call:
        """Delete one of your voices; answers the voice as it was.

        >>> client.audio.voices.delete(voice.id).name
        'Ada'
        """
        return Call(path_params={"voice_id": voice_id}, options=options)

    def _get_sample_audio(self, voice_id: str, **options: Unpack[CallOptions]) -> Call:
        """Start downloading a voice's sample; return the response with its body not yet
        read. Read it in pieces and close it (the async twin: ``aiter_bytes()`` and
        ``aclose()``); :meth:`get_sample_audio_to` saves it to a file.

        >>> response = client.audio.voices.get_sample_audio(voice.id)
        >>> try:
        ...     for chunk in response.iter_bytes():
        ...         speaker.write(chunk)
        ... finally:
        ...     response.close()
        >>> response.headers["content-type"], speaker.received
        ('audio/wav', 4844)
        """
        headers = _SAMPLE_HEADERS
        return Call(path_params={"voice_id": voice_id}, headers=headers, options=options)

    list = sync_operation(LIST, _list)
    list_async = async_operation(LIST, _list)
    list_pages = sync_pages(
        list,
        PAGES,
        example="""
        >>> [[v.name for v in page.items] for page in client.audio.voices.list_pages(limit=1)]
        [['Ava'], ['Leo']]
        """,
    )
    list_pages_async = async_pages(
        list_async,
        PAGES,
        example="""
        >>> [page.total async for page in client.audio.voices.list_pages_async(limit=1)]
        [2, 2]
        """,
    )
    iter_all = sync_items(
        list,
        PAGES,
        example="""
        >>> [v.slug for v in client.audio.voices.iter_all()]
        ['ava', 'leo']
        """,
    )
    iter_all_async = async_items(
        list_async,
        PAGES,
        example="""
        >>> mine = await client.audio.voices.create_async(name="Ada", file="ada.wav")
        >>> [v.name async for v in client.audio.voices.iter_all_async() if v.user_id]
        ['Ada']
        """,
    )
    create = sync_operation(CREATE, _create)
    create_async = async_operation(CREATE, _create)
    get = sync_operation(GET, _get)
    get_async = async_operation(GET, _get)
    update = sync_operation(UPDATE, _update)
    update_async = async_operation(UPDATE, _update)
    delete = sync_operation(DELETE, _delete)
    delete_async = async_operation(DELETE, _delete)
    get_sample_audio = sync_operation(GET_SAMPLE_AUDIO, _get_sample_audio)
    get_sample_audio_async = async_operation(GET_SAMPLE_AUDIO, _get_sample_audio)

    def get_sample_audio_to(
        self,
        voice_id: str,
        path: str | os.PathLike[str],
        *,
        progress: ProgressCallback | None = None,
        **options: Unpack[CallOptions],
    ) -> Path:
        """Download a voice's sample to ``path``: the whole sample appears there, or nothing
        does. An answer in JSON (the spec's other form, a base64 string) is decoded first.

        :param progress: called as ``progress(bytes_written, None)``.

        >>> client.audio.voices.get_sample_audio_to(voice.id, "ada-sample.wav")
        PosixPath('ada-sample.wav')
        """
        target = check_target(path)
        response = self.get_sample_audio(voice_id, **options)
        try:
            if _is_json(response):
                response.read()
                write([_json_audio(response)], target, progress)
            else:
                write(response.iter_bytes(), target, progress)
        finally:
            response.close()
        return target

    async def get_sample_audio_to_async(
        self,
        voice_id: str,
        path: str | os.PathLike[str],
        *,
        progress: ProgressCallback | None = None,
        **options: Unpack[CallOptions],
    ) -> Path:
        """Async twin of :meth:`get_sample_audio_to`.

        >>> await client.audio.voices.get_sample_audio_to_async("ava", "ava-sample.wav")
        PosixPath('ava-sample.wav')
        """
        target = check_target(path)
        response = await self.get_sample_audio_async(voice_id, **options)
        try:
            if _is_json(response):
                await response.aread()
                await write_async(_once(_json_audio(response)), target, progress)
            else:
                await write_async(response.aiter_bytes(), target, progress)
        finally:
            await response.aclose()
        return target


def _named(file: Any) -> bool:
    """Whether ``file`` has a name of its own (a path, a ``File``, a file opened by name)."""
    if isinstance(file, (bytes, bytearray, memoryview)):
        return False
    if callable(getattr(file, "read", None)):
        return isinstance(getattr(file, "name", None), str)
    return True


def _is_json(response: httpx.Response) -> bool:
    return "json" in response.headers.get("content-type", "")


def _json_audio(response: httpx.Response) -> bytes:
    try:
        return base64.b64decode(json.loads(response.content), validate=True)
    except (ValueError, TypeError) as exc:
        raise ResponseValidationError(
            "the voice sample came as JSON but not as a base64 string",
            response,
            response.text,
        ) from exc


async def _once(data: bytes) -> AsyncIterator[bytes]:
    yield data
