"""Every ``>>>`` example in the SDK's docstrings runs against the local server, and every
public method of every API area has one.

The API reference pages are generated from these docstrings, so an example that stops
working fails here before a reader meets it.
"""

from __future__ import annotations

import importlib
import inspect
from typing import Any

import pytest
from doc_examples import (
    DocExamples,
    ExampleRunner,
    docstring_examples,
    free_names,
    provide,
    public_methods,
    source_modules,
)
from doc_namespace import PROVIDERS

from mistralai import Mistral
from mistralai.testing import MistralTestServer

_AZURE = "it calls an Azure AI Foundry deployment with its key; tests/ in mistral-azure runs the same calls against a local stand-in"
_GCP = "it calls Vertex AI with Google credentials; tests/ in mistral-gcp runs the same calls against a local stand-in"
_REMOTE_MCP = "it connects to a remote MCP server; the stdio example of MCPClientSTDIO runs against a local one"

SKIPPED = {
    "mistralai.azure.AzureAI": _AZURE,
    "mistralai.azure._entra.EntraTokens": "it asks Microsoft Entra ID for a token",
    "mistralai.azure.client.MistralAzure": _AZURE,
    "mistralai_azure.MistralAzure": _AZURE,
    "mistralai.gcp.VertexAI": _GCP,
    "mistralai.gcp._google.GoogleTokens": "it asks Google for a token",
    "mistralai.gcp.client.MistralGCP": _GCP,
    "mistralai_gcp.MistralGoogleCloud": _GCP,
    "mistralai.extra.mcp.sse.MCPClientSSE": _REMOTE_MCP,
    "mistralai.extra.mcp.streamable_http.MCPClientStreamableHTTP": _REMOTE_MCP,
}
"""Docstrings whose examples may not run, with the reason a reader would accept."""

ALL = docstring_examples(source_modules())


@pytest.mark.parametrize("entry", ALL, ids=[entry.name for entry in ALL])
@pytest.mark.usefixtures("docs_workdir", "docs_fast_waits")
def test_docstring_examples_run(
    entry: DocExamples,
    docs_client: Mistral,
    docs_mistral: type[Mistral],
    mistral_test_server: MistralTestServer,
) -> None:
    if entry.skipped:
        assert entry.name in SKIPPED, (
            f"{entry.name} skips an example; make it run against the local server, or say "
            "in SKIPPED why it cannot"
        )
        pytest.skip(f"shown, not run: {SKIPPED[entry.name]}")
    module = importlib.import_module(entry.module)
    namespace: dict[str, Any] = {
        **vars(module),
        "__name__": entry.module,
        "client": docs_client,
        "server": mistral_test_server,
        "Mistral": docs_mistral,
    }
    runner = ExampleRunner(namespace, entry.filename)
    made: list[str] = []
    try:
        made = provide(free_names(entry.examples), PROVIDERS, namespace)
        for example in entry.examples:
            runner.run_example(example, entry.lineno)
            if runner.failures:
                break
    finally:
        for name in made:
            close = getattr(namespace[name], "close", None)
            if callable(close):
                close()
        if runner.loop is not None:
            runner.run_async(docs_client.aclose())
        runner.close()
    assert not runner.failures, "\n\n".join(runner.failures)


def test_every_skip_is_still_needed() -> None:
    names = {entry.name for entry in ALL if entry.skipped}
    assert set(SKIPPED) <= names, f"no longer skipped: {sorted(set(SKIPPED) - names)}"


def test_every_public_method_has_an_example() -> None:
    methods = public_methods()
    assert len(methods) > 300, "the walk found too few methods: is every area installed?"
    missing = [
        path for path, method in methods.items() if ">>>" not in (inspect.getdoc(method) or "")
    ]
    assert not missing, f"{len(missing)} public methods have no example: {missing}"
