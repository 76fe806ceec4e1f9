"""The executors: one request flow, run by a blocking driver and by an async driver.

:meth:`ClientRuntime._flow` is written once, without I/O: it yields what it needs done (send
this request, read this body, wait this long) and receives the outcome. The sync driver
performs each step with ``httpx.Client`` and ``time.sleep``, the async driver with
``httpx.AsyncClient`` and anyio, so retries, hooks, timeouts, logging and error mapping exist
in one place. Requests are built and sent through a *lane* (:mod:`mistralai._http`): a client
the caller passed in is used through ``build_request`` and ``send``; one the SDK created goes
straight to its transport, skipping the layers it never uses.

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
import pydantic

from mistralai._config import check_server_url, redact_url
from mistralai._http import ClientLane, lane_for
from mistralai._plugins import distribution_version, note_plugin_failure
from mistralai._pydantic import summary_of, type_name, validator
from mistralai._raw import CAPTURE
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
    ResponseValidationError,
    SDKError,
)
from mistralai.hookspecs import HookContext, Wait

if TYPE_CHECKING:
    from mistralai._call import Call, Operation
    from mistralai._config import ClientConfig
    from mistralai._plugins import CallHooks, HookChain, PluginHost

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
_Outcome = tuple[httpx.Response, HookContext, "CallHooks"]
_Flow = Generator[_Step, Any, _Outcome]

logger = logging.getLogger("mistralai")


class ClientRuntime:
    """What every resource of one client shares: configuration, plugins and HTTP clients."""

    def __init__(self, config: ClientConfig, plugins: PluginHost) -> None:
        self.config = config
        self.plugins = plugins
        self._client = config.client
        self._async_client = config.async_client
        self._owns_client = config.client is None
        self._owns_async_client = config.async_client is None
        self._base_headers: dict[str, str] | None = None
        self._lane: ClientLane | None = None
        self._async_lane: ClientLane | None = None
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

    @property
    def lane(self) -> ClientLane:
        """How blocking requests are built and sent (see :mod:`mistralai._http`)."""
        lane = self._lane
        if lane is None or self.closed:
            lane = self._lane = lane_for(self.http, owned=self._owns_client)
        return lane

    @property
    def async_lane(self) -> ClientLane:
        """How async requests are built and sent."""
        lane = self._async_lane
        if lane is None or self.closed:
            lane = self._async_lane = lane_for(self.async_http, owned=self._owns_async_client)
        return lane

    def use_http_client(
        self, client: httpx.Client | httpx.AsyncClient | None, *, asynchronous: bool
    ) -> None:
        """Send the next requests with ``client`` (None: make one's own again when needed).

        A client this runtime had made itself is closed by close()/aclose() only while it
        still holds it; one replaced here is left to be collected.
        """
        with self._lock:
            if asynchronous:
                self._async_client = client  # type: ignore[assignment]
                self._owns_async_client = client is None
                self._async_lane = None
            else:
                self._client = client  # type: ignore[assignment]
                self._owns_client = client is None
                self._lane = None

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
            self._lane = None
        if self._owns_client and client is not None:
            client.close()

    async def aclose(self) -> None:
        """Close every client this runtime created; refuse calls from now on."""
        with self._lock:
            self.closed = True
            client, self._async_client = self._async_client, None
            self._async_lane = None
        if self._owns_async_client and client is not None:
            await client.aclose()
        self.close()

    # -- public entry points ------------------------------------------------------------

    def execute(self, operation: Operation[T], call: Call) -> T:
        """Run a call to completion and return its parsed result."""
        lane = self.lane
        response, context, hooks = self._drive(self._flow(operation, call, lane), lane)
        if (capture := CAPTURE.get()) is not None:
            capture.response = response
        if operation.raw:
            return response  # type: ignore[return-value]
        return self._parse(operation, response, context, hooks)

    async def execute_async(self, operation: Operation[T], call: Call) -> T:
        """Async twin of :meth:`execute`."""
        lane = self.async_lane
        response, context, hooks = await self._drive_async(self._flow(operation, call, lane), lane)
        if (capture := CAPTURE.get()) is not None:
            capture.response = response
        if operation.raw:
            return response  # type: ignore[return-value]
        return self._parse(operation, response, context, hooks)

    def open_stream(self, operation: Operation[E], call: Call) -> EventStream[E]:
        """Send a streaming call; return its events once the response headers arrived."""
        lane = self.lane
        response, context, hooks = self._drive(self._flow(operation, call, lane), lane)
        if (capture := CAPTURE.get()) is not None:
            capture.response = response
        options = self._stream_options(call, context, hooks)
        return EventStream(response, operation.decode, **options)  # type: ignore[arg-type]

    async def open_stream_async(self, operation: Operation[E], call: Call) -> AsyncEventStream[E]:
        """Async twin of :meth:`open_stream`."""
        lane = self.async_lane
        response, context, hooks = await self._drive_async(self._flow(operation, call, lane), lane)
        if (capture := CAPTURE.get()) is not None:
            capture.response = response
        options = self._stream_options(call, context, hooks)
        return AsyncEventStream(response, operation.decode, **options)  # type: ignore[arg-type]

    def _parse(
        self,
        operation: Operation[T],
        response: httpx.Response,
        context: HookContext,
        hooks: CallHooks,
    ) -> T:
        """Validate the body as the operation's result; a mismatch keeps the body in the error."""
        if operation.response is None:
            return None  # type: ignore[return-value]
        body = response.content
        try:
            result: T = validator(operation.response)(body)
        except pydantic.ValidationError as exc:
            error = ResponseValidationError(
                f"the response to {operation.id} does not match the expected "
                f"{type_name(operation.response)} (content-type "
                f"{response.headers.get('content-type', 'missing')!r}): {summary_of(exc)}. "
                "The raw body is in .body",
                response,
                body.decode("utf-8", "replace"),
                exc,
            )
            self._after_error(hooks, error, response, context)
            raise error from exc
        return result

    def _stream_options(self, call: Call, context: HookContext, hooks: CallHooks) -> dict[str, Any]:
        millis = call.options.get("stream_idle_timeout_ms")
        if millis is None:
            millis = self.config.stream_idle_timeout_ms
        on_event, on_end = _stream_hooks(hooks, context)
        return {
            "on_event": on_event,
            "on_end": on_end,
            "idle_timeout": millis / 1000 if millis else None,
        }

    # -- drivers --------------------------------------------------------------------------

    def _drive(self, flow: _Flow, lane: ClientLane) -> _Outcome:
        outcome: Any = None
        opened: list[httpx.Response] = []
        kept: httpx.Response | None = None
        try:
            while True:
                try:
                    step = flow.send(outcome)
                except StopIteration as done:
                    kept = done.value[0]
                    return done.value  # type: ignore[no-any-return]
                outcome = None
                if isinstance(step, _Send):
                    request = step.request
                    if step.deadline is not None:
                        _shrink_timeouts(request, step.deadline)
                    try:
                        outcome = lane.send(request)
                        opened.append(outcome)
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
            for response in opened:
                if response is not kept:
                    response.close()
            flow.close()

    async def _drive_async(self, flow: _Flow, lane: ClientLane) -> _Outcome:
        import anyio

        outcome: Any = None
        opened: list[httpx.Response] = []
        kept: httpx.Response | None = None
        try:
            while True:
                try:
                    step = flow.send(outcome)
                except StopIteration as done:
                    kept = done.value[0]
                    return done.value  # type: ignore[no-any-return]
                outcome = None
                if isinstance(step, _Send):
                    request = step.request
                    try:
                        with _DeadlineScope(anyio, step.deadline, request):
                            outcome = await lane.asend(request)
                        opened.append(outcome)
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
            left = [response for response in opened if response is not kept]
            if left:  # most calls leave none: a cancel scope costs more than the check
                with anyio.CancelScope(shield=True):
                    for response in left:
                        await response.aclose()
            flow.close()

    # -- the flow, written once ----------------------------------------------------------

    def _flow(self, operation: Operation[Any], call: Call, lane: ClientLane) -> _Flow:
        """One call: the wrappers plugins put around it, the attempts inside, the outcome."""
        options = call.options
        server_url = options.get("server_url")
        base_url = check_server_url(server_url) if server_url else self.config.server_url
        context = HookContext(operation.id, base_url, self.config, streams=operation.streams)
        hooks = self.plugins.for_call(context)
        timeout_ms = options.get("timeout_ms") or self.config.timeout_ms
        request = self._build_request(lane, operation, call, base_url, timeout_ms)
        attempts = _Attempts(self, operation, call, lane.http, context, hooks, timeout_ms)
        wrappers = hooks.wrap_call
        try:
            if wrappers:
                response = yield from _wrapped(wrappers, 0, request, context, attempts)
            else:
                response = yield from attempts.run(request)
        except NoResponseError as error:
            self._after_error(hooks, error, None, context)
            raise
        if response.status_code >= 400:
            if not response.is_closed:
                yield _Read(response, None)
            sdk_error = SDKError.from_response(response)
            self._after_error(hooks, sdk_error, response, context)
            raise sdk_error
        if hooks.after_success:
            # A raising plugin leaves the response to the driver, which closes it.
            hooks.after_success(response=response, context=context)
        return response, context, hooks

    # -- request building --------------------------------------------------------------

    def _build_request(
        self,
        lane: ClientLane,
        operation: Operation[Any],
        call: Call,
        base_url: str,
        timeout_ms: int | None,
    ) -> httpx.Request:
        path = operation.path
        if call.path_params:
            path = path.format_map(
                {name: _path_segment(name, value) for name, value in call.path_params.items()}
            )
        headers = dict(self.base_headers)
        headers["authorization"] = self._authorization()
        if operation.decode is not None:
            headers["accept"] = "text/event-stream"
        content: Any = None
        body = call.body
        if body is not None:
            headers["content-type"] = "application/json"
            content = _json_bytes(body)
        elif call.content is not None:
            content, extra = _fresh_content(call, lane.http)
            headers.update(extra)
        if call.headers:
            headers.update(call.headers)
        extra_headers = call.options.get("http_headers")
        if extra_headers:
            headers.update(extra_headers)
        return lane.build(
            operation.method,
            base_url + path,
            _query(call.query) if call.query else None,
            headers,
            content,
            timeout_ms,
        )

    def use_plugins(self, plugins: PluginHost) -> None:
        """Switch to another set of plugins (one was registered on the client)."""
        self.plugins = plugins
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
        return _user_agent(tuple(self.plugins.mounts.distributions))

    def _authorization(self) -> str:
        key = self.config.resolve_api_key()
        if not key:
            raise MissingAPIKeyError(
                "no API key: pass Mistral(api_key=...) or set the MISTRAL_API_KEY environment variable"
            )
        return f"Bearer {key}"

    # -- hooks, errors and logging -----------------------------------------------------

    def _after_error(
        self,
        hooks: CallHooks,
        error: MistralError,
        response: httpx.Response | None,
        context: HookContext,
    ) -> None:
        """Let plugins see ``error``; a plugin that fails here never replaces it."""
        if not hooks.after_error:
            return
        try:
            hooks.after_error(error=error, response=response, context=context)
        except PluginError as failure:
            note_plugin_failure(error, failure)

    def no_response_error(
        self, exc: httpx.TransportError, request: httpx.Request, read_failed: bool
    ) -> NoResponseError:
        # Each error is also an instance of the httpx class of ``exc``, so code written as
        # ``except httpx.ConnectError`` / ``except httpx.TimeoutException`` still catches it.
        where = f"{request.method} {redact_url(request.url)}"
        if isinstance(exc, httpx.PoolTimeout):
            return APITimeoutError.wrapping(type(exc))(
                f"{where}: no connection of this client's pool became free in time; too many "
                "requests or unclosed streams share it. Close streams you stop reading (use "
                "`with`), or pass Mistral(client=httpx.Client(limits=...)) with a larger pool",
                request=request,
            )
        if isinstance(exc, httpx.TimeoutException):
            phase = "while reading the response body" if read_failed else "before a response"
            return APITimeoutError.wrapping(type(exc))(
                f"{where} timed out {phase} ({type(exc).__name__}); raise timeout_ms on the "
                "client or the call if the operation is expected to take longer",
                request=request,
            )
        if read_failed:
            return APIConnectionError.wrapping(type(exc))(
                f"{where}: the connection broke while the response body was being read "
                f"({type(exc).__name__}); the answer is incomplete",
                request=request,
            )
        detail = self._redact(str(exc))
        return APIConnectionError.wrapping(type(exc))(
            f"{where} failed before a response arrived ({type(exc).__name__}"
            + (f": {detail}" if detail else "")
            + "); check the server URL and the network",
            request=request,
        )

    def _redact(self, text: str) -> str:
        key = self.config.api_key
        if isinstance(key, str) and key and key in text:
            text = text.replace(key, "<api key>")
        return text

    def log_attempt(
        self,
        request: httpx.Request,
        context: HookContext,
        started: float,
        outcome: str,
        retry_in: float | None,
    ) -> None:
        log = self.config.debug_logger or logger
        # Successful attempts are DEBUG; retries and failures INFO (``MISTRAL_LOG=info``).
        failed = retry_in is not None or not outcome.isdigit() or int(outcome) >= 400
        level = logging.INFO if failed else logging.DEBUG
        if not log.isEnabledFor(level):
            return
        elapsed_ms = (time.monotonic() - started) * 1000
        retry = f"; retrying in {retry_in:.2f}s" if retry_in is not None else ""
        log.log(
            level,
            "%s %s -> %s in %.1f ms (%s, attempt %d)%s",
            request.method,
            redact_url(request.url),
            outcome,
            elapsed_ms,
            context.operation_id,
            context.attempt,
            retry,
        )


class _Attempts:
    """The SDK's own attempts at one request: retries, per-attempt hooks, timeouts, logging.

    :meth:`run` sends a request until it gets an answer worth returning (a success, or an
    error status the retry policy gives up on, its body read) and returns that response;
    when no response arrives and the policy gives up, it raises a
    :class:`~mistralai.errors.NoResponseError`. Mapping statuses to errors is the caller's.
    """

    __slots__ = (
        "_call",
        "_context",
        "_hooks",
        "_http",
        "_operation",
        "_runtime",
        "_sent",
        "_timeout_ms",
    )

    def __init__(
        self,
        runtime: ClientRuntime,
        operation: Operation[Any],
        call: Call,
        http: httpx.Client | httpx.AsyncClient,
        context: HookContext,
        hooks: CallHooks,
        timeout_ms: int | None,
    ) -> None:
        self._runtime = runtime
        self._hooks = hooks
        self._operation = operation
        self._call = call
        self._http = http
        self._context = context
        self._timeout_ms = timeout_ms
        self._sent = False

    def run(self, request: httpx.Request) -> Generator[_Step, Any, httpx.Response]:
        runtime, call, context = self._runtime, self._call, self._context
        operation = self._operation
        retry_config = call.options.get("retries") or runtime.config.retry_config
        if not call.replayable:
            retry_config = NO_RETRY
        idempotent = operation.idempotent and request.method == operation.method
        policy = RetryPolicy(retry_config, idempotent=idempotent)
        # Event streams and raw downloads hand the unread body to the caller.
        read_body = operation.decode is None and not operation.raw
        timeouts = request.extensions.get("timeout")
        before_request = self._hooks.before_request
        while True:
            context.attempt = policy.attempt
            attempt = self._next(request)
            attempt.extensions["timeout"] = timeouts
            started = time.monotonic()
            deadline = started + self._timeout_ms / 1000 if self._timeout_ms else None
            answer = before_request(request=attempt, context=context) if before_request else None
            if answer is not None:
                answer.request = attempt  # the plugin answered this attempt
                outcome = answer
            else:
                outcome = yield _Send(attempt, deadline)
            read_failed = False
            if isinstance(outcome, httpx.Response) and read_body and outcome.status_code < 400:
                # The body belongs to the attempt: a body cut short is a failed attempt.
                failure = yield _Read(outcome, deadline)
                if failure is not None:
                    outcome, read_failed = failure, True
            if isinstance(outcome, httpx.TransportError):
                error = runtime.no_response_error(outcome, attempt, read_failed)
                delay = (
                    policy.delay_after_transport_error(
                        maybe_sent=read_failed or not isinstance(outcome, _NOT_SENT_ERRORS)
                    )
                    if isinstance(outcome, _RETRYABLE_TRANSPORT_ERRORS)
                    else None
                )
                runtime.log_attempt(attempt, context, started, type(outcome).__name__, delay)
                if delay is None:
                    raise error from None
            else:
                response: httpx.Response = outcome
                status = response.status_code
                if status >= 400:
                    failure = yield _Read(response, deadline)
                    if failure is not None:
                        # An error status whose body broke off: keep the status and headers.
                        response = _without_body(response)
                    delay = policy.delay_after_status(status, response.headers)
                else:
                    delay = None
                runtime.log_attempt(attempt, context, started, str(status), delay)
                if delay is None:
                    return response
            yield _Sleep(delay)

    def _next(self, request: httpx.Request) -> httpx.Request:
        """The request to send now: ``request`` itself, or a copy with a fresh upload body."""
        call = self._call
        if not self._sent or call.content is None:
            self._sent = True
            return request
        if not call.replayable:
            raise RequestValidationError(
                "this request's body is a one-shot stream and was already sent once; "
                "pass a path, bytes or a seekable file to send it again"
            )
        content, extra = _fresh_content(call, self._http)
        headers = httpx.Headers(request.headers)
        headers.update(extra)
        return httpx.Request(
            request.method,
            request.url,
            headers=headers,
            content=content,
            extensions=dict(request.extensions),
        )


def _stream_hooks(hooks: CallHooks, context: HookContext) -> tuple[Any, Any]:
    on_event = None
    on_end = None
    if hooks.stream_event:
        hook = hooks.stream_event

        def on_event(event: Any) -> None:
            hook(event=event, context=context)

    if hooks.stream_end:
        end_hook = hooks.stream_end

        def on_end(error: BaseException | None, completed: bool) -> None:
            end_hook(error=error, completed=completed, context=context)

    return on_event, on_end


def _wrapped(
    wrappers: HookChain,
    index: int,
    request: httpx.Request,
    context: HookContext,
    attempts: _Attempts,
) -> Generator[_Step, Any, httpx.Response]:
    """Run ``request`` through the wrappers from ``index`` inwards, then the attempts."""
    if index == len(wrappers.members):
        return (yield from attempts.run(request))
    name, function, argnames = wrappers.members[index]
    arguments = {"request": request, "context": context}
    try:
        steps = function(*[arguments[arg] for arg in argnames])
    except Exception as exc:
        raise wrappers.error(name, exc) from exc
    if steps is None:
        return (yield from _wrapped(wrappers, index + 1, request, context, attempts))
    last: httpx.Response | None = None
    value: Any = None
    thrown: BaseException | None = None
    try:
        while True:
            try:
                step = steps.send(value) if thrown is None else steps.throw(thrown)
            except StopIteration as done:
                result = done.value if done.value is not None else last
                if not isinstance(result, httpx.Response):
                    raise wrappers.error(
                        name, TypeError("the wrapper ended without a response")
                    ) from None
                return result
            except BaseException as exc:
                # What was thrown in, and a MistralError the wrapper raised on purpose (an
                # open circuit, an operation its cloud does not serve), keep their type.
                if exc is thrown or isinstance(exc, MistralError) or not isinstance(exc, Exception):
                    raise
                raise wrappers.error(name, exc) from exc
            value, thrown = None, None
            if isinstance(step, Wait):
                yield _Sleep(max(float(step.seconds), 0.0))
            elif isinstance(step, httpx.Request):
                try:
                    value = last = yield from _wrapped(wrappers, index + 1, step, context, attempts)
                except NoResponseError as exc:
                    thrown = exc
            else:
                raise wrappers.error(
                    name,
                    TypeError(f"yielded {type(step).__name__}; yield an httpx.Request or a Wait"),
                )
    finally:
        steps.close()


def _fresh_content(
    call: Call, http: httpx.Client | httpx.AsyncClient
) -> tuple[Any, dict[str, str]]:
    """A new body for one send of an upload (checked by its factory before anything goes out)."""
    assert call.content is not None
    content, headers = call.content()
    if isinstance(http, httpx.AsyncClient) and hasattr(content, "__aiter__"):
        # A body that iterates both ways (an upload) must be read the async way here.
        content = content.__aiter__()
    return content, headers


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
    parts = [f"mistral-core/{__version__}"]
    for distribution in distributions:
        version = distribution_version(distribution)
        parts.append(f"{distribution}/{version}" if version else distribution)
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
