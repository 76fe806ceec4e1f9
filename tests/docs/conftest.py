"""Fixtures of the documentation tests: the local server, the examples' working folder,
``from mistralai import Mistral`` bound to the local server, and fast polling."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from mistralai import Mistral
from mistralai.testing import MistralTestServer

sys.path.insert(0, str(Path(__file__).resolve().parent))

from doc_namespace import SAMPLE_FILES, Hurried, local_mistral


@pytest.fixture
def docs_workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for name, content in SAMPLE_FILES.items():
        (tmp_path / name).write_bytes(content)
    monkeypatch.chdir(tmp_path)
    # `python` in an example (an MCP server's command) is this environment's interpreter.
    monkeypatch.setenv("PATH", f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}")
    return tmp_path


@pytest.fixture
def docs_mistral(
    mistral_test_server: MistralTestServer, monkeypatch: pytest.MonkeyPatch
) -> type[Mistral]:
    """``from mistralai import Mistral`` gives a client of the local server during the test."""
    import mistralai
    import mistralai.client

    local = local_mistral(mistral_test_server.url)
    monkeypatch.setattr(mistralai, "Mistral", local)
    monkeypatch.setattr(mistralai.client, "Mistral", local)
    monkeypatch.setenv("MISTRAL_API_KEY", "test-api-key")
    return local


@pytest.fixture
def docs_fast_waits(monkeypatch: pytest.MonkeyPatch) -> None:
    """Jobs on the local server move a step per read: the examples that wait for one (with
    the intervals a real job needs) poll without the seconds between reads."""
    import asyncio
    import time

    import anyio

    import mistralai._polling
    import mistralai.batch._run

    monkeypatch.setattr(mistralai._polling, "time", Hurried(time))
    monkeypatch.setattr(mistralai._polling, "anyio", Hurried(anyio))
    monkeypatch.setattr(mistralai.batch._run, "time", Hurried(time))
    monkeypatch.setattr(mistralai.batch._run, "asyncio", Hurried(asyncio))


@pytest.fixture
def docs_client(mistral_test_server: MistralTestServer) -> Iterator[Mistral]:
    """The ``client`` of the examples: bound to the local server, closed after the test."""
    client = Mistral(api_key="test-api-key", server_url=mistral_test_server.url)
    try:
        yield client
    finally:
        client.close()
