"""One benchmark workload for one peer, run inside that peer's virtual environment.

    python workload.py <workload> --peer {httpx,ours,ours-given,official,openai} --url URL [--n N]

Prints one JSON object on its last line. Uses only the standard library, httpx and the
peer's own SDK, so it runs unchanged in every environment the suite creates.

``ours`` is this SDK as users construct it, ``Mistral(api_key=..., server_url=...)``, so it
sends through an httpx client of its own; ``ours-given`` passes it an ``httpx.Client``, as
the official SDK is given one here, which keeps every layer of ``httpx.Client.send``.
The ``profile_*`` workloads run under cProfile and report where the time goes, by layer.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import json
import pstats
import resource
import statistics
import sys
import time
from collections.abc import Callable
from typing import Any

MODEL = "mistral-small-latest"
MESSAGES = [{"role": "user", "content": "Benchmark this request, please."}]
KEY = "bench-key"


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# -- peers ----------------------------------------------------------------------------------


class Peer:
    """How one library sends a chat completion and reads a chat stream."""

    def __init__(self, name: str, url: str) -> None:
        self.name = name
        self.url = url

    # Each returns something to check, so no peer can skip the work.
    def complete(self, max_tokens: int | None = None) -> str: ...
    def stream(self, max_tokens: int) -> int: ...
    async def complete_async(self) -> str: ...
    async def stream_async(self, max_tokens: int) -> int: ...
    def close(self) -> None: ...
    async def aclose(self) -> None: ...


def _body(max_tokens: int | None, stream: bool = False) -> dict[str, Any]:
    body: dict[str, Any] = {"model": MODEL, "messages": MESSAGES}
    if max_tokens is not None:
        body["max_tokens"] = max_tokens
    if stream:
        body["stream"] = True
    return body


class HttpxPeer(Peer):
    """The baseline: bare httpx and json, no SDK."""

    def __init__(self, name: str, url: str) -> None:
        import httpx

        super().__init__(name, url)
        headers = {"authorization": f"Bearer {KEY}"}
        limits = httpx.Limits(max_connections=1000)
        self.http = httpx.Client(base_url=url, headers=headers, limits=limits, timeout=60)
        self.ahttp = httpx.AsyncClient(base_url=url, headers=headers, limits=limits, timeout=60)

    def complete(self, max_tokens: int | None = None) -> str:
        response = self.http.post("/v1/chat/completions", json=_body(max_tokens))
        response.raise_for_status()
        return str(json.loads(response.content)["choices"][0]["message"]["content"])

    def stream(self, max_tokens: int) -> int:
        count = 0
        with self.http.stream("POST", "/v1/chat/completions", json=_body(max_tokens, True)) as r:
            for line in r.iter_lines():
                if line.startswith("data: ") and line != "data: [DONE]":
                    json.loads(line[6:])
                    count += 1
        return count

    async def complete_async(self) -> str:
        response = await self.ahttp.post("/v1/chat/completions", json=_body(None))
        response.raise_for_status()
        return str(json.loads(response.content)["choices"][0]["message"]["content"])

    async def stream_async(self, max_tokens: int) -> int:
        count = 0
        async with self.ahttp.stream(
            "POST", "/v1/chat/completions", json=_body(max_tokens, True)
        ) as r:
            async for line in r.aiter_lines():
                if line.startswith("data: ") and line != "data: [DONE]":
                    json.loads(line[6:])
                    count += 1
        return count

    def close(self) -> None:
        self.http.close()

    async def aclose(self) -> None:
        await self.ahttp.aclose()


class MistralPeer(Peer):
    """This SDK, or the official one: both expose ``Mistral`` with the same call shapes."""

    def __init__(self, name: str, url: str) -> None:
        super().__init__(name, url)
        try:
            from mistralai import Mistral
        except ImportError:
            from mistralai.client import Mistral  # type: ignore[no-redef]
        import httpx

        if name == "ours":
            # As users construct it: the SDK's own httpx clients (a pool of 1,000).
            self.client = Mistral(api_key=KEY, server_url=url)
            return
        limits = httpx.Limits(max_connections=1000)
        self.client = Mistral(
            api_key=KEY,
            server_url=url,
            client=httpx.Client(limits=limits, timeout=60),
            async_client=httpx.AsyncClient(limits=limits, timeout=60),
        )

    def complete(self, max_tokens: int | None = None) -> str:
        kwargs = {} if max_tokens is None else {"max_tokens": max_tokens}
        res = self.client.chat.complete(model=MODEL, messages=MESSAGES, **kwargs)
        return str(res.choices[0].message.content)

    def stream(self, max_tokens: int) -> int:
        count = 0
        with self.client.chat.stream(
            model=MODEL, messages=MESSAGES, max_tokens=max_tokens
        ) as events:
            for event in events:
                count += event.data.choices[0].delta.content is not None or 1
        return count

    async def complete_async(self) -> str:
        res = await self.client.chat.complete_async(model=MODEL, messages=MESSAGES)
        return str(res.choices[0].message.content)

    async def stream_async(self, max_tokens: int) -> int:
        count = 0
        events = await self.client.chat.stream_async(
            model=MODEL, messages=MESSAGES, max_tokens=max_tokens
        )
        async with events:
            async for event in events:
                count += event.data.choices[0].delta.content is not None or 1
        return count


class OpenAIPeer(Peer):
    """openai-python pointed at the same server (the chat completions shapes match)."""

    def __init__(self, name: str, url: str) -> None:
        import httpx
        from openai import AsyncOpenAI, OpenAI

        super().__init__(name, url)
        limits = httpx.Limits(max_connections=1000)
        self.client = OpenAI(
            api_key=KEY, base_url=f"{url}/v1", http_client=httpx.Client(limits=limits, timeout=60)
        )
        self.aclient = AsyncOpenAI(
            api_key=KEY,
            base_url=f"{url}/v1",
            http_client=httpx.AsyncClient(limits=limits, timeout=60),
        )

    def complete(self, max_tokens: int | None = None) -> str:
        kwargs = {} if max_tokens is None else {"max_tokens": max_tokens}
        res = self.client.chat.completions.create(model=MODEL, messages=MESSAGES, **kwargs)  # type: ignore[arg-type]
        return str(res.choices[0].message.content)

    def stream(self, max_tokens: int) -> int:
        count = 0
        with self.client.chat.completions.create(
            model=MODEL,
            messages=MESSAGES,
            max_tokens=max_tokens,
            stream=True,  # type: ignore[arg-type]
        ) as events:
            for chunk in events:
                count += chunk.choices[0].delta.content is not None or 1
        return count

    async def complete_async(self) -> str:
        res = await self.aclient.chat.completions.create(model=MODEL, messages=MESSAGES)  # type: ignore[arg-type]
        return str(res.choices[0].message.content)

    async def stream_async(self, max_tokens: int) -> int:
        count = 0
        events = await self.aclient.chat.completions.create(
            model=MODEL,
            messages=MESSAGES,
            max_tokens=max_tokens,
            stream=True,  # type: ignore[arg-type]
        )
        async with events:
            async for chunk in events:
                count += chunk.choices[0].delta.content is not None or 1
        return count


PEERS: dict[str, Callable[[str, str], Peer]] = {
    "httpx": HttpxPeer,
    "ours": MistralPeer,
    "ours-given": MistralPeer,
    "official": MistralPeer,
    "openai": OpenAIPeer,
}


# -- workloads ------------------------------------------------------------------------------


# Each sample is timed twice: the wall clock (what a caller waits, the server's turn
# included) and this thread's CPU time (what the client itself spends, which other load on
# the machine disturbs less).


def _medians(walls: list[float], cpus: list[float], scale: float, unit: str) -> dict[str, float]:
    return {
        f"median_{unit}": statistics.median(walls) * scale,
        f"cpu_{unit}": statistics.median(cpus) * scale,
    }


def per_request(peer: Peer, n: int) -> dict[str, Any]:
    for _ in range(min(50, n)):
        peer.complete()
    walls, cpus = [], []
    for _ in range(n):
        started, cpu = time.perf_counter(), time.thread_time()
        peer.complete()
        cpus.append(time.thread_time() - cpu)
        walls.append(time.perf_counter() - started)
    return _medians(walls, cpus, 1e6, "us")


def per_request_async(peer: Peer, n: int) -> dict[str, Any]:
    async def run() -> dict[str, Any]:
        for _ in range(min(50, n)):
            await peer.complete_async()
        walls, cpus = [], []
        for _ in range(n):
            started, cpu = time.perf_counter(), time.thread_time()
            await peer.complete_async()
            cpus.append(time.thread_time() - cpu)
            walls.append(time.perf_counter() - started)
        await peer.aclose()
        return _medians(walls, cpus, 1e6, "us")

    return asyncio.run(run())


def stream_1000(peer: Peer, n: int) -> dict[str, Any]:
    peer.stream(1000)
    walls, cpus = [], []
    for _ in range(n):
        started, cpu = time.perf_counter(), time.thread_time()
        count = peer.stream(1000)
        cpus.append(time.thread_time() - cpu)
        walls.append(time.perf_counter() - started)
        if count < 1000:
            raise SystemExit(f"{peer.name} read {count} events, expected 1000")
    return _medians(walls, cpus, 1e3, "ms")


def concurrent_streams(peer: Peer, n: int) -> dict[str, Any]:
    async def run() -> tuple[int, int, float]:
        results = await asyncio.gather(
            *(peer.stream_async(50) for _ in range(n)), return_exceptions=True
        )
        await peer.aclose()
        errors = sum(isinstance(r, BaseException) for r in results)
        return n - errors, errors, 0.0

    started = time.perf_counter()
    completed, errors, _ = asyncio.run(run())
    return {
        "completed": completed,
        "errors": errors,
        "wall_s": time.perf_counter() - started,
        "peak_rss_mb": peak_rss_mb(),
    }


def _paired(runs: dict[str, Callable[[], Any]], blocks: int, n: int) -> dict[str, Any]:
    """Both runs in one process, taking turns block by block: whatever load the machine
    is under falls on both alike. Medians of each block's mean, and of the blocks' ratios
    of ``ours`` to ``httpx`` (the first run is the base)."""
    walls: dict[str, list[float]] = {name: [] for name in runs}
    cpus: dict[str, list[float]] = {name: [] for name in runs}
    for index in range(blocks):
        order = list(runs) if index % 2 == 0 else list(reversed(list(runs)))
        for name in order:
            started, cpu = time.perf_counter(), time.thread_time()
            for _ in range(n):
                runs[name]()
            cpus[name].append((time.thread_time() - cpu) / n)
            walls[name].append((time.perf_counter() - started) / n)
    return {
        "wall_ratio": statistics.median(a / b for a, b in zip(walls["ours"], walls["httpx"])),
        "cpu_ratio": statistics.median(a / b for a, b in zip(cpus["ours"], cpus["httpx"])),
        "wall": {name: statistics.median(values) for name, values in walls.items()},
        "cpu": {name: statistics.median(values) for name, values in cpus.items()},
    }


def paired_request(peer: Peer, n: int) -> dict[str, Any]:
    bare = HttpxPeer("httpx", peer.url)
    runs = {"httpx": bare.complete, "ours": peer.complete}
    for run in runs.values():
        for _ in range(50):
            run()
    return _paired(runs, 20, max(n // 20, 10))


def paired_stream(peer: Peer, n: int) -> dict[str, Any]:
    bare = HttpxPeer("httpx", peer.url)
    runs = {"httpx": lambda: bare.stream(1000), "ours": lambda: peer.stream(1000)}
    for run in runs.values():
        run()
    return _paired(runs, 20, max(n // 20, 1))


def paired_otel(peer: Peer, n: int) -> dict[str, Any]:
    """mistral-otel's cost with no tracer provider: a client with every plugin installed
    against one of the same process without it (chat only), per request and per stream."""
    import os

    import mistralai.chat._plugin as chat_plugin
    from mistralai import Mistral

    os.environ["MISTRAL_DISABLE_PLUGIN_AUTOLOAD"] = "1"
    try:
        without = Mistral(api_key=KEY, server_url=peer.url, plugins=[chat_plugin])
    finally:
        del os.environ["MISTRAL_DISABLE_PLUGIN_AUTOLOAD"]
    bare = MistralPeer("ours", peer.url)
    bare.client = without
    peer.complete()  # mistral-otel, like every first-party plugin, loads at a client's first call
    if not any(
        name.startswith("mistral-otel:")
        for name, _ in peer.client._plugins.manager.list_name_plugin()
    ):  # type: ignore[attr-defined]
        raise SystemExit("mistral-otel is not installed here")
    request = _paired({"httpx": bare.complete, "ours": peer.complete}, 20, max(n // 20, 10))
    stream = _paired({"httpx": lambda: bare.stream(1000), "ours": lambda: peer.stream(1000)}, 20, 1)
    return {
        "request_wall_ratio": request["wall_ratio"],
        "request_cpu_ratio": request["cpu_ratio"],
        "stream_wall_ratio": stream["wall_ratio"],
        "stream_cpu_ratio": stream["cpu_ratio"],
    }


# -- where the time goes --------------------------------------------------------------------

LAYERS = (
    "SDK",
    "httpx.Client layers",
    "httpx models, URLs, transport",
    "HTTP/1.1 (httpcore, h11)",
    "socket calls",
    "pydantic",
    "json",
    "other",
)
"""The layers time is counted under; ``run.py`` describes each in the report."""
_SDK_PACKAGES = ("mistralai", "openai")


def _layer(filename: str, function: str) -> str:
    """The layer a profiled function belongs to (see ``LAYERS``)."""
    if filename == "~":  # a built-in: named after its type
        if "_socket.socket" in function or "select" in function:
            return "socket calls"
        if "pydantic_core" in function:
            return "pydantic"
        if "_json" in function or "json." in function:
            return "json"
        return "other"
    path = filename.replace("\\", "/")
    if "/httpx/" in path:
        name = path.rsplit("/", 1)[-1]
        return (
            "httpx.Client layers"
            if name in ("_client.py", "_auth.py")
            else "httpx models, URLs, transport"
        )
    if "/httpcore/" in path or "/h11/" in path:
        return "HTTP/1.1 (httpcore, h11)"
    if "/pydantic/" in path or "/pydantic_core/" in path:
        return "pydantic"
    if "/json/" in path:
        return "json"
    if any(f"/{package}/" in path for package in _SDK_PACKAGES):
        return "SDK"
    return "other"


def _profiled(run: Callable[[], Any], n: int) -> dict[str, Any]:
    profile = cProfile.Profile()
    profile.enable()
    for _ in range(n):
        run()
    profile.disable()
    layers = dict.fromkeys(LAYERS, 0.0)
    calls = 0
    for (filename, _, function), (_, ncalls, tottime, _, _) in pstats.Stats(profile).stats.items():  # type: ignore[attr-defined]
        layers[_layer(filename, function)] += tottime
        calls += ncalls
    return {
        "layers_us": {name: seconds / n * 1e6 for name, seconds in layers.items()},
        "calls": calls / n,
    }


def profile_request(peer: Peer, n: int) -> dict[str, Any]:
    for _ in range(50):
        peer.complete()
    return _profiled(peer.complete, n)


def profile_stream(peer: Peer, n: int) -> dict[str, Any]:
    peer.stream(1000)
    return _profiled(lambda: peer.stream(1000), n)


WORKLOADS = {
    "per_request": per_request,
    "per_request_async": per_request_async,
    "stream_1000": stream_1000,
    "concurrent_streams": concurrent_streams,
    "paired_request": paired_request,
    "paired_stream": paired_stream,
    "paired_otel": paired_otel,
    "profile_request": profile_request,
    "profile_stream": profile_stream,
}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("workload", choices=sorted(WORKLOADS))
    parser.add_argument("--peer", required=True, choices=sorted(PEERS))
    parser.add_argument("--url", required=True)
    parser.add_argument("--n", type=int, default=500)
    args = parser.parse_args()
    peer = PEERS[args.peer](args.peer, args.url)
    result = WORKLOADS[args.workload](peer, args.n)
    print(json.dumps({"peer": args.peer, "workload": args.workload, **result}))
    sys.stdout.flush()


if __name__ == "__main__":
    main()
