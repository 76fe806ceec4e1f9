"""The benchmark server: Mistral-shaped answers from bytes prepared in advance.

    python benchmarks/server.py                 serve until stopped (prints BENCH_SERVER_URL=...)
    python benchmarks/server.py --probe URL     measure a server's own cost with raw sockets

The embedded ``mistral-testing`` server is built for correctness: it validates requests,
keeps state and formats each event as it goes, which makes it slower than the clients it
serves, so a stream measured against it mostly measures the server. This one answers every
benchmark workload from bytes computed before the first request: the chat completion, and
an event stream per ``max_tokens`` (one HTTP chunk per event, as the API sends them; all of
it handed to the kernel in one write). It speaks HTTP/1.1 with keep-alive on asyncio, in a
process of its own, using only the standard library.

``--probe`` is the floor the report shows next to the peers: a client on bare sockets that
sends prepared request bytes and reads each answer to its end without parsing it, so what it
measures is the server and the loopback, not a client library.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import signal
import socket
import statistics
import sys
import time
from typing import Any
from urllib.parse import urlsplit

MODEL = "mistral-small-latest"
CREATED = 1_700_000_000
WORDS = ("You", " said:", " Benchmark", " this", " request,", " please.")
CHAT_PATH = b"/v1/chat/completions"


def completion_body() -> bytes:
    """The non-streamed chat completion every request gets."""
    return json.dumps(
        {
            "id": "cmpl-bench",
            "object": "chat.completion",
            "model": MODEL,
            "created": CREATED,
            "choices": [
                {
                    "index": 0,
                    "message": {
                        "role": "assistant",
                        "content": "You said: Benchmark this request, please.",
                        "tool_calls": None,
                        "prefix": False,
                    },
                    "finish_reason": "stop",
                }
            ],
            "usage": {"prompt_tokens": 4, "completion_tokens": 6, "total_tokens": 10},
        }
    ).encode()


def stream_body(events: int) -> bytes:
    """A chunked ``text/event-stream`` body of ``events`` chunks, then ``[DONE]``."""
    frames = []
    for index in range(events):
        delta: dict[str, Any] = {"content": WORDS[index % len(WORDS)]}
        if index == 0:
            delta = {"role": "assistant", **delta}
        chunk: dict[str, Any] = {
            "id": "cmpl-bench",
            "object": "chat.completion.chunk",
            "model": MODEL,
            "created": CREATED,
            "choices": [
                {
                    "index": 0,
                    "delta": delta,
                    "finish_reason": "length" if index == events - 1 else None,
                }
            ],
        }
        if index == events - 1:
            chunk["usage"] = {
                "prompt_tokens": 4,
                "completion_tokens": events,
                "total_tokens": events + 4,
            }
        frames.append(b"data: " + json.dumps(chunk).encode() + b"\n\n")
    frames.append(b"data: [DONE]\n\n")
    return b"".join(b"%x\r\n%s\r\n" % (len(frame), frame) for frame in frames) + b"0\r\n\r\n"


def _head(status: str, content_type: str, length: int | None) -> bytes:
    framing = f"content-length: {length}" if length is not None else "transfer-encoding: chunked"
    return (
        f"HTTP/1.1 {status}\r\nserver: bench\r\ncontent-type: {content_type}\r\n{framing}\r\n\r\n"
    ).encode()


class Answers:
    """Every answer as complete response bytes, head included, made once."""

    def __init__(self) -> None:
        body = completion_body()
        self.completion = _head("200 OK", "application/json", len(body)) + body
        missing = b'{"detail": "not found"}'
        self.not_found = _head("404 Not Found", "application/json", len(missing)) + missing
        self._streams: dict[int, bytes] = {}
        for events in (50, 1000):
            self.stream(events)

    def stream(self, events: int) -> bytes:
        answer = self._streams.get(events)
        if answer is None:
            answer = _head("200 OK", "text/event-stream", None) + stream_body(events)
            self._streams[events] = answer
        return answer

    def answer(self, path: bytes, body: bytes) -> bytes:
        if path.partition(b"?")[0] != CHAT_PATH:
            return self.not_found
        try:
            request = json.loads(body)
        except ValueError:
            return self.not_found
        if request.get("stream"):
            return self.stream(int(request.get("max_tokens") or 50))
        return self.completion


class Connection(asyncio.Protocol):
    """One keep-alive connection: requests are answered in the order they arrive."""

    def __init__(self, answers: Answers) -> None:
        self.answers = answers
        self.buffer = b""
        self.transport: asyncio.Transport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport
        sock = transport.get_extra_info("socket")
        if sock is not None:
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        while True:
            end = self.buffer.find(b"\r\n\r\n")
            if end < 0:
                return
            head = self.buffer[:end]
            length = 0
            for line in head.split(b"\r\n")[1:]:
                name, _, value = line.partition(b":")
                if name.strip().lower() == b"content-length":
                    length = int(value)
            if len(self.buffer) < end + 4 + length:
                return
            body = self.buffer[end + 4 : end + 4 + length]
            self.buffer = self.buffer[end + 4 + length :]
            path = head.split(b" ", 2)[1]
            assert self.transport is not None
            self.transport.write(self.answers.answer(path, body))


async def serve(host: str, port: int) -> None:
    answers = Answers()
    loop = asyncio.get_running_loop()
    server = await loop.create_server(lambda: Connection(answers), host, port, backlog=2048)
    bound = server.sockets[0].getsockname()
    print(f"BENCH_SERVER_URL=http://{bound[0]}:{bound[1]}", flush=True)
    stop = asyncio.Event()
    loop.add_signal_handler(signal.SIGTERM, stop.set)
    loop.add_signal_handler(signal.SIGINT, stop.set)
    async with server:
        await stop.wait()


# -- the probe: the server's own cost ------------------------------------------------------


def _request(host: str, port: int, body: dict[str, Any]) -> bytes:
    payload = json.dumps(body).encode()
    return (
        f"POST /v1/chat/completions HTTP/1.1\r\nhost: {host}:{port}\r\n"
        "authorization: Bearer bench-key\r\n"
        f"content-type: application/json\r\ncontent-length: {len(payload)}\r\n\r\n"
    ).encode() + payload


def _read_answer(sock: socket.socket, buffer: bytearray) -> bytearray:
    """Read one whole answer (content-length or chunked) from ``sock``; return what follows."""
    while (end := buffer.find(b"\r\n\r\n")) < 0:
        buffer += sock.recv(262144)
    head = bytes(buffer[:end]).lower()
    if not head.startswith(b"http/1.1 200"):
        raise SystemExit(f"the server answered {head.splitlines()[0].decode()!r}")
    del buffer[: end + 4]
    if b"transfer-encoding: chunked" in head:
        # Every chunk ends with CRLF, so the last chunk is the first CRLF 0 CRLF CRLF.
        while (stop := buffer.find(b"\r\n0\r\n\r\n")) < 0:
            buffer += sock.recv(262144)
        del buffer[: stop + 7]
        return buffer
    length = int(head.split(b"content-length:")[1].split(b"\r\n")[0])
    while len(buffer) < length:
        buffer += sock.recv(262144)
    del buffer[:length]
    return buffer


def probe(url: str, requests: int, streams: int) -> dict[str, float]:
    """The server's cost, seen by a raw-socket client: per request, and per 1,000-event stream."""
    parts = urlsplit(url)
    host, port = parts.hostname or "127.0.0.1", parts.port or 80
    messages = [{"role": "user", "content": "Benchmark this request, please."}]
    complete = _request(host, port, {"model": MODEL, "messages": messages})
    stream = _request(
        host, port, {"model": MODEL, "messages": messages, "max_tokens": 1000, "stream": True}
    )
    with socket.create_connection((host, port)) as sock:
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        buffer = bytearray()
        samples = []
        for index in range(requests + 50):
            started = time.perf_counter()
            sock.sendall(complete)
            buffer = _read_answer(sock, buffer)
            if index >= 50:
                samples.append(time.perf_counter() - started)
        stream_samples = []
        for index in range(streams + 1):
            started = time.perf_counter()
            sock.sendall(stream)
            buffer = _read_answer(sock, buffer)
            if index:
                stream_samples.append(time.perf_counter() - started)
    per_request = statistics.median(samples)
    return {
        "request_us": per_request * 1e6,
        "requests_per_s": 1 / per_request,
        "stream_ms": statistics.median(stream_samples) * 1e3,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.partition("\n\n")[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--probe", metavar="URL", help="measure the server at URL and exit")
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--streams", type=int, default=30)
    args = parser.parse_args()
    if args.probe:
        print(json.dumps(probe(args.probe, args.requests, args.streams)))
        sys.stdout.flush()
        return
    asyncio.run(serve(args.host, args.port))


if __name__ == "__main__":
    main()
