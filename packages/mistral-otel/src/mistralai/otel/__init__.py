"""OpenTelemetry spans for every Mistral API call, as a plugin.

Installing ``mistral-otel`` is all it takes: its entry point registers the hooks of
:mod:`mistralai.otel._plugin` on every client. Each operation becomes one ``CLIENT`` span
named after the GenAI semantic conventions (``chat mistral-small-latest``), with the request
model and parameters, the response id, model, finish reasons and token usage, and the error
type on failure. A stream's span ends when the stream ends or is closed; a JSON response's
span when the SDK has read and closed it (the plugin never reads a body itself, see
:mod:`mistralai.otel._plugin`). With no tracer provider configured (globally or with
:func:`use_tracer_provider`), the plugin answers ``mistral_plugin_active`` with False
and sits every call out: no other hook of it runs, not even once per streamed event.
"""

from mistralai.otel._plugin import INSTRUMENTATION_NAME, use_tracer_provider

__all__ = ["INSTRUMENTATION_NAME", "use_tracer_provider"]
