"""client.with_options and the environment switches, against the local server."""

from __future__ import annotations

import logging
import subprocess
import sys
import textwrap
from typing import Any

import pytest

from mistralai import errors
from mistralai.testing import Fault
from mistralai.utils import BackoffStrategy, RetryConfig


def test_with_options_shares_the_pool_and_changes_only_what_is_given(
    make_client: Any, mistral_test_server: Any, body: dict[str, Any]
) -> None:
    base = make_client(timeout_ms=30_000, retry_config=RetryConfig("none"))
    base.probe.complete(body)
    tagged = base.with_options(http_headers={"x-team": "search"}, timeout_ms=5_000)
    tagged.probe.complete(body)
    assert tagged._runtime.http is base._runtime.http
    assert tagged.config.timeout_ms == 5_000
    assert tagged.config.retry_config is base.config.retry_config
    assert mistral_test_server.requests[-1].headers["x-team"] == "search"
    base.probe.complete(body)
    assert "x-team" not in mistral_test_server.requests[-1].headers
    tagged.close()
    base.probe.complete(body)  # the shared pool stays open: it is the base client's
    with pytest.raises(errors.ClientClosedError):
        tagged.probe.complete(body)


def test_with_options_retries_and_server(
    make_client: Any, mistral_test_server: Any, body: dict[str, Any]
) -> None:
    base = make_client(retry_config=RetryConfig("none"))
    mistral_test_server.faults.add(Fault.status(503), times=1)
    patient = base.with_options(retry_config=RetryConfig("backoff", BackoffStrategy(1, 5, 2, 2000)))
    assert patient.probe.complete(body).choices
    elsewhere = base.with_options(server_url="http://127.0.0.1:9")
    with pytest.raises(errors.APIConnectionError, match=r"127\.0\.0\.1:9"):
        elsewhere.probe.complete(body)
    with pytest.raises(errors.ConfigurationError):
        base.with_options(server_url="https://user:pw@example.com")


def test_with_options_keeps_the_key_hidden(make_client: Any) -> None:
    derived = make_client(api_key="sk-secret-one").with_options(api_key="sk-secret-two")
    assert "sk-secret" not in repr(derived) + repr(derived.config)


def run(code: str, **env: str) -> subprocess.CompletedProcess[str]:
    import os

    environ = {k: v for k, v in os.environ.items() if not k.startswith("MISTRAL_")}
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        env={**environ, **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_mistral_server_url_is_the_default_base_url() -> None:
    result = run(
        "from mistralai import Mistral; print(Mistral(api_key='k').config.server_url)",
        MISTRAL_SERVER_URL="http://127.0.0.1:8123/",
    )
    assert result.stdout.strip() == "http://127.0.0.1:8123", result.stderr
    explicit = run(
        "from mistralai import Mistral;"
        "print(Mistral(api_key='k', server_url='http://h:1').config.server_url)",
        MISTRAL_SERVER_URL="http://127.0.0.1:8123",
    )
    assert explicit.stdout.strip() == "http://h:1"


@pytest.mark.parametrize(("level", "expected"), [("debug", logging.DEBUG), ("info", logging.INFO)])
def test_mistral_log_sets_the_mistralai_logger(level: str, expected: int) -> None:
    result = run(
        "import logging; from mistralai import Mistral; Mistral(api_key='k');"
        "print(logging.getLogger('mistralai').level)",
        MISTRAL_LOG=level,
    )
    assert result.stdout.strip() == str(expected), result.stderr


def test_info_logs_retries_and_failures_but_not_successes(
    make_client: Any, mistral_test_server: Any, body: dict[str, Any], caplog: Any
) -> None:
    log = logging.getLogger("mistral-options-test")
    client = make_client(
        debug_logger=log, retry_config=RetryConfig("backoff", BackoffStrategy(1, 5, 2, 2000))
    )
    mistral_test_server.faults.add(Fault.status(503), times=1)
    with caplog.at_level(logging.INFO, logger="mistral-options-test"):
        client.probe.complete(body)
    assert [r.levelno for r in caplog.records] == [logging.INFO]
    assert "503" in caplog.records[0].getMessage()
    assert "retrying" in caplog.records[0].getMessage()
