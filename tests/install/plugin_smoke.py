"""Run inside a fresh environment with mistral-core, mistral-chat, mistral-testing and the
example plugins (examples/plugins/*) installed from wheels.

The request tagger, named nowhere in this code, must change what the server receives
through its entry point; the two wrapping plugins (token refresh, rate limiter), given to
one client, must refresh a token after a 401 and pace calls."""

from __future__ import annotations

import itertools
import os
import sys
import time

from mistral_rate_limiter import RateLimiter
from mistral_token_refresh import TokenRefresh

from mistralai import Mistral
from mistralai.testing import Fault, MistralTestServer

MESSAGES = [{"role": "user", "content": "hi"}]


def fail(message: str) -> None:
    print(f"FAILED: {message}")
    sys.exit(1)


def main() -> None:
    os.environ["MISTRAL_REQUEST_TAG"] = "install-matrix"
    with MistralTestServer() as server:
        with Mistral(api_key="smoke", server_url=server.url) as client:
            client.chat.complete(model="mistral-small-latest", messages=MESSAGES)
        tag = server.requests[-1].headers.get("x-request-tag")
        if tag != "install-matrix":
            fail(f"the server received x-request-tag={tag!r}")
        counter = itertools.count(1)
        tokens = TokenRefresh(lambda: (f"tok-{next(counter)}", time.time() + 3600))
        server.faults.add(Fault.status(401), times=1, path="/v1/chat/completions")
        plugins = [tokens, RateLimiter(10.0, burst=1)]
        with Mistral(api_key="smoke", server_url=server.url, plugins=plugins) as client:
            started = time.monotonic()
            for _ in range(3):
                client.chat.complete(model="mistral-small-latest", messages=MESSAGES)
            elapsed = time.monotonic() - started
        sent = [r.headers["authorization"] for r in server.requests[-4:]]
        if sent != ["Bearer tok-1", "Bearer tok-2", "Bearer tok-2", "Bearer tok-2"]:
            fail(f"tokens sent: {sent}")
        if elapsed < 0.18:
            fail(f"three calls at 10 per second took {elapsed:.3f}s")
    print("plugin smoke: OK (tag, token refresh and rate limit at work)")


if __name__ == "__main__":
    main()
