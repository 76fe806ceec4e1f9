"""The HTTP response behind a result: status, headers and request id of a successful call.

:func:`with_raw_response` wraps any SDK method, sync or async, into one that returns a
:class:`RawResponse` holding the usual result and the HTTP response it came from::

    from mistralai import with_raw_response

    raw = with_raw_response(client.chat.complete)(model="mistral-small-latest", messages=msgs)
    raw.status_code, raw.request_id, raw.headers["x-ratelimit-remaining-tokens-minute"]
    completion = raw.data            # the ChatCompletionResponse complete() returns

The wrapped method keeps its parameters and their types (a type checker sees
``RawResponse[ChatCompletionResponse]``). The capture lives in a context variable that the
executor fills as each call of the wrapped method gets its answer: it costs nothing to calls
made without it and is private to the thread or task that makes the call.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Coroutine
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any, Generic, TypeVar, overload

from typing_extensions import ParamSpec

from mistralai.errors import MistralError, request_id_of

if TYPE_CHECKING:
    import httpx

T = TypeVar("T")
P = ParamSpec("P")


class _Capture:
    __slots__ = ("response",)

    def __init__(self) -> None:
        self.response: httpx.Response | None = None


CAPTURE: ContextVar[_Capture | None] = ContextVar("mistralai_raw_response", default=None)
"""Set while a method wrapped by :func:`with_raw_response` runs; the executor records into it."""


class RawResponse(Generic[T]):
    """A call's result together with the HTTP response it was read from.

    ``data`` is what the method returns without the wrapper (a model, a stream, None for an
    operation without a body). For a method that sends several requests (an upload that
    polls, a helper that pages) the response is the last one it received. The repr shows the
    status, method, path and request id: never headers or the query string.
    """

    __slots__ = ("data", "http_response")

    def __init__(self, data: T, http_response: httpx.Response) -> None:
        self.data = data
        self.http_response = http_response

    def parse(self) -> T:
        """The result, as the method returns it without the wrapper (same as ``data``)."""
        return self.data

    @property
    def status_code(self) -> int:
        """The HTTP status of the answer (200, 201...)."""
        return self.http_response.status_code

    @property
    def headers(self) -> httpx.Headers:
        """The response headers (case-insensitive), e.g. ``x-ratelimit-remaining-tokens-minute``."""
        return self.http_response.headers

    @property
    def request_id(self) -> str | None:
        """The id the API gave this request (``x-request-id``), to quote to support; None if absent."""
        return request_id_of(self.http_response.headers)

    @property
    def elapsed_ms(self) -> float | None:
        """Milliseconds from sending the request to the end of its answer; None for a stream still open."""
        try:
            return self.http_response.elapsed.total_seconds() * 1000
        except RuntimeError:
            return None

    def __repr__(self) -> str:
        request = self.http_response.request
        rid = self.request_id
        tail = f" request_id={rid}" if rid else ""
        return (
            f"<RawResponse {self.status_code} {request.method} {request.url.path}{tail}: "
            f"{type(self.data).__name__}>"
        )


class NoResponseCapturedError(MistralError, TypeError):
    """The wrapped callable returned without sending a request through a Mistral client."""


@overload
def with_raw_response(  # type: ignore[overload-overlap]
    method: Callable[P, Coroutine[Any, Any, T]],
) -> Callable[P, Coroutine[Any, Any, RawResponse[T]]]: ...


@overload
def with_raw_response(method: Callable[P, T]) -> Callable[P, RawResponse[T]]: ...


def with_raw_response(method: Callable[P, Any]) -> Callable[P, Any]:
    """Wrap an SDK method so it returns a :class:`RawResponse`: the result and its HTTP response.

    Works with every method of every area, sync or async (an ``async`` method gives an
    ``async`` wrapper); the parameters stay the same and so do the errors (a failed call
    raises as usual, its error carrying ``status_code``, ``headers`` and ``request_id``).

    >>> raw = with_raw_response(client.models.list)()
    >>> raw.status_code
    200
    >>> raw.request_id is not None
    True
    >>> [model.id for model in raw.data.data][:1]
    ['mistral-small-latest']

    :raises NoResponseCapturedError: ``method`` returned without any request reaching a
        Mistral client (it is not an SDK method, or it answered from a cache).
    """
    if not callable(method):
        raise TypeError(
            f"with_raw_response() takes an SDK method such as client.chat.complete, "
            f"not {type(method).__name__}"
        )
    if inspect.iscoroutinefunction(method):

        @functools.wraps(method)
        async def run_async(*args: P.args, **kwargs: P.kwargs) -> RawResponse[Any]:
            capture = _Capture()
            token = CAPTURE.set(capture)
            try:
                data = await method(*args, **kwargs)
            finally:
                CAPTURE.reset(token)
            return _result(method, data, capture)

        return run_async

    @functools.wraps(method)
    def run(*args: P.args, **kwargs: P.kwargs) -> RawResponse[Any]:
        capture = _Capture()
        token = CAPTURE.set(capture)
        try:
            data = method(*args, **kwargs)
        finally:
            CAPTURE.reset(token)
        if inspect.isawaitable(data):
            _discard(data)
            raise TypeError(
                f"{_name(method)} returns an awaitable but is not an async function; "
                "await it inside an async function you wrap instead"
            )
        return _result(method, data, capture)

    return run


def _result(method: Callable[..., Any], data: Any, capture: _Capture) -> RawResponse[Any]:
    if capture.response is None:
        raise NoResponseCapturedError(
            f"{_name(method)} returned without sending a request through a Mistral client; "
            "with_raw_response() wraps SDK methods such as client.chat.complete"
        )
    return RawResponse(data, capture.response)


def _discard(awaitable: Any) -> None:
    close = getattr(awaitable, "close", None)
    if close is not None:
        close()


def _name(method: Callable[..., Any]) -> str:
    return getattr(method, "__qualname__", None) or type(method).__name__
