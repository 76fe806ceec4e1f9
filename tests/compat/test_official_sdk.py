"""Code written for the official ``mistralai`` SDK (1.9, and the 2.x/3.x import layout) runs
unchanged.

The official surface is read from ``scripts/official_surface.json`` (written by
``scripts/extract_official_surface.py`` from mistralai 1.9.11), so these tests need neither
the official SDK nor the network. Calls go to the local test server.
"""

from __future__ import annotations

import json
import pickle
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

import httpx
import pytest

from mistralai import Mistral
from mistralai.errors import (
    APIConnectionError,
    APITimeoutError,
    HTTPValidationError,
    MistralError,
    NoResponseError,
)
from mistralai.testing import Fault
from mistralai.utils import RetryConfig

ROOT = Path(__file__).resolve().parents[2]
OFFICIAL: dict[str, Any] = json.loads((ROOT / "scripts" / "official_surface.json").read_text())
NO_RETRY = RetryConfig("none")
MESSAGES = [{"role": "user", "content": "Hello"}]


def fresh_python(code: str) -> str:
    """Run ``code`` in a new interpreter (nothing imported yet); its stdout."""
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def refused_url() -> str:
    """A local URL on which nothing listens: connecting to it is refused."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"


# -- 4. errors: catchable as the httpx exceptions they wrap; 422 detail as objects ---------


def test_refused_connection_is_caught_as_httpx_connect_error() -> None:
    with Mistral(api_key="k", server_url=refused_url(), retry_config=NO_RETRY) as client:
        with pytest.raises(httpx.ConnectError) as info:
            client.chat.complete(model="m", messages=MESSAGES)
    error = info.value
    assert isinstance(error, APIConnectionError)
    assert isinstance(error, NoResponseError)
    assert isinstance(error, MistralError)
    assert isinstance(error, httpx.TransportError)
    assert isinstance(error, httpx.HTTPError)
    assert error.request.url.path == "/v1/chat/completions"
    assert "check the server URL" in str(error)


async def test_refused_connection_is_caught_as_httpx_connect_error_async() -> None:
    async with Mistral(api_key="k", server_url=refused_url(), retry_config=NO_RETRY) as client:
        with pytest.raises(httpx.ConnectError) as info:
            await client.chat.complete_async(model="m", messages=MESSAGES)
    assert isinstance(info.value, APIConnectionError)


def test_dropped_connection_is_caught_as_httpx_transport_error(
    mistral_client: Mistral, mistral_test_server: Any
) -> None:
    mistral_test_server.faults.add(Fault.reset())
    with pytest.raises(httpx.TransportError) as info:
        mistral_client.chat.complete(model="m", messages=MESSAGES, retries=NO_RETRY)
    error = info.value
    assert isinstance(error, APIConnectionError)
    assert not isinstance(error, httpx.ConnectError)  # the request was sent, not refused
    assert isinstance(error, (httpx.ReadError, httpx.RemoteProtocolError))


def test_timeout_is_caught_as_httpx_timeout_exception(
    mistral_client: Mistral, mistral_test_server: Any
) -> None:
    mistral_test_server.faults.add(Fault.slow(1.0))
    with pytest.raises(httpx.TimeoutException) as info:
        mistral_client.chat.complete(
            model="m", messages=MESSAGES, timeout_ms=150, retries=NO_RETRY
        )
    assert isinstance(info.value, APITimeoutError)
    assert isinstance(info.value, httpx.ReadTimeout)
    assert "timeout_ms" in str(info.value)


async def test_timeout_is_caught_as_httpx_timeout_exception_async(
    mistral_async_client: Mistral, mistral_test_server: Any
) -> None:
    mistral_test_server.faults.add(Fault.slow(1.0))
    with pytest.raises(httpx.TimeoutException) as info:
        await mistral_async_client.chat.complete_async(
            model="m", messages=MESSAGES, timeout_ms=150, retries=NO_RETRY
        )
    assert isinstance(info.value, APITimeoutError)


def test_transport_errors_pickle_without_the_request() -> None:
    secret = "sk-do-not-leak"
    with Mistral(api_key=secret, server_url=refused_url(), retry_config=NO_RETRY) as client:
        with pytest.raises(APIConnectionError) as info:
            client.models.list()
    data = pickle.dumps(info.value)
    assert secret.encode() not in data
    copy = pickle.loads(data)
    assert type(copy) is type(info.value)
    assert isinstance(copy, httpx.ConnectError)
    assert str(copy) == str(info.value)
    with pytest.raises(RuntimeError):
        _ = copy.request  # the request (and its Authorization header) stayed behind


def test_transport_error_classes_are_created_without_importing_httpx_early() -> None:
    out = fresh_python(
        "import sys, mistralai.errors, mistralai.models\n"
        "print('httpx' in sys.modules)\n"
        "from mistralai.errors import APIConnectionError\n"
        "import httpx\n"
        "print(issubclass(APIConnectionError, httpx.TransportError))"
    )
    assert out.split() == ["False", "True"]


def test_validation_error_detail_entries_are_objects(
    mistral_client: Mistral, mistral_test_server: Any
) -> None:
    detail = [
        {"loc": ["body", "messages", 0, "role"], "msg": "Input tag 'x' is wrong", "type": "x"},
        {"loc": ["body", "model"], "msg": "Field required", "type": "missing", "input": None},
    ]
    mistral_test_server.faults.add(Fault.status(422, {"detail": detail}))
    with pytest.raises(HTTPValidationError) as info:
        mistral_client.chat.complete(model="m", messages=MESSAGES)
    data = info.value.data
    assert data.detail is not None
    assert data.detail[0].msg == "Input tag 'x' is wrong"
    assert data.detail[0].loc == ["body", "messages", 0, "role"]
    assert data.detail[1].type == "missing"
    assert info.value.detail == detail  # the raw entries stay available


def test_validation_error_from_the_server_checks(mistral_client: Mistral) -> None:
    with pytest.raises(HTTPValidationError) as info:
        mistral_client.chat.complete(model="m", messages=MESSAGES, top_p=7.0)
    data = info.value.data
    assert data.detail
    assert data.detail[0].loc == ["body", "top_p"]
    assert data.detail[0].msg
