"""The official SDK's ``utils.eventstreaming`` names, on this SDK's streams.

What ``chat.stream`` returns is an :class:`EventStream`, what ``chat.stream_async``
returns an :class:`EventStreamAsync` (this SDK's ``AsyncEventStream``), so code that checks
``isinstance(stream, EventStreamAsync)`` or annotates ``EventStream[CompletionEvent]``
(``from mistralai.client.utils.eventstreaming import ...``) keeps working. Both are
iterators and context managers that close the connection.
"""

from mistralai._sse import ServerSentEvent
from mistralai._streaming import AsyncEventStream, EventStream

EventStreamAsync = AsyncEventStream
ServerEvent = ServerSentEvent

__all__ = ["AsyncEventStream", "EventStream", "EventStreamAsync", "ServerEvent", "ServerSentEvent"]
