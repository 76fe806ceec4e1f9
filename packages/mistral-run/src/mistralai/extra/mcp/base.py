"""What an MCP client gives a run context, and the session logic every transport shares.

The ``mcp`` package is imported only when a client connects: install it with
``pip install "mistral-run[mcp]"``.
"""

from __future__ import annotations

import logging
from contextlib import AsyncExitStack
from typing import TYPE_CHECKING, Any, Literal, Protocol, TypedDict, runtime_checkable

from mistralai.extra.exceptions import MCPException
from mistralai.models import Function, FunctionTool

if TYPE_CHECKING:
    from mcp import ClientSession
    from mcp.client._transport import TransportStreams
    from mcp.types import ContentBlock, ListPromptsResult

logger = logging.getLogger("mistralai.extra.mcp")


class TextChunkTypedDict(TypedDict):
    """A text chunk: what an MCP tool's result becomes."""

    type: Literal["text"]
    text: str


class MCPMessageTypedDict(TypedDict):
    """A message of an MCP prompt."""

    role: str
    content: TextChunkTypedDict


class MCPSystemPrompt(TypedDict):
    """An MCP prompt, as messages to start a conversation with."""

    description: str | None
    messages: list[MCPMessageTypedDict]


@runtime_checkable
class MCPClientProtocol(Protocol):
    """An MCP client a :class:`~mistralai.extra.run.context.RunContext` can use.

    ``initialize`` connects, entering what must be closed into ``exit_stack`` (or into a
    stack of its own, closed by ``aclose``, when none is given).
    """

    async def initialize(self, exit_stack: AsyncExitStack | None = None) -> None: ...

    async def aclose(self) -> None: ...

    async def get_tools(self) -> list[FunctionTool]: ...

    async def execute_tool(
        self, name: str, arguments: dict[str, Any]
    ) -> list[TextChunkTypedDict]: ...


def require_mcp() -> None:
    """Fail with an installation hint when the ``mcp`` package is missing."""
    try:
        import mcp  # noqa: F401
    except ImportError as exc:
        raise MCPException(
            'MCP clients need the mcp package: pip install "mistral-run[mcp]"'
        ) from exc


class MCPClientBase:
    """An MCP client over one transport; subclasses say how to open it (``_get_transport``).

    >>> from mcp import StdioServerParameters
    >>> from mistralai.extra.mcp.stdio import MCPClientSTDIO
    >>> from mistralai.extra.run.context import RunContext
    >>> params = StdioServerParameters(command="python", args=["weather_server.py"])
    >>> async with RunContext(model="mistral-medium-latest") as run_ctx:
    ...     await run_ctx.register_mcp_client(MCPClientSTDIO(stdio_params=params))
    ...     result = await client.beta.conversations.run_async(
    ...         run_ctx=run_ctx, inputs="What is the weather in Paris?")
    >>> result.output_as_text
    'The tool answered: Sunny in ...'
    """

    def __init__(self, name: str | None = None) -> None:
        self._name = name or type(self).__name__
        self._exit_stack: AsyncExitStack | None = None
        self._session: ClientSession | None = None

    @property
    def name(self) -> str:
        """The name this client goes by in logs and errors."""
        return self._name

    @property
    def session(self) -> ClientSession:
        """The MCP session, once :meth:`initialize` connected it."""
        if self._session is None:
            raise MCPException(f"{self._name} is not connected: initialize it first")
        return self._session

    async def initialize(self, exit_stack: AsyncExitStack | None = None) -> None:
        """Open the transport and the MCP session (once; later calls do nothing).

        What it opens is closed with ``exit_stack``, or by :meth:`aclose` when none is
        given. A failure to connect closes what was opened and raises
        :class:`MCPException`, with the transport's error as its cause.
        """
        if self._session is not None:
            return
        require_mcp()
        from mcp import ClientSession

        try:
            async with AsyncExitStack() as attempt:
                read_stream, write_stream = await self._get_transport(attempt)
                session = await attempt.enter_async_context(
                    ClientSession(read_stream, write_stream)
                )
                await session.initialize()
                opened = attempt.pop_all()
        except Exception as exc:
            raise MCPException(f"{self._name} could not connect: {_first_error(exc)}") from exc
        if exit_stack is None:
            self._exit_stack = exit_stack = AsyncExitStack()
        exit_stack.push_async_exit(opened)
        exit_stack.callback(self._forget_session)
        self._session = session

    def _forget_session(self) -> None:
        self._session = None

    async def aclose(self) -> None:
        """Close the session and transport this client opened on a stack of its own."""
        stack, self._exit_stack = self._exit_stack, None
        if stack is not None:
            await stack.aclose()

    async def get_tools(self) -> list[FunctionTool]:
        """The server's tools, as function tools the model can call."""
        listed = await self.session.list_tools()
        return [
            FunctionTool(
                function=Function(
                    name=tool.name,
                    description=tool.description or "",
                    parameters=tool.input_schema,
                    strict=True,
                )
            )
            for tool in listed.tools
        ]

    async def execute_tool(self, name: str, arguments: dict[str, Any]) -> list[TextChunkTypedDict]:
        """Call a tool of the server; its result as text chunks.

        Raises :class:`MCPException` when the tool reports an error or answers with content
        that is not text (images, audio), which a function result cannot carry.
        """
        result = await self.session.call_tool(name, arguments)
        chunks = [self._convert_content(block) for block in result.content]
        if not chunks and result.structured_content is not None:
            import json

            chunks = [{"type": "text", "text": json.dumps(result.structured_content)}]
        if result.is_error:
            detail = "".join(chunk["text"] for chunk in chunks) or "no details"
            raise MCPException(f"the MCP tool {name} of {self._name} failed: {detail}")
        return chunks

    def _convert_content(self, block: ContentBlock) -> TextChunkTypedDict:
        if block.type == "text":
            return {"type": "text", "text": block.text}
        if block.type == "resource" and hasattr(block.resource, "text"):
            return {"type": "text", "text": block.resource.text}
        if block.type == "resource_link":
            return {"type": "text", "text": f"<Resource uri={block.uri} name={block.name}>"}
        raise MCPException(
            f"{self._name} answered with {block.type} content; only text can be a function result"
        )

    async def get_system_prompt(self, name: str, arguments: dict[str, Any]) -> MCPSystemPrompt:
        """A prompt of the server, filled with ``arguments``."""
        prompt = await self.session.get_prompt(name, arguments)
        return {
            "description": prompt.description,
            "messages": [
                {"role": message.role, "content": self._convert_content(message.content)}
                for message in prompt.messages
            ],
        }

    async def list_system_prompts(self) -> ListPromptsResult:
        """The prompts the server offers."""
        return await self.session.list_prompts()

    async def _get_transport(self, exit_stack: AsyncExitStack) -> TransportStreams:
        raise NotImplementedError

    def __repr__(self) -> str:
        return f"<{type(self).__name__} name={self._name!r}>"


def _first_error(exc: BaseException) -> str:
    """The first error behind ``exc``, out of the exception groups task groups raise."""
    while isinstance(grouped := getattr(exc, "exceptions", None), tuple) and grouped:
        exc = grouped[0]
    return f"{type(exc).__name__}: {exc}"
