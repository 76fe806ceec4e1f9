"""Turning the ``file`` argument of ``upload`` into a :class:`FileSource`, or a clear error.

Accepted: a :class:`~mistralai.files.models.File` or a dict with ``file_name`` and
``content``; a path (``str`` or ``os.PathLike``); ``bytes``; an open binary file object.
Everything is checked before a request is made.
"""

from __future__ import annotations

import io
import mimetypes
import os
import stat
from typing import Any, BinaryIO

import pydantic

from mistralai.errors import RequestValidationError
from mistralai.files._multipart import BytesSource, FileSource, PathSource, StreamSource
from mistralai.files.models import File

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
