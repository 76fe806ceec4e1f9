"""``python -m mistralai.testing``: run the local server until it is stopped.

Prints ``MISTRAL_TEST_SERVER_URL=http://127.0.0.1:PORT`` on its first line, so a parent
process (examples, benchmarks, another language's tests) can read where it listens. Stops
on SIGTERM or Ctrl-C, and with ``--exit-on-eof`` also when standard input is closed: a
parent that gives the server a pipe as stdin then cannot leave it running if it dies.
Watching stdin is opt-in because an inherited stdin may already be at its end
(``/dev/null``, an empty pipe), which would stop the server at once.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import sys
import threading

from mistralai.testing._server import MistralTestServer


def main(argv: list[str] | None = None) -> None:
    """Parse the command line and serve until stopped."""
    parser = argparse.ArgumentParser(
        prog="python -m mistralai.testing", description="Run a local Mistral-compatible server."
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0, help="0 (default) picks a free port")
    parser.add_argument(
        "--no-validate", action="store_true", help="skip checking request bodies against the spec"
    )
    parser.add_argument(
        "--exit-on-eof", action="store_true", help="stop when standard input is closed"
    )
    args = parser.parse_args(argv)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    if args.exit_on_eof:
        threading.Thread(target=_wait_for_eof, args=(stop,), daemon=True).start()
    with MistralTestServer(args.host, args.port, validate=not args.no_validate) as server:
        print(f"MISTRAL_TEST_SERVER_URL={server.url}", flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            while not stop.wait(0.5):
                pass


def _wait_for_eof(stop: threading.Event) -> None:
    while os.read(sys.stdin.fileno(), 65536):
        pass
    stop.set()


if __name__ == "__main__":
    main()
