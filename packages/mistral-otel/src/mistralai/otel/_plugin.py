"""The hooks: open a span before the first attempt, close it on the final outcome.

When the span ends:

- a failed call (``mistral_after_error``): at once, with the error;
- an event stream: in ``mistral_stream_end``, with what its events said;
- a JSON response: in ``mistral_after_success``, which runs once the SDK has read the body
  (reading it is part of the attempt, sync or async). A body of at most
  :data:`MAX_BODY_BYTES` becomes the ``gen_ai.response.*`` and ``gen_ai.usage.*``
  attributes; a longer one, or one that does not parse, ends the span without them. The
  plugin never reads a body itself: a download's body (or any body not read yet) belongs to
  the caller;
- any other response (files, audio, an empty body): in ``mistral_after_success``, with the
  status code only.

Whoever ends the span first takes it out of ``context.state``, so it ends exactly once.

Nothing secret reaches a span: the server is recorded by host and port, never the URL or a
header; an error is recorded by its type and, for API errors, its HTTP status, never by its
message or traceback, which may quote what the caller passed.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from mistralai.errors import SDKError
from mistralai.hookspecs import hookimpl

if TYPE_CHECKING:
    import httpx
    from opentelemetry import trace

    from mistralai.hookspecs import HookContext

INSTRUMENTATION_NAME = "mistralai.otel"
MAX_BODY_BYTES = 4 * 1024 * 1024
"""The largest JSON body whose fields are recorded on the span."""
_SPAN = "otel.span"
_STREAM = "otel.stream"

_OPERATION_NAMES = {
    "chat_completion_v1_chat_completions_post": "chat",
    "agents_completion_v1_agents_completions_post": "chat",
    "fim_completion_v1_fim_completions_post": "text_completion",
    "embeddings_v1_embeddings_post": "embeddings",
    "agents_api_v1_conversations_start": "invoke_agent",
    "agents_api_v1_conversations_append": "invoke_agent",
    "agents_api_v1_conversations_restart": "invoke_agent",
    "agents_api_v1_agents_create": "create_agent",
}
_REQUEST_ATTRIBUTES = {
    "max_tokens": "gen_ai.request.max_tokens",
    "temperature": "gen_ai.request.temperature",
    "top_p": "gen_ai.request.top_p",
    "presence_penalty": "gen_ai.request.presence_penalty",
    "frequency_penalty": "gen_ai.request.frequency_penalty",
    "random_seed": "gen_ai.request.seed",
    "n": "gen_ai.request.choice.count",
}


_provider: trace.TracerProvider | None = None


def use_tracer_provider(provider: trace.TracerProvider | None) -> None:
    """Trace Mistral calls with ``provider`` instead of the global one (None: back to global).

    >>> from opentelemetry.sdk.trace import TracerProvider
    >>> from opentelemetry.sdk.trace.export import SimpleSpanProcessor
    >>> from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
    >>> spans = InMemorySpanExporter()
    >>> provider = TracerProvider()
    >>> provider.add_span_processor(SimpleSpanProcessor(spans))
    >>> use_tracer_provider(provider)
    >>> res = client.chat.complete(model="mistral-small-latest", messages=msgs)
    >>> [span.name for span in spans.get_finished_spans()]
    ['chat mistral-small-latest']
    >>> use_tracer_provider(None)
    """
    global _provider
    _provider = provider


def _configured_provider() -> trace.TracerProvider | None:
    """The provider to trace with, or None while none is configured (globally or here)."""
    # Imported here, not at module level: this module is loaded at a client's first call
    # (mistral-core defers it until then), and opentelemetry should cost nothing until a
    # tracer provider is asked for.
    from opentelemetry import trace

    provider = _provider or trace.get_tracer_provider()
    return None if isinstance(provider, trace.ProxyTracerProvider) else provider


def _tracer() -> trace.Tracer | None:
    provider = _configured_provider()
    return None if provider is None else provider.get_tracer(INSTRUMENTATION_NAME)


@hookimpl
def mistral_plugin_active() -> bool:
    # Without a tracer provider the plugin sits the call out: none of its other hooks run,
    # so it costs this one check per call and nothing per attempt or streamed event.
    return _configured_provider() is not None


@hookimpl
def mistral_before_request(request: httpx.Request, context: HookContext) -> None:
    if _SPAN in context.state:
        return
    tracer = _tracer()
    if tracer is None:
        return
    operation = _OPERATION_NAMES.get(context.operation_id, context.operation_id)
    body = (
        _json(request.content)
        if request.headers.get("content-type") == "application/json"
        else None
    )
    model = body.get("model") if isinstance(body, dict) else None
    attributes: dict[str, Any] = {
        "gen_ai.operation.name": operation,
        "gen_ai.system": "mistral_ai",
        "gen_ai.provider.name": "mistral_ai",
        "server.address": request.url.host,
        "server.port": request.url.port or (443 if request.url.scheme == "https" else 80),
        "mistralai.operation_id": context.operation_id,
    }
    if isinstance(body, dict):
        attributes.update(_request_attributes(body))
    if isinstance(model, str):
        attributes["gen_ai.request.model"] = model
    from opentelemetry import trace

    name = f"{operation} {model}" if model else operation
    context.state[_SPAN] = tracer.start_span(
        name, kind=trace.SpanKind.CLIENT, attributes=attributes
    )


@hookimpl
def mistral_after_success(response: httpx.Response, context: HookContext) -> None:
    span = context.state.get(_SPAN)
    if span is None:
        return
    span.set_attribute("http.response.status_code", response.status_code)
    content_type = response.headers.get("content-type", "")
    if content_type.startswith("text/event-stream"):
        context.state[_STREAM] = _StreamSummary()
        return
    body = _read_body(response) if content_type.startswith("application/json") else None
    span = context.state.pop(_SPAN, None)
    if span is None:
        return
    data = _json(body) if body is not None else None
    if isinstance(data, dict):
        _record_response(span, data)
    span.end()


def _read_body(response: httpx.Response) -> bytes | None:
    """The body the SDK already read, if it is small enough to look at; never reads it."""
    import httpx

    try:
        content = response.content
    except httpx.ResponseNotRead:
        return None
    return content if len(content) <= MAX_BODY_BYTES else None


@hookimpl
def mistral_after_error(
    error: Exception, response: httpx.Response | None, context: HookContext
) -> None:
    span = context.state.pop(_SPAN, None)
    if span is None:
        return
    error_type = str(response.status_code) if response is not None else type(error).__name__
    span.set_attribute("error.type", error_type)
    if response is not None:
        span.set_attribute("http.response.status_code", response.status_code)
    _fail(span, error)
    span.end()


@hookimpl
def mistral_stream_event(event: Any, context: HookContext) -> None:
    summary = context.state.get(_STREAM)
    if summary is not None:
        summary.add(event)


@hookimpl
def mistral_stream_end(error: BaseException | None, completed: bool, context: HookContext) -> None:
    span = context.state.pop(_SPAN, None)
    summary = context.state.pop(_STREAM, None)
    if span is None:
        return
    if summary is not None:
        summary.record(span)
    if error is not None:
        span.set_attribute("error.type", type(error).__name__)
        _fail(span, error)
    elif not completed:
        span.set_attribute("mistralai.stream.closed_early", True)
    span.end()


class _StreamSummary:
    """What the events of a stream tell about the response, kept until the stream ends."""

    __slots__ = ("finish_reasons", "id", "model", "usage")

    def __init__(self) -> None:
        self.id: str | None = None
        self.model: str | None = None
        self.usage: Any = None
        self.finish_reasons: list[str] = []

    def add(self, event: Any) -> None:
        chunk = getattr(event, "data", event)
        self.id = getattr(chunk, "id", None) or self.id
        self.model = getattr(chunk, "model", None) or self.model
        self.usage = getattr(chunk, "usage", None) or self.usage
        for choice in getattr(chunk, "choices", None) or ():
            reason = getattr(choice, "finish_reason", None)
            if reason:
                self.finish_reasons.append(reason)

    def record(self, span: trace.Span) -> None:
        usage = self.usage
        _set_response(
            span,
            self.id,
            self.model,
            self.finish_reasons,
            getattr(usage, "prompt_tokens", None),
            getattr(usage, "completion_tokens", None),
        )


def _record_response(span: trace.Span, body: dict[str, Any]) -> None:
    choices = body.get("choices")
    reasons = [
        c["finish_reason"] for c in choices or () if isinstance(c, dict) and c.get("finish_reason")
    ]
    usage = body.get("usage")
    if not isinstance(usage, dict):
        usage = {}
    _set_response(
        span,
        body.get("id"),
        body.get("model"),
        reasons,
        usage.get("prompt_tokens"),
        usage.get("completion_tokens"),
    )


def _set_response(
    span: trace.Span,
    response_id: Any,
    model: Any,
    finish_reasons: list[str],
    input_tokens: Any,
    output_tokens: Any,
) -> None:
    if isinstance(response_id, str):
        span.set_attribute("gen_ai.response.id", response_id)
    if isinstance(model, str):
        span.set_attribute("gen_ai.response.model", model)
    if finish_reasons:
        span.set_attribute("gen_ai.response.finish_reasons", finish_reasons)
    if isinstance(input_tokens, int):
        span.set_attribute("gen_ai.usage.input_tokens", input_tokens)
    if isinstance(output_tokens, int):
        span.set_attribute("gen_ai.usage.output_tokens", output_tokens)


def _request_attributes(body: dict[str, Any]) -> dict[str, Any]:
    attributes: dict[str, Any] = {
        name: body[key]
        for key, name in _REQUEST_ATTRIBUTES.items()
        if isinstance(body.get(key), (int, float)) and not isinstance(body.get(key), bool)
    }
    stop = body.get("stop")
    if isinstance(stop, str):
        attributes["gen_ai.request.stop_sequences"] = [stop]
    elif isinstance(stop, list):
        attributes["gen_ai.request.stop_sequences"] = [s for s in stop if isinstance(s, str)]
    return attributes


def _fail(span: trace.Span, error: BaseException) -> None:
    from opentelemetry.trace import Status, StatusCode

    # Not span.record_exception: it copies str(error) and the traceback, and either may
    # quote what the caller passed, credentials included.
    description = _describe(error)
    cls = type(error)
    span.add_event(
        "exception",
        {
            "exception.type": f"{cls.__module__}.{cls.__qualname__}",
            "exception.message": description,
        },
    )
    span.set_status(Status(StatusCode.ERROR, description))


def _describe(error: BaseException) -> str:
    """The error's type, and its HTTP status for an API error: nothing the caller wrote."""
    name = type(error).__name__
    if isinstance(error, SDKError):
        return f"{name}: HTTP {error.status_code}"
    return name


def _json(content: bytes) -> Any:
    try:
        return json.loads(content)
    except ValueError:
        return None
