"""HTTP clients that are not httpx's, given as ``Mistral(client=..., async_client=...)``.

The official SDK sends through any object with ``build_request`` and ``send`` (its
``HttpClient`` protocol), and libraries built on it pass their own: pydantic-ai hands its
``httpx2.AsyncClient`` to ``Mistral(async_client=...)``. This SDK sends with httpx, so such
a client is put behind an httpx transport:

- each request is rebuilt with the given client's ``build_request`` (its default headers
  come under ours) and sent with its ``send``: its event hooks, proxies, TLS settings and
  connection pool apply, and so does its timeout when the call sets none;
- its answer comes back as an httpx response streaming the same bytes, closed with it;
- its transport errors (``httpx2.ConnectError``, ``...ReadTimeout``...) become the httpx
  errors of the same name, which the SDK turns into ``APIConnectionError`` /
  ``APITimeoutError`` and retries as usual; anything else it raises goes through unchanged.

The given client stays the caller's: the SDK never closes it, and
``client.sdk_configuration.async_client`` returns it.
"""

from __future__ import annotations

import inspect
from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx

_RESPONSE_EXTENSIONS = ("http_version", "reason_phrase")


class ForeignClient(httpx.Client):
    """An ``httpx.Client`` that sends every request through ``given``."""

    def __init__(self, given: Any) -> None:
        super().__init__(transport=_Transport(given), timeout=timeout_of(given))
        self.given = given


class ForeignAsyncClient(httpx.AsyncClient):
    """An ``httpx.AsyncClient`` that sends every request through ``given``."""

    def __init__(self, given: Any) -> None:
        super().__init__(transport=_AsyncTransport(given), timeout=timeout_of(given))
        self.given = given


def sync_client(given: Any) -> httpx.Client | None:
    """``given`` itself when it is an ``httpx.Client`` (or None), else a client sending through it."""
    if given is None or isinstance(given, httpx.Client):
        return given
    _check(given, "client", asynchronous=False)
    return ForeignClient(given)


def async_client(given: Any) -> httpx.AsyncClient | None:
    """``given`` itself when it is an ``httpx.AsyncClient`` (or None), else one sending through it."""
    if given is None or isinstance(given, httpx.AsyncClient):
        return given
    _check(given, "async_client", asynchronous=True)
    return ForeignAsyncClient(given)


def given_client(client: object) -> object:
    """The client the caller gave, behind the httpx client made for it."""
    if isinstance(client, ForeignClient | ForeignAsyncClient):
        return client.given
    return client


def timeout_of(given: Any) -> httpx.Timeout:
    """The given client's default timeout, phase by phase (none when it has no ``timeout``)."""
    timeout = getattr(given, "timeout", None)
    phases = [getattr(timeout, phase, None) for phase in ("connect", "read", "write", "pool")]
    if timeout is None or not all(p is None or isinstance(p, int | float) for p in phases):
        return httpx.Timeout(None)
    connect, read, write, pool = phases
    return httpx.Timeout(connect=connect, read=read, write=write, pool=pool)


def _check(given: Any, parameter: str, *, asynchronous: bool) -> None:
    from mistralai.errors import ConfigurationError

    send = getattr(given, "send", None)
    kind = "an async" if asynchronous else "a blocking"
    if not callable(getattr(given, "build_request", None)) or not callable(send):
        raise ConfigurationError(
            f"{parameter} must be {kind} HTTP client: an httpx one, or one with build_request() "
            f"and send() such as httpx2's, not {type(given).__name__}"
        )
    if inspect.iscoroutinefunction(send) != asynchronous:
        raise ConfigurationError(
            f"{parameter} must be {kind} HTTP client, and {type(given).__name__}.send is "
            + ("not a coroutine function" if asynchronous else "a coroutine function")
            + ("" if asynchronous else "; pass it as async_client")
        )


def _rebuilt(given: Any, request: httpx.Request) -> Any:
    """``request`` as the given client's own request type."""
    try:
        content: Any = request.content
    except httpx.RequestNotRead:
        content = request.stream  # an upload streamed from its source
    return given.build_request(
        request.method,
        str(request.url),
        headers=request.headers.multi_items(),
        content=content,
        extensions=dict(request.extensions),
    )


def _response(answer: Any, request: httpx.Request, stream: Any) -> httpx.Response:
    extensions = getattr(answer, "extensions", None) or {}
    return httpx.Response(
        answer.status_code,
        headers=answer.headers.multi_items(),
        stream=stream,
        request=request,
        extensions={k: extensions[k] for k in _RESPONSE_EXTENSIONS if k in extensions},
    )


def translated(exc: Exception, request: httpx.Request) -> httpx.TransportError | None:
    """The httpx error named like ``exc``'s class (or its nearest base), if ``exc`` is a
    transport error of another HTTP library; None for anything else."""
    if isinstance(exc, httpx.TransportError):
        return None
    for cls in type(exc).__mro__:
        candidate = getattr(httpx, cls.__name__, None)
        if isinstance(candidate, type) and issubclass(candidate, httpx.TransportError):
            return candidate(str(exc) or cls.__name__, request=request)
    return None


class _Transport(httpx.BaseTransport):
    def __init__(self, given: Any) -> None:
        self.given = given

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        try:
            answer = self.given.send(_rebuilt(self.given, request), stream=True)
        except Exception as exc:
            error = translated(exc, request)
            if error is None:
                raise
            raise error from exc
        return _response(answer, request, _Body(answer, request))

    def close(self) -> None:
        """The given client is the caller's to close."""


class _AsyncTransport(httpx.AsyncBaseTransport):
    def __init__(self, given: Any) -> None:
        self.given = given

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        try:
            answer = await self.given.send(_rebuilt(self.given, request), stream=True)
        except Exception as exc:
            error = translated(exc, request)
            if error is None:
                raise
            raise error from exc
        return _response(answer, request, _AsyncBody(answer, request))

    async def aclose(self) -> None:
        """The given client is the caller's to close."""


class _Body(httpx.SyncByteStream):
    def __init__(self, answer: Any, request: httpx.Request) -> None:
        self._answer = answer
        self._request = request

    def __iter__(self) -> Iterator[bytes]:
        try:
            yield from self._answer.iter_raw()
        except Exception as exc:
            error = translated(exc, self._request)
            if error is None:
                raise
            raise error from exc

    def close(self) -> None:
        self._answer.close()


class _AsyncBody(httpx.AsyncByteStream):
    def __init__(self, answer: Any, request: httpx.Request) -> None:
        self._answer = answer
        self._request = request

    async def __aiter__(self) -> AsyncIterator[bytes]:
        try:
            async for chunk in self._answer.aiter_raw():
                yield chunk
        except Exception as exc:
            error = translated(exc, self._request)
            if error is None:
                raise
            raise error from exc

    async def aclose(self) -> None:
        await self._answer.aclose()
