"""Every error survives pickling (process pools, multiprocessing, task queues) with its message
and public attributes, and neither the pickled bytes nor ``str``/``repr`` hold a secret."""

from __future__ import annotations

import concurrent.futures
import multiprocessing
import pickle
from collections.abc import Callable
from typing import Any

import pydantic
import pytest

from mistralai import Mistral, errors
from mistralai._mount import AreaNotInstalledError
from mistralai._plugins import DISABLE_AUTOLOAD_ENV
from mistralai.testing import Fault
from mistralai.utils import RetryConfig

SECRET = "sk-secret-123"
NO_RETRY = RetryConfig("none")


def round_trip(error: BaseException) -> Any:
    """The unpickled copy, after checking that no form of ``error`` holds the secret."""
    data = pickle.dumps(error)
    assert SECRET.encode() not in data
    assert SECRET not in str(error)
    assert SECRET not in repr(error)
    copy = pickle.loads(data)
    assert type(copy) is type(error)
    assert str(copy) == str(error)
    assert repr(copy) == repr(error)
    assert copy.args == error.args
    assert copy.message == error.message
    return copy


@pytest.fixture
def client(make_client: Any) -> Mistral:
    client: Mistral = make_client(api_key=SECRET, retry_config=NO_RETRY)
    return client


def api_error(client: Any, server: Any, fault: Fault) -> Any:
    server.faults.add(fault, times=1)
    with pytest.raises(errors.MistralError) as info:
        client.probe.complete({"model": "m", "messages": [{"role": "user", "content": "hi"}]})
    return info.value


# -- errors built from the local server's answers -----------------------------------------

# Response headers a server may set; the pickled copy must not carry the credential ones.
ANSWER_HEADERS = {
    "x-request-id": "req-42",
    "set-cookie": f"session={SECRET}",
    "x-api-key": SECRET,
    "retry-after": "7",
}
STATUSES = {
    400: errors.BadRequestError,
    401: errors.AuthenticationError,
    403: errors.PermissionDeniedError,
    404: errors.NotFoundError,
    409: errors.ConflictError,
    418: errors.SDKError,
    422: errors.HTTPValidationError,
    429: errors.RateLimitError,
    500: errors.ServerError,
    503: errors.ServerError,
}


@pytest.mark.parametrize("status", STATUSES)
def test_api_errors(status: int, client: Any, mistral_test_server: Any) -> None:
    body = {"message": f"status {status}", "detail": [{"loc": ["body", "x"], "msg": "bad"}]}
    error = api_error(client, mistral_test_server, Fault.status(status, body, ANSWER_HEADERS))
    assert type(error) is STATUSES[status]
    assert error.raw_response.request.headers["authorization"] == f"Bearer {SECRET}"

    copy = round_trip(error)

    assert copy.status_code == status
    assert copy.body == error.body
    assert f"status {status}" in copy.body
    assert copy.raw_response is None
    assert copy.headers["x-request-id"] == "req-42"
    assert copy.headers["retry-after"] == "7"
    assert copy.headers["set-cookie"] == "[REDACTED]"
    assert copy.headers["x-api-key"] == "[REDACTED]"
    # Pickling leaves the original whole.
    assert error.raw_response is not None
    assert error.headers["set-cookie"] == f"session={SECRET}"


def test_validation_error_keeps_its_detail(client: Any, mistral_test_server: Any) -> None:
    detail = [{"loc": ["body", "messages", 0, "role"], "msg": "not a role", "type": "enum"}]
    fault = Fault.status(422, {"detail": detail})
    error = api_error(client, mistral_test_server, fault)
    copy = round_trip(error)
    assert copy.detail == detail
    assert copy.data.detail is not None
    assert [entry.model_dump(exclude_unset=True) for entry in copy.data.detail] == detail
    assert copy.data.detail[0].msg == "not a role"
    assert "messages.0.role: not a role" in copy.message


def test_rate_limit_error_keeps_retry_after(client: Any, mistral_test_server: Any) -> None:
    error = api_error(client, mistral_test_server, Fault.status(429, headers={"Retry-After": "3"}))
    assert round_trip(error).retry_after == error.retry_after == 3.0


def test_response_validation_error(client: Any, mistral_test_server: Any) -> None:
    error = api_error(client, mistral_test_server, Fault.malformed_json())
    assert isinstance(error, errors.ResponseValidationError)
    assert error.raw_response is not None
    copy = round_trip(error)
    assert copy.raw_response is None
    assert copy.body == error.body
    assert isinstance(copy.cause, pydantic.ValidationError)
    assert copy.cause.errors() == error.cause.errors()


def test_stream_error(client: Any, mistral_test_server: Any) -> None:
    mistral_test_server.faults.add(Fault.truncate(after_events=2), times=1)
    body = {"model": "m", "messages": [{"role": "user", "content": "a longer question"}]}
    with pytest.raises(errors.StreamError) as info:
        for _ in client.probe.stream(body):
            pass
    copy = round_trip(info.value)
    assert copy.events_received == info.value.events_received == 2
    assert copy.data == info.value.data


def test_connection_error(client: Any, mistral_test_server: Any) -> None:
    error = api_error(client, mistral_test_server, Fault.reset())
    assert isinstance(error, errors.APIConnectionError)
    round_trip(error)


def test_area_not_installed(mistral_test_server: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(DISABLE_AUTOLOAD_ENV, "1")
    with Mistral(api_key=SECRET, server_url=mistral_test_server.url) as bare:
        with pytest.raises(AreaNotInstalledError) as info:
            bare.chat  # noqa: B018 - the access is what raises
    copy = round_trip(info.value)
    assert isinstance(copy, AttributeError)
    assert (copy.path, copy.distribution) == ("chat", "mistral-chat")
    assert AreaNotInstalledError is errors.AreaNotInstalledError


# -- errors raised without an HTTP response -----------------------------------------------


def _validation_error() -> pydantic.ValidationError:
    try:
        pydantic.TypeAdapter(int).validate_python("not a number")
    except pydantic.ValidationError as exc:
        return exc
    raise AssertionError("validated")


LEAKY_URL = f"https://user:{SECRET}@api.example.com/v1/chat/completions"
LOCAL: dict[type[errors.MistralError], Callable[[], errors.MistralError]] = {
    errors.MistralError: lambda: errors.MistralError("something failed"),
    errors.NoResponseError: lambda: errors.NoResponseError(f"POST {LEAKY_URL}: no answer"),
    errors.APITimeoutError: lambda: errors.APITimeoutError(f"POST {LEAKY_URL} timed out"),
    errors.RequestValidationError: lambda: errors.RequestValidationError(
        "messages is required", cause=_validation_error()
    ),
    errors.WaitTimeoutError: lambda: errors.WaitTimeoutError(
        "job j-1 did not finish", last={"id": "j-1", "status": "RUNNING"}
    ),
    errors.MissingAPIKeyError: lambda: errors.MissingAPIKeyError("no API key"),
    errors.ConfigurationError: lambda: errors.ConfigurationError(
        f"server_url {LEAKY_URL!r} holds credentials"
    ),
    errors.ClientClosedError: lambda: errors.ClientClosedError("the client is closed"),
    errors.StreamError: lambda: errors.StreamError(
        "the server reported an error", data='{"code": 3}', events_received=4
    ),
}


@pytest.mark.parametrize("cls", LOCAL, ids=lambda cls: cls.__name__)
def test_errors_without_a_response(cls: type[errors.MistralError]) -> None:
    error = LOCAL[cls]()
    copy = round_trip(error)
    public = {k: v for k, v in vars(error).items() if k not in ("cause", "raw_response")}
    assert {k: v for k, v in vars(copy).items() if k != "cause"} == public
    for base in (ValueError, TimeoutError, RuntimeError):
        assert isinstance(copy, base) == isinstance(error, base)


def test_request_validation_error_keeps_its_cause() -> None:
    error = LOCAL[errors.RequestValidationError]()
    assert isinstance(error, errors.RequestValidationError)
    copy = round_trip(error)
    assert error.cause is not None
    assert copy.cause is not None
    assert copy.cause.errors() == error.cause.errors()


def test_plugin_error_carries_the_sdk_error(client: Any, mistral_test_server: Any) -> None:
    sdk_error = api_error(client, mistral_test_server, Fault.status(404))
    error = errors.PluginError(
        "plugin 'acme:trace' failed in mistral_after_error",
        plugin="acme:trace",
        hook="mistral_after_error",
        distribution="acme",
        sdk_error=sdk_error,
    )
    copy = round_trip(error)
    assert (copy.plugin, copy.hook, copy.distribution) == (
        "acme:trace",
        "mistral_after_error",
        "acme",
    )
    assert type(copy.sdk_error) is errors.NotFoundError
    assert copy.sdk_error.status_code == 404
    assert copy.sdk_error.raw_response is None


def test_every_error_class_is_covered() -> None:
    from_server = {*STATUSES.values(), errors.ResponseValidationError, errors.APIConnectionError}
    covered = {*from_server, *LOCAL, errors.PluginError, AreaNotInstalledError}
    defined = {
        value
        for value in vars(errors).values()
        if isinstance(value, type) and issubclass(value, errors.MistralError)
    }
    assert defined - covered == set()


# -- what reaches str() and repr() ---------------------------------------------------------


@pytest.mark.parametrize(
    "message",
    [
        f"GET {LEAKY_URL} failed",
        f"the server said: invalid token Bearer {SECRET}",
        f"headers were {{'x-api-key': '{SECRET}'}}",
        f"called with api_key={SECRET}",
    ],
)
def test_messages_never_show_credentials(message: str) -> None:
    error = errors.APIConnectionError(message)
    assert "[REDACTED]" in str(error)
    round_trip(error)


def test_an_api_message_quoting_a_token_is_redacted(client: Any, mistral_test_server: Any) -> None:
    body = {"message": f"Bearer {SECRET} was revoked"}
    error = api_error(client, mistral_test_server, Fault.status(401, body))
    assert str(error).startswith("POST /v1/chat/completions failed: Bearer [REDACTED] was revoked")
    assert SECRET not in repr(error)


def test_prose_is_left_alone() -> None:
    message = (
        "the bearer of a Basic plan can reach https://docs.mistral.ai/api@v1 (api key: see docs)"
    )
    assert str(errors.MistralError(message)) == message


# -- a real process pool -------------------------------------------------------------------

# Runs in the worker, a fresh interpreter: builds the error from a response whose request
# carries the key, as the SDK does, and raises it; the pool pickles it back.
WORKER = f"""
import httpx
from mistralai.errors import SDKError

request = httpx.Request(
    "POST", "https://api.mistral.ai/v1/chat/completions",
    headers={{"Authorization": "Bearer {SECRET}"}},
)
response = httpx.Response(
    404, json={{"message": "no such model"}}, headers={{"x-request-id": "req-7"}}, request=request
)
raise SDKError.from_response(response)
"""


def test_an_error_raised_in_a_process_pool_worker() -> None:
    context = multiprocessing.get_context("spawn")
    with concurrent.futures.ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
        future = pool.submit(exec, WORKER)
        with pytest.raises(errors.NotFoundError) as info:
            future.result(timeout=60)
    error = info.value
    assert error.status_code == 404
    assert "no such model" in error.message
    assert error.body == '{"message":"no such model"}'
    assert error.headers["x-request-id"] == "req-7"
    assert error.raw_response is None
