"""``MistralTestServer``: a Mistral-compatible HTTP server on 127.0.0.1 with real sockets."""

from __future__ import annotations

import json
import socket
import struct
import sys
import threading
import time
import traceback
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
from mistralai.testing._validation import stream_variant, validate_body

CONTROL_PREFIX = "/__testing__/"


@dataclass(frozen=True)
class RecordedRequest:
    """A request the server received, for assertions."""

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

    >>> with MistralTestServer() as server:  # doctest: +SKIP
    ...     client = Mistral(api_key="test", server_url=server.url)
    """

    def __init__(self, host: str = "127.0.0.1", port: int = 0, *, validate: bool = True) -> None:
        from mistralai.testing.fakes import register_all

        self.host = host
        self.port = port
        self.validate = validate
        self.router = Router()
        self.state = ServerState()
        self.faults = FaultBook()
        self.requests: list[RecordedRequest] = []
        self._requests_lock = threading.Lock()
        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        register_all(self.router)

    @property
    def url(self) -> str:
        """The base URL, e.g. ``http://127.0.0.1:54321``."""
        if self._httpd is None:
            raise RuntimeError("the server is not started")
        return f"http://{self.host}:{self._httpd.server_address[1]}"

    def start(self) -> MistralTestServer:
        """Bind and serve in a background thread."""
        handler = type("BoundHandler", (_Handler,), {"app": self})
        httpd = _HTTPServer((self.host, self.port), handler)
        self._httpd = httpd
        self._thread = threading.Thread(
            target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and close the listening socket."""
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._httpd = None
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
        with self._requests_lock:
            self.requests.append(request)


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 1024

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A client hanging up on a keep-alive connection is normal; anything else is a bug.
        if not isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):
            super().handle_error(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "MistralTestServer/0.1"
    timeout = 60
    app: MistralTestServer

    def setup(self) -> None:
        super().setup()
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: tests read ``server.requests`` instead."""

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = lambda self: self._handle()

    def _handle(self) -> None:
        try:
            self._dispatch()
        except _Dropped:
            self.close_connection = True
        except (BrokenPipeError, ConnectionResetError):
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
        recorded = RecordedRequest(
            self.command, parts.path, parse_query(parts.query), headers, body
        )
        if parts.path.startswith(CONTROL_PREFIX):
            self._send(self._control(parts.path, body))
            return
        self.app.record(recorded)
        fault = self.app.faults.take(self.command, parts.path)
        if fault is not None and fault.kind in ("reset", "status"):
            self._apply_early_fault(fault)
            return
        if fault is not None and fault.kind == "slow":
            time.sleep(fault.delay)
        response = self._respond(recorded)
        self._send(response, fault)

    def _respond(self, recorded: RecordedRequest) -> Response:
        if recorded.path.startswith("/v1/") and not recorded.headers.get(
            "authorization", ""
        ).startswith("Bearer "):
            return JSONResponse({"message": "Unauthorized", "request_id": "local"}, 401)
        found = self.app.router.match(self.command, recorded.path)
        if found is None:
            return JSONResponse({"detail": "Not Found"}, 404)
        route, params = found
        request = Request(
            self.command,
            recorded.path,
            recorded.query,
            recorded.headers,
            recorded.body,
            self.app.state,
            params,
        )
        if (
            self.app.validate
            and route.operation_id
            and "json" in recorded.headers.get("content-type", "")
        ):
            try:
                payload = request.json()
            except ValueError as exc:
                return JSONResponse(
                    {
                        "detail": [
                            {
                                "type": "json_invalid",
                                "loc": ["body"],
                                "msg": str(exc),
                                "input": None,
                            }
                        ]
                    },
                    422,
                )
            problems = validate_body(stream_variant(route.operation_id, payload), payload)
            if problems:
                return JSONResponse({"detail": problems}, 422)
        try:
            return route.handler(request)
        except Exception:
            traceback.print_exc()
            return JSONResponse(
                error_body("the test server failed on this request", "internal_error"), 500
            )

    def _control(self, path: str, body: bytes) -> Response:
        if path == f"{CONTROL_PREFIX}reset":
            self.app.reset()
            return JSONResponse({"ok": True})
        if path == f"{CONTROL_PREFIX}faults":
            data = json.loads(body or b"{}")
            fault = Fault.from_json(data.get("fault", data))
            self.app.faults.add(
                fault, int(data.get("times", 1)), data.get("path"), data.get("method")
            )
            return JSONResponse({"ok": True})
        if path == f"{CONTROL_PREFIX}requests":
            with self.app._requests_lock:
                return JSONResponse(
                    [{"method": r.method, "path": r.path} for r in self.app.requests]
                )
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

    def _apply_early_fault(self, fault: Fault) -> None:
        if fault.kind == "reset":
            self._drop()
        self._send(JSONResponse(fault.body, fault.code, fault.headers))

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

    def _send(self, response: Response, fault: Fault | None = None) -> None:
        if isinstance(response, EventStreamResponse):
            self._send_stream(response, fault)
        elif isinstance(response, RawResponse):
            self._send_raw(response, fault)
        elif fault is not None and fault.kind == "malformed_json":
            self._send_bytes(200, b'{"id": "cmpl-1", "choices": [', "application/json", {})
        elif fault is not None and fault.kind == "wrong_content_type":
            self._send_bytes(200, b"<html><body>502 Bad Gateway</body></html>", "text/html", {})
        else:
            payload = b"" if response.status == 204 else json.dumps(response.body).encode()
            self._send_bytes(response.status, payload, "application/json", response.headers)

    def _send_bytes(self, status: int, payload: bytes, content_type: str, headers: Any) -> None:
        self.send_response(status)
        if status != 204:
            self.send_header("content-type", content_type)
            self.send_header("content-length", str(len(payload)))
        for name, value in dict(headers).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(payload)

    def _send_stream(self, response: EventStreamResponse, fault: Fault | None) -> None:
        self.send_response(200)
        self.send_header("content-type", "text/event-stream")
        self.send_header("cache-control", "no-cache")
        self.send_header("transfer-encoding", "chunked")
        for name, value in dict(response.headers).items():
            self.send_header(name, value)
        self.end_headers()
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
        self.send_response(response.status)
        self.send_header("content-type", response.content_type)
        if length is not None:
            self.send_header("content-length", str(length))
        else:
            self.send_header("transfer-encoding", "chunked")
        for name, value in dict(response.headers).items():
            self.send_header(name, value)
        self.end_headers()
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
