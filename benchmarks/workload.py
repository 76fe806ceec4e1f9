"""One benchmark workload for one peer, run inside that peer's virtual environment.

    python workload.py <workload> --peer {httpx,ours,official,openai} --url URL [--n N]

Prints one JSON object on its last line. Uses only the standard library, httpx and the
peer's own SDK, so it runs unchanged in every environment the suite creates.
"""

from __future__ import annotations

import argparse
import asyncio
import json
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
    "official": MistralPeer,
    "openai": OpenAIPeer,
}


# -- workloads ------------------------------------------------------------------------------


def per_request(peer: Peer, n: int) -> dict[str, Any]:
    for _ in range(min(50, n)):
        peer.complete()
    samples = []
    for _ in range(n):
        started = time.perf_counter()
        peer.complete()
        samples.append(time.perf_counter() - started)
    return {"median_us": statistics.median(samples) * 1e6}


def per_request_async(peer: Peer, n: int) -> dict[str, Any]:
    async def run() -> list[float]:
        for _ in range(min(50, n)):
            await peer.complete_async()
        samples = []
        for _ in range(n):
            started = time.perf_counter()
            await peer.complete_async()
            samples.append(time.perf_counter() - started)
        await peer.aclose()
        return samples

    return {"median_us": statistics.median(asyncio.run(run())) * 1e6}


def stream_1000(peer: Peer, n: int) -> dict[str, Any]:
    peer.stream(1000)
    samples = []
    for _ in range(n):
        started = time.perf_counter()
        count = peer.stream(1000)
        samples.append(time.perf_counter() - started)
        if count < 1000:
            raise SystemExit(f"{peer.name} read {count} events, expected 1000")
    return {"median_ms": statistics.median(samples) * 1e3}


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


WORKLOADS = {
    "per_request": per_request,
    "per_request_async": per_request_async,
    "stream_1000": stream_1000,
    "concurrent_streams": concurrent_streams,
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
