"""Configuration helpers, and the toolkit API areas are written with.

Users import the retry settings from here, as in the original SDK:

>>> from mistralai.utils import BackoffStrategy, RetryConfig
>>> RetryConfig("backoff", BackoffStrategy(1, 50, 1.1, 100), False).retry_connection_errors
False

Area packages (first-party or third-party) describe their operations with the names of
:mod:`mistralai._operation` re-exported here: ``Resource``, ``Operation``,
``StreamOperation``, ``Call``, ``StreamCall``, ``Prepared``, ``CallOptions``,
``request_body``, ``json_call``, ``stream_call``, ``sync_operation``, ``async_operation``,
``sync_stream``, ``async_stream``, ``model_event_decoder``; ``EventStream`` /
``AsyncEventStream``, ``ServerSentEvent``; ``poll`` / ``poll_async`` for job ``wait``
helpers; ``file_source`` and ``MultipartUpload`` for streamed uploads.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from mistralai._retries import BackoffStrategy, RetryConfig

if TYPE_CHECKING:
    from mistralai._operation import (
        Call,
        CallOptions,
        Operation,
        Prepared,
        Resource,
        StreamCall,
        StreamOperation,
        async_operation,
        async_stream,
        json_call,
        model_event_decoder,
        request_body,
        stream_call,
        sync_operation,
        sync_stream,
        validate_arg,
    )
    from mistralai._polling import poll, poll_async
    from mistralai._sse import ServerSentEvent
    from mistralai._streaming import AsyncEventStream, EventStream
    from mistralai._uploads import FileSource, MultipartUpload, ProgressCallback, file_source

_LAZY = {
    "MultipartUpload": "mistralai._uploads",
    "ProgressCallback": "mistralai._uploads",
    "FileSource": "mistralai._uploads",
    "file_source": "mistralai._uploads",
    "poll": "mistralai._polling",
    "poll_async": "mistralai._polling",
    "ServerSentEvent": "mistralai._sse",
    "EventStream": "mistralai._streaming",
    "AsyncEventStream": "mistralai._streaming",
}


def __getattr__(name: str) -> Any:
    import importlib

    module = _LAZY.get(name, "mistralai._operation")
    if name.startswith("_") or (module == "mistralai._operation" and name not in __all__):
        raise AttributeError(f"module 'mistralai.utils' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


__all__ = [
    "AsyncEventStream",
    "BackoffStrategy",
    "Call",
    "CallOptions",
    "EventStream",
    "FileSource",
    "MultipartUpload",
    "Operation",
    "Prepared",
    "ProgressCallback",
    "Resource",
    "RetryConfig",
    "ServerSentEvent",
    "StreamCall",
    "StreamOperation",
    "async_operation",
    "async_stream",
    "file_source",
    "json_call",
    "model_event_decoder",
    "poll",
    "poll_async",
    "request_body",
    "stream_call",
    "sync_operation",
    "sync_stream",
    "validate_arg",
]
