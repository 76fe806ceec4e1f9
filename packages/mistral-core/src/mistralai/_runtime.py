"""The executors: one request flow, run by a blocking driver and by an async driver.

:meth:`ClientRuntime._flow` is written once, without I/O: it yields what it needs done (send
this request, read this error body, wait this long) and receives the outcome. The sync
driver performs each step with ``httpx.Client`` and ``time.sleep``, the async driver with
``httpx.AsyncClient`` and ``asyncio.sleep``, so retries, hooks, logging and error mapping
exist in one place.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import platform
import time
from collections.abc import Generator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar, Union
from urllib.parse import quote

import httpx

from mistralai._retries import NO_RETRY, RetryPolicy
from mistralai._sentinel import UNSET
from mistralai._streaming import AsyncEventStream, EventStream
from mistralai._version import __version__
from mistralai.errors import (
    APIConnectionError,
    APITimeoutError,
    MissingAPIKeyError,
    NoResponseError,
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
_RETRYABLE_TRANSPORT_ERRORS = (
    httpx.TimeoutException,
    httpx.NetworkError,
    httpx.RemoteProtocolError,
)


@dataclass(slots=True)
class _Sleep:
    seconds: float


@dataclass(slots=True)
class _ReadBody:
    response: httpx.Response


_Step = Union[httpx.Request, _Sleep, _ReadBody]
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

    # -- HTTP clients -------------------------------------------------------------------

    @property
    def http(self) -> httpx.Client:
        """The blocking HTTP client (created on first use unless one was given)."""
        if self._client is None:
            self._client = httpx.Client(timeout=DEFAULT_TIMEOUT, limits=DEFAULT_LIMITS)
        return self._client

    @property
    def async_http(self) -> httpx.AsyncClient:
        """The async HTTP client (created on first use unless one was given)."""
        if self._async_client is None:
            self._async_client = httpx.AsyncClient(timeout=DEFAULT_TIMEOUT, limits=DEFAULT_LIMITS)
        return self._async_client

    def close(self) -> None:
        """Close the blocking client if this runtime created it."""
        if self._owns_client and self._client is not None:
            self._client.close()
            self._client = None

    async def aclose(self) -> None:
        """Close every client this runtime created."""
        if self._owns_async_client and self._async_client is not None:
            await self._async_client.aclose()
            self._async_client = None
        self.close()

    # -- public entry points ------------------------------------------------------------

    def execute(self, call: Call[T]) -> T:
        """Run a call to completion and return its parsed result."""
        response, _ = self._drive(self._flow(call, self.http, stream=False))
        if call.operation.raw:
            return response  # type: ignore[return-value]
        try:
            body = response.read()
        finally:
            response.close()
        return call.operation.parse(body, response)

    async def execute_async(self, call: Call[T]) -> T:
        """Async twin of :meth:`execute`."""
        response, _ = await self._drive_async(self._flow(call, self.async_http, stream=False))
        if call.operation.raw:
            return response  # type: ignore[return-value]
        try:
            body = await response.aread()
        finally:
            await response.aclose()
        return call.operation.parse(body, response)

    def open_stream(self, call: StreamCall[E]) -> EventStream[E]:
        """Send a streaming call; return its events once the response headers arrived."""
        response, context = self._drive(self._flow(call, self.http, stream=True))
        on_event, on_end = self._stream_hooks(context)
        return EventStream(response, call.operation.decode, on_event=on_event, on_end=on_end)

    async def open_stream_async(self, call: StreamCall[E]) -> AsyncEventStream[E]:
        """Async twin of :meth:`open_stream`."""
        flow = self._flow(call, self.async_http, stream=True)
        response, context = await self._drive_async(flow)
        on_event, on_end = self._stream_hooks(context)
        return AsyncEventStream(response, call.operation.decode, on_event=on_event, on_end=on_end)

    # -- drivers --------------------------------------------------------------------------

    def _drive(self, flow: _Flow) -> tuple[httpx.Response, HookContext]:
        http = self.http
        outcome: Any = None
        while True:
            try:
                step = flow.send(outcome)
            except StopIteration as done:
                return done.value  # type: ignore[no-any-return]
            outcome = None
            if isinstance(step, httpx.Request):
                try:
                    outcome = http.send(step, stream=True)
                except httpx.TransportError as exc:
                    outcome = exc
            elif isinstance(step, _ReadBody):
                try:
                    step.response.read()
                finally:
                    step.response.close()
            else:
                time.sleep(step.seconds)

    async def _drive_async(self, flow: _Flow) -> tuple[httpx.Response, HookContext]:
        http = self.async_http
        outcome: Any = None
        while True:
            try:
                step = flow.send(outcome)
            except StopIteration as done:
                return done.value  # type: ignore[no-any-return]
            outcome = None
            if isinstance(step, httpx.Request):
                try:
                    outcome = await http.send(step, stream=True)
                except httpx.TransportError as exc:
                    outcome = exc
            elif isinstance(step, _ReadBody):
                try:
                    await step.response.aread()
                finally:
                    await step.response.aclose()
            else:
                await asyncio.sleep(step.seconds)

    # -- the flow, written once ----------------------------------------------------------

    def _flow(
        self,
        call: Call[Any] | StreamCall[Any],
        http: httpx.Client | httpx.AsyncClient,
        *,
        stream: bool,
    ) -> _Flow:
        config = self.config
        options = call.options
        base_url = (options.get("server_url") or config.server_url).rstrip("/")
        context = HookContext(call.operation.id, base_url, config)
        retry_config = options.get("retries") or config.retry_config
        if not call.replayable:
            retry_config = NO_RETRY
        policy = RetryPolicy(retry_config)
        plugins = self.plugins
        while True:
            request = self._build_request(http, call, base_url, stream)
            started = time.perf_counter()
            answer = (
                plugins.before_request(request=request, context=context)
                if plugins.before_request
                else None
            )
            outcome = answer if answer is not None else (yield request)
            if isinstance(outcome, httpx.TransportError):
                error = _no_response_error(outcome, request)
                delay = (
                    policy.delay_after_connection_error()
                    if isinstance(outcome, _RETRYABLE_TRANSPORT_ERRORS)
                    else None
                )
                self._log_attempt(request, context, started, f"failed: {outcome!r}", delay)
                if delay is None:
                    self._after_error(error, None, context)
                    raise error from outcome
            else:
                response: httpx.Response = outcome
                if response.status_code < 400:
                    self._log_attempt(request, context, started, str(response.status_code), None)
                    if plugins.after_success:
                        plugins.after_success(response=response, context=context)
                    return response, context
                yield _ReadBody(response)
                delay = policy.delay_after_status(response.status_code, response.headers)
                self._log_attempt(request, context, started, str(response.status_code), delay)
                if delay is None:
                    sdk_error = SDKError.from_response(response)
                    self._after_error(sdk_error, response, context)
                    raise sdk_error
            yield _Sleep(delay)
            context.attempt += 1

    # -- request building --------------------------------------------------------------

    def _build_request(
        self,
        http: httpx.Client | httpx.AsyncClient,
        call: Call[Any] | StreamCall[Any],
        base_url: str,
        stream: bool,
    ) -> httpx.Request:
        operation = call.operation
        path = operation.path
        if call.path_params:
            path = path.format_map({k: quote(str(v), safe="") for k, v in call.path_params.items()})
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
        timeout_ms = options.get("timeout_ms") or self.config.timeout_ms
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

    # -- hooks and logging -------------------------------------------------------------

    def _after_error(
        self, error: Exception, response: httpx.Response | None, context: HookContext
    ) -> None:
        if self.plugins.after_error:
            self.plugins.after_error(error=error, response=response, context=context)

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
        elapsed_ms = (time.perf_counter() - started) * 1000
        retry = f"; retrying in {retry_in:.2f}s" if retry_in is not None else ""
        log.debug(
            "%s %s -> %s in %.1f ms (%s, attempt %d)%s",
            request.method,
            request.url,
            outcome,
            elapsed_ms,
            context.operation_id,
            context.attempt,
            retry,
        )


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


def _no_response_error(exc: httpx.TransportError, request: httpx.Request) -> NoResponseError:
    where = f"{request.method} {request.url.copy_with(query=None)}"
    if isinstance(exc, httpx.TimeoutException):
        return APITimeoutError(
            f"{where} timed out ({type(exc).__name__}); raise timeout_ms on the client or the call "
            "if the operation is expected to take longer"
        )
    return APIConnectionError(
        f"{where} failed before a response arrived ({type(exc).__name__}: {exc}); "
        "check the server URL and the network"
    )
