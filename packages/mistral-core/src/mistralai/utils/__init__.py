"""Configuration helpers, and the toolkit API areas are written with.

Users import the retry settings from here, as in the original SDK:

>>> from mistralai.utils import BackoffStrategy, RetryConfig
>>> RetryConfig("backoff", BackoffStrategy(1, 50, 1.1, 100), False).retry_connection_errors
False

Area packages (first-party or third-party) describe their operations with the names
re-exported here: ``Operation`` and ``Call`` (what a request is), ``CallOptions``;
``Resource``, ``request_body``, ``validate_arg``, and the method makers ``sync_operation``,
``async_operation``, ``sync_stream``, ``async_stream``; ``EventStream`` /
``AsyncEventStream``, ``ServerSentEvent`` and ``model_event_decoder`` for streams;
``ResponseStream`` / ``AsyncResponseStream``, ``Accumulator``, ``CompletionAccumulator``
and ``join_content`` for streams whose events add up to one final response;
``poll`` / ``poll_async`` for job ``wait`` helpers; ``NumberedPages``, ``OffsetPages``,
``CursorPages`` and the method makers ``sync_pages``, ``async_pages``, ``sync_items``,
``async_items`` for the ``list_pages`` / ``iter_all`` walkers of a paged listing
(``walk_pages`` / ``walk_pages_async`` for any other); ``file_source`` and
``MultipartUpload`` for streamed uploads. See docs/areas.md.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from mistralai._retries import BackoffStrategy, RetryConfig

if TYPE_CHECKING:
    from mistralai._accumulators import CompletionAccumulator, join_content
    from mistralai._call import Call, CallOptions, Operation
    from mistralai._paging import (
        CursorPages,
        NumberedPages,
        OffsetPages,
        Paging,
        async_items,
        async_pages,
        sync_items,
        sync_pages,
        walk_pages,
        walk_pages_async,
    )
    from mistralai._polling import poll, poll_async
    from mistralai._resource import (
        Resource,
        async_operation,
        async_stream,
        request_body,
        sync_operation,
        sync_stream,
        validate_arg,
    )
    from mistralai._sse import ServerSentEvent
    from mistralai._streaming import (
        Accumulator,
        AsyncEventStream,
        AsyncResponseStream,
        EventStream,
        ResponseStream,
        model_event_decoder,
    )
    from mistralai._uploads import FileSource, MultipartUpload, ProgressCallback, file_source

_LAZY = {
    "Call": "mistralai._call",
    "CallOptions": "mistralai._call",
    "Operation": "mistralai._call",
    "Resource": "mistralai._resource",
    "async_operation": "mistralai._resource",
    "async_stream": "mistralai._resource",
    "request_body": "mistralai._resource",
    "sync_operation": "mistralai._resource",
    "sync_stream": "mistralai._resource",
    "validate_arg": "mistralai._resource",
    "MultipartUpload": "mistralai._uploads",
    "ProgressCallback": "mistralai._uploads",
    "FileSource": "mistralai._uploads",
    "file_source": "mistralai._uploads",
    "CursorPages": "mistralai._paging",
    "NumberedPages": "mistralai._paging",
    "OffsetPages": "mistralai._paging",
    "Paging": "mistralai._paging",
    "async_items": "mistralai._paging",
    "async_pages": "mistralai._paging",
    "sync_items": "mistralai._paging",
    "sync_pages": "mistralai._paging",
    "walk_pages": "mistralai._paging",
    "walk_pages_async": "mistralai._paging",
    "poll": "mistralai._polling",
    "poll_async": "mistralai._polling",
    "ServerSentEvent": "mistralai._sse",
    "EventStream": "mistralai._streaming",
    "AsyncEventStream": "mistralai._streaming",
    "ResponseStream": "mistralai._streaming",
    "AsyncResponseStream": "mistralai._streaming",
    "Accumulator": "mistralai._streaming",
    "CompletionAccumulator": "mistralai._accumulators",
    "join_content": "mistralai._accumulators",
    "model_event_decoder": "mistralai._streaming",
}


def __getattr__(name: str) -> Any:
    import importlib

    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'mistralai.utils' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


__all__ = [
    "Accumulator",
    "AsyncEventStream",
    "AsyncResponseStream",
    "BackoffStrategy",
    "Call",
    "CallOptions",
    "CompletionAccumulator",
    "CursorPages",
    "EventStream",
    "FileSource",
    "MultipartUpload",
    "NumberedPages",
    "OffsetPages",
    "Operation",
    "Paging",
    "ProgressCallback",
    "Resource",
    "ResponseStream",
    "RetryConfig",
    "ServerSentEvent",
    "async_items",
    "async_operation",
    "async_pages",
    "async_stream",
    "file_source",
    "join_content",
    "model_event_decoder",
    "poll",
    "poll_async",
    "request_body",
    "sync_items",
    "sync_operation",
    "sync_pages",
    "sync_stream",
    "validate_arg",
    "walk_pages",
    "walk_pages_async",
]
