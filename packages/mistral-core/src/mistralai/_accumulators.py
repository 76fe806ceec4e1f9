"""Adding streamed pieces up: completion chunks into the completion, content deltas into content.

:class:`CompletionAccumulator` is the :class:`~mistralai.utils.Accumulator` of the chat,
agents and FIM streams; :func:`join_content` joins the pieces of one message's content,
for any area whose deltas carry text or content chunks.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar

from mistralai.models._completion import (
    ChatCompletionChoice,
    ChatCompletionResponse,
    CompletionChunk,
    CompletionEvent,
    UsageInfo,
)
from mistralai.models._content import AssistantMessage, TextChunk, ThinkChunk, text_of
from mistralai.models._tools import FunctionCall, ToolCall

# The spec gives a tool call's id the default "null": a delta that repeats it names no call.
_NO_ID = (None, "", "null")


def join_content(pieces: list[Any]) -> Any:
    """The content that ``pieces`` (the content of each delta, in order) make up.

    Text pieces alone give one string. With content chunks among them (a piece is a
    string, a chunk or a list of chunks), a list of chunks: text and text chunks that follow
    one another become one ``TextChunk``, thinking chunks that follow one another one
    ``ThinkChunk`` (its parts joined the same way, ``closed`` as the last one says); other
    chunks are kept as they came.

    >>> join_content(["Hel", "lo"])
    'Hello'
    >>> join_content([[ThinkChunk(thinking=[TextChunk(text="h")])], [ThinkChunk(thinking=[TextChunk(text="m")])], "Hi", [TextChunk(text="!")]])
    [ThinkChunk(thinking=[TextChunk(text='hm', ...)], ...), TextChunk(text='Hi!', ...)]
    """
    if all(type(piece) is str for piece in pieces):
        return "".join(pieces)
    return _joined(
        chunk
        for piece in pieces
        if piece is not None
        for chunk in (piece if isinstance(piece, list) else [piece])
    )


def _joined(chunks: Iterable[Any]) -> list[Any]:
    joined: list[Any] = []
    run: list[Any] = []
    run_kind: type | None = None
    for chunk in chunks:
        kind = TextChunk if isinstance(chunk, str) else type(chunk)
        if kind is not run_kind or kind not in (TextChunk, ThinkChunk):
            _close_run(joined, run, run_kind)
            run, run_kind = [], kind
        run.append(chunk)
    _close_run(joined, run, run_kind)
    return joined


def _close_run(joined: list[Any], run: list[Any], kind: type | None) -> None:
    if not run:
        return
    if kind is TextChunk:
        text = "".join(chunk if isinstance(chunk, str) else chunk.text for chunk in run)
        joined.append(TextChunk(text=text))
    elif kind is ThinkChunk:
        parts = _joined(part for chunk in run for part in chunk.thinking)
        joined.append(ThinkChunk(thinking=parts, closed=run[-1].closed))
    else:
        joined.extend(run)


class _ToolCallParts:
    __slots__ = ("arguments", "id", "index", "name", "type")

    def __init__(self, index: int) -> None:
        self.index = index
        self.id: str | None = None
        self.name = ""
        self.type: str | None = None
        self.arguments: list[str] | dict[str, Any] = []

    def add(self, call: ToolCall) -> None:
        if self.id is None and call.id not in _NO_ID:
            self.id = call.id
        if self.type is None:
            self.type = call.type
        function = call.function
        if not self.name and function.name:
            self.name = function.name
        arguments = function.arguments
        if isinstance(arguments, dict):
            # An object is a whole set of arguments, not a piece of JSON text.
            self.arguments = arguments
        elif isinstance(self.arguments, list):
            self.arguments.append(arguments)
        else:
            self.arguments = [arguments]

    def tool_call(self) -> ToolCall:
        arguments = self.arguments
        return ToolCall(
            id=self.id,
            type=self.type or "function",
            index=self.index,
            function=FunctionCall(
                name=self.name,
                arguments="".join(arguments) if isinstance(arguments, list) else arguments,
            ),
        )


class _ChoiceParts:
    __slots__ = ("by_index", "calls", "finish_reason", "index", "pieces")

    def __init__(self, index: int) -> None:
        self.index = index
        self.pieces: list[Any] = []
        self.calls: list[_ToolCallParts] = []
        self.by_index: dict[int, _ToolCallParts] = {}
        self.finish_reason: str | None = None

    def add_tool_calls(self, calls: list[ToolCall]) -> None:
        for call in calls:
            parts = self.by_index.get(call.index)
            if parts is None or (
                call.id not in _NO_ID and parts.id is not None and call.id != parts.id
            ):
                # Another id at a known index is another call (whole calls, each sent with
                # the default index 0), not a piece of the first.
                parts = self.by_index[call.index] = _ToolCallParts(call.index)
                self.calls.append(parts)
            parts.add(call)

    def choice(self) -> ChatCompletionChoice:
        content = join_content(self.pieces) if self.pieces else ""
        tool_calls = [parts.tool_call() for parts in self.calls] or None
        return ChatCompletionChoice(
            index=self.index,
            message=AssistantMessage(content=content, tool_calls=tool_calls),
            finish_reason=self.finish_reason,
        )


class CompletionAccumulator:
    """Adds up the events of a chat, agents or FIM stream into a ``ChatCompletionResponse``.

    - one choice per ``index`` (sorted), each message's content the deltas joined (see
      :func:`join_content`), its ``tool_calls`` merged by index: the first id, type and name
      seen, the ``arguments`` strings concatenated (an object replaces them);
    - each choice's last ``finish_reason``; the ``usage`` of the last chunk that has one;
      the first ``id``, ``model`` and ``created`` seen; ``object`` ``"chat.completion"``.

    A subclass may set ``response_type`` to a subclass of ``ChatCompletionResponse`` (FIM's).

    >>> acc = CompletionAccumulator()
    >>> with client.chat.stream(model="mistral-small-latest", messages=msgs) as stream:
    ...     for event in stream:
    ...         acc.add(event)
    >>> acc.text
    'You said: Hello'
    >>> acc.result().choices[0].finish_reason
    'stop'
    """

    __slots__ = ("_choices", "_created", "_id", "_model", "_usage")
    response_type: ClassVar[type[ChatCompletionResponse]] = ChatCompletionResponse

    def __init__(self) -> None:
        self._choices: dict[int, _ChoiceParts] = {}
        self._id: str | None = None
        self._model: str | None = None
        self._created: int | None = None
        self._usage: UsageInfo | None = None

    def add(self, event: CompletionEvent) -> None:
        """Take the next event of the stream.

        >>> from mistralai.models import CompletionEvent
        >>> acc = CompletionAccumulator()
        >>> acc.add(CompletionEvent.model_validate(
        ...     {"data": {"choices": [{"index": 0, "delta": {"content": "Hi"}}]}}))
        >>> acc.text
        'Hi'
        """
        chunk = event.data
        if self._id is None:
            self._first_seen(chunk)
        usage = chunk.usage
        if usage is not None:
            self._usage = usage
        choices = self._choices
        for choice in chunk.choices:
            index = choice.index
            parts = choices.get(index)
            if parts is None:
                parts = choices[index] = _ChoiceParts(index)
            delta = choice.delta
            content = delta.content
            if content is not None:
                parts.pieces.append(content)
            if delta.tool_calls:
                parts.add_tool_calls(delta.tool_calls)
            reason = choice.finish_reason
            if reason is not None:
                parts.finish_reason = reason

    def _first_seen(self, chunk: CompletionChunk) -> None:
        self._id = chunk.id
        self._model = self._model or chunk.model
        self._created = self._created or chunk.created

    def result(self) -> ChatCompletionResponse:
        """The completion the events added so far make up (a new object each call).

        >>> CompletionAccumulator().result().choices
        []
        """
        return self.response_type(
            id=self._id,
            object="chat.completion",
            model=self._model,
            created=self._created,
            usage=self._usage,
            choices=[self._choices[index].choice() for index in sorted(self._choices)],
        )

    @property
    def text(self) -> str:
        """The text of the first choice so far (text chunks only, thinking left out).

        >>> CompletionAccumulator().text
        ''
        """
        if not self._choices:
            return ""
        return text_of(join_content(self._choices[min(self._choices)].pieces))


__all__ = ["CompletionAccumulator", "join_content"]
