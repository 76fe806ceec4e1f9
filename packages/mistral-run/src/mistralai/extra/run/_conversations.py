"""The run helpers joined to ``client.beta.conversations``: ``run_async``,
``run_stream_async``, ``run`` and ``run_stream``.

A run starts the conversation (or continues ``run_ctx.conversation_id``), and while the
model answers with calls to functions the context knows, runs them and sends their
results back. It ends with the model's answer, with a call to a function the context
does not know (left for the caller), or with :class:`ToolRoundsExceededError` after
``run_ctx.max_tool_rounds`` rounds of calls.

These methods belong to whatever class mounts ``beta.conversations``: they call its
``start*`` / ``append*`` methods through ``self`` and read the answers by attribute (the
protocols below), so this package never imports the one that owns the resource.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncGenerator, AsyncIterator, Generator, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from types import TracebackType
from typing import TYPE_CHECKING, Any, Literal, Protocol, cast

import pydantic
from typing_extensions import Self, Unpack

from mistralai.errors import RequestValidationError
from mistralai.extra.exceptions import RunException, ToolRoundsExceededError
from mistralai.extra.run._agents import AgentDefinitions, agent_changes
from mistralai.extra.run.context import RunContext
from mistralai.extra.run.result import (
    FunctionCallEntry,
    FunctionResultEntry,
    FunctionResultEvent,
    MessageInputEntry,
    RunEntries,
    RunResult,
    RunResultEvents,
    entry_from_wire,
)
from mistralai.types import UNSET, OptionalNullable
from mistralai.utils import CallOptions

if TYPE_CHECKING:
    from mistralai._runtime import ClientRuntime

logger = logging.getLogger("mistralai.extra.run")

RunStreamItem = RunResultEvents | RunResult
"""What a streamed run yields: its events, then its :class:`RunResult`."""


class _Wire(Protocol):
    def to_wire(self) -> dict[str, Any]: ...


class _Response(Protocol):
    @property
    def conversation_id(self) -> str: ...

    @property
    def outputs(self) -> Sequence[_Wire]: ...


class _Event(Protocol):
    @property
    def event(self) -> str: ...

    @property
    def data(self) -> _Wire: ...


class _Events(Protocol):
    def __enter__(self) -> Self: ...

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...

    def __iter__(self) -> Iterator[_Event]: ...


class _AsyncEvents(Protocol):
    async def __aenter__(self) -> Self: ...

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...

    def __aiter__(self) -> AsyncIterator[_Event]: ...


class _Conversations(Protocol):
    """What the run helpers use of the resource they join."""

    _runtime: ClientRuntime

    def start(self, **kwargs: Any) -> _Response: ...
    async def start_async(self, **kwargs: Any) -> _Response: ...
    def append(self, **kwargs: Any) -> _Response: ...
    async def append_async(self, **kwargs: Any) -> _Response: ...
    def start_stream(self, **kwargs: Any) -> _Events: ...
    async def start_stream_async(self, **kwargs: Any) -> _AsyncEvents: ...
    def append_stream(self, **kwargs: Any) -> _Events: ...
    async def append_stream_async(self, **kwargs: Any) -> _AsyncEvents: ...


Inputs = str | Sequence[Mapping[str, Any] | _Wire]
Tools = Sequence[Mapping[str, Any] | _Wire]


class RunMethods:
    """Run a conversation, executing the function calls of the model on this side."""

    __slots__ = ()

    async def run_async(
        self,
        run_ctx: RunContext,
        inputs: Inputs,
        instructions: OptionalNullable[str] = UNSET,
        tools: OptionalNullable[Tools] = UNSET,
        completion_args: OptionalNullable[Mapping[str, Any] | _Wire] = UNSET,
        name: OptionalNullable[str] = UNSET,
        description: OptionalNullable[str] = UNSET,
        **options: Unpack[CallOptions],
    ) -> RunResult:
        """Run a conversation until the model stops calling the context's tools.

        :param run_ctx: the model or agent, the tools and the output format.
        :param inputs: the first message as text, or entries (dicts such as
            ``{"role": "user", "content": "..."}``, or entry models).
        :param instructions: instructions for a model conversation.
        :param tools: more tools for a model conversation (built-in ones such as
            ``{"type": "web_search"}``, or functions the caller answers itself).
        :param completion_args: sampling settings for a model conversation.
        :param name: a name for a new conversation.
        :param description: a description of a new conversation.
        :param options: per-call ``retries``, ``server_url``, ``timeout_ms``,
            ``http_headers``, used for every request of the run.

        >>> result = await client.beta.conversations.run_async(
        ...     run_ctx=run_ctx, inputs="What is the weather in Paris?"
        ... )
        >>> result.output_as_text
        """
        owner = cast(_Conversations, self)
        run = _Run.of(
            run_ctx, inputs, instructions, tools, completion_args, name, description, options
        )
        await _prepare_agent_async(owner, run)
        while True:
            kind, request = run.next_request()
            send = owner.start_async if kind == "start" else owner.append_async
            response = await send(**request)
            calls = run.received(response.conversation_id, _entries(response.outputs))
            if not calls:
                return run.result
            run.answered(await run_ctx.execute_function_calls(calls))

    async def run_stream_async(
        self,
        run_ctx: RunContext,
        inputs: Inputs,
        instructions: OptionalNullable[str] = UNSET,
        tools: OptionalNullable[Tools] = UNSET,
        completion_args: OptionalNullable[Mapping[str, Any] | _Wire] = UNSET,
        name: OptionalNullable[str] = UNSET,
        description: OptionalNullable[str] = UNSET,
        **options: Unpack[CallOptions],
    ) -> AsyncGenerator[RunStreamItem, None]:
        """Like :meth:`run_async`, streamed: awaiting it prepares the run and returns an
        async generator of :class:`RunResultEvents` (the conversation's events, and a
        ``function.result`` event per result sent back) that ends with the
        :class:`RunResult`.

        Leaving the loop early closes the open stream once the generator is closed
        (``async with contextlib.aclosing(events)``, or when it is collected).

        >>> events = await client.beta.conversations.run_stream_async(
        ...     run_ctx=run_ctx, inputs="What is the weather in Paris?"
        ... )
        >>> async for event in events:
        ...     if isinstance(event, RunResult): print(event.output_as_text)
        """
        owner = cast(_Conversations, self)
        run = _Run.of(
            run_ctx, inputs, instructions, tools, completion_args, name, description, options
        )
        await _prepare_agent_async(owner, run)
        return _stream_async(owner, run)

    def run(
        self,
        run_ctx: RunContext,
        inputs: Inputs,
        instructions: OptionalNullable[str] = UNSET,
        tools: OptionalNullable[Tools] = UNSET,
        completion_args: OptionalNullable[Mapping[str, Any] | _Wire] = UNSET,
        name: OptionalNullable[str] = UNSET,
        description: OptionalNullable[str] = UNSET,
        **options: Unpack[CallOptions],
    ) -> RunResult:
        """:meth:`run_async` from blocking code (no event loop needed): plain functions run
        on the calling thread, one after the other; ``async def`` functions and MCP
        clients (``register_mcp_client_sync``) on the context's own loop thread.

        >>> with RunContext(model="mistral-medium-latest") as run_ctx:
        ...     run_ctx.register_func(get_weather)
        ...     result = client.beta.conversations.run(run_ctx=run_ctx, inputs="Weather?")
        """
        owner = cast(_Conversations, self)
        run = _Run.of(
            run_ctx, inputs, instructions, tools, completion_args, name, description, options
        )
        _prepare_agent(owner, run)
        while True:
            kind, request = run.next_request()
            send = owner.start if kind == "start" else owner.append
            response = send(**request)
            calls = run.received(response.conversation_id, _entries(response.outputs))
            if not calls:
                return run.result
            run.answered(run_ctx.execute_function_calls_sync(calls))

    def run_stream(
        self,
        run_ctx: RunContext,
        inputs: Inputs,
        instructions: OptionalNullable[str] = UNSET,
        tools: OptionalNullable[Tools] = UNSET,
        completion_args: OptionalNullable[Mapping[str, Any] | _Wire] = UNSET,
        name: OptionalNullable[str] = UNSET,
        description: OptionalNullable[str] = UNSET,
        **options: Unpack[CallOptions],
    ) -> Generator[RunStreamItem, None, None]:
        """:meth:`run_stream_async` from blocking code: a generator of events that ends
        with the :class:`RunResult` (close it, or use ``contextlib.closing``, to leave early).

        >>> for event in client.beta.conversations.run_stream(run_ctx=run_ctx, inputs="Hi"):
        ...     print(event)
        """
        owner = cast(_Conversations, self)
        run = _Run.of(
            run_ctx, inputs, instructions, tools, completion_args, name, description, options
        )
        _prepare_agent(owner, run)
        return _stream(owner, run)


async def _stream_async(owner: _Conversations, run: _Run) -> AsyncGenerator[RunStreamItem, None]:
    while True:
        kind, request = run.next_request()
        send = owner.start_stream_async if kind == "start" else owner.append_stream_async
        turn = _StreamedTurn()
        async with await send(**request) as events:
            async for event in events:
                turn.add(event)
                yield RunResultEvents(event=event.event, data=event.data)
        calls = run.received(turn.conversation_id, turn.entries())
        if not calls:
            break
        results = await run.ctx.execute_function_calls(calls)
        run.answered(results)
        for item in _result_events(results):
            yield item
    yield run.result


def _stream(owner: _Conversations, run: _Run) -> Generator[RunStreamItem, None, None]:
    while True:
        kind, request = run.next_request()
        send = owner.start_stream if kind == "start" else owner.append_stream
        turn = _StreamedTurn()
        with send(**request) as events:
            for event in events:
                turn.add(event)
                yield RunResultEvents(event=event.event, data=event.data)
        calls = run.received(turn.conversation_id, turn.entries())
        if not calls:
            break
        results = run.ctx.execute_function_calls_sync(calls)
        run.answered(results)
        yield from _result_events(results)
    yield run.result


def _result_events(results: list[FunctionResultEntry]) -> list[RunResultEvents]:
    return [
        RunResultEvents(
            event="function.result",
            data=FunctionResultEvent(tool_call_id=r.tool_call_id, result=r.result, output_index=i),
        )
        for i, r in enumerate(results)
    ]


def _entries(outputs: Sequence[_Wire]) -> list[RunEntries]:
    return [entry_from_wire(output.to_wire()) for output in outputs]


# -- preparing a run ---------------------------------------------------------------------------


@dataclass
class _Run:
    """The state of one run, shared by the four ways to drive it."""

    ctx: RunContext
    result: RunResult
    start_fields: dict[str, Any]
    append_fields: dict[str, Any]
    options: dict[str, Any]
    inputs: list[dict[str, Any]]
    rounds: int = 0

    @classmethod
    def of(
        cls,
        run_ctx: RunContext,
        inputs: Inputs,
        instructions: OptionalNullable[str],
        tools: OptionalNullable[Tools],
        completion_args: OptionalNullable[Mapping[str, Any] | _Wire],
        name: OptionalNullable[str],
        description: OptionalNullable[str],
        options: CallOptions,
    ) -> _Run:
        if not isinstance(run_ctx, RunContext):
            raise RunException(f"run_ctx must be a RunContext, not {type(run_ctx).__name__}")
        entries = _input_entries(inputs)
        start: dict[str, Any] = {
            k: v for k, v in (("name", name), ("description", description)) if v is not UNSET
        }
        append: dict[str, Any] = {}
        if run_ctx.agent_id:
            if not all(v is UNSET for v in (instructions, tools, completion_args)):
                raise RunException(
                    "instructions, tools and completion_args belong to the agent: "
                    "leave them out of a run with agent_id"
                )
            start["agent_id"] = run_ctx.agent_id
        elif run_ctx.model:
            start["model"] = run_ctx.model
            if instructions is not UNSET:
                start["instructions"] = instructions
            offered = _offered_tools(run_ctx, tools)
            if offered:
                start["tools"] = offered
            arguments = _completion_args(run_ctx, completion_args)
            if arguments:
                start["completion_args"] = append["completion_args"] = arguments
        elif run_ctx.conversation_id is None:
            raise RunException("the run context needs a model or an agent_id")
        result = RunResult(
            input_entries=entries,
            conversation_id=run_ctx.conversation_id,
            output_model=run_ctx.output_format,
        )
        inputs_wire = [entry.to_wire() for entry in entries]
        return cls(run_ctx, result, start, append, dict(options), inputs_wire)

    def next_request(self) -> tuple[Literal["start", "append"], dict[str, Any]]:
        """Which method sends the next turn, and its keyword arguments."""
        if self.ctx.conversation_id is None:
            return "start", {**self.start_fields, **self.options, "inputs": self.inputs}
        fields = {**self.append_fields, **self.options, "inputs": self.inputs}
        return "append", {**fields, "conversation_id": self.ctx.conversation_id}

    def received(
        self, conversation_id: str | None, outputs: list[RunEntries]
    ) -> list[FunctionCallEntry]:
        """Record a turn's answer; the calls to run before the next turn (none: the end)."""
        self.ctx.request_count += 1
        if conversation_id:
            self.ctx.conversation_id = self.result.conversation_id = conversation_id
        self.result.output_entries.extend(outputs)
        calls = [entry for entry in outputs if isinstance(entry, FunctionCallEntry)]
        unknown = sorted({call.name for call in calls if not self.ctx.has_tool(call.name)})
        if unknown:
            logger.info("the model called %s, which the run context does not run", unknown)
            return []
        if calls and self.rounds >= self.ctx.max_tool_rounds:
            raise ToolRoundsExceededError(
                f"the model asked for tools again after {self.rounds} rounds of calls "
                f"(max_tool_rounds={self.ctx.max_tool_rounds})",
                self.result,
                self.ctx.max_tool_rounds,
            )
        if calls:
            self.rounds += 1
        return calls

    def answered(self, results: list[FunctionResultEntry]) -> None:
        """Record the results of the calls; they are the next turn's inputs."""
        self.result.output_entries.extend(results)
        self.inputs = [result.to_wire() for result in results]


def _input_entries(inputs: Inputs) -> list[RunEntries]:
    if isinstance(inputs, str):
        return [MessageInputEntry(content=inputs)]
    entries = []
    for item in inputs:
        data = dict(item) if isinstance(item, Mapping) else item.to_wire()
        if "type" not in data and "role" in data:
            data["type"] = "message.input"
        try:
            entries.append(entry_from_wire(data))
        except pydantic.ValidationError as exc:
            raise RequestValidationError(f"an input entry is not valid: {exc}", exc) from exc
    return entries


def _offered_tools(run_ctx: RunContext, given: OptionalNullable[Tools]) -> list[dict[str, Any]]:
    """The tools given to the run, then the context's; a function the context registered
    replaces a given function of the same name."""
    local = [tool.to_wire() for tool in run_ctx.get_tools()]
    names = {tool["function"]["name"] for tool in local}
    kept = [
        tool
        for tool in map(_wire, given or ())
        if tool.get("type", "function") != "function"
        or tool.get("function", {}).get("name") not in names
    ]
    return kept + local


def _wire(value: Mapping[str, Any] | _Wire) -> dict[str, Any]:
    return dict(value) if isinstance(value, Mapping) else value.to_wire()


def _completion_args(
    run_ctx: RunContext, given: OptionalNullable[Mapping[str, Any] | _Wire]
) -> dict[str, Any]:
    arguments = {} if given is UNSET or given is None else _wire(given)
    if run_ctx.output_format is not None:
        arguments["response_format"] = run_ctx.response_format.to_wire()
    return arguments


def _prepare_agent(owner: _Conversations, run: _Run) -> None:
    agent_id = run.ctx.agent_id
    if not agent_id or run.ctx.conversation_id is not None:
        return
    agents = AgentDefinitions(owner._runtime)
    changes = agent_changes(agents.get(agent_id, **run.options), run.ctx)
    if changes:
        agents.update(agent_id, changes, **run.options)


async def _prepare_agent_async(owner: _Conversations, run: _Run) -> None:
    agent_id = run.ctx.agent_id
    if not agent_id or run.ctx.conversation_id is not None:
        return
    agents = AgentDefinitions(owner._runtime)
    changes = agent_changes(await agents.get_async(agent_id, **run.options), run.ctx)
    if changes:
        await agents.update_async(agent_id, changes, **run.options)


# -- rebuilding entries from a stream ----------------------------------------------------------


@dataclass
class _StreamedTurn:
    """Gathers the events of one streamed turn into the entries a whole answer would have."""

    conversation_id: str | None = None
    error: dict[str, Any] | None = None
    parts: dict[tuple[int, str | None], list[dict[str, Any]]] = field(default_factory=dict)

    def add(self, event: _Event) -> None:
        data = event.data.to_wire()
        kind = data.get("type")
        if kind == "conversation.response.started":
            self.conversation_id = data.get("conversation_id")
        elif kind == "conversation.response.error":
            self.error = data
        elif kind in _ENTRY_OF_EVENT:
            key = (int(data.get("output_index") or 0), data.get("id"))
            self.parts.setdefault(key, []).append(data)

    def entries(self) -> list[RunEntries]:
        if self.error is not None:
            raise RunException(
                f"the conversation failed: {self.error.get('message')} "
                f"(code {self.error.get('code')})"
            )
        return [entry_from_wire(_entry_of(events)) for events in self.parts.values()]


_ENTRY_OF_EVENT = {
    "message.output.delta": "message.output",
    "function.call.delta": "function.call",
    "tool.execution.started": "tool.execution",
    "tool.execution.delta": "tool.execution",
    "tool.execution.done": "tool.execution",
    "agent.handoff.started": "agent.handoff",
    "agent.handoff.done": "agent.handoff",
}
_NOT_ENTRY_FIELDS = frozenset({"type", "output_index", "content_index", "content", "arguments"})


def _entry_of(events: list[dict[str, Any]]) -> dict[str, Any]:
    """One entry from the events that carried it: their fields merged, the pieces of its
    content (or arguments) joined."""
    entry: dict[str, Any] = {"type": _ENTRY_OF_EVENT[events[0]["type"]]}
    for data in events:
        entry.update(
            (k, v) for k, v in data.items() if k not in _NOT_ENTRY_FIELDS and v is not None
        )
    if entry["type"] == "message.output":
        entry["content"] = _joined_content([data.get("content", "") for data in events])
    elif entry["type"] in ("function.call", "tool.execution"):
        entry["arguments"] = "".join(str(data.get("arguments") or "") for data in events)
    return entry


def _joined_content(pieces: list[Any]) -> str | list[dict[str, Any]]:
    if all(isinstance(piece, str) for piece in pieces):
        return "".join(pieces)
    chunks: list[dict[str, Any]] = []
    for piece in pieces:
        for chunk in [{"type": "text", "text": piece}] if isinstance(piece, str) else piece:
            if chunk.get("type") == "text" and chunks and chunks[-1].get("type") == "text":
                chunks[-1] = {**chunks[-1], "text": chunks[-1]["text"] + chunk["text"]}
            else:
                chunks.append(dict(chunk))
    return chunks
