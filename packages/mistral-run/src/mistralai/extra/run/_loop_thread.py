"""A private event loop on a thread of its own, for runs made from blocking code.

The ``mcp`` package is async only, and an MCP session belongs to the event loop that
opened it. A blocking ``run`` has no event loop of the caller's to use, so the run
context starts this one (an anyio blocking portal, on a daemon thread so that a context
never closed cannot keep the interpreter from exiting) the first time it needs it: MCP
sessions registered with ``register_mcp_client_sync`` are opened and used there, and
``async def`` tools called by a blocking run are awaited there.

Each MCP session is held open by a task of its own on that loop, which enters the
session's context managers and later exits them, in the same task as anyio requires;
:meth:`LoopThread.close` tells each holder to close, newest first, then stops the loop.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Awaitable, Callable
from concurrent.futures import Future
from contextlib import AsyncExitStack
from typing import TYPE_CHECKING, Any, TypeVar, overload

import anyio
from anyio.abc import TaskStatus
from anyio.from_thread import BlockingPortal

if TYPE_CHECKING:
    from mistralai.extra.mcp.base import MCPClientProtocol

T = TypeVar("T")
logger = logging.getLogger("mistralai.extra.run")


class LoopThread:
    """An event loop running on a daemon thread, callable from blocking code."""

    def __init__(self) -> None:
        started: Future[BlockingPortal] = Future()
        self._thread = threading.Thread(
            target=_serve, args=(started,), name="mistral-run-loop", daemon=True
        )
        self._thread.start()
        self._portal = started.result()
        self._holders: list[tuple[Future[None], anyio.Event]] = []

    @overload
    def call(self, func: Callable[..., Awaitable[T]], *args: Any) -> T: ...

    @overload
    def call(self, func: Callable[..., T], *args: Any) -> T: ...

    def call(self, func: Callable[..., Any], *args: Any) -> Any:
        """Run ``func(*args)`` on the loop (awaited if it is a coroutine function); block
        until it is done and return its result or raise its exception."""
        return self._portal.call(func, *args)

    def open_mcp_session(self, client: MCPClientProtocol) -> None:
        """Connect ``client`` on the loop, kept open until :meth:`close`."""
        holder, closing = self._portal.start_task(_hold_session, client)
        self._holders.append((holder, closing))

    def close(self) -> None:
        """Close the MCP sessions, newest first, and stop the loop and its thread."""
        try:
            while self._holders:
                holder, closing = self._holders.pop()
                self._portal.call(closing.set)
                try:
                    holder.result()
                except Exception:
                    logger.warning("closing an MCP session failed", exc_info=True)
        finally:
            self._portal.call(self._portal.stop)
            self._thread.join()


def _serve(started: Future[BlockingPortal]) -> None:
    """The loop thread: run a portal until it is stopped; report a failure to start."""

    async def portal() -> None:
        async with BlockingPortal() as serving:
            started.set_result(serving)
            await serving.sleep_until_stopped()

    try:
        anyio.run(portal)
    except BaseException as exc:
        if not started.done():
            started.set_exception(exc)
        raise


async def _hold_session(
    client: MCPClientProtocol, *, task_status: TaskStatus[anyio.Event] = anyio.TASK_STATUS_IGNORED
) -> None:
    async with AsyncExitStack() as stack:
        await client.initialize(exit_stack=stack)
        closing = anyio.Event()
        task_status.started(closing)
        await closing.wait()
    await client.aclose()
