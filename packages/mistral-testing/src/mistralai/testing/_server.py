"""``MistralTestServer``: a Mistral-compatible HTTP server on 127.0.0.1 with real sockets.

One request goes: read the body (``Content-Length`` or chunked) → record it → apply a fault
that fires before any answer (status, reset, slow) → check the API key → route → validate
the JSON body against the spec → run the fake → write the answer (a fault may still spoil
it: truncate, malformed JSON, wrong content type).
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
import uuid
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any
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
from mistralai.testing._state import ServerState
from mistralai.testing._validation import body_problems
from mistralai.testing.fakes.batch import BatchEngine
from mistralai.testing.fakes.batch import control as batch_control
from mistralai.testing.fakes.batch import engine as batch_engine

CONTROL_PREFIX = "/__testing__/"
_MALFORMED_JSON = b'{"id": "cmpl-1", "choices": ['
_HTML_PAGE = b"<html><body><h1>502 Bad Gateway</h1></body></html>"


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


class _Dropped(Exception):
    """The connection was closed on purpose by a fault."""


class MistralTestServer:
    """A local Mistral API: deterministic answers, real SSE, stateful fakes, faults.

    ``validate=False`` skips checking request bodies against the spec (benchmarks).

    >>> with MistralTestServer() as server:
    ...     client = Mistral(api_key="test", server_url=server.url)
    """

    def __init__(self, host: str = "127.0.0.1", port: int = 0, *, validate: bool = True) -> None:
        from mistralai.testing.fakes import register_all

        self.host = host
        self.port = port
        self.router = Router()
        self.state = ServerState(validate=validate)
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
        """Forget state, recorded requests and pending faults."""
        self.state.reset()
        self.faults.clear()
        with self._requests_lock:
            self.requests.clear()

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


def _unauthorized() -> JSONResponse:
    return JSONResponse({"message": "Unauthorized", "request_id": uuid.uuid4().hex}, 401)


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
        parts = urlsplit(self.path)
        body = self._read_body()
        headers = Headers(self.headers.items())
        if parts.path.startswith(CONTROL_PREFIX):
            self._send(self._control(parts.path, body))
            return
        recorded = RecordedRequest(
            self.command, parts.path, parse_query(parts.query), headers, body
        )
        self.app.record(recorded)
        fault = self.app.faults.take(self.command, parts.path)
        if fault is not None and self._answered_by_fault(fault):
            return
        self._send(self._respond(recorded), fault)

    def _respond(self, recorded: RecordedRequest) -> Response:
        if recorded.path.startswith("/v1/") and not _authorized(recorded.headers):
            return _unauthorized()
        found = self.app.router.match(self.command, recorded.path)
        if found is None:
            return JSONResponse({"detail": "Not Found"}, 404)
        route, params = found
        if self.app.validate and route.operation_id and _is_json(recorded.headers):
            problems = body_problems(route.operation_id, recorded.body)
            if problems:
                return JSONResponse({"detail": problems}, 422)
        request = Request(
            self.command,
            recorded.path,
            recorded.query,
            recorded.headers,
            recorded.body,
            self.app.state,
            params,
        )
        return route.handler(request)

    def _control(self, path: str, body: bytes) -> Response:
        if path == f"{CONTROL_PREFIX}reset":
            self.app.reset()
            return JSONResponse({"ok": True})
        if path == f"{CONTROL_PREFIX}faults":
            try:
                data = json.loads(body or b"{}")
                fault = Fault.from_json(data.get("fault", data))
                self.app.faults.add(
                    fault, int(data.get("times", 1)), data.get("path"), data.get("method")
                )
            except (ValueError, TypeError, AttributeError) as exc:
                return JSONResponse({"detail": f"invalid fault: {exc}"}, 400)
            return JSONResponse({"ok": True})
        if path == f"{CONTROL_PREFIX}batch":
            return batch_control(self.app.state, body)
        if path == f"{CONTROL_PREFIX}requests":
            with self.app._requests_lock:
                recorded = list(self.app.requests)
            return JSONResponse([{"method": r.method, "path": r.path} for r in recorded])
        return JSONResponse({"detail": "Not Found"}, 404)

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

    def _answered_by_fault(self, fault: Fault) -> bool:
        """Apply what a fault does before the fake runs; True when that ends the request."""
        if fault.kind == "reset":
            self._drop()
        if fault.kind == "status":
            self._send(JSONResponse(fault.body, fault.code, fault.headers))
            return True
        if fault.kind == "slow":
            time.sleep(fault.delay)
        return False

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
        elif fault is not None and fault.kind == "malformed_json":
            self._send_bytes(200, _MALFORMED_JSON, "application/json", {})
        elif fault is not None and fault.kind == "wrong_content_type":
            self._send_bytes(200, _HTML_PAGE, "text/html", {})
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
