"""Contract tests: the SDK against Mistral's own OpenAPI document, served by Prism.

Prism (a pinned version, installed once with npm into ``~/.cache/mistral-sdk``) runs for the
whole session on a free loopback port. Without Node.js/npm, or when the install fails, the
suite is skipped, except under ``CI=true`` where it fails. ``MISTRAL_OPENAPI_SPEC`` points
at another copy of the document.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NoReturn

import pytest

# --import-mode=importlib puts no test directory on sys.path; the helpers live beside us.
sys.path.insert(0, str(Path(__file__).parent))

from contract_calls import MODES, ContractClient, ExchangeLog
from contract_prism import PrismServer, PrismUnavailable, ensure_prism, routable_copy
from contract_spec import (
    SEED_TAGS,
    load_spec,
    sdk_operations,
    spec_operations,
    spec_path,
)

_LOG = pytest.StashKey[ExchangeLog]()
_SPEC_USED = pytest.StashKey[bool]()


def _unavailable(reason: str) -> NoReturn:
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(f"contract suite cannot run under CI: {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def openapi_spec(pytestconfig: pytest.Config) -> Path:
    """The OpenAPI document the contract is checked against."""
    pytestconfig.stash[_SPEC_USED] = True
    path = spec_path()
    if not path.is_file():
        _unavailable(f"OpenAPI document not found at {path} (set MISTRAL_OPENAPI_SPEC)")
    return path


@pytest.fixture(scope="session")
def spec(openapi_spec: Path) -> dict[str, Any]:
    return load_spec(openapi_spec)


@pytest.fixture(scope="session")
def prism(openapi_spec: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[PrismServer]:
    """``prism mock`` over the document (its path keys made routable, see
    :func:`routable_copy`), for the whole session."""
    folder = tmp_path_factory.mktemp("prism")
    served = routable_copy(openapi_spec, folder / openapi_spec.name)
    try:
        executable = ensure_prism()
        server = PrismServer.start(executable, served, folder / "prism.log")
    except PrismUnavailable as exc:
        _unavailable(f"Prism unavailable: {exc}")
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def exchange_log(pytestconfig: pytest.Config) -> ExchangeLog:
    log = ExchangeLog()
    pytestconfig.stash[_LOG] = log
    return log


@pytest.fixture(params=MODES)
def contract(
    request: pytest.FixtureRequest, prism: PrismServer, exchange_log: ExchangeLog
) -> Iterator[ContractClient]:
    """A client on Prism; each test runs with static examples and with dynamic data."""
    client = ContractClient(prism.url, exchange_log, request.param, request.node)
    try:
        yield client
    finally:
        client.close()


def pytest_terminal_summary(
    terminalreporter: pytest.TerminalReporter, exitstatus: int, config: pytest.Config
) -> None:
    if not config.stash.get(_SPEC_USED, False) or not spec_path().is_file():
        return
    log = config.stash.get(_LOG, None) or ExchangeLog()
    write = terminalreporter.write_line
    terminalreporter.section("contract coverage against the OpenAPI document")
    for line in coverage_report(log):
        write(line)


def coverage_report(log: ExchangeLog) -> list[str]:
    """Spec operations under the seed tags: implemented by the SDK, checked against Prism."""
    in_spec = spec_operations(load_spec())
    ours = sdk_operations()
    implemented = {op.id for op in ours}
    checked = {e.operation_id for e in log.exchanges}
    lines: list[str] = []
    total = done = 0
    for tag in SEED_TAGS:
        ops = sorted((op for op in in_spec.values() if tag in op.tags), key=lambda op: op.path)
        have = [op for op in ops if op.id in implemented]
        total += len(ops)
        done += len(have)
        lines.append(f"{tag}: {len(have)}/{len(ops)} implemented")
        for op in ops:
            if op.id not in implemented:
                mark = "missing  "
            elif op.id in checked:
                mark = "checked  "
            else:
                mark = "unchecked"
            lines.append(f"  {mark} {op.method:6} {op.path}  {op.id}")
    lines.append(f"total: {done}/{total} seed operations implemented, {len(checked)} checked")
    strays = sorted({op.id for op in ours} - in_spec.keys())
    if strays:
        lines.append(f"SDK operations not in the spec: {', '.join(strays)}")
    spec_notes: dict[str, set[str]] = {}
    for exchange in log.exchanges:
        for violation in exchange.response_violations:
            spec_notes.setdefault(exchange.operation_id, set()).add(str(violation.get("message")))
    if spec_notes:
        lines.append("answers Prism generated from the spec that break its own schemas:")
        for op_id, notes in sorted(spec_notes.items()):
            lines.append(f"  {op_id}: {len(notes)} kinds, e.g. {min(notes)}")
    return lines
