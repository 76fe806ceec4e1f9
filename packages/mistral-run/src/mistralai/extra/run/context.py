"""The run context: who the conversation is with, and the tools that run on this side.

Where tools run:

- Python functions registered with :meth:`RunContext.register_func`: a plain function
  runs on a worker thread during ``run_async`` (the event loop stays free) and on the
  caller's thread during ``run``; an ``async def`` function is awaited on the caller's
  loop during ``run_async`` and on the context's own loop thread during ``run``.
- MCP clients registered with ``await register_mcp_client(...)`` (inside
  ``async with RunContext(...)``) live on the caller's event loop and serve
  ``run_async`` / ``run_stream_async``. Clients registered with
  ``register_mcp_client_sync(...)`` (inside ``with RunContext(...)``) live on the
  context's own loop thread and serve ``run`` / ``run_stream``. One context keeps all its
  MCP clients in one place; leaving the ``with`` / ``async with`` block closes them.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from contextlib import AsyncExitStack
from dataclasses import dataclass
from types import TracebackType
from typing import TYPE_CHECKING, Any, Literal, TypeVar, overload

import anyio
import pydantic

from mistralai.extra.exceptions import FunctionCallError, MCPException, RunException
from mistralai.extra.mcp.base import MCPClientProtocol
from mistralai.extra.run._loop_thread import LoopThread
from mistralai.extra.run.result import FunctionCallEntry, FunctionResultEntry
from mistralai.extra.run.tools import LocalFunction, local_function, parse_arguments, result_text
from mistralai.models import FunctionTool, ResponseFormat, response_format_from_pydantic_model

if TYPE_CHECKING:
    from typing_extensions import Self

F = TypeVar("F", bound=Callable[..., Any])
logger = logging.getLogger("mistralai.extra.run")

DEFAULT_MAX_TOOL_ROUNDS = 20
"""How many rounds of tool calls one run makes at most, unless the context says otherwise."""


@dataclass(frozen=True)
class MCPTool:
    """A tool of a registered MCP client; ``on_loop_thread`` tells where its session lives."""

    name: str
    tool: FunctionTool
    client: MCPClientProtocol
    on_loop_thread: bool


class RunContext:
    """What a run needs besides its inputs: the model or agent, the tools that run on this
    side, the expected output format and how tool errors are handled.

    :param model: the model to talk to (a new conversation), instead of ``agent_id``.
    :param agent_id: the agent to talk to; the run gives it the context's tools (and
        ``output_format``) by updating the agent before the conversation starts.
    :param conversation_id: continue this conversation instead of starting one; set
        after the first run, so the next run with the same context continues it.
    :param output_format: a pydantic model the answer must follow (sent as a strict
        ``json_schema`` response format); read it with ``RunResult.output_as_model``.
    :param continue_on_fn_error: send a failing tool's error to the model as the
        function's result and go on, instead of raising :class:`FunctionCallError`.
    :param max_tool_rounds: how many rounds of tool calls a run makes; a model that asks
        for more raises :class:`~mistralai.extra.exceptions.ToolRoundsExceededError`.

    >>> async with RunContext(model="mistral-medium-latest") as run_ctx:
    ...     @run_ctx.register_func
    ...     def get_weather(city: str) -> str:
    ...         '''The weather in a city.'''
    ...         return "sunny"
    ...     result = await client.beta.conversations.run_async(
    ...         run_ctx=run_ctx, inputs="Weather in Paris?"
    ...     )
    """

    def __init__(
        self,
        *,
        model: str | None = None,
        agent_id: str | None = None,
        conversation_id: str | None = None,
        output_format: type[pydantic.BaseModel] | None = None,
        continue_on_fn_error: bool = False,
        max_tool_rounds: int = DEFAULT_MAX_TOOL_ROUNDS,
    ) -> None:
        if model and agent_id:
            raise RunException("a run talks to a model or to an agent: give model or agent_id")
        if max_tool_rounds < 0:
            raise RunException(f"max_tool_rounds must be 0 or more, not {max_tool_rounds}")
        if output_format is not None and not (
            isinstance(output_format, type) and issubclass(output_format, pydantic.BaseModel)
        ):
            raise RunException(
                f"output_format must be a pydantic model class, not {output_format!r}"
            )
        self.model = model
        self.agent_id = agent_id
        self.conversation_id = conversation_id
        self.output_format = output_format
        self.continue_on_fn_error = continue_on_fn_error
        self.max_tool_rounds = max_tool_rounds
        self.request_count = 0
        self._tools: dict[str, LocalFunction | MCPTool] = {}
        self._mcp_clients: list[MCPClientProtocol] = []
        self._mcp_home: Literal["caller", "loop_thread"] | None = None
        self._exit_stack = AsyncExitStack()
        self._loop_thread: LoopThread | None = None

    def __repr__(self) -> str:
        target = f"model={self.model!r}" if self.model else f"agent_id={self.agent_id!r}"
        return f"<RunContext {target} tools={sorted(self._tools)}>"

    # -- tools -------------------------------------------------------------------------------

    @overload
    def register_func(
        self, func: F, /, *, name: str | None = None, description: str | None = None
    ) -> F: ...

    @overload
    def register_func(
        self, func: None = None, /, *, name: str | None = None, description: str | None = None
    ) -> Callable[[F], F]: ...

    def register_func(
        self,
        func: F | None = None,
        /,
        *,
        name: str | None = None,
        description: str | None = None,
    ) -> F | Callable[[F], F]:
        """Offer a Python function to the model; returns it unchanged, so it works as a
        decorator (``@run_ctx.register_func`` or ``@run_ctx.register_func(name=...)``).

        The tool's JSON schema comes from the signature and type hints, its description
        and the parameters' descriptions from the docstring (Google or reST style). The
        model's arguments are validated against the same schema before the call.
        """

        def register(function: F) -> F:
            self._add(local_function(function, name=name, description=description))
            return function

        return register if func is None else register(func)

    async def register_mcp_client(self, mcp_client: MCPClientProtocol) -> None:
        """Connect an MCP client on the caller's event loop and offer its tools, for
        ``run_async`` and ``run_stream_async``. Closed when the context closes."""
        self._claim_mcp_home("caller")
        await mcp_client.initialize(exit_stack=self._exit_stack)
        self._mcp_clients.append(mcp_client)
        for tool in await mcp_client.get_tools():
            self._add(MCPTool(tool.function.name, tool, mcp_client, on_loop_thread=False))

    async def register_mcp_clients(self, mcp_clients: Sequence[MCPClientProtocol]) -> None:
        """:meth:`register_mcp_client` for each client, in order."""
        for mcp_client in mcp_clients:
            await self.register_mcp_client(mcp_client)

    def register_mcp_client_sync(self, mcp_client: MCPClientProtocol) -> None:
        """Connect an MCP client on the context's own loop thread and offer its tools, for
        ``run`` and ``run_stream`` (no event loop needed). Closed when the context closes.
        """
        self._claim_mcp_home("loop_thread")
        loop_thread = self._started_loop_thread()
        loop_thread.open_mcp_session(mcp_client)
        self._mcp_clients.append(mcp_client)
        for tool in loop_thread.call(mcp_client.get_tools):
            self._add(MCPTool(tool.function.name, tool, mcp_client, on_loop_thread=True))

    def register_mcp_clients_sync(self, mcp_clients: Sequence[MCPClientProtocol]) -> None:
        """:meth:`register_mcp_client_sync` for each client, in order."""
        for mcp_client in mcp_clients:
            self.register_mcp_client_sync(mcp_client)

    def get_tools(self) -> list[FunctionTool]:
        """The function tools the context offers the model."""
        return [tool.tool for tool in self._tools.values()]

    def has_tool(self, name: str) -> bool:
        """Whether a tool of that name runs on this side."""
        return name in self._tools

    @property
    def response_format(self) -> ResponseFormat:
        """The strict ``json_schema`` response format of ``output_format``."""
        if self.output_format is None:
            raise RunException("the run context has no output_format")
        return response_format_from_pydantic_model(self.output_format)

    def _add(self, tool: LocalFunction | MCPTool) -> None:
        if tool.name in self._tools:
            logger.warning("the tool %s is registered again; the new one replaces it", tool.name)
        self._tools[tool.name] = tool

    def _claim_mcp_home(self, home: Literal["caller", "loop_thread"]) -> None:
        if self._mcp_home not in (None, home):
            raise RunException(
                "one run context keeps its MCP clients in one place: register them all "
                "with `await register_mcp_client` (for run_async) or all with "
                "register_mcp_client_sync (for run)"
            )
        self._mcp_home = home

    def _started_loop_thread(self) -> LoopThread:
        if self._loop_thread is None:
            self._loop_thread = LoopThread()
        return self._loop_thread

    # -- calling tools -----------------------------------------------------------------------

    async def execute_function_calls(
        self, function_calls: Sequence[FunctionCallEntry]
    ) -> list[FunctionResultEntry]:
        """Run the calls concurrently; their results in the same order.

        A failing call becomes an error result when ``continue_on_fn_error`` is set;
        otherwise it cancels the others and raises :class:`FunctionCallError`.
        """
        self._check_reachable(function_calls, blocking=False)
        outcomes: list[FunctionResultEntry | FunctionCallError | None] = [None] * len(
            function_calls
        )

        async def execute(index: int, call: FunctionCallEntry, group: anyio.CancelScope) -> None:
            try:
                outcomes[index] = await self._execute(call)
            except FunctionCallError as exc:
                outcomes[index] = exc
                group.cancel()

        async with anyio.create_task_group() as tasks:
            for index, call in enumerate(function_calls):
                tasks.start_soon(execute, index, call, tasks.cancel_scope)
        return _results(outcomes)

    def execute_function_calls_sync(
        self, function_calls: Sequence[FunctionCallEntry]
    ) -> list[FunctionResultEntry]:
        """Run the calls one after the other, from blocking code; their results in order."""
        self._check_reachable(function_calls, blocking=True)
        return [self._execute_sync(call) for call in function_calls]

    async def _execute(self, call: FunctionCallEntry) -> FunctionResultEntry:
        tool = self._tools[call.name]
        try:
            arguments = parse_arguments(call.arguments)
            if isinstance(tool, MCPTool):
                value = await tool.client.execute_tool(call.name, arguments)
            elif tool.is_async:
                value = await tool.bind(arguments)()
            else:
                value = await anyio.to_thread.run_sync(tool.bind(arguments))
        except Exception as exc:
            return self._failed(call, exc)
        return FunctionResultEntry(tool_call_id=call.tool_call_id, result=result_text(value))

    def _execute_sync(self, call: FunctionCallEntry) -> FunctionResultEntry:
        tool = self._tools[call.name]
        try:
            arguments = parse_arguments(call.arguments)
            if isinstance(tool, MCPTool):
                value = self._started_loop_thread().call(
                    tool.client.execute_tool, call.name, arguments
                )
            elif tool.is_async:
                value = self._started_loop_thread().call(tool.bind(arguments))
            else:
                value = tool.bind(arguments)()
        except Exception as exc:
            return self._failed(call, exc)
        return FunctionResultEntry(tool_call_id=call.tool_call_id, result=result_text(value))

    def _failed(self, call: FunctionCallEntry, exc: Exception) -> FunctionResultEntry:
        detail = _describe_failure(exc)
        if self.continue_on_fn_error:
            logger.info(
                "the tool %s failed; its error goes back to the model: %s", call.name, detail
            )
            return FunctionResultEntry(
                tool_call_id=call.tool_call_id, result=f"Calling {call.name} failed: {detail}"
            )
        raise FunctionCallError(
            f"the tool {call.name} failed: {detail}", call.name, call.tool_call_id, call.arguments
        ) from exc

    def _check_reachable(self, calls: Sequence[FunctionCallEntry], *, blocking: bool) -> None:
        for call in calls:
            tool = self._tools.get(call.name)
            if tool is None:
                raise RunException(f"no tool named {call.name} is registered in the run context")
            if isinstance(tool, MCPTool) and tool.on_loop_thread != blocking:
                raise RunException(_MISPLACED_MCP[blocking])

    # -- closing -----------------------------------------------------------------------------

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.aclose()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    async def aclose(self) -> None:
        """Close the MCP clients and stop the context's loop thread, if any."""
        try:
            await self._exit_stack.aclose()
            if self._mcp_home == "caller":
                for client in reversed(self._mcp_clients):
                    await client.aclose()
        finally:
            loop_thread = self._forget_mcp_clients()
            if loop_thread is not None:
                await anyio.to_thread.run_sync(loop_thread.close)

    def close(self) -> None:
        """Close, from blocking code, what :meth:`register_mcp_client_sync` opened and the
        loop thread; clients registered with ``await`` need :meth:`aclose`."""
        if self._mcp_home == "caller" and self._mcp_clients:
            raise RunException(
                "MCP clients registered with `await register_mcp_client` are closed with "
                "`await run_ctx.aclose()` (or `async with RunContext(...)`)"
            )
        loop_thread = self._forget_mcp_clients()
        if loop_thread is not None:
            loop_thread.close()

    def _forget_mcp_clients(self) -> LoopThread | None:
        """Drop the MCP clients and their tools; the loop thread, for the caller to stop."""
        self._tools = {k: v for k, v in self._tools.items() if not isinstance(v, MCPTool)}
        self._mcp_clients, self._mcp_home = [], None
        loop_thread, self._loop_thread = self._loop_thread, None
        return loop_thread


_MISPLACED_MCP = {
    True: (
        "this context's MCP clients were registered with `await register_mcp_client` and "
        "live on your event loop: use run_async / run_stream_async, or register them with "
        "register_mcp_client_sync for run / run_stream"
    ),
    False: (
        "this context's MCP clients were registered with register_mcp_client_sync and live "
        "on the context's own loop thread: use run / run_stream, or register them with "
        "`await register_mcp_client` for run_async / run_stream_async"
    ),
}


def _results(
    outcomes: list[FunctionResultEntry | FunctionCallError | None],
) -> list[FunctionResultEntry]:
    failure = next((o for o in outcomes if isinstance(o, FunctionCallError)), None)
    if failure is not None:
        raise failure
    return [o for o in outcomes if isinstance(o, FunctionResultEntry)]


def _describe_failure(exc: Exception) -> str:
    if isinstance(exc, pydantic.ValidationError):
        problems = "; ".join(
            f"{'.'.join(str(part) for part in error['loc']) or 'arguments'}: {error['msg']}"
            for error in exc.errors()
        )
        return f"invalid arguments: {problems}"
    if isinstance(exc, MCPException):
        return exc.message
    return f"{type(exc).__name__}: {exc}"
