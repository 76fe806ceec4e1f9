"""Waiting for a long-running job: poll with backoff until it reaches a terminal state."""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from typing import TypeVar

import anyio

from mistralai.errors import WaitTimeoutError

T = TypeVar("T")


def _next_interval(interval: float, maximum: float) -> float:
    return min(interval * 1.5, maximum)


def poll(
    fetch: Callable[[], T],
    finished: Callable[[T], bool],
    *,
    poll_interval: float = 2.0,
    max_interval: float = 30.0,
    timeout: float | None = 3600.0,
    progress: Callable[[T], None] | None = None,
) -> T:
    """Call ``fetch`` until ``finished(result)``; raise :class:`WaitTimeoutError` after ``timeout``.

    The interval starts at ``poll_interval`` seconds and grows by half each time, up to
    ``max_interval``. ``progress`` sees every result.

    >>> job = client.batch.jobs.create(endpoint="/v1/embeddings", model="mistral-embed",
    ...                                requests=[{"custom_id": "1", "body": {"input": "Hi"}}])
    >>> job = poll(lambda: client.batch.jobs.get(job.id), lambda j: j.status in ("SUCCESS", "FAILED"))
    >>> job.status
    'SUCCESS'
    """
    deadline = None if timeout is None else time.monotonic() + timeout
    interval = poll_interval
    while True:
        result = fetch()
        if progress is not None:
            progress(result)
        if finished(result):
            return result
        if deadline is not None and time.monotonic() + interval > deadline:
            raise WaitTimeoutError(f"still not finished after {timeout}s", result)
        time.sleep(interval)
        interval = _next_interval(interval, max_interval)


async def poll_async(
    fetch: Callable[[], Awaitable[T]],
    finished: Callable[[T], bool],
    *,
    poll_interval: float = 2.0,
    max_interval: float = 30.0,
    timeout: float | None = 3600.0,  # noqa: ASYNC109 - the job's deadline, checked between polls
    progress: Callable[[T], None] | None = None,
) -> T:
    """Async twin of :func:`poll`."""
    deadline = None if timeout is None else time.monotonic() + timeout
    interval = poll_interval
    while True:
        result = await fetch()
        if progress is not None:
            progress(result)
        if finished(result):
            return result
        if deadline is not None and time.monotonic() + interval > deadline:
            raise WaitTimeoutError(f"still not finished after {timeout}s", result)
        await anyio.sleep(interval)
        interval = _next_interval(interval, max_interval)
