"""Peak memory of the client while it uploads and downloads a large file.

Uploads a file of ``--size-mb`` MB (default 500) with ``client.files.upload`` and saves it
back with ``client.files.download_to``, sync and async, against the local test server run
as a subprocess (``python -m mistralai.testing``) so that only this process's memory is
measured. For each step it prints a Markdown row with the time taken and the peak growth of
the resident set size over the level before the step, sampled from ``/proc/self/status``
(``VmRSS`` every few milliseconds, and ``VmHWM`` after resetting it through
``/proc/self/clear_refs`` where the kernel allows).

A streaming client stays within a few MB whatever the file's size; the last row reads the
file whole before uploading it, to show what the meter reports when memory does grow. Run it by hand, never as part of the tests::

    uv run python benchmarks/files_memory.py --size-mb 500
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

MB = 1024 * 1024


def status_kb(field: str) -> int:
    """A ``kB`` field of ``/proc/self/status`` (``VmRSS``, ``VmHWM``)."""
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    raise RuntimeError(f"{field} is not in /proc/self/status (Linux only)")


def reset_peak() -> bool:
    """Reset ``VmHWM`` to the current RSS; False if the kernel does not allow it."""
    try:
        with open("/proc/self/clear_refs", "w") as fh:
            fh.write("5")
    except OSError:
        return False
    return True


class PeakRSS:
    """Samples ``VmRSS`` in a thread while a step runs; ``growth_mb`` is the peak over the start."""

    def __init__(self, interval: float = 0.002) -> None:
        self.interval = interval
        self.start_kb = 0
        self.peak_kb = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._hwm = False

    def _sample(self) -> None:
        while not self._stop.is_set():
            self.peak_kb = max(self.peak_kb, status_kb("VmRSS"))
            self._stop.wait(self.interval)

    def __enter__(self) -> PeakRSS:
        self._hwm = reset_peak()
        self.start_kb = self.peak_kb = status_kb("VmRSS")
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.peak_kb = max(self.peak_kb, status_kb("VmRSS"))
        if self._hwm:
            self.peak_kb = max(self.peak_kb, status_kb("VmHWM"))

    @property
    def growth_mb(self) -> float:
        return (self.peak_kb - self.start_kb) / 1024


@contextmanager
def test_server(url: str | None) -> Iterator[str]:
    """The URL of a running test server; starts ``python -m mistralai.testing`` if none given."""
    if url:
        yield url
        return
    process = subprocess.Popen(
        [sys.executable, "-m", "mistralai.testing", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        assert process.stdout is not None
        deadline = time.monotonic() + 30
        for line in process.stdout:
            found = re.search(r"https?://127\.0\.0\.1:\d+", line)
            if found:
                yield found.group(0)
                return
            if time.monotonic() > deadline:
                break
        raise RuntimeError("the test server did not print its URL")
    finally:
        process.terminate()
        process.wait(timeout=10)


def make_file(directory: Path, size_mb: int) -> Path:
    path = directory / "payload.jsonl"
    block = (b'{"messages": [{"role": "user", "content": "' + b"x" * 990 + b'"}]}\n') * (MB // 1040)
    block = block.ljust(MB, b"\n")
    with open(path, "wb") as fh:
        for _ in range(size_mb):
            fh.write(block)
    return path


def measure(name: str, size_mb: int, step: Callable[[], Any]) -> str:
    with PeakRSS() as rss:
        started = time.perf_counter()
        step()
        elapsed = time.perf_counter() - started
    return f"| {name} | {size_mb} | {elapsed:.2f} | {size_mb / elapsed:.0f} | {rss.growth_mb:.1f} |"


def run(size_mb: int, url: str | None) -> None:
    from mistralai import Mistral
    from mistralai.utils import RetryConfig

    with tempfile.TemporaryDirectory() as tmp, test_server(url) as server_url:
        directory = Path(tmp)
        source = make_file(directory, size_mb)
        client = Mistral(api_key="bench", server_url=server_url, retry_config=RetryConfig("none"))
        files = client.files
        # Warm up: imports, connection pool, pydantic schemas.
        warm = files.upload(file=b"{}\n", purpose="fine-tune")
        files.download_to(warm.id, directory / "warm.jsonl")
        uploaded: list[str] = []

        def upload() -> None:
            uploaded.append(files.upload(file=str(source), purpose="fine-tune").id)

        def upload_whole() -> None:
            # The contrast: reading the file into memory first costs its whole size.
            uploaded.append(files.upload(file=source.read_bytes(), purpose="fine-tune").id)

        def download() -> None:
            files.download_to(uploaded[-1], directory / "copy.jsonl")

        def in_loop(factory: Callable[[], Awaitable[Any]]) -> Callable[[], Any]:
            return lambda: loop.run_until_complete(factory())

        async def upload_async() -> None:
            uploaded.append((await files.upload_async(file=str(source), purpose="fine-tune")).id)

        async def download_async() -> None:
            await files.download_to_async(uploaded[-1], directory / "copy-async.jsonl")

        loop = asyncio.new_event_loop()
        loop.run_until_complete(files.upload_async(file=b"{}\n", purpose="fine-tune"))
        rows = [
            measure("upload (path, sync)", size_mb, upload),
            measure("download_to (sync)", size_mb, download),
            measure("upload (path, async)", size_mb, in_loop(upload_async)),
            measure("download_to (async)", size_mb, in_loop(download_async)),
            measure("upload (bytes read whole, for contrast)", size_mb, upload_whole),
        ]
        for name in ("copy.jsonl", "copy-async.jsonl"):
            if (directory / name).stat().st_size != source.stat().st_size:
                raise SystemExit(f"{name} differs in size from what was uploaded")
        for file_id in uploaded:
            files.delete(file_id)
        loop.run_until_complete(client.aclose())
        loop.close()
        client.close()

    print(f"<!-- Python {sys.version.split()[0]}, pid {os.getpid()}, server {server_url} -->")
    print("| step | MB | seconds | MB/s | peak RSS growth (MB) |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for row in rows:
        print(row)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size-mb", type=int, default=500, help="size of the file (MB)")
    parser.add_argument("--server-url", help="use this running test server instead of starting one")
    args = parser.parse_args()
    run(args.size_mb, args.server_url)


if __name__ == "__main__":
    main()
