"""Prism, Stoplight's spec-driven mock server: installed once into a cache, run per session.

Prism validates every request against the OpenAPI document and answers a request that
breaks it with 422 and an ``sl-violations`` header; a valid request gets a response
generated from the document (its examples, or data made up from its schemas).
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

PRISM_VERSION = "5.16.0"
PRISM_PACKAGE = f"@stoplight/prism-cli@{PRISM_VERSION}"
INSTALL_TIMEOUT_S = 300
START_TIMEOUT_S = 90

# Prism pulls in @scarf/scarf, whose install script reports the install over the network.
_NO_TELEMETRY = {"SCARF_ANALYTICS": "false", "DO_NOT_TRACK": "1"}


class PrismUnavailable(RuntimeError):
    """Prism cannot be installed or started here (no Node.js, no registry, a crash)."""


def cache_dir() -> Path:
    """Where Prism is installed: ``$MISTRAL_SDK_CACHE`` or ``~/.cache/mistral-sdk``."""
    root = os.environ.get("MISTRAL_SDK_CACHE") or Path.home() / ".cache" / "mistral-sdk"
    return Path(root) / f"prism-{PRISM_VERSION}"


def ensure_prism(target: Path | None = None) -> Path:
    """The ``prism`` executable of the pinned version, installing it with npm if needed.

    The install goes to a temporary directory renamed into place, so an interrupted or
    concurrent install never leaves a half-filled cache behind.

    >>> ensure_prism()  # doctest: +SKIP
    PosixPath('/home/me/.cache/mistral-sdk/prism-5.16.0/node_modules/.bin/prism')
    """
    target = target or cache_dir()
    executable = target / "node_modules" / ".bin" / "prism"
    if executable.exists():
        return executable
    for tool in ("node", "npm"):
        if shutil.which(tool) is None:
            raise PrismUnavailable(f"{tool} is not on PATH; install Node.js >= 18 to run Prism")
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f"{target.name}.", dir=target.parent))
    command = [
        "npm", "install", "--prefix", str(staging), "--no-audit", "--no-fund",
        "--ignore-scripts", "--loglevel=error", PRISM_PACKAGE,
    ]  # fmt: skip
    try:
        result = subprocess.run(
            command,
            capture_output=True,
            text=True,
            timeout=INSTALL_TIMEOUT_S,
            env={**os.environ, **_NO_TELEMETRY},
            check=False,
        )
        if result.returncode != 0:
            raise PrismUnavailable(
                f"`{' '.join(command)}` failed ({result.returncode}): {result.stderr.strip()[-800:]}"
            )
        try:
            staging.rename(target)
        except OSError:
            if not executable.exists():
                raise
    except subprocess.TimeoutExpired as exc:
        raise PrismUnavailable(f"npm install of {PRISM_PACKAGE} took over {exc.timeout}s") from exc
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return executable


_PATH_KEY = re.compile(r"^  (/\S*):$", re.MULTILINE)
_FRAGMENT_KEY = re.compile(r"^  (/[^#\s]*)#[\w-]+:$", re.MULTILINE)


def routable_copy(spec: Path, target: Path) -> Path:
    """A copy of ``spec`` whose path keys Prism can route; returns ``target``.

    The document tells apart operations on one URL with a fragment in the path key
    (``/v1/connectors/{connector_id_or_name}#idOrName`` for the GET, ``/v1/connectors/
    {connector_id}#id`` for PATCH and DELETE). Prism matches the key literally, ``#`` and
    all, so no request ever reaches those operations. The copy drops the fragment of each
    such key whose bare path is not a key already; keys that share their URL with another
    (the ``#stream`` twins) stay as they are. Everything else is byte for byte the same.
    """
    text = spec.read_text(encoding="utf-8")
    keys = set(_PATH_KEY.findall(text))

    def bare(match: re.Match[str]) -> str:
        path = match.group(1)
        return match.group(0) if path in keys else f"  {path}:"

    target.write_text(_FRAGMENT_KEY.sub(bare, text), encoding="utf-8")
    return target


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class PrismServer:
    """A running ``prism mock`` process (in its own process group) and where it listens."""

    process: subprocess.Popen[bytes]
    url: str
    log: Path

    @classmethod
    def start(cls, executable: Path, spec: Path, log: Path) -> PrismServer:
        """Start ``prism mock`` over ``spec`` on a free loopback port; wait until it answers.

        No ``--errors``: with it, a response generated from the spec's own examples that
        breaks the spec's schemas becomes a 500, hiding whether the SDK parses it. Request
        violations get a 422 and the ``sl-violations`` header either way.
        """
        port = free_port()
        command = [str(executable), "mock", "--host", "127.0.0.1", "--port", str(port)]
        command += ["--verboseLevel", "warn", "--seed", "mistral-contract", str(spec)]
        with log.open("wb") as sink:
            process = subprocess.Popen(
                command,
                stdout=sink,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
                env={**os.environ, **_NO_TELEMETRY},
            )
        server = cls(process, f"http://127.0.0.1:{port}", log)
        try:
            server._wait_ready()
        except BaseException:
            server.stop()
            raise
        return server

    def _wait_ready(self) -> None:
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise PrismUnavailable(
                    f"prism exited with {self.process.returncode}: {self.tail_log()}"
                )
            try:
                httpx.get(self.url + "/", timeout=1.0)
            except httpx.TransportError:
                time.sleep(0.2)
                continue
            return
        raise PrismUnavailable(f"prism did not answer within {START_TIMEOUT_S}s: {self.tail_log()}")

    def tail_log(self, size: int = 1500) -> str:
        return self.log.read_text(errors="replace")[-size:] if self.log.exists() else ""

    def stop(self) -> None:
        """Terminate the whole process group (npm shims may fork), then reap it."""
        if self.process.poll() is not None:
            return
        for sig, wait in ((signal.SIGTERM, 10), (signal.SIGKILL, 5)):
            try:
                os.killpg(self.process.pid, sig)
            except ProcessLookupError:
                return
            try:
                self.process.wait(timeout=wait)
            except subprocess.TimeoutExpired:
                continue
            return
