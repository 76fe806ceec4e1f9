"""How the executors build requests and hand them to an httpx client.

A client the caller passed in (``Mistral(client=...)``, or one a ``mistral_client_init``
plugin set) is used through its public API, ``build_request`` and ``send``: its own
headers, parameters, cookies, auth, event hooks, redirects and mounts all apply.

A client the SDK created itself has none of those: no auth, no event hooks, no redirects
to follow, no base URL or parameters; only its default headers, the proxies its
environment names, and the cookies a server may set. :class:`DirectLane` sends through
such a client without the layers it would not use:

- a request is built as ``build_request`` would build it (the client's default headers,
  then the SDK's, ``Host`` and ``Content-Length``), from an ``httpx.URL`` parsed once per
  URL and a timeout converted once per value;
- it goes straight to the transport ``httpx.Client`` would pick for its URL (a proxy from
  the environment included), and the response gets what ``httpx.Client.send`` gives it:
  its ``request``, ``elapsed`` once it is closed, the client's default encoding, set
  cookies kept in the client's jar, and the ``httpx`` logger's line. Once a server has set
  a cookie, requests are built by the client again, so the cookie is sent back as httpx
  would send it. A redirect is returned as it is (the SDK never follows one), without
  ``next_request``.

Errors are httpx's own, raised by the same transport, with their ``request`` set.
"""

from __future__ import annotations

import datetime
import logging
import time
from collections.abc import AsyncIterator, Iterator, Mapping
from typing import Any

import httpx

_HTTPX_LOG = logging.getLogger("httpx")
_BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})
_CACHE_SIZE = 256


class ClientLane:
    """Requests built and sent by the httpx client itself, every feature of it applying."""

    __slots__ = ("http", "is_async")

    def __init__(self, http: httpx.Client | httpx.AsyncClient) -> None:
        self.http = http
        self.is_async = isinstance(http, httpx.AsyncClient)

    def build(
        self,
        method: str,
        url: str,
        params: Mapping[str, Any] | None,
        headers: dict[str, str],
        content: Any,
        timeout_ms: int | None,
    ) -> httpx.Request:
        """The request ``http.build_request`` makes of these parts."""
        return self.http.build_request(
            method,
            url,
            params=params,
            headers=headers,
            content=content,
            timeout=httpx.Timeout(timeout_ms / 1000) if timeout_ms else httpx.USE_CLIENT_DEFAULT,
        )

    def send(self, request: httpx.Request) -> httpx.Response:
        """Send ``request``; the response's body is not read yet."""
        return self.http.send(request, stream=True)  # type: ignore[return-value]

    async def asend(self, request: httpx.Request) -> httpx.Response:
        """Async twin of :meth:`send`."""
        return await self.http.send(request, stream=True)  # type: ignore[misc, no-any-return]


class DirectLane(ClientLane):
    """Requests built by the SDK and sent to the transport of a client it created."""

    __slots__ = ("_defaults", "_encoding", "_timeouts", "_urls")

    def __init__(self, http: httpx.Client | httpx.AsyncClient) -> None:
        super().__init__(http)
        self._defaults = [
            (name.decode("latin-1").lower(), name, value) for name, value in http.headers.raw
        ]
        self._encoding = http._default_encoding
        self._urls: dict[str, tuple[httpx.URL, tuple[bytes, bytes]]] = {}
        self._timeouts: dict[int | None, dict[str, float | None]] = {}

    @staticmethod
    def suits(http: httpx.Client | httpx.AsyncClient) -> bool:
        """Whether ``http`` uses nothing this lane skips (and this httpx has what it needs)."""
        return (
            hasattr(http, "_transport_for_url")
            and hasattr(http, "_default_encoding")
            and http.auth is None
            and not http.follow_redirects
            and not any(http.event_hooks.values())
            and not http.params
            and not http.base_url.raw_path.strip(b"/")
            and not http.base_url.host
        )

    def build(
        self,
        method: str,
        url: str,
        params: Mapping[str, Any] | None,
        headers: dict[str, str],
        content: Any,
        timeout_ms: int | None,
    ) -> httpx.Request:
        if self.http.cookies:
            return super().build(method, url, params, headers, content, timeout_ms)
        target = self._urls.get(url)
        if target is None:
            target = self._url(url)
        lowered = {name.lower() for name in headers}
        merged: list[tuple[Any, Any]] = [] if "host" in lowered else [target[1]]
        merged += [(name, value) for low, name, value in self._defaults if low not in lowered]
        merged += headers.items()
        timeout = self._timeouts.get(timeout_ms)
        if timeout is None:
            timeout = self._timeout(timeout_ms)
        extensions = {"timeout": dict(timeout)}
        if content is not None and not isinstance(content, bytes):
            # A streamed upload: httpx picks its framing (length or chunked).
            return httpx.Request(
                method, target[0], params=params, headers=merged, content=content,
                extensions=extensions,
            )  # fmt: skip
        if content is not None:
            if "content-length" not in lowered:
                merged.append((b"Content-Length", str(len(content)).encode()))
        elif (
            method in _BODY_METHODS
            and "content-length" not in lowered
            and "transfer-encoding" not in lowered
        ):
            merged.append((b"Content-Length", b"0"))
        request = httpx.Request(
            method,
            target[0],
            params=params,
            headers=merged,
            stream=httpx.ByteStream(content or b""),
            extensions=extensions,
        )
        request.read()
        return request

    def _url(self, url: str) -> tuple[httpx.URL, tuple[bytes, bytes]]:
        parsed = httpx.URL(url)
        if len(self._urls) >= _CACHE_SIZE:
            self._urls.clear()
        entry = self._urls[url] = (parsed, (b"Host", parsed.netloc))
        return entry

    def _timeout(self, timeout_ms: int | None) -> dict[str, float | None]:
        timeout = httpx.Timeout(timeout_ms / 1000) if timeout_ms else self.http.timeout
        if len(self._timeouts) >= _CACHE_SIZE:
            self._timeouts.clear()
        found = self._timeouts[timeout_ms] = timeout.as_dict()
        return found

    def send(self, request: httpx.Request) -> httpx.Response:
        http = self.http
        transport = http._transport_for_url(request.url)
        if not isinstance(request.stream, httpx.SyncByteStream):
            raise RuntimeError("Attempted to send an async request with a sync Client instance.")
        started = time.perf_counter()
        try:
            response = transport.handle_request(request)  # type: ignore[union-attr]
        except httpx.RequestError as exc:
            exc.request = request
            raise
        response.stream = _TimedStream(response.stream, response, started)  # type: ignore[arg-type]
        return self._received(request, response)

    async def asend(self, request: httpx.Request) -> httpx.Response:
        http = self.http
        transport = http._transport_for_url(request.url)
        if not isinstance(request.stream, httpx.AsyncByteStream):
            raise RuntimeError("Attempted to send an sync request with an AsyncClient instance.")
        started = time.perf_counter()
        try:
            response = await transport.handle_async_request(request)  # type: ignore[union-attr]
        except httpx.RequestError as exc:
            exc.request = request
            raise
        response.stream = _AsyncTimedStream(response.stream, response, started)  # type: ignore[arg-type]
        return self._received(request, response)

    def _received(self, request: httpx.Request, response: httpx.Response) -> httpx.Response:
        response.request = request
        response.default_encoding = self._encoding
        if "set-cookie" in response.headers:
            self.http.cookies.extract_cookies(response)
        if _HTTPX_LOG.isEnabledFor(logging.INFO):
            _HTTPX_LOG.info(
                'HTTP Request: %s %s "%s %d %s"',
                request.method,
                request.url,
                response.http_version,
                response.status_code,
                response.reason_phrase,
            )
        return response


def lane_for(http: httpx.Client | httpx.AsyncClient, *, owned: bool) -> ClientLane:
    """The lane for ``http``: direct for a client the SDK created, else the client's own."""
    if owned and DirectLane.suits(http):
        return DirectLane(http)
    return ClientLane(http)


class _TimedStream(httpx.SyncByteStream):
    """A response body that sets ``response.elapsed`` when it is closed, as httpx does."""

    __slots__ = ("_response", "_started", "_stream")

    def __init__(self, stream: httpx.SyncByteStream, response: httpx.Response, started: float):
        self._stream = stream
        self._response = response
        self._started = started

    def __iter__(self) -> Iterator[bytes]:
        return iter(self._stream)

    def close(self) -> None:
        self._response.elapsed = datetime.timedelta(seconds=time.perf_counter() - self._started)
        self._stream.close()


class _AsyncTimedStream(httpx.AsyncByteStream):
    """Async twin of :class:`_TimedStream`."""

    __slots__ = ("_response", "_started", "_stream")

    def __init__(self, stream: httpx.AsyncByteStream, response: httpx.Response, started: float):
        self._stream = stream
        self._response = response
        self._started = started

    def __aiter__(self) -> AsyncIterator[bytes]:
        return self._stream.__aiter__()

    async def aclose(self) -> None:
        self._response.elapsed = datetime.timedelta(seconds=time.perf_counter() - self._started)
        await self._stream.aclose()
