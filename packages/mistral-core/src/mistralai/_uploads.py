"""Uploads: a streaming ``multipart/form-data`` encoder and the sources it reads from.

The body is the form fields, the file part's header, the file itself read in 64 KiB chunks,
then the closing boundary. Its length is computed up front, so the request carries a
``Content-Length`` and the file is never held in memory whole. Every iteration starts the
file over (a path is reopened, a seekable stream is sought back), which is what lets a
failed attempt be retried. The same body iterates sync or async.

:func:`file_source` turns what a caller passes as ``file`` (a path, bytes, an open binary
file, or ``File(file_name=..., content=...)`` / a dict with those keys) into a source, or
raises :class:`~mistralai.errors.RequestValidationError` before anything is sent.
"""

from __future__ import annotations

import io
import mimetypes
import os
import secrets
import stat
from collections.abc import AsyncIterator, Callable, Iterator, Sequence
from typing import Any, BinaryIO, Protocol

import pydantic

from mistralai.errors import RequestValidationError
from mistralai.models._file import File

CHUNK_SIZE = 64 * 1024

ProgressCallback = Callable[[int, "int | None"], object]
"""Called as ``progress(bytes_done, total)``; ``total`` is None when the size is unknown."""


class Reader(Protocol):
    def read(self, size: int, /) -> bytes: ...


class FileSource:
    """Where the bytes of an upload come from, readable once per attempt."""

    filename: str
    content_type: str | None
    size: int | None
    replayable: bool = True
    blocking: bool = True

    def open(self) -> Reader:
        raise NotImplementedError

    def check(self) -> None:
        """Raise before an attempt is sent if the source can no longer give what it announced."""

    def release(self, reader: Reader) -> None:
        """Called when an attempt is over, whether it finished or not."""


class BytesSource(FileSource):
    blocking = False

    def __init__(self, data: bytes, filename: str, content_type: str | None = None) -> None:
        self.data = data
        self.filename = filename
        self.content_type = content_type
        self.size = len(data)

    def open(self) -> Reader:
        return io.BytesIO(self.data)


class PathSource(FileSource):
    def __init__(self, path: str, size: int, filename: str, content_type: str | None) -> None:
        self.path = path
        self.size = size
        self.filename = filename
        self.content_type = content_type

    def open(self) -> Reader:
        return open(self.path, "rb")

    def check(self) -> None:
        try:
            size = os.stat(self.path).st_size
        except OSError as exc:
            raise RequestValidationError(
                f"{self.filename!r} can no longer be read ({exc.strerror or type(exc).__name__}: "
                f"{self.path}); it was not sent again. Keep the file until the upload returns"
            ) from None
        if size != self.size:
            raise RequestValidationError(
                f"{self.filename!r} changed size ({self.size} -> {size} bytes) since the upload "
                "started; it was not sent again. Upload it once it is no longer changing"
            )

    def release(self, reader: Reader) -> None:
        reader.close()  # type: ignore[attr-defined]


class StreamSource(FileSource):
    """A caller's file object; never closed here. Seekable ones restart where they began."""

    def __init__(self, stream: BinaryIO, filename: str, content_type: str | None) -> None:
        self.stream = stream
        self.filename = filename
        self.content_type = content_type
        self.start = _tell(stream)
        self.replayable = self.start is not None
        self.size = None
        if self.start is not None:
            end = stream.seek(0, os.SEEK_END)
            stream.seek(self.start)
            self.size = end - self.start
        self._opened = False

    def open(self) -> Reader:
        if self.start is not None:
            self.stream.seek(self.start)
        elif self._opened:
            raise RequestValidationError(
                "a non-seekable stream can be sent only once; pass a path or bytes to retry"
            )
        self._opened = True
        return self.stream


class MultipartUpload:
    """One upload's body; iterate it (sync or async) once per attempt.

    ``source`` None sends the fields alone (a form that names its file by URL or id).

    >>> body = MultipartUpload([("purpose", "batch")], BytesSource(b"hi", "a.txt"))
    >>> b"".join(body).endswith(b"--\\r\\n")
    True
    """

    def __init__(
        self,
        fields: Sequence[tuple[str, str]],
        source: FileSource | None,
        progress: ProgressCallback | None = None,
        chunk_size: int = CHUNK_SIZE,
        file_field: str = "file",
    ) -> None:
        self.source = source
        self.progress = progress
        self.chunk_size = chunk_size
        self.boundary = secrets.token_hex(16)
        parts = [
            _part_header(self.boundary, name) + value.encode() + b"\r\n" for name, value in fields
        ]
        closing = f"--{self.boundary}--\r\n".encode()
        if source is None:
            self.preamble = b"".join(parts)
            self.epilogue = closing
            return
        content_type = source.content_type or "application/octet-stream"
        parts.append(
            _part_header(self.boundary, file_field, source.filename)
            + f"Content-Type: {content_type}\r\n\r\n".encode()
        )
        self.preamble = b"".join(parts)
        self.epilogue = b"\r\n" + closing

    def __call__(self) -> tuple[MultipartUpload, dict[str, str]]:
        """This body and its headers for one more attempt, after checking the file is intact.

        The call options of an operation take it as ``Call(content=upload)``.
        """
        if self.source is not None:
            self.source.check()
        return self, self.headers

    @property
    def content_length(self) -> int | None:
        """The body's length in bytes, or None when the file's size is unknown."""
        size = 0 if self.source is None else self.source.size
        return None if size is None else len(self.preamble) + size + len(self.epilogue)

    @property
    def headers(self) -> dict[str, str]:
        """The content headers that go with the body."""
        headers = {"content-type": f"multipart/form-data; boundary={self.boundary}"}
        if self.content_length is not None:
            headers["content-length"] = str(self.content_length)
        return headers

    def __iter__(self) -> Iterator[bytes]:
        source = self.source
        if source is None:
            yield self.preamble + self.epilogue
            return
        reader = source.open()
        try:
            yield self.preamble
            sent = self._report(source, 0)
            while True:
                chunk = reader.read(self._next_size(source, sent))
                if not chunk:
                    break
                chunk = _checked(chunk)
                sent = self._report(source, sent + len(chunk))
                yield chunk
            self._check_complete(source, sent)
            yield self.epilogue
        finally:
            source.release(reader)

    async def __aiter__(self) -> AsyncIterator[bytes]:
        source = self.source
        if source is None:
            yield self.preamble + self.epilogue
            return
        reader = source.open()
        try:
            yield self.preamble
            sent = self._report(source, 0)
            while True:
                size = self._next_size(source, sent)
                # Reading a file may block; keep the event loop free while it does.
                chunk = (
                    await _to_thread(reader.read, size) if source.blocking else reader.read(size)
                )
                if not chunk:
                    break
                chunk = _checked(chunk)
                sent = self._report(source, sent + len(chunk))
                yield chunk
            self._check_complete(source, sent)
            yield self.epilogue
        finally:
            source.release(reader)

    def _next_size(self, source: FileSource, sent: int) -> int:
        size = source.size
        # Never send more than the Content-Length announced, even if the file grew meanwhile.
        return self.chunk_size if size is None else min(self.chunk_size, size - sent)

    def _report(self, source: FileSource, sent: int) -> int:
        if self.progress is not None:
            self.progress(sent, source.size)
        return sent

    def _check_complete(self, source: FileSource, sent: int) -> None:
        size = source.size
        if size is not None and sent < size:
            raise RequestValidationError(
                f"{source.filename!r} shrank while it was being uploaded "
                f"({sent} of {size} bytes read); upload it again once it is no longer changing"
            )


def _part_header(boundary: str, name: str, filename: str | None = None) -> bytes:
    disposition = f'form-data; name="{name}"'
    if filename is not None:
        disposition += f'; filename="{_quote(filename)}"'
    return f"--{boundary}\r\nContent-Disposition: {disposition}\r\n".encode() + (
        b"" if filename is not None else b"\r\n"
    )


def _quote(filename: str) -> str:
    # The escaping browsers use for form-data names (WHATWG HTML, "multipart/form-data").
    return filename.replace("\r", "%0D").replace("\n", "%0A").replace('"', "%22")


def _checked(chunk: object) -> bytes:
    if isinstance(chunk, bytes):
        return chunk
    if isinstance(chunk, (bytearray, memoryview)):
        return bytes(chunk)
    raise RequestValidationError(
        f"the file object returned {type(chunk).__name__} instead of bytes; "
        "open the file in binary mode (open(path, 'rb'))"
    )


def _tell(stream: BinaryIO) -> int | None:
    seekable = getattr(stream, "seekable", None)
    if not callable(seekable):
        return None
    try:
        return stream.tell() if seekable() else None
    except (OSError, ValueError):
        return None


DEFAULT_FILENAME = "upload.bin"
"""The name sent for bytes or a stream that has none; pass a File to choose one."""

_ACCEPTED = (
    "a path, bytes, an open binary file, or File(file_name=..., content=...) "
    "(a dict with those keys works too)"
)


def file_source(file: Any) -> FileSource:
    """The upload source for ``file``; raises :class:`RequestValidationError` if unusable.

    >>> file_source(b"hello").size
    5
    """
    if isinstance(file, (File, dict)):
        return _named_source(file)
    if isinstance(file, (str, os.PathLike)):
        return _path_source(os.fspath(file))
    if isinstance(file, (bytes, bytearray, memoryview)):
        return BytesSource(bytes(file), DEFAULT_FILENAME, _guess_type(DEFAULT_FILENAME))
    if callable(getattr(file, "read", None)):
        name = _stream_name(file)
        return _stream_source(file, name, _guess_type(name))
    raise RequestValidationError(f"file must be {_ACCEPTED}, not {type(file).__name__}")


def _named_source(file: File | dict[str, Any]) -> FileSource:
    if isinstance(file, dict):
        try:
            file = File.model_validate(file)
        except pydantic.ValidationError as exc:
            problems = "; ".join(
                f"{'.'.join(map(str, e['loc'])) or 'value'}: {e['msg']}" for e in exc.errors()
            )
            raise RequestValidationError(
                f"invalid file: {problems}. Expected {_ACCEPTED}; nothing was sent", exc
            ) from None
    if not file.file_name:
        raise RequestValidationError(
            "file.file_name is empty; give the name the file is stored under"
        )
    content_type = file.content_type or _guess_type(file.file_name)
    if isinstance(file.content, bytes):
        return BytesSource(file.content, file.file_name, content_type)
    return _stream_source(file.content, file.file_name, content_type)


def _path_source(path: str) -> FileSource:
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise RequestValidationError(
            f"no file at {path!r}; check the path (relative paths start at {os.getcwd()!r})"
        ) from None
    except OSError as exc:
        raise RequestValidationError(f"cannot read {path!r}: {exc.strerror}") from None
    if stat.S_ISDIR(info.st_mode):
        raise RequestValidationError(f"{path!r} is a directory; pass the path of a file inside it")
    if not stat.S_ISREG(info.st_mode):
        raise RequestValidationError(
            f"{path!r} is not a regular file; open it with open(path, 'rb') and pass the stream"
        )
    if not os.access(path, os.R_OK):
        raise RequestValidationError(f"{path!r} is not readable; check its permissions")
    name = os.path.basename(path)
    return PathSource(path, info.st_size, name, _guess_type(name))


def _stream_source(stream: BinaryIO, name: str, content_type: str | None) -> FileSource:
    mode = getattr(stream, "mode", None)
    if isinstance(stream, io.TextIOBase) or (isinstance(mode, str) and "b" not in mode):
        raise RequestValidationError(
            f"the stream for {name!r} is open in text mode; open it in binary mode "
            "(open(path, 'rb')) so its bytes are sent unchanged"
        )
    if getattr(stream, "closed", False) is True:
        raise RequestValidationError(f"the stream for {name!r} is closed; pass an open file")
    readable = getattr(stream, "readable", None)
    if callable(readable) and not readable():
        raise RequestValidationError(
            f"the stream for {name!r} is not open for reading; open it with mode 'rb'"
        )
    return StreamSource(stream, name, content_type)


def _stream_name(stream: Any) -> str:
    name = getattr(stream, "name", None)
    if isinstance(name, str) and os.path.basename(name):
        return os.path.basename(name)
    return DEFAULT_FILENAME


def _guess_type(filename: str) -> str | None:
    return mimetypes.guess_type(filename, strict=False)[0]


async def _to_thread(read: Callable[[int], bytes], size: int) -> bytes:
    import anyio.to_thread

    return await anyio.to_thread.run_sync(read, size)
