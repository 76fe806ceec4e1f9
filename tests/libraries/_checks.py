"""What the library checks share: a loopback-only network, and how a check reports.

The checks run inside environments that ``scripts/integrations.py`` builds (a library, our
wheels, never the official SDK), not under pytest: none of these files is named
``test_*.py``, and the libraries are not installed in the workspace.
"""

from __future__ import annotations

import ipaddress
import socket
import sys
import time
from collections.abc import Callable
from typing import Any

_LOCAL_NAMES = {"localhost"}


def _local(host: object) -> bool:
    if not isinstance(host, str):
        return False
    if host in _LOCAL_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.split("%")[0]).is_loopback
    except ValueError:
        return False


def loopback_only() -> None:
    """Make any connection or name lookup beyond this machine's loopback fail loudly, so a
    check cannot pass by reaching a real service."""
    real_connect = socket.socket.connect
    real_connect_ex = socket.socket.connect_ex
    real_getaddrinfo = socket.getaddrinfo

    def refuse(address: Any) -> None:
        host = address[0] if isinstance(address, tuple) else address
        if isinstance(address, tuple) and not _local(host):
            raise ConnectionRefusedError(f"the library checks reach 127.0.0.1 only, not {host!r}")

    def connect(self: socket.socket, address: Any) -> None:
        refuse(address)
        real_connect(self, address)

    def connect_ex(self: socket.socket, address: Any) -> int:
        refuse(address)
        return real_connect_ex(self, address)

    def getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        if isinstance(host, bytes):
            host = host.decode()
        if host is not None and not _local(host):
            raise socket.gaierror(f"the library checks resolve local names only, not {host!r}")
        return real_getaddrinfo(host, *args, **kwargs)

    socket.socket.connect = connect  # type: ignore[method-assign]
    socket.socket.connect_ex = connect_ex  # type: ignore[method-assign]
    socket.getaddrinfo = getaddrinfo


class Checks:
    """Runs named checks, prints one line each, and exits non-zero if any failed."""

    def __init__(self, library: str) -> None:
        self.library = library
        self.failed: list[str] = []
        self.passed = 0

    def run(self, name: str, check: Callable[[], str]) -> None:
        started = time.monotonic()
        try:
            detail = check()
        except Exception as exc:  # a check's failure is reported, then the others run
            self.failed.append(name)
            print(f"  FAILED {name}: {type(exc).__name__}: {exc}", flush=True)
            return
        self.passed += 1
        print(f"  ok {name} ({time.monotonic() - started:.2f}s): {detail}", flush=True)

    def finish(self) -> None:
        print(f"{self.library}: {self.passed} passed, {len(self.failed)} failed", flush=True)
        sys.exit(1 if self.failed else 0)


def expect(condition: bool, message: str) -> None:
    """Fail the current check with ``message`` unless ``condition`` holds."""
    if not condition:
        raise AssertionError(message)
