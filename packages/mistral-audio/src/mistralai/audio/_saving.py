"""Writing audio to a file: all of it at the target path, or nothing there at all.

The bytes go to a hidden ``.<name>.<random>.part`` file beside the target, renamed over it
once the last byte is on disk, so a reader never sees half a file and a failure (the
connection breaking, the caller stopping) leaves the target as it was.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import AsyncIterable, Iterable
from pathlib import Path
from types import TracebackType
from typing import BinaryIO

from mistralai.errors import RequestValidationError
from mistralai.utils import ProgressCallback


def check_target(path: str | os.PathLike[str]) -> Path:
    """The target as a ``Path``, once it is known that a file can be written there."""
    target = Path(path)
    if target.is_dir():
        raise RequestValidationError(
            f"{str(target)!r} is a directory; give the path of the file to write, "
            f"e.g. {str(target / 'speech.mp3')!r}"
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
    """The temporary file the audio is written to; removed unless :meth:`commit` ran."""

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


def write(chunks: Iterable[bytes], target: Path, progress: ProgressCallback | None) -> int:
    """Write ``chunks`` to ``target`` one at a time; return the number of bytes written."""
    written = 0
    with PartFile(target) as part:
        for chunk in chunks:
            part.file.write(chunk)
            written += len(chunk)
            if progress is not None:
                progress(written, None)
        part.commit()
    return written


async def write_async(
    chunks: AsyncIterable[bytes], target: Path, progress: ProgressCallback | None
) -> int:
    """Async twin of :func:`write`."""
    import anyio.to_thread

    written = 0
    with PartFile(target) as part:
        async for chunk in chunks:
            part.file.write(chunk)
            written += len(chunk)
            if progress is not None:
                progress(written, None)
        # fsync of a long recording can take a while; keep the event loop free meanwhile.
        await anyio.to_thread.run_sync(part.commit)
    return written
