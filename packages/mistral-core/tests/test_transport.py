"""Transport over real loopback HTTP: retries, errors, timeouts, hooks, redaction."""

from __future__ import annotations

import logging
import time
from typing import Any

import httpx
import pytest

import mistralai
from mistralai import errors
from mistralai.testing import Fault
from mistralai.utils import BackoffStrategy, RetryConfig

FAST = RetryConfig("backoff", BackoffStrategy(1, 5, 2.0, 2_000), True)


def attempts(server: Any) -> int:
    return sum(1 for r in server.requests if r.path == "/v1/chat/completions")


@pytest.mark.parametrize("status", [429, 500, 502, 503, 504])
def test_retryable_statuses_are_retried(
    make_client: Any, mistral_test_server: Any, body: dict[str, Any], status: int
) -> None:
    mistral_test_server.faults.add(Fault.status(status), times=2)
    res = make_client(retry_config=FAST).probe.complete(body)
    assert res.choices[0].message.content
    assert attempts(mistral_test_server) == 3


def test_400_is_not_retried(
    make_client: Any, mistral_test_server: Any, body: dict[str, Any]
) -> None:
    mistral_test_server.faults.add(Fault.status(400, body={"message": "bad thing"}), times=1)
    with pytest.raises(errors.BadRequestError, match="bad thing"):
        make_client(retry_config=FAST).probe.complete(body)
    assert attempts(mistral_test_server) == 1


def test_retry_after_seconds_is_honoured(
    make_client: Any, mistral_test_server: Any, body: dict[str, Any]
) -> None:
    mistral_test_server.faults.add(Fault.status(429, headers={"Retry-After": "1"}), times=1)
    started = time.monotonic()
    make_client(retry_config=FAST).probe.complete(body)
    assert time.monotonic() - started >= 0.95
    assert attempts(mistral_test_server) == 2


def test_retry_after_ms_is_honoured(
    make_client: Any, mistral_test_server: Any, body: dict[str, Any]
) -> None:
    mistral_test_server.faults.add(Fault.status(503, headers={"retry-after-ms": "300"}), times=1)
    started = time.monotonic()
    make_client(retry_config=FAST).probe.complete(body)
    assert time.monotonic() - started >= 0.28


def test_retry_after_beyond_budget_gives_up_at_once(
    make_client: Any, mistral_test_server: Any, body: dict[str, Any]
) -> None:
    mistral_test_server.faults.add(Fault.status(429, headers={"Retry-After": "30"}), times=1)
    started = time.monotonic()
    with pytest.raises(errors.RateLimitError) as info:
        make_client(retry_config=FAST).probe.complete(body)
    assert time.monotonic() - started < 1
    assert info.value.retry_after == 30


def test_elapsed_time_caps_retries(
    make_client: Any, mistral_test_server: Any, body: dict[str, Any]
) -> None:
    mistral_test_server.faults.add(Fault.status(503), times=1000)
    capped = RetryConfig("backoff", BackoffStrategy(50, 100, 2.0, 400), True)
    started = time.monotonic()
    with pytest.raises(errors.ServerError):
        make_client(retry_config=capped).probe.complete(body)
    assert time.monotonic() - started < 1.5
    assert 2 <= attempts(mistral_test_server) <= 8


def test_per_call_retries_override_the_client(
    make_client: Any, mistral_test_server: Any, body: dict[str, Any]
) -> None:
    mistral_test_server.faults.add(Fault.status(503), times=1)
    with pytest.raises(errors.ServerError):
        make_client(retry_config=FAST).probe.complete(body, retries=RetryConfig("none"))
    assert attempts(mistral_test_server) == 1


def test_reset_after_a_post_was_sent_is_not_resent_by_default(
    make_client: Any, mistral_test_server: Any, body: dict[str, Any]
) -> None:
    mistral_test_server.faults.add(Fault.reset(), times=1)
    with pytest.raises(errors.APIConnectionError, match=r"ReadError|RemoteProtocolError"):
        make_client(retry_config=FAST).probe.complete(body)
    assert attempts(mistral_test_server) == 1


def test_reset_after_a_post_was_sent_is_resent_when_opted_in(
    make_client: Any, mistral_test_server: Any, body: dict[str, Any]
) -> None:
    mistral_test_server.faults.add(Fault.reset(), times=1)
    opted_in = RetryConfig("backoff", BackoffStrategy(1, 5, 2.0, 2_000), retry_sent_requests=True)
    assert make_client(retry_config=opted_in).probe.complete(body).choices
    assert attempts(mistral_test_server) == 2


def test_connection_errors_not_retried_when_switched_off(
    make_client: Any, mistral_test_server: Any, body: dict[str, Any]
) -> None:
    mistral_test_server.faults.add(Fault.reset(), times=1)
    config = RetryConfig("backoff", BackoffStrategy(1, 5, 2.0, 2_000), False)
    with pytest.raises(errors.APIConnectionError, match="before a response arrived"):
        make_client(retry_config=config).probe.complete(body)


def test_refused_connection_is_a_typed_error(make_client: Any, body: dict[str, Any]) -> None:
    client = make_client(server_url="http://127.0.0.1:9", retry_config=RetryConfig("none"))
    with pytest.raises(errors.APIConnectionError, match=r"127\.0\.0\.1:9"):
        client.probe.complete(body)


def test_timeout_is_a_typed_error(
    make_client: Any, mistral_test_server: Any, body: dict[str, Any]
) -> None:
    mistral_test_server.faults.add(Fault.slow(1.0), times=1)
    with pytest.raises(errors.APITimeoutError, match="timeout_ms"):
        make_client().probe.complete(body, timeout_ms=150, retries=RetryConfig("none"))


@pytest.mark.parametrize(
    ("status", "error_class"),
    [
        (400, errors.BadRequestError),
        (401, errors.AuthenticationError),
        (403, errors.PermissionDeniedError),
        (404, errors.NotFoundError),
        (409, errors.ConflictError),
        (418, errors.SDKError),
        (422, errors.HTTPValidationError),
        (429, errors.RateLimitError),
        (500, errors.ServerError),
        (503, errors.ServerError),
    ],
)
def test_each_status_raises_its_class_with_the_body(
    make_client: Any,
    mistral_test_server: Any,
    body: dict[str, Any],
    status: int,
    error_class: type[errors.SDKError],
) -> None:
    payload = {
        "message": f"status {status} said so",
        "detail": [{"loc": ["body", "x"], "msg": "nope", "type": "t"}],
    }
    mistral_test_server.faults.add(Fault.status(status, body=payload), times=1)
    with pytest.raises(error_class) as info:
        make_client(retry_config=RetryConfig("none")).probe.complete(body)
    error = info.value
    assert type(error) is error_class
    assert error.status_code == status
    assert f"status {status} said so" in error.body
    assert error.raw_response.status_code == status
    assert error.headers["content-type"].startswith("application/json")
    assert isinstance(error, errors.MistralError)


def test_422_from_the_server_carries_detail(make_client: Any, mistral_test_server: Any) -> None:
    with pytest.raises(errors.HTTPValidationError) as info:
        make_client().probe.complete(
            {"model": "m", "messages": [{"role": "robot", "content": "x"}]}
        )
    detail = info.value.detail
    assert isinstance(detail, list)
    assert detail
    assert detail[0]["loc"][0] == "body"
    from mistralai.models import HTTPValidationError, SDKError

    assert isinstance(info.value, HTTPValidationError)
    assert isinstance(info.value, SDKError)


def test_malformed_json_keeps_the_body(
    make_client: Any, mistral_test_server: Any, body: dict[str, Any]
) -> None:
    mistral_test_server.faults.add(Fault.malformed_json(), times=1)
    with pytest.raises(errors.ResponseValidationError) as info:
        make_client().probe.complete(body)
    assert info.value.body
    assert info.value.raw_response is not None


def test_wrong_content_type_is_reported(
    make_client: Any, mistral_test_server: Any, body: dict[str, Any]
) -> None:
    mistral_test_server.faults.add(Fault.wrong_content_type(), times=1)
    with pytest.raises(errors.ResponseValidationError, match="text/html"):
        make_client().probe.complete(body)


def test_missing_api_key_fails_at_first_request(
    make_client: Any,
    monkeypatch: pytest.MonkeyPatch,
    body: dict[str, Any],
    mistral_test_server: Any,
) -> None:
    monkeypatch.delenv("MISTRAL_API_KEY", raising=False)
    client = make_client(api_key=None)
    with pytest.raises(errors.MissingAPIKeyError, match="MISTRAL_API_KEY"):
        client.probe.complete(body)
    assert attempts(mistral_test_server) == 0


def test_callable_api_key_is_called_per_request(
    make_client: Any, mistral_test_server: Any, body: dict[str, Any]
) -> None:
    keys = iter(["first-key", "second-key"])
    client = make_client(api_key=lambda: next(keys))
    client.probe.complete(body)
    client.probe.complete(body)
    sent = [r.headers["authorization"] for r in mistral_test_server.requests]
    assert sent == ["Bearer first-key", "Bearer second-key"]


def test_per_call_headers_server_url_and_user_agent(
    make_client: Any, mistral_test_server: Any, body: dict[str, Any]
) -> None:
    client = make_client(server_url="http://127.0.0.1:9")
    client.probe.complete(body, server_url=mistral_test_server.url, http_headers={"x-trace": "abc"})
    request = mistral_test_server.requests[-1]
    assert request.headers["x-trace"] == "abc"
    assert request.headers["user-agent"].startswith(f"mistral-core/{mistralai.__version__}")
    assert "mistral-core-tests" in request.headers["user-agent"]


class _HeaderPlugin:
    @mistralai.hookimpl
    def mistral_before_request(self, request: httpx.Request, context: Any) -> None:
        request.headers["x-from-plugin"] = context.operation_id


def test_before_request_hook_header_reaches_the_server(
    make_client: Any, mistral_test_server: Any, body: dict[str, Any]
) -> None:
    make_client(plugins=[_HeaderPlugin()]).probe.complete(body)
    assert (
        mistral_test_server.requests[-1].headers["x-from-plugin"]
        == "chat_completion_v1_chat_completions_post"
    )


class _Recorder:
    def __init__(self) -> None:
        self.calls: list[tuple[str, Any]] = []

    @mistralai.hookimpl
    def mistral_after_success(self, response: httpx.Response, context: Any) -> None:
        self.calls.append(("success", (response.status_code, context.attempt)))

    @mistralai.hookimpl
    def mistral_after_error(self, error: Exception, response: httpx.Response | None) -> None:
        self.calls.append(
            ("error", (type(error).__name__, response.status_code if response else None))
        )


def test_after_hooks_see_the_final_outcome_once(
    make_client: Any, mistral_test_server: Any, body: dict[str, Any]
) -> None:
    recorder = _Recorder()
    client = make_client(plugins=[recorder], retry_config=FAST)
    mistral_test_server.faults.add(Fault.status(503), times=1)
    client.probe.complete(body)
    mistral_test_server.faults.add(Fault.status(404), times=1)
    with pytest.raises(errors.NotFoundError):
        client.probe.complete(body)
    assert recorder.calls == [("success", (200, 2)), ("error", ("NotFoundError", 404))]


class _CacheHit:
    @mistralai.hookimpl
    def mistral_before_request(self, request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json={"id": "cached", "choices": []}, request=request)


def test_before_request_can_answer_without_the_network(
    make_client: Any, mistral_test_server: Any, body: dict[str, Any]
) -> None:
    res = make_client(plugins=[_CacheHit()]).probe.complete(body)
    assert res.id == "cached"
    assert attempts(mistral_test_server) == 0


def test_api_key_never_in_logs_reprs_or_errors(
    make_client: Any,
    mistral_test_server: Any,
    body: dict[str, Any],
    caplog: pytest.LogCaptureFixture,
) -> None:
    secret = "sk-test-secret-123"
    logger = logging.getLogger("mistral.test.redaction")
    client = make_client(api_key=secret, debug_logger=logger, retry_config=FAST)
    mistral_test_server.faults.add(Fault.status(503), times=1)
    mistral_test_server.faults.add(Fault.status(401, body={"message": "Unauthorized"}), times=1)
    with caplog.at_level(logging.DEBUG, logger="mistral.test.redaction"):
        with pytest.raises(errors.AuthenticationError) as info:
            client.probe.complete(body)
    assert "503" in caplog.text
    assert "retrying" in caplog.text
    assert "/v1/chat/completions" in caplog.text
    seen = [
        caplog.text,
        repr(client),
        repr(client.config),
        str(info.value),
        repr(info.value),
        repr(info.value.raw_response),
    ]
    assert all(secret not in text for text in seen)
    assert "Bearer" not in caplog.text


def test_caller_clients_are_never_closed(
    mistral_test_server: Any, make_client: Any, body: dict[str, Any]
) -> None:
    http = httpx.Client()
    with make_client(client=http) as client:
        client.probe.complete(body)
    assert not http.is_closed
    http.close()


def test_own_client_is_closed_by_the_context_manager(
    make_client: Any, body: dict[str, Any]
) -> None:
    with make_client() as client:
        client.probe.complete(body)
        http = client._runtime.http
    assert http.is_closed


async def test_async_context_manager_closes_only_its_own(
    make_client: Any, body: dict[str, Any]
) -> None:
    mine = httpx.AsyncClient()
    async with make_client(async_client=mine) as client:
        await client.probe.complete_async(body)
    assert not mine.is_closed
    await mine.aclose()
    async with make_client() as client:
        await client.probe.complete_async(body)
        own = client._runtime.async_http
    assert own.is_closed


async def test_async_retries_and_errors(
    make_client: Any, mistral_test_server: Any, body: dict[str, Any]
) -> None:
    client = make_client(retry_config=FAST)
    mistral_test_server.faults.add(Fault.status(502), times=1)
    assert (await client.probe.complete_async(body)).choices
    mistral_test_server.faults.add(Fault.status(409), times=1)
    with pytest.raises(errors.ConflictError):
        await client.probe.complete_async(body)
    assert attempts(mistral_test_server) == 3
