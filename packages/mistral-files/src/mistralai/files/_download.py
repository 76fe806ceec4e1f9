"""Saving a downloaded file: all of it at the target path, or nothing there at all.

The body is written to a hidden ``.<name>.<random>.part`` file in the target's directory and
renamed over the target once the last byte is on disk, so a reader never sees half a file
and a failure leaves the target as it was.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, BinaryIO

import anyio
import httpx

from mistralai.errors import RequestValidationError, StreamError

if TYPE_CHECKING:
    from mistralai.utils import ProgressCallback


class DownloadInterruptedError(StreamError):
    """The connection broke while the file's body was arriving; the target was left untouched.

    A response had started (so this is not a :class:`~mistralai.errors.NoResponseError`); the
    body broke off, which is what :class:`~mistralai.errors.StreamError` means. Download the
    file again.
    """

    def __init__(self, message: str, *, bytes_received: int, expected_bytes: int | None) -> None:
        super().__init__(message)
        self.bytes_received = bytes_received
        self.expected_bytes = expected_bytes


def check_target(path: str | os.PathLike[str]) -> Path:
    """The target as a ``Path``, once it is known that a file can be written there."""
    target = Path(path)
    if target.is_dir():
        raise RequestValidationError(
            f"{str(target)!r} is a directory; give the path of the file to write, "
            f"e.g. {str(target / 'data.jsonl')!r}"
        )
    parent = target.parent
    if not parent.is_dir():
        raise RequestValidationError(
            f"the directory {str(parent)!r} does not exist; create it first "
            "(Path(...).mkdir(parents=True))"
        )
    if not os.access(parent, os.W_OK):
        raise RequestValidationError(f"cannot write in {str(parent)!r}; check its permissions")
    return target


class PartFile:
    """The temporary file a download is written to; removed unless :meth:`commit` ran."""

    def __init__(self, target: Path) -> None:
        self.target = target
        self.path = target.with_name(f".{target.name}.{secrets.token_hex(4)}.part")
        self.file: BinaryIO = open(self.path, "xb")  # noqa: SIM115 - closed in __exit__
        self._committed = False

    def commit(self) -> None:
        """Make the written bytes durable and move them to the target."""
        self.file.flush()
        os.fsync(self.file.fileno())
        self.file.close()
        os.replace(self.path, self.target)
        self._committed = True

    def __enter__(self) -> PartFile:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.file.close()
        if not self._committed:
            self.path.unlink(missing_ok=True)


def save(response: httpx.Response, target: Path, progress: ProgressCallback | None) -> int:
    """Write ``response``'s body to ``target``; return the number of bytes written."""
    total = _content_length(response)
    received = 0
    try:
        with PartFile(target) as part:
            _report(progress, 0, total)
            try:
                for chunk in response.iter_bytes():
                    part.file.write(chunk)
                    received += len(chunk)
                    _report(progress, received, total)
            except (httpx.TransportError, httpx.StreamError) as exc:
                raise _interrupted(response, target, received, total, exc) from exc
            part.commit()
    finally:
        response.close()
    return received


async def save_async(
    response: httpx.Response, target: Path, progress: ProgressCallback | None
) -> int:
    """Async twin of :func:`save`."""
    total = _content_length(response)
    received = 0
    try:
        with PartFile(target) as part:
            _report(progress, 0, total)
            try:
                async for chunk in response.aiter_bytes():
                    part.file.write(chunk)
                    received += len(chunk)
                    _report(progress, received, total)
            except (httpx.TransportError, httpx.StreamError) as exc:
                raise _interrupted(response, target, received, total, exc) from exc
            # fsync of a large file can take a while; keep the event loop free meanwhile.
            await anyio.to_thread.run_sync(part.commit)
    finally:
        await response.aclose()
    return received


def _report(progress: ProgressCallback | None, done: int, total: int | None) -> None:
    if progress is not None:
        progress(done, total)


def _content_length(response: httpx.Response) -> int | None:
    if "content-encoding" in response.headers:
        return None  # the length on the wire is not the length of the decoded file
    try:
        return int(response.headers["content-length"])
    except (KeyError, ValueError):
        return None


def _interrupted(
    response: httpx.Response,
    target: Path,
    received: int,
    total: int | None,
    exc: Exception,
) -> DownloadInterruptedError:
    of = f" of {total}" if total is not None else ""
    return DownloadInterruptedError(
        f"the download from {response.request.url.path} broke off after {received}{of} bytes "
        f"({type(exc).__name__}: {exc}); nothing was written to {str(target)!r}. "
        "Download the file again",
        bytes_received=received,
        expected_bytes=total,
    )
