"""An ``httpx`` transport that answers from a :class:`MistralTestServer` in the calling
thread: the same router, fakes, state, request validation, response check and faults as
the socket server, without a socket or a thread.

>>> transport = MistralTestTransport()
>>> with httpx.Client(transport=transport, base_url="http://mistral.test") as http:
...     http.get("/v1/models", headers={"authorization": "Bearer k"}).json()["object"]
'list'

Faults behave as over a socket, as far as an in-process answer can: ``status``,
``malformed_json`` and ``wrong_content_type`` answer the same; ``slow`` sleeps (with
``anyio.sleep`` in async code) before the answer and between stream events; ``reset``
raises ``httpx.ReadError`` before any answer; ``truncate`` raises
``httpx.RemoteProtocolError`` after N events of a stream (or half of a body), as httpx does
when a server closes the connection early. Streams stream: each event is one chunk of the
response, produced when the client reads it.
"""

from __future__ import annotations

import json
import time
from collections.abc import AsyncIterator, Callable, Iterator
from typing import TYPE_CHECKING

import httpx

from mistralai.testing._routing import EventStreamResponse, Headers, JSONResponse, Response

if TYPE_CHECKING:
    from mistralai.testing._faults import Fault
    from mistralai.testing._server import Exchange, MistralTestServer

INPROCESS_URL = "http://mistral-test.invalid"
"""The server URL of clients bound to a transport: any host does, nothing resolves it."""


class MistralTestTransport(httpx.BaseTransport, httpx.AsyncBaseTransport):
    """Serves requests of an ``httpx.Client`` or ``httpx.AsyncClient`` from ``server``
    (a :class:`MistralTestServer`, started or not; a new one when not given).

    >>> transport = MistralTestTransport(server)
    >>> client = Mistral(api_key="k", server_url=INPROCESS_URL,
    ...                  client=httpx.Client(transport=transport),
    ...                  async_client=httpx.AsyncClient(transport=transport))
    >>> client.chat.complete(model="mistral-small-latest",
    ...                      messages=[{"role": "user", "content": "Hi"}]).id
    'cmpl-000000000001'
    >>> (await client.models.list_async()).object
    'list'
    >>> server.requests[-1].path
    '/v1/models'
    """

    def __init__(self, server: MistralTestServer | None = None) -> None:
        if server is None:
            from mistralai.testing._server import MistralTestServer

            server = MistralTestServer()
        self.server = server

    def _receive(self, request: httpx.Request, body: bytes) -> Exchange:
        headers = Headers(
            (k.decode("latin-1"), v.decode("latin-1")) for k, v in request.headers.raw
        )
        return self.server.receive(
            request.method, request.url.raw_path.decode("ascii"), headers, body
        )

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        exchange = self._receive(request, request.read())
        fault = exchange.fault
        _raise_if_reset(fault, request)
        if fault is not None and fault.kind == "slow":
            time.sleep(fault.delay)
        answer = self.server.answer(exchange)
        return _response(answer, request, lambda: _SyncBody(answer, fault, request))

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        import anyio

        exchange = self._receive(request, await request.aread())
        fault = exchange.fault
        _raise_if_reset(fault, request)
        if fault is not None and fault.kind == "slow":
            await anyio.sleep(fault.delay)
        answer = self.server.answer(exchange)
        return _response(answer, request, lambda: _AsyncBody(answer, fault, request))


def _raise_if_reset(fault: Fault | None, request: httpx.Request) -> None:
    if fault is not None and fault.kind == "reset":
        raise httpx.ReadError("[Errno 104] Connection reset by peer (Fault.reset)", request=request)


def _response(
    answer: Response,
    request: httpx.Request,
    stream: Callable[[], httpx.SyncByteStream | httpx.AsyncByteStream],
) -> httpx.Response:
    headers = dict(answer.headers)
    if isinstance(answer, JSONResponse):
        if answer.status == 204:
            return httpx.Response(204, headers=headers, request=request)
        # A JSON answer is one write over a socket too: no fault cuts it short.
        payload = json.dumps(answer.body).encode()
        headers["content-type"] = "application/json"
        return httpx.Response(answer.status, headers=headers, content=payload, request=request)
    if isinstance(answer, EventStreamResponse):
        status = 200
        headers = {"content-type": "text/event-stream", "cache-control": "no-cache", **headers}
    else:
        status = answer.status
        headers["content-type"] = answer.content_type
        length = _length(answer)
        if length is not None:
            headers["content-length"] = str(length)
    return httpx.Response(status, headers=headers, stream=stream(), request=request)


def _length(answer: Response) -> int | None:
    if isinstance(answer, (JSONResponse, EventStreamResponse)):
        return None
    if answer.length is not None:
        return answer.length
    return len(answer.body) if answer.chunks is None else None


def _chunks(
    answer: Response, fault: Fault | None, request: httpx.Request
) -> Iterator[tuple[bytes, float]]:
    """The body's chunks, each with the delay to wait before it; raises where a
    ``truncate`` fault drops the connection."""
    delay = fault.delay if fault is not None and fault.kind == "slow" else 0.0
    truncate = fault is not None and fault.kind == "truncate"
    if isinstance(answer, EventStreamResponse):
        for sent, frame in enumerate(answer.frames()):
            if truncate and fault is not None and sent >= fault.after_events:
                raise _truncated(request)
            yield frame, delay if sent else 0.0
        return
    if isinstance(answer, JSONResponse):
        return
    length = _length(answer)
    sent = 0
    for chunk in answer.chunks if answer.chunks is not None else [answer.body]:
        if not chunk:
            continue
        if truncate and length is not None and sent + len(chunk) > length // 2:
            yield chunk[: max(length // 2 - sent, 0)], 0.0
            raise _truncated(request)
        yield chunk, 0.0
        sent += len(chunk)


def _truncated(request: httpx.Request) -> httpx.RemoteProtocolError:
    return httpx.RemoteProtocolError(
        "peer closed connection without sending complete message body (Fault.truncate)",
        request=request,
    )


class _SyncBody(httpx.SyncByteStream):
    def __init__(self, answer: Response, fault: Fault | None, request: httpx.Request) -> None:
        self._chunks: Callable[[], Iterator[tuple[bytes, float]]] = lambda: _chunks(
            answer, fault, request
        )

    def __iter__(self) -> Iterator[bytes]:
        for chunk, delay in self._chunks():
            if delay:
                time.sleep(delay)
            yield chunk


class _AsyncBody(httpx.AsyncByteStream):
    def __init__(self, answer: Response, fault: Fault | None, request: httpx.Request) -> None:
        self._chunks: Callable[[], Iterator[tuple[bytes, float]]] = lambda: _chunks(
            answer, fault, request
        )

    async def __aiter__(self) -> AsyncIterator[bytes]:
        import anyio

        for chunk, delay in self._chunks():
            if delay:
                await anyio.sleep(delay)
            yield chunk


def transport(server: MistralTestServer | None = None) -> MistralTestTransport:
    """An in-process transport over ``server`` (a new :class:`MistralTestServer` when not
    given): pass it to ``httpx.Client(transport=...)`` and ``httpx.AsyncClient(...)``.

    >>> http = httpx.Client(transport=transport(), base_url=INPROCESS_URL)
    >>> http.get("/v1/models", headers={"authorization": "Bearer k"}).json()["object"]
    'list'
    """
    return MistralTestTransport(server)
