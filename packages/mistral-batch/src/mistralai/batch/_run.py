"""The handle of a run (:class:`BatchRun`, :class:`AsyncBatchRun`) and the two drivers that
perform the effects of ``mistralai.batch._flow``: one blocking, one for asyncio."""

from __future__ import annotations

import asyncio
import importlib
import importlib.util
import os
import sys
import time
import weakref
from collections.abc import AsyncIterator, Callable, Generator, Iterator
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, BinaryIO, Literal, TypeVar, overload

import httpx

from mistralai.batch._flow import Blocking, Download, Flow, Pace, RunFlow, Send, Sleep
from mistralai.batch._results import ResultReader
from mistralai.batch._store import RunStore
from mistralai.batch.models import BatchResult, RunProgress
from mistralai.errors import ClientClosedError, RequestValidationError, StreamError

if TYPE_CHECKING:
    from mistralai._runtime import ClientRuntime
    from mistralai.utils import CallOptions

T = TypeVar("T")
M = TypeVar("M")

Order = Literal["input", "completion"]
ProgressCallback = Callable[[RunProgress], object]
"""Called as ``on_progress(progress)`` whenever a run's :class:`RunProgress` changes."""

_PAGE = 1_000


class ProgressDisplay:
    """Shows a run's progress: calls ``on_progress``, and draws a tqdm bar when asked.

    ``bar=None`` draws one when tqdm is installed and standard error is a terminal.
    """

    def __init__(self, on_progress: ProgressCallback | None, bar: bool | None) -> None:
        self.on_progress = on_progress
        self.draw = _wants_bar(bar)
        self._bar: Any = None
        self._last: RunProgress | None = None

    def __call__(self, progress: RunProgress) -> None:
        if progress == self._last:
            return
        self._last = progress
        if self.on_progress is not None:
            self.on_progress(progress)
        if self.draw:
            self._update_bar(progress)

    def _update_bar(self, progress: RunProgress) -> None:
        if self._bar is None:
            tqdm = importlib.import_module("tqdm.auto").tqdm
            self._bar = tqdm(total=progress.total, unit="req", desc="batch", dynamic_ncols=True)
        self._bar.n = progress.completed
        self._bar.set_postfix(
            ok=progress.succeeded,
            failed=progress.failed,
            jobs=f"{progress.jobs_finished}/{progress.jobs}",
            refresh=False,
        )
        self._bar.refresh()

    def close(self) -> None:
        """End the bar (a later report starts a new one)."""
        if self._bar is not None:
            self._bar.close()
            self._bar = None


def _wants_bar(bar: bool | None) -> bool:
    if bar is False:
        return False
    installed = importlib.util.find_spec("tqdm") is not None
    if bar and not installed:
        raise RequestValidationError(
            "progress_bar=True needs tqdm: pip install 'mistral-batch[progress]' "
            "(or pass on_progress=callback); nothing was sent"
        )
    return installed and (bar is True or sys.stderr.isatty())


class _RunHandle:
    """What both handles share: the state on disk, the run's settings, local reads."""

    def __init__(
        self,
        runtime: ClientRuntime,
        store: RunStore,
        *,
        temporary: bool,
        order: Order,
        pace: Pace,
        options: CallOptions,
        display: ProgressDisplay,
    ) -> None:
        from mistralai.batch._resource import BatchJobs

        self._runtime = runtime
        self._store = store
        self._order = order
        self._display = display
        self._flow = RunFlow(store, BatchJobs(runtime), options, pace, display)
        self._iterations: weakref.WeakSet[Flow[Any]] = weakref.WeakSet()
        self._closer = weakref.finalize(self, _release, store, temporary)

    @property
    def state_path(self) -> Path:
        """The folder holding the run's state; ``client.batch.resume(state_path)`` picks the
        run up in another process."""
        return self._store.folder

    @property
    def run_id(self) -> str:
        """The run's id, also in the ``mistral_batch_run`` metadata of each of its jobs."""
        return self._open().info.run_id

    @property
    def endpoint(self) -> str:
        return self._open().info.endpoint

    @property
    def total(self) -> int:
        """The number of requests."""
        return self._open().info.total

    @property
    def job_ids(self) -> list[str]:
        """The ids of the run's jobs created so far, retries included."""
        return [s.job_id for s in self._open().shards() if s.job_id is not None]

    def progress(self) -> RunProgress:
        """Where the run stands, as last seen (read from disk; sends nothing)."""
        return self._open().progress()

    def failed(self) -> Iterator[BatchResult[dict[str, Any]]]:
        """The requests whose final outcome is a failure, in input order, read from disk
        (sends nothing; call after the run finished, e.g. after ``wait()``).

        >>> for result in run.failed():
        ...     print(result.index, result.custom_id, result.error.message)
        """
        store = self._open()
        reader = ResultReader(store)
        after = -1
        try:
            while rows := store.failed_rows(after, _PAGE):
                for row in rows:
                    yield reader.result(row)
                after = rows[-1][0]
        finally:
            reader.close()

    def close(self) -> None:
        """Close the state (and delete it, for a run started without ``state=``).

        An iteration still open (an ``async for`` left with ``break`` is closed only later)
        is ended first, so that what it handed out is recorded.
        """
        for flow in list(self._iterations):
            flow.close()
        self._display.close()
        self._closer()

    def _open(self) -> RunStore:
        if not self._closer.alive:
            raise ClientClosedError(
                f"this run was closed; open it again with client.batch.resume({str(self.state_path)!r})"
            )
        return self._store

    def _results_flow(
        self, order: Order | None, include_delivered: bool, response_model: type[Any] | None
    ) -> Flow[None]:
        chosen = order or self._order
        if chosen not in ("input", "completion"):
            raise RequestValidationError(f"order must be 'input' or 'completion', not {chosen!r}")
        reader = ResultReader(self._open(), response_model)
        flow = self._flow.results(chosen, include_delivered, reader)
        self._iterations.add(flow)
        return flow

    def __repr__(self) -> str:
        if not self._closer.alive:
            return f"<{type(self).__name__} (closed) at {str(self.state_path)!r}>"
        progress = self.progress()
        return (
            f"<{type(self).__name__} {progress.total} requests, {progress.jobs} jobs, "
            f"{progress.delivered} delivered, at {str(self.state_path)!r}>"
        )


def _release(store: RunStore, temporary: bool) -> None:
    if temporary:
        store.remove()
    else:
        store.close()


class BatchRun(_RunHandle):
    """A run of many requests through the Batch API, with its state on disk.

    Iterate it for the results, in input order by default; each iteration carries on after
    the results handed out before (by this process or one that crashed), and a result counts
    as handed out once the next one is asked for. ``client.batch.resume(run.state_path)``
    picks the run up in a new process.

    >>> bodies = ({"input": text} for text in texts)
    >>> with client.batch.run(bodies, endpoint="/v1/embeddings", model="mistral-embed",
    ...                       state="runs/corpus") as run:
    ...     for result in run:
    ...         vector = result.response["data"][0]["embedding"]
    """

    def __iter__(self) -> Iterator[BatchResult[dict[str, Any]]]:
        return self.results()

    @overload
    def results(
        self,
        *,
        order: Order | None = None,
        include_delivered: bool = False,
        response_model: None = None,
    ) -> Iterator[BatchResult[dict[str, Any]]]: ...

    @overload
    def results(
        self,
        *,
        order: Order | None = None,
        include_delivered: bool = False,
        response_model: type[M],
    ) -> Iterator[BatchResult[M]]: ...

    def results(
        self,
        *,
        order: Order | None = None,
        include_delivered: bool = False,
        response_model: type[Any] | None = None,
    ) -> Iterator[BatchResult[Any]]:
        """The results, waiting for the jobs as needed and downloading their files as they end.

        :param order: ``"input"`` (the run's default) yields in input order; ``"completion"``
            yields each job's results as soon as that job is done.
        :param include_delivered: start from the first result, not after those handed out.
        :param response_model: validate each response into this model (e.g.
            ``ChatCompletionResponse``) instead of a dict.

        >>> from mistralai.models import ChatCompletionResponse
        >>> for r in run.results(response_model=ChatCompletionResponse):
        ...     print(r.index, r.response.choices[0].message.content if r.ok else r.error)
        """
        return self._iterate(self._results_flow(order, include_delivered, response_model))

    def _iterate(self, flow: Flow[None]) -> Iterator[BatchResult[Any]]:
        try:
            yield from _drive(self._runtime, flow)
        finally:
            self._display.close()

    def wait(self) -> RunProgress:
        """Wait until every request has its final outcome (downloaded, nothing handed out).

        >>> progress = run.wait()
        >>> print(progress.succeeded, "answered,", progress.failed, "failed")
        """
        self._open()
        try:
            return _complete(self._runtime, self._flow.wait())
        finally:
            self._display.close()

    def cancel(self) -> RunProgress:
        """Cancel the run's jobs on the server; shards not yet submitted never will be.

        Iterating afterwards still hands out what the jobs finished before they stopped;
        the rest fail with a message saying so.
        """
        self._open()
        return _complete(self._runtime, self._flow.cancel())

    def _submit(self) -> None:
        _complete(self._runtime, self._flow.submit())

    def __enter__(self) -> BatchRun:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


class AsyncBatchRun(_RunHandle):
    """Async twin of :class:`BatchRun`: ``async for result in run``, ``await run.wait()``.

    >>> async with await client.batch.run_async(requests, endpoint="/v1/chat/completions",
    ...                                         model="mistral-small-latest") as run:
    ...     async for result in run:
    ...         print(result.custom_id, result.ok)
    """

    def __aiter__(self) -> AsyncIterator[BatchResult[dict[str, Any]]]:
        return self.results()

    @overload
    def results(
        self,
        *,
        order: Order | None = None,
        include_delivered: bool = False,
        response_model: None = None,
    ) -> AsyncIterator[BatchResult[dict[str, Any]]]: ...

    @overload
    def results(
        self,
        *,
        order: Order | None = None,
        include_delivered: bool = False,
        response_model: type[M],
    ) -> AsyncIterator[BatchResult[M]]: ...

    def results(
        self,
        *,
        order: Order | None = None,
        include_delivered: bool = False,
        response_model: type[Any] | None = None,
    ) -> AsyncIterator[BatchResult[Any]]:
        """Async twin of :meth:`BatchRun.results`.

        >>> run = await client.batch.run_async(requests, endpoint="/v1/chat/completions",
        ...                                    model="mistral-small-latest")
        >>> async for r in run.results(order="completion"):
        ...     print(r.index, r.ok)
        """
        return self._iterate(self._results_flow(order, include_delivered, response_model))

    async def _iterate(self, flow: Flow[None]) -> AsyncIterator[BatchResult[Any]]:
        try:
            async for result in _drive_async(self._runtime, flow):
                yield result
        finally:
            self._display.close()

    async def wait(self) -> RunProgress:
        """Async twin of :meth:`BatchRun.wait`."""
        self._open()
        try:
            return await _complete_async(self._runtime, self._flow.wait())
        finally:
            self._display.close()

    async def cancel(self) -> RunProgress:
        """Async twin of :meth:`BatchRun.cancel`."""
        self._open()
        return await _complete_async(self._runtime, self._flow.cancel())

    async def _submit(self) -> None:
        await _complete_async(self._runtime, self._flow.submit())

    async def __aenter__(self) -> AsyncBatchRun:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


# -- drivers -------------------------------------------------------------------------------


def _drive(runtime: ClientRuntime, flow: Flow[T]) -> Generator[BatchResult[Any], None, T]:
    """Perform a flow's effects, blocking; yield the results it hands out."""
    value: Any = None
    error: Exception | None = None
    try:
        while True:
            try:
                effect = flow.send(value) if error is None else flow.throw(error)
            except StopIteration as stop:
                result: T = stop.value
                return result
            value, error = None, None
            if isinstance(effect, BatchResult):
                yield effect
                continue
            try:
                value = _perform(runtime, effect)
            except Exception as exc:
                error = exc
    finally:
        flow.close()


def _complete(runtime: ClientRuntime, flow: Flow[T]) -> T:
    driver = _drive(runtime, flow)
    while True:
        try:
            next(driver)
        except StopIteration as stop:
            result: T = stop.value
            return result


def _perform(runtime: ClientRuntime, effect: Send | Download | Sleep | Blocking) -> Any:
    if isinstance(effect, Send):
        return runtime.execute(effect.operation, effect.call)
    if isinstance(effect, Download):
        _save(runtime.execute(effect.operation, effect.call), effect.target)
        return None
    if isinstance(effect, Sleep):
        time.sleep(effect.seconds)
        return None
    return effect.work()


async def _drive_async(runtime: ClientRuntime, flow: Flow[Any]) -> AsyncIterator[BatchResult[Any]]:
    """Perform a flow's effects on the event loop; yield the results it hands out."""
    value: Any = None
    error: Exception | None = None
    try:
        while True:
            try:
                effect = flow.send(value) if error is None else flow.throw(error)
            except StopIteration:
                return
            value, error = None, None
            if isinstance(effect, BatchResult):
                yield effect
                continue
            try:
                value = await _perform_async(runtime, effect)
            except Exception as exc:
                error = exc
    finally:
        flow.close()


async def _complete_async(runtime: ClientRuntime, flow: Flow[T]) -> T:
    value: Any = None
    error: Exception | None = None
    try:
        while True:
            try:
                effect = flow.send(value) if error is None else flow.throw(error)
            except StopIteration as stop:
                result: T = stop.value
                return result
            value, error = None, None
            if isinstance(effect, BatchResult):
                raise AssertionError("a flow that hands out results needs _drive_async")
            try:
                value = await _perform_async(runtime, effect)
            except Exception as exc:
                error = exc
    finally:
        flow.close()


async def _perform_async(runtime: ClientRuntime, effect: Send | Download | Sleep | Blocking) -> Any:
    if isinstance(effect, Send):
        return await runtime.execute_async(effect.operation, effect.call)
    if isinstance(effect, Download):
        await _save_async(await runtime.execute_async(effect.operation, effect.call), effect.target)
        return None
    if isinstance(effect, Sleep):
        await asyncio.sleep(effect.seconds)
        return None
    return await asyncio.to_thread(effect.work)


# -- saving a download ---------------------------------------------------------------------


def _part(target: Path) -> Path:
    return target.with_name(f"{target.name}.part")


def _durable(fh: BinaryIO) -> None:
    fh.flush()
    os.fsync(fh.fileno())


def _save(response: httpx.Response, target: Path) -> None:
    """Stream a response's body to ``target``: all of it lands there, or nothing does."""
    part = _part(target)
    try:
        with open(part, "wb") as fh:
            try:
                for chunk in response.iter_bytes():
                    fh.write(chunk)
            except (httpx.TransportError, httpx.StreamError) as exc:
                raise _broken(response, exc) from exc
            _durable(fh)
        os.replace(part, target)
    finally:
        response.close()
        part.unlink(missing_ok=True)


async def _save_async(response: httpx.Response, target: Path) -> None:
    """Async twin of :func:`_save`."""
    part = _part(target)
    try:
        fh = await asyncio.to_thread(open, part, "wb")
        try:
            try:
                async for chunk in response.aiter_bytes():
                    fh.write(chunk)
            except (httpx.TransportError, httpx.StreamError) as exc:
                raise _broken(response, exc) from exc
            await asyncio.to_thread(_durable, fh)
        finally:
            fh.close()
        os.replace(part, target)
    finally:
        await response.aclose()
        part.unlink(missing_ok=True)


def _broken(response: httpx.Response, exc: Exception) -> StreamError:
    return StreamError(
        f"the download of {response.request.url.path} broke off "
        f"({type(exc).__name__}: {exc}). Nothing is lost: iterating the run again (or "
        "resuming it) downloads the file again"
    )
