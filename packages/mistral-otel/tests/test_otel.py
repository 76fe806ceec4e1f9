"""Spans recorded through the real plugin hooks, against the local server."""

from __future__ import annotations

from typing import Any

import pytest
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind, StatusCode

from mistralai import errors, hookimpl
from mistralai.testing import Fault

pytest.importorskip("mistralai.chat")

MESSAGES = [{"role": "user", "content": "Tell me about tracing"}]


def test_plugin_is_registered_through_its_entry_point(mistral_client: Any) -> None:
    # mistral-core imports first-party middleware at a client's first call, not when the
    # client is built.
    mistral_client.models.list()
    names = [name for name, _ in mistral_client._plugins.manager.list_name_plugin()]
    assert any(name.startswith("mistral-otel:") for name in names)


def test_chat_completion_span(mistral_client: Any, spans: InMemorySpanExporter) -> None:
    res = mistral_client.chat.complete(
        model="mistral-small-latest",
        messages=MESSAGES,
        temperature=0.3,
        max_tokens=7,
        stop=["\n\n"],
    )
    (span,) = spans.get_finished_spans()
    attributes = dict(span.attributes or {})
    assert span.name == "chat mistral-small-latest"
    assert span.kind is SpanKind.CLIENT
    assert attributes["gen_ai.operation.name"] == "chat"
    assert attributes["gen_ai.request.model"] == "mistral-small-latest"
    assert attributes["gen_ai.request.temperature"] == 0.3
    assert attributes["gen_ai.request.max_tokens"] == 7
    assert attributes["gen_ai.request.stop_sequences"] == ("\n\n",)
    assert attributes["gen_ai.response.id"] == res.id
    assert attributes["gen_ai.response.model"] == res.model
    assert attributes["gen_ai.response.finish_reasons"] == ("length",)
    assert res.usage is not None
    assert attributes["gen_ai.usage.input_tokens"] == res.usage.prompt_tokens
    assert attributes["gen_ai.usage.output_tokens"] == res.usage.completion_tokens
    assert span.status.status_code is StatusCode.UNSET


def test_stream_consumed_fully(mistral_client: Any, spans: InMemorySpanExporter) -> None:
    with mistral_client.chat.stream(
        model="mistral-small-latest", messages=MESSAGES, max_tokens=5
    ) as stream:
        assert spans.get_finished_spans() == ()
        events = list(stream)
    (span,) = spans.get_finished_spans()
    attributes = dict(span.attributes or {})
    assert attributes["gen_ai.response.id"] == events[0].data.id
    assert attributes["gen_ai.response.finish_reasons"] == ("length",)
    assert attributes["gen_ai.usage.output_tokens"] == 5
    assert "mistralai.stream.closed_early" not in attributes


def test_stream_closed_early(mistral_client: Any, spans: InMemorySpanExporter) -> None:
    stream = mistral_client.chat.stream(
        model="mistral-small-latest", messages=MESSAGES, max_tokens=200
    )
    next(stream)
    assert spans.get_finished_spans() == ()
    stream.close()
    (span,) = spans.get_finished_spans()
    assert dict(span.attributes or {})["mistralai.stream.closed_early"] is True
    assert span.status.status_code is StatusCode.UNSET


def test_failed_request(
    mistral_client: Any, mistral_test_server: Any, spans: InMemorySpanExporter
) -> None:
    mistral_test_server.faults.add(Fault.status(404, body={"message": "no such model"}), times=1)
    with pytest.raises(errors.NotFoundError):
        mistral_client.chat.complete(model="mistral-small-latest", messages=MESSAGES)
    (span,) = spans.get_finished_spans()
    assert span.status.status_code is StatusCode.ERROR
    assert dict(span.attributes or {})["error.type"] == "404"
    assert span.events[0].name == "exception"


def test_retries_make_one_span(
    mistral_client: Any, mistral_test_server: Any, spans: InMemorySpanExporter
) -> None:
    from mistralai.utils import BackoffStrategy, RetryConfig

    mistral_test_server.faults.add(Fault.status(503), times=2)
    mistral_client.chat.complete(
        model="mistral-small-latest",
        messages=MESSAGES,
        retries=RetryConfig("backoff", BackoffStrategy(1, 5, 2.0, 2000), True),
    )
    assert len(spans.get_finished_spans()) == 1


class _StateSpy:
    def __init__(self) -> None:
        self.states: list[dict[str, Any]] = []

    @hookimpl
    def mistral_after_success(self, context: Any) -> None:
        self.states.append(dict(context.state))


def test_no_span_is_started_without_a_provider(mistral_client: Any) -> None:
    spy = _StateSpy()
    mistral_client.register_plugin(spy)
    mistral_client.chat.complete(model="mistral-small-latest", messages=MESSAGES)
    assert spy.states == [{}]


def test_a_span_is_started_with_a_provider(
    mistral_client: Any, spans: InMemorySpanExporter
) -> None:
    spy = _StateSpy()
    mistral_client.register_plugin(spy)
    mistral_client.chat.complete(model="mistral-small-latest", messages=MESSAGES)
    assert list(spy.states[0]) == ["otel.span"]


def _otel_hooks(chain: Any) -> list[str]:
    return (
        [name for name, _, _ in chain.members if name.startswith("mistral-otel:")] if chain else []
    )


def test_without_a_provider_no_hook_of_the_plugin_runs_in_a_call(mistral_client: Any) -> None:
    from mistralai.hookspecs import HookContext

    plugins = mistral_client._plugins
    context = HookContext("op", "http://h", mistral_client.config)
    idle = plugins.for_call(context)
    for name in CALL_HOOKS:
        assert _otel_hooks(getattr(idle, name)) == [], name
    assert _otel_hooks(plugins.stream_event)  # the plugin implements it


def test_with_a_provider_every_hook_of_the_plugin_runs(
    mistral_client: Any, spans: InMemorySpanExporter
) -> None:
    from mistralai.hookspecs import HookContext

    context = HookContext("op", "http://h", mistral_client.config)
    hooks = mistral_client._plugins.for_call(context)
    assert _otel_hooks(hooks.stream_event)
    assert _otel_hooks(hooks.before_request)


CALL_HOOKS = ("before_request", "after_success", "after_error", "stream_event", "stream_end")
