"""The executors: one request flow, run by a blocking driver and by an async driver.

:meth:`ClientRuntime._flow` is written once, without I/O: it yields what it needs done (send
this request, read this body, wait this long) and receives the outcome. The sync driver
performs each step with ``httpx.Client`` and ``time.sleep``, the async driver with
``httpx.AsyncClient`` and anyio, so retries, hooks, timeouts, logging and error mapping exist
in one place.

An *attempt* is one send plus reading the body of a non-streamed answer: a body that breaks
off is a failed attempt like a refused connection, handled by the same retry policy, and
``timeout_ms`` bounds the whole attempt, not each network read. Every way out of an attempt
(success, error, a raising plugin, cancellation) closes the response it opened.
"""

from __future__ import annotations

import functools
import logging
import platform
import threading
import time
from collections.abc import Generator, Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar, Union
from urllib.parse import quote

import httpx

from mistralai._config import check_server_url, redact_url
from mistralai._plugins import note_plugin_failure
from mistralai._retries import NO_RETRY, RetryPolicy
from mistralai._sentinel import UNSET
from mistralai._streaming import AsyncEventStream, EventStream
from mistralai._version import __version__
from mistralai.errors import (
    APIConnectionError,
    APITimeoutError,
    ClientClosedError,
    MissingAPIKeyError,
    MistralError,
    NoResponseError,
    PluginError,
    RequestValidationError,
    SDKError,
)
from mistralai.hookspecs import HookContext

if TYPE_CHECKING:
    from mistralai._config import ClientConfig
    from mistralai._operation import Call, StreamCall
    from mistralai._plugins import PluginHost

T = TypeVar("T")
E = TypeVar("E")

DEFAULT_TIMEOUT = httpx.Timeout(300.0, connect=10.0)
DEFAULT_LIMITS = httpx.Limits(max_connections=1000, max_keepalive_connections=100)
DEFAULT_STREAM_IDLE_TIMEOUT_MS = 120_000
"""How long a stream may go without receiving any data before it is abandoned."""

_IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})
# Errors after which the request cannot have reached the server: re-sending is always safe.
_NOT_SENT_ERRORS = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)
_RETRYABLE_TRANSPORT_ERRORS = (
    httpx.TimeoutException,
    httpx.NetworkError,
    httpx.RemoteProtocolError,
)


@dataclass(slots=True)
class _Send:
    request: httpx.Request
    deadline: float | None


@dataclass(slots=True)
class _Read:
    response: httpx.Response
    deadline: float | None


@dataclass(slots=True)
class _Sleep:
    seconds: float


_Step = Union[_Send, _Read, _Sleep]
_Flow = Generator[_Step, Any, tuple[httpx.Response, HookContext]]

logger = logging.getLogger("mistralai")


class ClientRuntime:
    """What every resource of one client shares: configuration, plugins and HTTP clients."""

    def __init__(self, config: ClientConfig, plugins: PluginHost, distributions: list[str]) -> None:
        self.config = config
        self.plugins = plugins
        self._distributions = distributions
        self._client = config.client
        self._async_client = config.async_client
        self._owns_client = config.client is None
        self._owns_async_client = config.async_client is None
        self._base_headers: dict[str, str] | None = None
        self._lock = threading.Lock()
        self.closed = False

    # -- HTTP clients -------------------------------------------------------------------

    @property
    def http(self) -> httpx.Client:
        """The blocking HTTP client (created on first use unless one was given)."""
        client = self._client
        if client is None or self.closed:
            with self._lock:
                self._check_open()
                if self._client is None:
                    self._client = httpx.Client(timeout=DEFAULT_TIMEOUT, limits=DEFAULT_LIMITS)
                client = self._client
        return client

    @property
    def async_http(self) -> httpx.AsyncClient:
        """The async HTTP client (created on first use unless one was given)."""
        client = self._async_client
        if client is None or self.closed:
            with self._lock:
                self._check_open()
                if self._async_client is None:
                    self._async_client = httpx.AsyncClient(
                        timeout=DEFAULT_TIMEOUT, limits=DEFAULT_LIMITS
                    )
                client = self._async_client
        return client

    def _check_open(self) -> None:
        if self.closed:
            raise ClientClosedError(
                "this Mistral client was closed; create a new client to send more requests"
            )

    def close(self) -> None:
        """Close the blocking client if this runtime created it; refuse calls from now on."""
        with self._lock:
            self.closed = True
            client, self._client = self._client, None
        if self._owns_client and client is not None:
            client.close()

    async def aclose(self) -> None:
        """Close every client this runtime created; refuse calls from now on."""
        with self._lock:
            self.closed = True
            client, self._async_client = self._async_client, None
        if self._owns_async_client and client is not None:
            await client.aclose()
        self.close()

    # -- public entry points ------------------------------------------------------------

    def execute(self, call: Call[T]) -> T:
        """Run a call to completion and return its parsed result."""
        operation = call.operation
        response, context = self._drive(self._flow(call, self.http, events=False))
        if operation.raw:
            return response  # type: ignore[return-value]
        return self._parse(call, response, context)

    async def execute_async(self, call: Call[T]) -> T:
        """Async twin of :meth:`execute`."""
        operation = call.operation
        flow = self._flow(call, self.async_http, events=False)
        response, context = await self._drive_async(flow)
        if operation.raw:
            return response  # type: ignore[return-value]
        return self._parse(call, response, context)

    def open_stream(self, call: StreamCall[E]) -> EventStream[E]:
        """Send a streaming call; return its events once the response headers arrived."""
        response, context = self._drive(self._flow(call, self.http, events=True))
        on_event, on_end = self._stream_hooks(context)
        return EventStream(
            response,
            call.operation.decode,
            on_event=on_event,
            on_end=on_end,
            idle_timeout=self._idle_timeout(call),
        )

    async def open_stream_async(self, call: StreamCall[E]) -> AsyncEventStream[E]:
        """Async twin of :meth:`open_stream`."""
        flow = self._flow(call, self.async_http, events=True)
        response, context = await self._drive_async(flow)
        on_event, on_end = self._stream_hooks(context)
        return AsyncEventStream(
            response,
            call.operation.decode,
            on_event=on_event,
            on_end=on_end,
            idle_timeout=self._idle_timeout(call),
        )

    def _parse(self, call: Call[T], response: httpx.Response, context: HookContext) -> T:
        try:
            return call.operation.parse(response.content, response)
        except MistralError as error:
            self._after_error(error, response, context)
            raise

    def _idle_timeout(self, call: StreamCall[Any]) -> float | None:
        millis = call.options.get("stream_idle_timeout_ms")
        if millis is None:
            millis = self.config.stream_idle_timeout_ms
        return millis / 1000 if millis else None

    # -- drivers --------------------------------------------------------------------------

    def _drive(self, flow: _Flow) -> tuple[httpx.Response, HookContext]:
        http = self.http
        outcome: Any = None
        current: httpx.Response | None = None
        try:
            while True:
                try:
                    step = flow.send(outcome)
                except StopIteration as done:
                    current = None
                    return done.value  # type: ignore[no-any-return]
                outcome = None
                if isinstance(step, _Send):
                    request = step.request
                    if step.deadline is not None:
                        _shrink_timeouts(request, step.deadline)
                    try:
                        outcome = current = http.send(request, stream=True)
                    except httpx.TransportError as exc:
                        outcome = exc
                elif isinstance(step, _Read):
                    response = step.response
                    try:
                        if step.deadline is not None:
                            _shrink_timeouts(response.request, step.deadline)
                            response.stream = _DeadlineStream(
                                response.stream, step.deadline, response.request
                            )
                        response.read()
                    except httpx.TransportError as exc:
                        outcome = exc
                    finally:
                        response.close()
                else:
                    time.sleep(step.seconds)
        finally:
            if current is not None:
                current.close()
            flow.close()

    async def _drive_async(self, flow: _Flow) -> tuple[httpx.Response, HookContext]:
        import anyio

        http = self.async_http
        outcome: Any = None
        current: httpx.Response | None = None
        try:
            while True:
                try:
                    step = flow.send(outcome)
                except StopIteration as done:
                    current = None
                    return done.value  # type: ignore[no-any-return]
                outcome = None
                if isinstance(step, _Send):
                    request = step.request
                    try:
                        with _DeadlineScope(anyio, step.deadline, request):
                            outcome = current = await http.send(request, stream=True)
                    except httpx.TransportError as exc:
                        outcome = exc
                elif isinstance(step, _Read):
                    response = step.response
                    try:
                        with _DeadlineScope(anyio, step.deadline, response.request):
                            await response.aread()
                    except httpx.TransportError as exc:
                        outcome = exc
                    finally:
                        with anyio.CancelScope(shield=True):
                            await response.aclose()
                else:
                    await anyio.sleep(step.seconds)
        finally:
            if current is not None:
                with anyio.CancelScope(shield=True):
                    await current.aclose()
            flow.close()

    # -- the flow, written once ----------------------------------------------------------

    def _flow(
        self,
        call: Call[Any] | StreamCall[Any],
        http: httpx.Client | httpx.AsyncClient,
        *,
        events: bool,
    ) -> _Flow:
        config = self.config
        options = call.options
        operation = call.operation
        server_url = options.get("server_url")
        base_url = check_server_url(server_url) if server_url else config.server_url
        context = HookContext(operation.id, base_url, config)
        retry_config = options.get("retries") or config.retry_config
        if not call.replayable:
            retry_config = NO_RETRY
        policy = RetryPolicy(retry_config, idempotent=operation.method in _IDEMPOTENT_METHODS)
        timeout_ms = options.get("timeout_ms") or config.timeout_ms
        plugins = self.plugins
        # Event streams and raw downloads hand the unread body to the caller.
        read_body = not (events or getattr(operation, "raw", False))
        while True:
            context.attempt = policy.attempt
            request = self._build_request(http, call, base_url, events, timeout_ms)
            started = time.monotonic()
            deadline = started + timeout_ms / 1000 if timeout_ms else None
            answer = (
                plugins.before_request(request=request, context=context)
                if plugins.before_request
                else None
            )
            outcome = answer if answer is not None else (yield _Send(request, deadline))
            read_failed = False
            if isinstance(outcome, httpx.Response) and read_body and outcome.status_code < 400:
                # The body belongs to the attempt: a body cut short is a failed attempt.
                failure = yield _Read(outcome, deadline)
                if failure is not None:
                    outcome, read_failed = failure, True
            if isinstance(outcome, httpx.TransportError):
                error = self._no_response_error(outcome, request, read_failed)
                delay = (
                    policy.delay_after_transport_error(
                        maybe_sent=read_failed or not isinstance(outcome, _NOT_SENT_ERRORS)
                    )
                    if isinstance(outcome, _RETRYABLE_TRANSPORT_ERRORS)
                    else None
                )
                self._log_attempt(
                    request, context, started, f"failed: {type(outcome).__name__}", delay
                )
                if delay is None:
                    self._after_error(error, None, context)
                    raise error from None
            else:
                response: httpx.Response = outcome
                if response.status_code < 400:
                    self._log_attempt(request, context, started, str(response.status_code), None)
                    if plugins.after_success:
                        # A raising plugin leaves the response to the driver, which closes it.
                        plugins.after_success(response=response, context=context)
                    return response, context
                failure = yield _Read(response, deadline)
                if failure is not None:
                    # An error status whose body broke off: report the status with what arrived.
                    response = _without_body(response)
                delay = policy.delay_after_status(response.status_code, response.headers)
                self._log_attempt(request, context, started, str(response.status_code), delay)
                if delay is None:
                    sdk_error = SDKError.from_response(response)
                    self._after_error(sdk_error, response, context)
                    raise sdk_error
            yield _Sleep(delay)

    # -- request building --------------------------------------------------------------

    def _build_request(
        self,
        http: httpx.Client | httpx.AsyncClient,
        call: Call[Any] | StreamCall[Any],
        base_url: str,
        stream: bool,
        timeout_ms: int | None,
    ) -> httpx.Request:
        operation = call.operation
        path = operation.path
        if call.path_params:
            path = path.format_map(
                {name: _path_segment(name, value) for name, value in call.path_params.items()}
            )
        headers = dict(self.base_headers)
        headers["authorization"] = self._authorization()
        if stream:
            headers["accept"] = "text/event-stream"
        content: Any = None
        body = call.body
        if body is not None:
            headers["content-type"] = "application/json"
            content = _json_bytes(body)
        elif call.content is not None:
            content, extra = call.content()
            headers.update(extra)
            if isinstance(http, httpx.AsyncClient) and hasattr(content, "__aiter__"):
                # A body that iterates both ways (an upload) must be read the async way here.
                content = content.__aiter__()
        if call.headers:
            headers.update(call.headers)
        options = call.options
        extra_headers = options.get("http_headers")
        if extra_headers:
            headers.update(extra_headers)
        return http.build_request(
            operation.method,
            base_url + path,
            params=_query(call.query) if call.query else None,
            headers=headers,
            content=content,
            timeout=httpx.Timeout(timeout_ms / 1000) if timeout_ms else httpx.USE_CLIENT_DEFAULT,
        )

    def set_distributions(self, distributions: list[str]) -> None:
        """Update the packages named in the User-Agent after a plugin was registered."""
        self._distributions = distributions
        self._base_headers = None

    @property
    def base_headers(self) -> dict[str, str]:
        """Headers every request carries, computed once."""
        if self._base_headers is None:
            headers = {"user-agent": self.user_agent(), "accept": "application/json"}
            headers.update(self.config.headers)
            self._base_headers = headers
        return self._base_headers

    def user_agent(self) -> str:
        """``mistral-core/X`` followed by each mounted package and its version."""
        return _user_agent(tuple(self._distributions))

    def _authorization(self) -> str:
        key = self.config.resolve_api_key()
        if not key:
            raise MissingAPIKeyError(
                "no API key: pass Mistral(api_key=...) or set the MISTRAL_API_KEY environment variable"
            )
        return f"Bearer {key}"

    # -- hooks, errors and logging -----------------------------------------------------

    def _after_error(
        self, error: MistralError, response: httpx.Response | None, context: HookContext
    ) -> None:
        """Let plugins see ``error``; a plugin that fails here never replaces it."""
        if not self.plugins.after_error:
            return
        try:
            self.plugins.after_error(error=error, response=response, context=context)
        except PluginError as failure:
            note_plugin_failure(error, failure)

    def _stream_hooks(self, context: HookContext) -> tuple[Any, Any]:
        plugins = self.plugins
        on_event = None
        on_end = None
        if plugins.stream_event:
            hook = plugins.stream_event

            def on_event(event: Any) -> None:
                hook(event=event, context=context)

        if plugins.stream_end:
            end_hook = plugins.stream_end

            def on_end(error: BaseException | None, completed: bool) -> None:
                end_hook(error=error, completed=completed, context=context)

        return on_event, on_end

    def _no_response_error(
        self, exc: httpx.TransportError, request: httpx.Request, read_failed: bool
    ) -> NoResponseError:
        where = f"{request.method} {redact_url(request.url)}"
        if isinstance(exc, httpx.PoolTimeout):
            return APITimeoutError(
                f"{where}: no connection of this client's pool became free in time; too many "
                "requests or unclosed streams share it. Close streams you stop reading (use "
                "`with`), or pass Mistral(client=httpx.Client(limits=...)) with a larger pool",
            )
        if isinstance(exc, httpx.TimeoutException):
            phase = "while reading the response body" if read_failed else "before a response"
            return APITimeoutError(
                f"{where} timed out {phase} ({type(exc).__name__}); raise timeout_ms on the "
                "client or the call if the operation is expected to take longer",
            )
        if read_failed:
            return APIConnectionError(
                f"{where}: the connection broke while the response body was being read "
                f"({type(exc).__name__}); the answer is incomplete",
            )
        detail = self._redact(str(exc))
        return APIConnectionError(
            f"{where} failed before a response arrived ({type(exc).__name__}"
            + (f": {detail}" if detail else "")
            + "); check the server URL and the network",
        )

    def _redact(self, text: str) -> str:
        key = self.config.api_key
        if isinstance(key, str) and key and key in text:
            text = text.replace(key, "<api key>")
        return text

    def _log_attempt(
        self,
        request: httpx.Request,
        context: HookContext,
        started: float,
        outcome: str,
        retry_in: float | None,
    ) -> None:
        log = self.config.debug_logger or logger
        if not log.isEnabledFor(logging.DEBUG):
            return
        elapsed_ms = (time.monotonic() - started) * 1000
        retry = f"; retrying in {retry_in:.2f}s" if retry_in is not None else ""
        log.debug(
            "%s %s -> %s in %.1f ms (%s, attempt %d)%s",
            request.method,
            redact_url(request.url),
            outcome,
            elapsed_ms,
            context.operation_id,
            context.attempt,
            retry,
        )


class _DeadlineStream(httpx.SyncByteStream):
    """A response body that fails with ``ReadTimeout`` once the attempt's deadline passed."""

    def __init__(self, stream: Any, deadline: float, request: httpx.Request) -> None:
        self._stream = stream
        self._deadline = deadline
        self._request = request

    def __iter__(self) -> Iterator[bytes]:
        for chunk in self._stream:
            if time.monotonic() > self._deadline:
                raise httpx.ReadTimeout("the attempt's timeout passed", request=self._request)
            yield chunk

    def close(self) -> None:
        self._stream.close()


def _shrink_timeouts(request: httpx.Request, deadline: float) -> None:
    """Cap every network wait of ``request`` by the time left until ``deadline``."""
    left = max(deadline - time.monotonic(), 0.001)
    timeouts = request.extensions.get("timeout")
    if isinstance(timeouts, dict):
        request.extensions["timeout"] = {
            phase: left if value is None else min(value, left) for phase, value in timeouts.items()
        }


class _DeadlineScope:
    """``anyio.fail_after`` until ``deadline``, reported as the ``httpx.ReadTimeout`` it is."""

    __slots__ = ("_request", "_scope")

    def __init__(self, anyio: Any, deadline: float | None, request: httpx.Request) -> None:
        self._request = request
        self._scope = None if deadline is None else anyio.fail_after(deadline - time.monotonic())

    def __enter__(self) -> None:
        if self._scope is not None:
            self._scope.__enter__()

    def __exit__(self, exc_type: Any, exc: Any, tb: Any) -> bool:
        if self._scope is None:
            return False
        try:
            return bool(self._scope.__exit__(exc_type, exc, tb))
        except TimeoutError:
            raise httpx.ReadTimeout("the attempt's timeout passed", request=self._request) from None


def _without_body(response: httpx.Response) -> httpx.Response:
    """A read copy of an error response whose body broke off (status and headers kept)."""
    return httpx.Response(
        response.status_code, headers=response.headers, content=b"", request=response.request
    )


def _path_segment(name: str, value: Any) -> str:
    text = str(getattr(value, "value", value))
    if text in ("", ".", ".."):
        raise RequestValidationError(
            f"{name}={text!r} is not a valid id: it would change which endpoint is called; "
            "nothing was sent"
        )
    return quote(text, safe="")


@functools.cache
def _user_agent(distributions: tuple[str, ...]) -> str:
    from importlib.metadata import PackageNotFoundError, version

    parts = [f"mistral-core/{__version__}"]
    for distribution in distributions:
        try:
            parts.append(f"{distribution}/{version(distribution)}")
        except PackageNotFoundError:
            parts.append(distribution)
    parts.append(f"python/{platform.python_version()} httpx/{httpx.__version__}")
    return " ".join(parts)


def _json_bytes(body: Any) -> bytes:
    serializer = getattr(body, "__pydantic_serializer__", None)
    if serializer is not None:
        return serializer.to_json(body, by_alias=True, exclude_unset=True)  # type: ignore[no-any-return]
    from pydantic_core import to_json

    return to_json(body, by_alias=True)


def _query(query: Mapping[str, Any]) -> dict[str, Any]:
    params: dict[str, Any] = {}
    for name, value in query.items():
        if value is None or value is UNSET:
            continue
        if isinstance(value, bool):
            value = "true" if value else "false"
        elif isinstance(value, (list, tuple)):
            value = [getattr(item, "value", item) for item in value]
        else:
            value = getattr(value, "value", value)
        params[name] = value
    return params
