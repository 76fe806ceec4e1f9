"""A pass-through for a response's byte stream that keeps a bounded copy of what is read.

Imported on the first traced response only: it needs httpx, which building a client does
not import.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any

import httpx

MAX_BODY_BYTES = 4 * 1024 * 1024
"""The largest body (as received, and once decompressed) that is copied."""

OnClose = Callable[[bytes | None, BaseException | None], None]
"""Called once, when the response is closed: the decoded body when it was read whole and
within :data:`MAX_BODY_BYTES` (else None), and the exception that broke off the reading."""


def watch_body(response: httpx.Response, on_close: OnClose) -> None:
    """Report ``response``'s body to ``on_close`` once its reader has read and closed it.

    Nothing is read here: the response's stream is swapped for one that hands every chunk on
    unchanged. A body already read (a response built with its content) is reported at once,
    and so is a body declared longer than the bound, as None.

    >>> watch_body(response, lambda body, error: print(body))  # doctest: +SKIP
    """
    length = response.headers.get("content-length", "")
    if length.isdigit() and int(length) > MAX_BODY_BYTES:
        on_close(None, None)
        return
    try:
        content = response.content
    except httpx.ResponseNotRead:
        copy = _Copy(response.headers.get("content-encoding", ""), on_close)
        response.stream = _passing_through(response.stream, copy)
        return
    on_close(content if len(content) <= MAX_BODY_BYTES else None, None)


class _Copy:
    """What passed through a stream, up to the bound."""

    __slots__ = ("_chunks", "_encoding", "_error", "_on_close", "_size")

    def __init__(self, content_encoding: str, on_close: OnClose | None) -> None:
        self._encoding = content_encoding
        self._on_close = on_close
        self._chunks: list[bytes] | None = []
        self._size = 0
        self._error: BaseException | None = None

    def feed(self, chunk: bytes) -> None:
        if self._chunks is None:
            return
        self._size += len(chunk)
        if self._size > MAX_BODY_BYTES:
            self._chunks = None
        else:
            self._chunks.append(chunk)

    def fail(self, error: BaseException) -> None:
        self._error = error

    def close(self, *, completed: bool) -> None:
        on_close, self._on_close = self._on_close, None
        if on_close is None:
            return
        body = None
        if completed and self._error is None and self._chunks is not None:
            body = _decoded(b"".join(self._chunks), self._encoding)
        on_close(body, self._error)


class _PassThrough:
    __slots__ = ("_completed", "_copy", "_inner")

    def __init__(self, inner: Any, copy: _Copy) -> None:
        self._inner = inner
        self._copy = copy
        self._completed = False


class _SyncPassThrough(_PassThrough, httpx.SyncByteStream):
    def __iter__(self) -> Iterator[bytes]:
        try:
            for chunk in self._inner:
                self._copy.feed(chunk)
                yield chunk
        except Exception as exc:
            self._copy.fail(exc)
            raise
        self._completed = True

    def close(self) -> None:
        try:
            self._inner.close()
        finally:
            self._copy.close(completed=self._completed)


class _AsyncPassThrough(_PassThrough, httpx.AsyncByteStream):
    async def __aiter__(self) -> AsyncIterator[bytes]:
        try:
            async for chunk in self._inner:
                self._copy.feed(chunk)
                yield chunk
        except Exception as exc:
            self._copy.fail(exc)
            raise
        self._completed = True

    async def aclose(self) -> None:
        try:
            await self._inner.aclose()
        finally:
            self._copy.close(completed=self._completed)


class _EitherPassThrough(_SyncPassThrough, _AsyncPassThrough):
    """For a stream that reads both ways, such as ``httpx.ByteStream``."""


def _passing_through(
    inner: httpx.SyncByteStream | httpx.AsyncByteStream, copy: _Copy
) -> httpx.SyncByteStream | httpx.AsyncByteStream:
    # The same kind of stream as the one replaced, so httpx still refuses a sync read of an
    # async response (and the reverse) with its own error.
    is_sync = isinstance(inner, httpx.SyncByteStream)
    if is_sync and isinstance(inner, httpx.AsyncByteStream):
        return _EitherPassThrough(inner, copy)
    if is_sync:
        return _SyncPassThrough(inner, copy)
    return _AsyncPassThrough(inner, copy)


def _decoded(raw: bytes, content_encoding: str) -> bytes | None:
    """``raw`` as its reader saw it: decompressed the way httpx does, within the bound."""
    if not content_encoding:
        return raw
    response = httpx.Response(
        200, headers={"content-encoding": content_encoding}, stream=httpx.ByteStream(raw)
    )
    decoded = bytearray()
    try:
        for chunk in response.iter_bytes():
            decoded += chunk
            if len(decoded) > MAX_BODY_BYTES:
                return None
    except httpx.DecodingError:
        return None
    return bytes(decoded)
