"""``MistralTestServer``: a Mistral-compatible HTTP server on 127.0.0.1 with real sockets.

One request goes: read the body (``Content-Length`` or chunked) → record it → apply a fault
that fires before any answer (status, reset, slow) → check the API key → route → validate
the JSON body against the spec → run the fake → check the answer against the spec (when
``check_responses``) → add the request id and rate-limit headers → write the answer (a
fault may still spoil it: truncate, malformed JSON, wrong content type).

Everything but reading and writing bytes lives in :meth:`MistralTestServer.receive` and
:meth:`MistralTestServer.answer`, which the socket handler here and the in-process
transport (``_transport``) share.
"""

from __future__ import annotations

import contextlib
import json
import socket
import struct
import sys
import threading
import time
import traceback
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from mistralai.testing._faults import Fault, FaultBook
from mistralai.testing._routing import (
    EventStreamResponse,
    Headers,
    JSONResponse,
    RawResponse,
    Request,
    Response,
    Router,
    error_body,
    parse_query,
)
from mistralai.testing._state import (
    RATE_LIMIT_REQUESTS_PER_MINUTE,
    RATE_LIMIT_TOKENS_PER_MINUTE,
    ServerState,
)
from mistralai.testing._validation import body_problems, response_problems, stream_variant
from mistralai.testing.fakes.batch import BatchEngine
from mistralai.testing.fakes.batch import control as batch_control
from mistralai.testing.fakes.batch import engine as batch_engine

if TYPE_CHECKING:
    from mistralai.testing._transport import MistralTestTransport

CONTROL_PREFIX = "/__testing__/"
_MALFORMED_JSON = b'{"id": "cmpl-1", "choices": ['
_HTML_PAGE = b"<html><body><h1>502 Bad Gateway</h1></body></html>"
CHECK_FAILED_STATUS = 599
"""The status of an answer a fake gave that the spec rejects (``check_responses``): outside
the statuses any API or client gives a meaning to, so no client retries it."""


@dataclass(frozen=True)
class RecordedRequest:
    """A request the server received, for assertions.

    >>> res = client.chat.complete(model="mistral-small-latest", messages=msgs)
    >>> server.requests[-1].json()["model"], server.requests[-1].headers["Authorization"]
    ('mistral-small-latest', 'Bearer test-api-key')
    """

    method: str
    path: str
    query: dict[str, list[str]]
    headers: Headers
    body: bytes

    def json(self) -> Any:
        """The body parsed as JSON."""
        return json.loads(self.body)


class ResponseCheckError(AssertionError):
    """A fake answered something the spec rejects (``check_responses``); raised by the
    pytest fixtures after the test, with every problem seen."""


@dataclass
class Exchange:
    """One request on its way through the server: what :meth:`MistralTestServer.receive`
    read and which fault (if any) spoils it. Reset and slow faults are applied by whoever
    carries the bytes (a socket, the in-process transport)."""

    method: str
    path: str
    query: dict[str, list[str]]
    headers: Headers
    body: bytes
    fault: Fault | None = None
    control: bool = False
    request_id: str = ""
    problems: list[str] = field(default_factory=list)


class _Dropped(Exception):
    """The connection was closed on purpose by a fault."""


class MistralTestServer:
    """A local Mistral API: deterministic answers, real SSE, stateful fakes, faults.

    ``validate=False`` skips checking request bodies against the spec (benchmarks).
    ``check_responses=True`` checks every 2xx answer of a fake (JSON bodies, and each event
    of a stream) against its operation's response schema: one the spec rejects is answered
    with status 599 and an error body naming the problems, which are also kept in
    :attr:`response_problems` (the pytest fixtures raise them after the test).

    >>> with MistralTestServer() as server:
    ...     client = Mistral(api_key="test", server_url=server.url)
    """

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        validate: bool = True,
        check_responses: bool = False,
    ) -> None:
        from mistralai.testing.fakes import register_all

        self.host = host
        self.port = port
        self.router = Router()
        self.state = ServerState(validate=validate)
        self.check_responses = check_responses
        self.response_problems: list[str] = []
        """Every answer of a fake the spec rejected since the last reset, one line each."""
        self.faults = FaultBook()
        self.requests: list[RecordedRequest] = []
        self._requests_lock = threading.Lock()
        self._connections: set[socket.socket] = set()
        self._connections_lock = threading.Lock()
        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        register_all(self.router)

    @property
    def validate(self) -> bool:
        """Whether request bodies are checked against the spec (batch lines included)."""
        return self.state.validate

    @validate.setter
    def validate(self, value: bool) -> None:
        self.state.validate = value

    @property
    def batch(self) -> BatchEngine:
        """How batch jobs run (speed, failures) and what they ran; reset with the server.

        >>> server.batch.configure(lines_per_poll=5)
        """
        return batch_engine(self.state)

    @property
    def url(self) -> str:
        """The base URL, e.g. ``http://127.0.0.1:54321``."""
        if self._httpd is None:
            raise RuntimeError("the server is not started: call start() or use it in a with block")
        return f"http://{self.host}:{self._httpd.server_address[1]}"

    def start(self) -> MistralTestServer:
        """Bind and serve in a background thread; returns the server itself."""
        if self._httpd is not None:
            return self
        handler = type("BoundHandler", (_Handler,), {"app": self})
        httpd = _HTTPServer((self.host, self.port), handler)
        self._httpd = httpd
        self._thread = threading.Thread(
            target=httpd.serve_forever,
            kwargs={"poll_interval": 0.05},
            name="mistral-test-server",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving, close the listening socket and every open connection."""
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._httpd = None
        with self._connections_lock:
            connections = list(self._connections)
        for connection in connections:
            # Wakes handler threads blocked on an idle keep-alive connection.
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def reset(self) -> None:
        """Forget state, recorded requests, pending faults and response problems."""
        self.state.reset()
        self.faults.clear()
        with self._requests_lock:
            self.requests.clear()
            self.response_problems.clear()

    def raise_response_problems(self) -> None:
        """Raise :class:`ResponseCheckError` if a fake answered something the spec rejects."""
        with self._requests_lock:
            problems = list(self.response_problems)
        if problems:
            raise ResponseCheckError(
                "the test server answered bodies that Mistral's OpenAPI spec rejects "
                "(a fake drifted from the API, or a known deviation is missing from "
                "mistralai.testing._validation.KNOWN_RESPONSE_DEVIATIONS):\n" + "\n".join(problems)
            )

    def transport(self) -> MistralTestTransport:
        """An in-process ``httpx`` transport (sync and async) over this server's router,
        state and faults: no socket, no thread; see :class:`MistralTestTransport`."""
        from mistralai.testing._transport import MistralTestTransport

        return MistralTestTransport(self)

    # -- one request, whatever carries it ---------------------------------------------------

    def receive(self, method: str, target: str, headers: Headers, body: bytes) -> Exchange:
        """Take in one request (``target`` is the path and query): record it (control
        requests aside) and pick the fault that spoils it."""
        parts = urlsplit(target)
        query = parse_query(parts.query)
        if parts.path.startswith(CONTROL_PREFIX):
            return Exchange(method, parts.path, query, headers, body, control=True)
        self.record(RecordedRequest(method, parts.path, query, headers, body))
        return Exchange(
            method,
            parts.path,
            query,
            headers,
            body,
            fault=self.faults.take(method, parts.path),
            request_id=self.state.request_id(),
        )

    def answer(self, exchange: Exchange) -> Response:
        """The answer to a received request, headers included (call it after applying a
        ``slow`` fault's delay; a ``reset`` fault gets no answer)."""
        if exchange.control:
            return self._control(exchange.path, exchange.body)
        fault = exchange.fault
        if fault is not None and fault.kind == "status":
            response: Response = JSONResponse(fault.body, fault.code, fault.headers)
        else:
            try:
                response = self._respond(exchange)
            except Exception:
                # A bug in a fake must show up as a 500 the test can see.
                traceback.print_exc()
                response = JSONResponse(
                    error_body("the test server failed on this request", "internal_error"), 500
                )
            if fault is not None and isinstance(response, JSONResponse):
                if fault.kind == "malformed_json":
                    response = RawResponse(_MALFORMED_JSON, 200, "application/json")
                elif fault.kind == "wrong_content_type":
                    response = RawResponse(_HTML_PAGE, 200, "text/html")
        return replace(response, headers={**self._headers(exchange, response), **response.headers})

    def _respond(self, exchange: Exchange) -> Response:
        if exchange.path.startswith("/v1/") and not _authorized(exchange.headers):
            return JSONResponse({"message": "Unauthorized", "request_id": exchange.request_id}, 401)
        found = self.router.match(exchange.method, exchange.path)
        if found is None:
            return JSONResponse({"detail": "Not Found"}, 404)
        route, params = found
        if self.validate and route.operation_id and _is_json(exchange.headers):
            problems = body_problems(route.operation_id, exchange.body)
            if problems:
                return JSONResponse({"detail": problems}, 422)
        request = Request(
            exchange.method,
            exchange.path,
            exchange.query,
            exchange.headers,
            exchange.body,
            self.state,
            params,
        )
        response = route.handler(request)
        status = 200 if isinstance(response, EventStreamResponse) else response.status
        if not self.check_responses or route.operation_id is None or not 200 <= status < 300:
            return response
        operation_id = route.operation_id
        if isinstance(response, JSONResponse):
            mismatches = response_problems(
                operation_id, response.status, "application/json", response.body
            )
            if mismatches:
                self._response_problems(exchange, mismatches)
                return JSONResponse(
                    error_body(
                        "the fake's answer does not match Mistral's OpenAPI spec: "
                        + "; ".join(mismatches[:5]),
                        "response_check_failed",
                    ),
                    CHECK_FAILED_STATUS,
                )
        elif isinstance(response, EventStreamResponse):
            # The spec describes some streams as an operation of their own (``..._stream``).
            operation_id = stream_variant(operation_id, {"stream": True})
            return _CheckedEventStream(
                response.events,
                response.done,
                response.headers,
                check=lambda event: self._check_event(exchange, operation_id, event),
            )
        return response

    def _check_event(self, exchange: Exchange, operation_id: str, event: dict[str, Any]) -> None:
        problems = response_problems(operation_id, 200, "text/event-stream", event)
        if problems:
            self._response_problems(exchange, [f"event {event}: {p}" for p in problems])

    def _response_problems(self, exchange: Exchange, problems: list[str]) -> None:
        exchange.problems.extend(problems)
        with self._requests_lock:
            self.response_problems.extend(
                f"{exchange.method} {exchange.path}: {problem}" for problem in problems
            )

    def _headers(self, exchange: Exchange, response: Response) -> dict[str, str]:
        """The request id of every answer, and the rate-limit budgets of ``/v1/`` ones."""
        headers = {"x-request-id": exchange.request_id}
        if not exchange.path.startswith("/v1/"):
            return headers
        tokens = 0
        if isinstance(response, JSONResponse) and isinstance(response.body, dict):
            usage = response.body.get("usage")
            if isinstance(usage, dict) and isinstance(usage.get("total_tokens"), int):
                tokens = usage["total_tokens"]
        requests_left, tokens_left = self.state.spend(tokens)
        headers.update(
            {
                "x-ratelimit-limit-req-minute": str(RATE_LIMIT_REQUESTS_PER_MINUTE),
                "x-ratelimit-remaining-req-minute": str(requests_left),
                "x-ratelimit-limit-tokens-minute": str(RATE_LIMIT_TOKENS_PER_MINUTE),
                "x-ratelimit-remaining-tokens-minute": str(tokens_left),
                "x-ratelimit-tokens-query-cost": str(tokens),
            }
        )
        return headers

    def _control(self, path: str, body: bytes) -> Response:
        if path == f"{CONTROL_PREFIX}reset":
            self.reset()
            return JSONResponse({"ok": True})
        if path == f"{CONTROL_PREFIX}faults":
            try:
                data = json.loads(body or b"{}")
                fault = Fault.from_json(data.get("fault", data))
                self.faults.add(
                    fault, int(data.get("times", 1)), data.get("path"), data.get("method")
                )
            except (ValueError, TypeError, AttributeError) as exc:
                return JSONResponse({"detail": f"invalid fault: {exc}"}, 400)
            return JSONResponse({"ok": True})
        if path == f"{CONTROL_PREFIX}batch":
            return batch_control(self.state, body)
        if path == f"{CONTROL_PREFIX}requests":
            with self._requests_lock:
                recorded = list(self.requests)
            return JSONResponse([{"method": r.method, "path": r.path} for r in recorded])
        return JSONResponse({"detail": "Not Found"}, 404)

    def __enter__(self) -> MistralTestServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def record(self, request: RecordedRequest) -> None:
        """Append ``request`` to :attr:`requests` (thread-safe)."""
        with self._requests_lock:
            self.requests.append(request)

    def track(self, connection: socket.socket, open_: bool) -> None:
        """Remember (or forget) an open client connection, so :meth:`stop` can close it."""
        with self._connections_lock:
            if open_:
                self._connections.add(connection)
            else:
                self._connections.discard(connection)


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 1024

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A client hanging up on a keep-alive connection is normal; anything else is a bug.
        if not isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError, OSError)):
            super().handle_error(request, client_address)


def _authorized(headers: Headers) -> bool:
    scheme, _, token = headers.get("authorization", "").partition(" ")
    return scheme.lower() == "bearer" and bool(token.strip())


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "MistralTestServer/0.1"
    timeout = 60
    app: MistralTestServer

    def setup(self) -> None:
        super().setup()
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.app.track(self.connection, True)

    def finish(self) -> None:
        self.app.track(self.connection, False)
        with contextlib.suppress(OSError):
            super().finish()

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: tests read ``server.requests`` instead."""

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = lambda self: self._handle()

    def _handle(self) -> None:
        try:
            self._dispatch()
        except (_Dropped, BrokenPipeError, ConnectionResetError):
            self.close_connection = True
        except Exception:
            # A bug in a fake must show up as a 500 the test can see, not a hung-up socket.
            traceback.print_exc()
            self._send(
                JSONResponse(
                    error_body("the test server failed on this request", "internal_error"), 500
                )
            )

    def _dispatch(self) -> None:
        exchange = self.app.receive(
            self.command, self.path, Headers(self.headers.items()), self._read_body()
        )
        fault = exchange.fault
        if fault is not None and fault.kind == "reset":
            self._drop()
        if fault is not None and fault.kind == "slow":
            time.sleep(fault.delay)
        self._send(self.app.answer(exchange), fault)

    # -- reading ---------------------------------------------------------------------------

    def _read_body(self) -> bytes:
        if self.headers.get("transfer-encoding", "").lower() == "chunked":
            return self._read_chunked()
        length = int(self.headers.get("content-length") or 0)
        return self.rfile.read(length) if length else b""

    def _read_chunked(self) -> bytes:
        parts: list[bytes] = []
        while True:
            size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
            if size == 0:
                while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                    pass
                return b"".join(parts)
            parts.append(self.rfile.read(size))
            self.rfile.readline()

    # -- writing ---------------------------------------------------------------------------

    def _drop(self, abortive: bool = True) -> None:
        """Close the connection: abortively (RST, as a crashed proxy would), or with a plain
        FIN so that what was already sent still arrives (a body cut short)."""
        if abortive:
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        else:
            self.wfile.flush()
            self.connection.shutdown(socket.SHUT_WR)
        self.connection.close()
        raise _Dropped

    def _head(
        self, status: int, content_type: str | None, headers: Any, length: int | None
    ) -> bytes:
        """The status line and headers, ending with the blank line; no content headers for
        a body-less answer (``content_type`` None)."""
        reason = self.responses.get(status, ("",))[0]
        lines = [
            f"HTTP/1.1 {status} {reason}",
            f"server: {self.server_version}",
            f"date: {self.date_time_string()}",
        ]
        if content_type is not None:
            lines.append(f"content-type: {content_type}")
            lines.append(
                f"content-length: {length}" if length is not None else "transfer-encoding: chunked"
            )
        lines.extend(f"{name}: {value}" for name, value in dict(headers).items())
        if self.close_connection:
            lines.append("connection: close")
        return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")

    def _send(self, response: Response, fault: Fault | None = None) -> None:
        if isinstance(response, EventStreamResponse):
            self._send_stream(response, fault)
        elif isinstance(response, RawResponse):
            self._send_raw(response, fault)
        elif response.status == 204:
            self.wfile.write(self._head(204, None, response.headers, None))
        else:
            payload = json.dumps(response.body).encode()
            self._send_bytes(response.status, payload, "application/json", response.headers)

    def _send_bytes(self, status: int, payload: bytes, content_type: str, headers: Any) -> None:
        # One write for head and body: one segment on the wire, one syscall.
        self.wfile.write(self._head(status, content_type, headers, len(payload)) + payload)

    def _send_stream(self, response: EventStreamResponse, fault: Fault | None) -> None:
        headers = {"cache-control": "no-cache", **dict(response.headers)}
        self.wfile.write(self._head(200, "text/event-stream", headers, None))
        for sent, frame in enumerate(response.frames()):
            if fault is not None and fault.kind == "truncate" and sent >= fault.after_events:
                self._drop(abortive=False)
            if fault is not None and fault.kind == "slow" and sent:
                time.sleep(fault.delay)
            self.wfile.write(b"%x\r\n%s\r\n" % (len(frame), frame))
        self.wfile.write(b"0\r\n\r\n")

    def _send_raw(self, response: RawResponse, fault: Fault | None) -> None:
        chunks = response.chunks if response.chunks is not None else [response.body]
        length = (
            response.length
            if response.length is not None
            else (len(response.body) if response.chunks is None else None)
        )
        self.wfile.write(
            self._head(response.status, response.content_type, response.headers, length)
        )
        sent = 0
        for chunk in chunks:
            if not chunk:
                continue
            if (
                fault is not None
                and fault.kind == "truncate"
                and length is not None
                and sent + len(chunk) > length // 2
            ):
                self.wfile.write(chunk[: max(length // 2 - sent, 0)])
                self._drop(abortive=False)
            self.wfile.write(chunk if length is not None else b"%x\r\n%s\r\n" % (len(chunk), chunk))
            sent += len(chunk)
        if length is None:
            self.wfile.write(b"0\r\n\r\n")


def _is_json(headers: Headers) -> bool:
    """Whether a body is to be read as JSON: declared so, or not declared at all (as FastAPI)."""
    content_type: str = headers.get("content-type", "")
    return not content_type or "json" in content_type


@dataclass
class _CheckedEventStream(EventStreamResponse):
    """An event stream whose events are checked against the spec as they go out."""

    check: Any = None

    def frames(self) -> Iterator[bytes]:
        for frame in super().frames():
            event = parse_frame(frame)
            if event is not None and self.check is not None:
                self.check(event)
            yield frame


def parse_frame(frame: bytes) -> dict[str, Any] | None:
    """One encoded event as the spec's event-stream schemas describe it (``event``,
    ``data`` parsed as JSON when it is JSON, ``id``, ``retry``); None for ``[DONE]``.

    >>> parse_frame(b'event: x\\nid: 7\\ndata: {"a": 1}\\n\\n')
    {'event': 'x', 'id': '7', 'data': {'a': 1}}
    """
    event: dict[str, Any] = {}
    data: list[str] = []
    for line in frame.decode().split("\n"):
        name, _, value = line.partition(":")
        value = value.removeprefix(" ")
        if name == "data":
            data.append(value)
        elif name == "retry" and value.isdigit():
            event["retry"] = int(value)
        elif name in ("event", "id"):
            event[name] = value
    text = "\n".join(data)
    if text == "[DONE]":
        return None
    try:
        event["data"] = json.loads(text)
    except ValueError:
        event["data"] = text
    return event
