"""When spans end, sync and async, and that tracing never holds on to a connection.

Every client here has a pool of one connection and waits at most ``POOL_WAIT`` seconds for
it, with retries off: a call that left its connection checked out makes the next call fail
with ``APITimeoutError``. Each operation is therefore made several times in a row.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from typing import Any

import httpx
import pytest
from opentelemetry.sdk.trace import ReadableSpan
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import StatusCode

from mistralai import Mistral, errors, hookimpl
from mistralai.otel import _plugin
from mistralai.testing import Fault
from mistralai.utils import RetryConfig

pytest.importorskip("mistralai.chat")
pytest.importorskip("mistralai.embeddings")
pytest.importorskip("mistralai.files")

SECRET = "sk-secret-123"
POOL_WAIT = 0.5
CALLS = 3
MODEL = "mistral-small-latest"
MESSAGES = [{"role": "user", "content": "Tell me about tracing"}]


def _pool() -> dict[str, Any]:
    return {
        "limits": httpx.Limits(max_connections=1, max_keepalive_connections=1),
        "timeout": httpx.Timeout(10.0, pool=POOL_WAIT),
    }


def _mistral(server: Any, **kwargs: Any) -> Mistral:
    return Mistral(
        api_key=SECRET, server_url=server.url, retry_config=RetryConfig("none"), **kwargs
    )


@pytest.fixture
def client(mistral_test_server: Any) -> Iterator[Mistral]:
    with httpx.Client(**_pool()) as http, _mistral(mistral_test_server, client=http) as mistral:
        yield mistral


@pytest.fixture
async def async_client(mistral_test_server: Any) -> AsyncIterator[Mistral]:
    async with httpx.AsyncClient(**_pool()) as http:
        async with _mistral(mistral_test_server, async_client=http) as mistral:
            yield mistral


def attributes(span: ReadableSpan) -> dict[str, Any]:
    return dict(span.attributes or {})


def assert_no_secret(span: ReadableSpan) -> None:
    texts = [span.name, str(span.status.description), repr(attributes(span))]
    texts += [repr(dict(event.attributes or {})) for event in span.events]
    assert not [text for text in texts if SECRET in text or "Bearer" in text]


# Each operation: how to make it once (sync and async, given the client and the server), and
# what its span must say about the result.


def chat_complete(client: Mistral, server: Any) -> Any:
    return client.chat.complete(model=MODEL, messages=MESSAGES, max_tokens=4)


async def chat_complete_async(client: Mistral, server: Any) -> Any:
    return await client.chat.complete_async(model=MODEL, messages=MESSAGES, max_tokens=4)


def check_chat_complete(span: ReadableSpan, res: Any) -> None:
    attrs = attributes(span)
    assert span.name == f"chat {MODEL}"
    assert attrs["http.response.status_code"] == 200
    assert attrs["gen_ai.response.id"] == res.id
    assert attrs["gen_ai.response.model"] == res.model
    assert attrs["gen_ai.response.finish_reasons"] == ("length",)
    assert attrs["gen_ai.usage.input_tokens"] == res.usage.prompt_tokens
    assert attrs["gen_ai.usage.output_tokens"] == res.usage.completion_tokens == 4
    assert span.status.status_code is StatusCode.UNSET


def chat_stream(client: Mistral, server: Any) -> Any:
    with client.chat.stream(model=MODEL, messages=MESSAGES, max_tokens=4) as stream:
        return list(stream)


async def chat_stream_async(client: Mistral, server: Any) -> Any:
    stream = await client.chat.stream_async(model=MODEL, messages=MESSAGES, max_tokens=4)
    async with stream:
        return [event async for event in stream]


def check_chat_stream(span: ReadableSpan, events: Any) -> None:
    attrs = attributes(span)
    assert span.name == f"chat {MODEL}"
    assert attrs["gen_ai.response.id"] == events[0].data.id
    assert attrs["gen_ai.response.finish_reasons"] == ("length",)
    assert attrs["gen_ai.usage.output_tokens"] == 4
    assert "mistralai.stream.closed_early" not in attrs


def chat_stream_abandoned(client: Mistral, server: Any) -> Any:
    stream = client.chat.stream(model=MODEL, messages=MESSAGES, max_tokens=200)
    first = next(stream)
    stream.close()
    return first


async def chat_stream_abandoned_async(client: Mistral, server: Any) -> Any:
    stream = await client.chat.stream_async(model=MODEL, messages=MESSAGES, max_tokens=200)
    first = await stream.__anext__()
    await stream.aclose()
    return first


def check_chat_stream_abandoned(span: ReadableSpan, first: Any) -> None:
    attrs = attributes(span)
    assert attrs["mistralai.stream.closed_early"] is True
    assert attrs["gen_ai.response.id"] == first.data.id
    assert span.status.status_code is StatusCode.UNSET


def embeddings(client: Mistral, server: Any) -> Any:
    return client.embeddings.create(model="mistral-embed", inputs=["one", "two"])


async def embeddings_async(client: Mistral, server: Any) -> Any:
    return await client.embeddings.create_async(model="mistral-embed", inputs=["one", "two"])


def check_embeddings(span: ReadableSpan, res: Any) -> None:
    attrs = attributes(span)
    assert span.name == "embeddings mistral-embed"
    assert attrs["gen_ai.response.id"] == res.id
    assert attrs["gen_ai.response.model"] == res.model
    assert attrs["gen_ai.usage.input_tokens"] == res.usage.prompt_tokens > 0


def files_list(client: Mistral, server: Any) -> Any:
    return client.files.list()


async def files_list_async(client: Mistral, server: Any) -> Any:
    return await client.files.list_async()


def check_files_list(span: ReadableSpan, res: Any) -> None:
    attrs = attributes(span)
    assert span.name == "files_api_routes_list_files"
    assert attrs["http.response.status_code"] == 200
    assert "gen_ai.response.id" not in attrs
    assert span.status.status_code is StatusCode.UNSET


def _fail_next(server: Any, code: int) -> None:
    server.faults.add(Fault.status(code, body={"message": f"failed, {SECRET}?"}), times=1)


def not_found(client: Mistral, server: Any) -> Any:
    _fail_next(server, 404)
    with pytest.raises(errors.NotFoundError) as info:
        chat_complete(client, server)
    return info.value


async def not_found_async(client: Mistral, server: Any) -> Any:
    _fail_next(server, 404)
    with pytest.raises(errors.NotFoundError) as info:
        await chat_complete_async(client, server)
    return info.value


def server_error(client: Mistral, server: Any) -> Any:
    _fail_next(server, 500)
    with pytest.raises(errors.ServerError) as info:
        embeddings(client, server)
    return info.value


async def server_error_async(client: Mistral, server: Any) -> Any:
    _fail_next(server, 500)
    with pytest.raises(errors.ServerError) as info:
        await embeddings_async(client, server)
    return info.value


def check_api_error(span: ReadableSpan, error: Any) -> None:
    attrs = attributes(span)
    name = type(error).__name__
    assert attrs["error.type"] == str(error.status_code)
    assert attrs["http.response.status_code"] == error.status_code
    assert span.status.status_code is StatusCode.ERROR
    assert span.status.description == f"{name}: HTTP {error.status_code}"
    (event,) = span.events
    assert event.name == "exception"
    assert dict(event.attributes or {}) == {
        "exception.type": f"mistralai.errors.{name}",
        "exception.message": f"{name}: HTTP {error.status_code}",
    }


def connection_reset(client: Mistral, server: Any) -> Any:
    server.faults.add(Fault.reset(), times=1)
    with pytest.raises(errors.APIConnectionError) as info:
        files_list(client, server)
    return info.value


async def connection_reset_async(client: Mistral, server: Any) -> Any:
    server.faults.add(Fault.reset(), times=1)
    with pytest.raises(errors.APIConnectionError) as info:
        await files_list_async(client, server)
    return info.value


def check_connection_reset(span: ReadableSpan, error: Any) -> None:
    assert attributes(span)["error.type"] == "APIConnectionError"
    assert "http.response.status_code" not in attributes(span)
    assert span.status.description == "APIConnectionError"


Sync = Callable[[Mistral, Any], Any]
Async = Callable[[Mistral, Any], Awaitable[Any]]
Check = Callable[[ReadableSpan, Any], None]

OPERATIONS: dict[str, tuple[Sync, Async, Check]] = {
    "chat complete": (chat_complete, chat_complete_async, check_chat_complete),
    "chat stream": (chat_stream, chat_stream_async, check_chat_stream),
    "chat stream closed early": (
        chat_stream_abandoned,
        chat_stream_abandoned_async,
        check_chat_stream_abandoned,
    ),
    "embeddings": (embeddings, embeddings_async, check_embeddings),
    "files list": (files_list, files_list_async, check_files_list),
    "404": (not_found, not_found_async, check_api_error),
    "500": (server_error, server_error_async, check_api_error),
    "connection reset": (connection_reset, connection_reset_async, check_connection_reset),
}


def check_spans(spans: InMemorySpanExporter, results: list[Any], check: Check) -> None:
    finished = spans.get_finished_spans()
    assert len(finished) == len(results)
    for span, result in zip(finished, results):
        check(span, result)
        assert_no_secret(span)


@pytest.mark.parametrize("operation", OPERATIONS)
def test_sync_spans(
    operation: str, client: Mistral, mistral_test_server: Any, spans: InMemorySpanExporter
) -> None:
    call, _, check = OPERATIONS[operation]
    results = [call(client, mistral_test_server) for _ in range(CALLS)]
    check_spans(spans, results, check)


@pytest.mark.parametrize("operation", OPERATIONS)
async def test_async_spans(
    operation: str, async_client: Mistral, mistral_test_server: Any, spans: InMemorySpanExporter
) -> None:
    _, call, check = OPERATIONS[operation]
    results = [await call(async_client, mistral_test_server) for _ in range(CALLS)]
    check_spans(spans, results, check)


# What the hooks read, and when the span ends.


class _Spy:
    """Runs after the tracing plugin's after_success: was the body read, the span ended?"""

    def __init__(self, spans: InMemorySpanExporter) -> None:
        self.spans = spans
        self.seen: list[tuple[bool, int]] = []

    @hookimpl(trylast=True)
    def mistral_after_success(self, response: httpx.Response) -> None:
        self.seen.append((response.is_stream_consumed, len(self.spans.get_finished_spans())))


def test_json_spans_end_in_after_success_once_the_sdk_read_the_body(
    client: Mistral, spans: InMemorySpanExporter
) -> None:
    spy = _Spy(spans)
    client.register_plugin(spy)
    results = [chat_complete(client, None) for _ in range(CALLS)]
    # The SDK read each body before the hooks ran; the span of each call has ended by then.
    assert spy.seen == [(True, n + 1) for n in range(CALLS)]
    check_spans(spans, results, check_chat_complete)


def test_download_span_ends_before_the_caller_reads(
    client: Mistral, spans: InMemorySpanExporter
) -> None:
    payload = b'{"not": "parsed"}\n' * 10_000
    uploaded = client.files.upload(file={"file_name": "big.jsonl", "content": payload})
    for _ in range(CALLS):
        before = len(spans.get_finished_spans())
        response = client.files.download(uploaded.id)
        try:
            assert not response.is_stream_consumed
            assert len(spans.get_finished_spans()) == before + 1
            assert b"".join(response.iter_bytes()) == payload
        finally:
            response.close()
    span = spans.get_finished_spans()[-1]
    assert span.name == "files_api_routes_download_file"
    assert attributes(span)["http.response.status_code"] == 200


async def test_async_download_span_ends_before_the_caller_reads(
    async_client: Mistral, spans: InMemorySpanExporter
) -> None:
    payload = b"0123456789" * 10_000
    uploaded = await async_client.files.upload_async(
        file={"file_name": "b.bin", "content": payload}
    )
    for _ in range(CALLS):
        response = await async_client.files.download_async(uploaded.id)
        try:
            assert spans.get_finished_spans()[-1].name == "files_api_routes_download_file"
            assert b"".join([chunk async for chunk in response.aiter_bytes()]) == payload
        finally:
            await response.aclose()
    assert len(spans.get_finished_spans()) == 1 + CALLS


class _RewriteJSON(httpx.BaseTransport):
    """Sends requests to the real server and rewrites its JSON answers with ``rewrite``, which
    returns the extra headers and the stream of the new body."""

    def __init__(self, rewrite: Callable[[bytes], tuple[dict[str, str], httpx.SyncByteStream]]):
        self._inner = httpx.HTTPTransport()
        self._rewrite = rewrite
        self.rewritten = 0

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        response = self._inner.handle_request(request)
        if not response.headers.get("content-type", "").startswith("application/json"):
            return response
        try:
            body = b"".join(response.stream)
        finally:
            response.close()
        self.rewritten += 1
        extra, stream = self._rewrite(body)
        headers = {k: v for k, v in response.headers.items() if k != "content-length"}
        return httpx.Response(response.status_code, headers={**headers, **extra}, stream=stream)

    def close(self) -> None:
        self._inner.close()


def _gzipped(body: bytes) -> tuple[dict[str, str], httpx.SyncByteStream]:
    compressed = gzip.compress(body)
    headers = {"content-encoding": "gzip", "content-length": str(len(compressed))}
    return headers, httpx.ByteStream(compressed)


class _HalfThenReadError(httpx.SyncByteStream):
    def __init__(self, body: bytes) -> None:
        self._body = body

    def __iter__(self) -> Iterator[bytes]:
        yield self._body[: len(self._body) // 2]
        raise httpx.ReadError("the connection broke off")


def _cut_short(body: bytes) -> tuple[dict[str, str], httpx.SyncByteStream]:
    return {"content-length": str(len(body))}, _HalfThenReadError(body)


BOUND = 4096


def _padded(body: bytes) -> bytes:
    """The answer with a field the SDK ignores, making it longer than ``BOUND``."""
    return json.dumps({**json.loads(body), "padding": "x" * 3 * BOUND}).encode()


def _padded_declared(body: bytes) -> tuple[dict[str, str], httpx.SyncByteStream]:
    padded = _padded(body)
    return {"content-length": str(len(padded))}, httpx.ByteStream(padded)


class _Chunks(httpx.SyncByteStream):
    def __init__(self, body: bytes) -> None:
        self._body = body

    def __iter__(self) -> Iterator[bytes]:
        for start in range(0, len(self._body), 512):
            yield self._body[start : start + 512]


def _padded_chunked(body: bytes) -> tuple[dict[str, str], httpx.SyncByteStream]:
    return {"transfer-encoding": "chunked"}, _Chunks(_padded(body))


def _padded_gzipped(body: bytes) -> tuple[dict[str, str], httpx.SyncByteStream]:
    headers, stream = _gzipped(_padded(body))
    assert int(headers["content-length"]) < BOUND, "only the decoded body may pass the bound"
    return headers, stream


@pytest.mark.parametrize(
    "rewrite",
    [_padded_declared, _padded_chunked, _padded_gzipped],
    ids=["declared length", "chunked", "gzip"],
)
def test_a_body_over_the_bound_is_not_kept(
    rewrite: Callable[[bytes], tuple[dict[str, str], httpx.SyncByteStream]],
    mistral_test_server: Any,
    spans: InMemorySpanExporter,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(_plugin, "MAX_BODY_BYTES", BOUND)
    transport = _RewriteJSON(rewrite)
    with httpx.Client(transport=transport) as http, _mistral(mistral_test_server, client=http) as c:
        for _ in range(CALLS):
            assert chat_complete(c, None).usage.completion_tokens == 4
    assert transport.rewritten == CALLS
    finished = spans.get_finished_spans()
    assert len(finished) == CALLS
    for span in finished:
        attrs = attributes(span)
        assert attrs["http.response.status_code"] == 200
        assert "gen_ai.response.id" not in attrs
        assert "gen_ai.usage.output_tokens" not in attrs
        assert span.status.status_code is StatusCode.UNSET


def test_compressed_bodies_are_decoded(
    mistral_test_server: Any, spans: InMemorySpanExporter
) -> None:
    transport = _RewriteJSON(_gzipped)
    with httpx.Client(transport=transport) as http, _mistral(mistral_test_server, client=http) as c:
        results = [chat_complete(c, None) for _ in range(CALLS)]
    assert transport.rewritten == CALLS
    check_spans(spans, results, check_chat_complete)


def test_a_body_cut_short_ends_the_span_with_the_sdk_error(
    mistral_test_server: Any, spans: InMemorySpanExporter
) -> None:
    transport = _RewriteJSON(_cut_short)
    with httpx.Client(transport=transport) as http, _mistral(mistral_test_server, client=http) as c:
        for _ in range(CALLS):
            with pytest.raises(errors.APIConnectionError):
                chat_complete(c, None)
    finished = spans.get_finished_spans()
    assert len(finished) == CALLS
    for span in finished:
        assert span.status.status_code is StatusCode.ERROR
        assert span.status.description == attributes(span)["error.type"] == "APIConnectionError"
        assert "gen_ai.response.id" not in attributes(span)
        assert_no_secret(span)


class _Cache:
    """Answers every chat completion without the network, with its body already read or
    still in a stream that can be read both ways (``httpx.ByteStream``)."""

    def __init__(self, body: dict[str, Any], *, read: bool) -> None:
        self.body = body
        self.read = read

    @hookimpl(trylast=True)
    def mistral_before_request(self, request: httpx.Request) -> httpx.Response:
        if self.read:
            return httpx.Response(200, json=self.body, request=request)
        content = json.dumps(self.body).encode()
        headers = {"content-type": "application/json", "content-length": str(len(content))}
        return httpx.Response(200, headers=headers, stream=httpx.ByteStream(content))


@pytest.mark.parametrize("read", [True, False], ids=["read", "unread"])
def test_answers_from_a_cache_plugin(
    read: bool, client: Mistral, mistral_test_server: Any, spans: InMemorySpanExporter
) -> None:
    cached = chat_complete(client, mistral_test_server).model_dump(mode="json")
    spans.clear()
    client.register_plugin(_Cache(cached, read=read))
    results = [chat_complete(client, mistral_test_server) for _ in range(CALLS)]
    assert len(mistral_test_server.requests) == 1
    check_spans(spans, results, check_chat_complete)


async def test_unread_answers_from_a_cache_plugin_async(
    async_client: Mistral, mistral_test_server: Any, spans: InMemorySpanExporter
) -> None:
    cached = (await chat_complete_async(async_client, None)).model_dump(mode="json")
    spans.clear()
    async_client.register_plugin(_Cache(cached, read=False))
    results = [await chat_complete_async(async_client, None) for _ in range(CALLS)]
    assert len(mistral_test_server.requests) == 1
    check_spans(spans, results, check_chat_complete)


class _FailingStreamHook:
    @hookimpl
    def mistral_stream_event(self) -> None:
        raise RuntimeError(f"a plugin quoting the key: Bearer {SECRET}")


def test_a_foreign_error_is_recorded_by_its_type_only(
    client: Mistral, spans: InMemorySpanExporter
) -> None:
    client.register_plugin(_FailingStreamHook())
    raised = []
    for _ in range(CALLS):
        with pytest.raises((RuntimeError, errors.PluginError)) as info:
            chat_stream(client, None)
        raised.append(type(info.value).__name__)
    finished = spans.get_finished_spans()
    assert len(finished) == CALLS
    for span, name in zip(finished, raised):
        assert_no_secret(span)
        assert span.status.status_code is StatusCode.ERROR
        assert span.status.description == attributes(span)["error.type"] == name
