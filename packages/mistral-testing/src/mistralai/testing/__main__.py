"""``python -m mistralai.testing``: run the local server until interrupted.

Prints ``MISTRAL_TEST_SERVER_URL=http://127.0.0.1:PORT`` on its first line, so a parent
process (examples, benchmarks, another language's tests) can read where it listens.
"""

from __future__ import annotations

import argparse
import contextlib
import signal
import threading

from mistralai.testing._server import MistralTestServer


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m mistralai.testing", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument(
        "--no-validate", action="store_true", help="skip checking request bodies against the spec"
    )
    args = parser.parse_args()
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    with MistralTestServer(args.host, args.port, validate=not args.no_validate) as server:
        print(f"MISTRAL_TEST_SERVER_URL={server.url}", flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            stop.wait()


if __name__ == "__main__":
    main()
