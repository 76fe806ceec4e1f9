"""Run inside a fresh environment with mistral-core, mistral-chat, mistral-testing and the
example plugin (examples/plugins/mistral-request-tagger) installed from wheels: the plugin,
named nowhere in this code, must change what the server receives."""

from __future__ import annotations

import os
import sys

from mistralai import Mistral
from mistralai.testing import MistralTestServer


def main() -> None:
    os.environ["MISTRAL_REQUEST_TAG"] = "install-matrix"
    with MistralTestServer() as server, Mistral(api_key="smoke", server_url=server.url) as client:
        client.chat.complete(
            model="mistral-small-latest", messages=[{"role": "user", "content": "hi"}]
        )
        tag = server.requests[-1].headers.get("x-request-tag")
    if tag != "install-matrix":
        print(f"FAILED: the server received x-request-tag={tag!r}")
        sys.exit(1)
    print("plugin smoke: OK (x-request-tag reached the server)")


if __name__ == "__main__":
    main()
