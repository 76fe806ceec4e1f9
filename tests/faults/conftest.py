"""A server that misbehaves at the socket level, on purpose, for the failure-matrix tests.

Each test gives the server a *behaviour*: a function called with every request received
(``RogueRequest``) and the raw connection, which writes whatever bytes it likes (or none)
and returns whether the connection may serve another request. The server counts what
arrived; the client side of a test uses small connection pools so that a connection the
SDK fails to release makes a later call run dry instead of passing unnoticed.
"""

from __future__ import annotations

import contextlib
import json
import socket
import threading
import time
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest

from mistralai import Mistral
from mistralai.utils import BackoffStrategy, RetryConfig

KEY = "sk-fault-secret-7f3a9c"
FAST = RetryConfig("backoff", BackoffStrategy(20, 40, 2.0, 5_000), True)
CHAT = {"model": "mistral-small-latest", "messages": [{"role": "user", "content": "hi"}]}
COMPLETION = {
    "id": "cmpl-1",
    "object": "chat.completion",
    "model": "mistral-small-latest",
    "created": 1,
    "choices": [
        {"index": 0, "message": {"role": "assistant", "content": "hello"}, "finish_reason": "stop"}
    ],
    "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
}


@dataclass
class RogueRequest:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes


Behaviour = Callable[[RogueRequest, socket.socket], bool]


@dataclass
class RogueServer:
    """A threaded HTTP/1.1 server whose answers are written by hand, byte by byte."""

    behaviour: Behaviour = field(default=lambda req, conn: answer(conn, 200, COMPLETION))
    requests: list[RogueRequest] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._sock.bind(("127.0.0.1", 0))
        self._sock.listen(64)
        self._lock = threading.Lock()
        self._stopped = threading.Event()
        self.connections = 0
        threading.Thread(target=self._accept, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._sock.getsockname()[1]}"

    def count(self, path: str | None = None) -> int:
        with self._lock:
            return sum(1 for r in self.requests if path is None or r.path.startswith(path))

    def stop(self) -> None:
        self._stopped.set()
        self._sock.close()

    def _accept(self) -> None:
        while not self._stopped.is_set():
            try:
                conn, _ = self._sock.accept()
            except OSError:
                return
            with self._lock:
                self.connections += 1
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn: socket.socket) -> None:
        reader = conn.makefile("rb")
        try:
            while True:
                request = _read_request(reader)
                if request is None:
                    return
                with self._lock:
                    self.requests.append(request)
                if not self.behaviour(request, conn):
                    return
        except OSError:
            return
        finally:
            reader.close()
            with contextlib.suppress(OSError):
                conn.close()


def _read_request(reader: Any) -> RogueRequest | None:
    line = reader.readline()
    if not line:
        return None
    method, target, _ = line.decode("latin-1").split(" ", 2)
    headers: dict[str, str] = {}
    while True:
        header = reader.readline()
        if header in (b"\r\n", b"\n", b""):
            break
        name, _, value = header.decode("latin-1").partition(":")
        headers[name.strip().lower()] = value.strip()
    if headers.get("transfer-encoding", "").lower() == "chunked":
        body = b""
        while True:
            size = int(reader.readline().strip() or b"0", 16)
            if size == 0:
                reader.readline()
                break
            body += reader.read(size)
            reader.readline()
    else:
        body = reader.read(int(headers.get("content-length", "0")))
    return RogueRequest(method, target, headers, body)


def head(status: int, headers: dict[str, str] | None = None, length: int | None = None) -> bytes:
    lines = [f"HTTP/1.1 {status} X"]
    all_headers = {"content-type": "application/json", **(headers or {})}
    if length is not None:
        all_headers["content-length"] = str(length)
    lines += [f"{k}: {v}" for k, v in all_headers.items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


def answer(
    conn: socket.socket, status: int, body: Any, headers: dict[str, str] | None = None
) -> bool:
    """Write a complete JSON response; keep the connection."""
    payload = json.dumps(body).encode()
    conn.sendall(head(status, headers, len(payload)) + payload)
    return True


def cut_body(conn: socket.socket, *, reset: bool = False) -> bool:
    """Announce a 1000-byte JSON body, send 20 bytes of it, then close (or reset)."""
    conn.sendall(head(200, None, 1000) + json.dumps(COMPLETION).encode()[:20])
    if reset:
        conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
    return False


def dribble(conn: socket.socket, every: float, total: float) -> bool:
    """Send a JSON body one byte every ``every`` seconds, never finishing within ``total``."""
    payload = json.dumps(COMPLETION).encode()
    conn.sendall(head(200, None, len(payload)))
    deadline = time.monotonic() + total
    for byte in payload:
        if time.monotonic() > deadline:
            return False
        conn.sendall(bytes([byte]))
        time.sleep(every)
    return True


def sse(conn: socket.socket, events: list[str], *, stall: float = 0.0, done: bool = True) -> bool:
    """Answer an event stream with ``events`` (JSON texts), then stall and/or end it."""
    conn.sendall(
        b"HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ntransfer-encoding: chunked\r\n\r\n"
    )
    for data in events:
        chunk = f"data: {data}\n\n".encode()
        conn.sendall(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n")
    if stall:
        time.sleep(stall)
    if done:
        end = b"data: [DONE]\n\n"
        conn.sendall(f"{len(end):x}\r\n".encode() + end + b"\r\n0\r\n\r\n")
    return done


def chunk_event(text: str) -> str:
    return json.dumps(
        {
            "id": "c1",
            "object": "chat.completion.chunk",
            "model": "mistral-small-latest",
            "created": 1,
            "choices": [{"index": 0, "delta": {"content": text}, "finish_reason": None}],
        }
    )


@pytest.fixture
def rogue() -> Iterator[RogueServer]:
    server = RogueServer()
    yield server
    server.stop()


POOL = httpx.Limits(max_connections=2, max_keepalive_connections=2)
POOL_TIMEOUT = httpx.Timeout(10.0, pool=2.0)


@pytest.fixture
def pool_client(rogue: RogueServer) -> Iterator[Callable[..., Mistral]]:
    """Blocking clients bound to the rogue server whose HTTP pool holds two connections."""
    made: list[httpx.Client] = []

    def make(**kwargs: Any) -> Mistral:
        http = httpx.Client(limits=POOL, timeout=POOL_TIMEOUT)
        made.append(http)
        kwargs.setdefault("api_key", KEY)
        kwargs.setdefault("retry_config", FAST)
        kwargs.setdefault("server_url", rogue.url)
        return Mistral(client=http, **kwargs)

    yield make
    for http in made:
        http.close()


@pytest.fixture
async def apool_client(rogue: RogueServer) -> AsyncIterator[Callable[..., Mistral]]:
    """Async twin of ``pool_client``."""
    made: list[httpx.AsyncClient] = []

    def make(**kwargs: Any) -> Mistral:
        http = httpx.AsyncClient(limits=POOL, timeout=POOL_TIMEOUT)
        made.append(http)
        kwargs.setdefault("api_key", KEY)
        kwargs.setdefault("retry_config", FAST)
        kwargs.setdefault("server_url", rogue.url)
        return Mistral(async_client=http, **kwargs)

    yield make
    for http in made:
        await http.aclose()
