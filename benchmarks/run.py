"""The benchmark suite: this SDK side by side with bare httpx, the official SDK and openai.

    python benchmarks/run.py [--quick] [--rounds R] [--baseline GIT-REF]

Creates one virtual environment per peer under ``benchmarks/.envs``: the official
``mistralai`` and ``openai`` from PyPI; this SDK from wheels built here, whole (every area,
the umbrella and mistral-otel: ``ours``) and slim (mistral-core + mistral-chat:
``ours-slim``); with ``--baseline``, the whole SDK as it was at that git ref
(``ours-before``). Starts the benchmark server (``benchmarks/server.py``, answers from bytes
prepared in advance) and measures its own cost, runs every workload for every peer in
alternating order, and writes medians, ratios and the budget table into
``docs/benchmarks.md``. It reports; it never fails on a number.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tarfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
ENVS = ROOT / "benchmarks" / ".envs"
WORKLOAD = ROOT / "benchmarks" / "workload.py"
SERVER = ROOT / "benchmarks" / "server.py"
REPORT = ROOT / "docs" / "benchmarks.md"

NOT_IN_WHOLE_SDK = ("mistral-testing", "mistral-azure", "mistral-gcp")
"""Packages of the repository that ``ours`` leaves out: the test server and the cloud clients."""
SLIM_SDK = ["mistral-core", "mistral-chat"]


def whole_sdk(source: Path) -> list[str]:
    """Every package of the tree at ``source`` (every area, extension, middleware and the
    umbrella, under the names that tree gives them), but :data:`NOT_IN_WHOLE_SDK`."""
    return sorted(
        p.parent.name
        for p in (source / "packages").glob("*/pyproject.toml")
        if p.parent.name not in NOT_IN_WHOLE_SDK
    )


OURS = ("ours", "ours-slim", "ours-before")
"""Peers that are this SDK (in an environment of their own)."""

GOALS = {"per_request": 1.0, "stream": 1.5, "import": 0.12}
"""The budget: per request at or below bare httpx, a stream within 1.5x of it, import and
construct under an eighth of the official SDK, construction flat in the installed areas."""

_MISTRAL_IMPORT = "from mistralai import Mistral\nclient = Mistral(api_key='k')"
IMPORT_CODE = {
    "httpx": "import httpx\nclient = httpx.Client()",
    "ours": _MISTRAL_IMPORT,
    "ours-slim": _MISTRAL_IMPORT,
    "ours-before": _MISTRAL_IMPORT,
    "official": (
        "try:\n    from mistralai import Mistral\nexcept ImportError:\n"
        "    from mistralai.client import Mistral\nclient = Mistral(api_key='k')"
    ),
    "openai": "from openai import OpenAI\nclient = OpenAI(api_key='k')",
}
_MISTRAL_COLD = "client = Mistral(api_key='k', server_url=URL); client.chat.complete(**BODY)"
COLD_REQUEST = {
    "httpx": "client.post(URL + '/v1/chat/completions', json=BODY, headers={'authorization': 'Bearer k'}).json()",
    "ours": _MISTRAL_COLD,
    "ours-slim": _MISTRAL_COLD,
    "ours-before": _MISTRAL_COLD,
    "official": _MISTRAL_COLD,
    "openai": "client = OpenAI(api_key='k', base_url=URL + '/v1'); client.chat.completions.create(**BODY)",
}
MEASURE = """
import json, resource, sys, time
URL = {url!r}
BODY = {{"model": "mistral-small-latest", "messages": [{{"role": "user", "content": "hi"}}]}}
before = set(sys.modules)
started = time.perf_counter()
{code}
elapsed = time.perf_counter() - started
print(json.dumps({{"ms": elapsed * 1e3, "modules": len(set(sys.modules) - before),
                  "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}}))
"""
CONSTRUCT = """
import json, statistics, time
started = time.perf_counter()
from mistralai import Mistral
imported = time.perf_counter()
Mistral(api_key="k")
first = time.perf_counter()
later = []
for _ in range(50):
    t = time.perf_counter()
    Mistral(api_key="k")
    later.append(time.perf_counter() - t)
print(json.dumps({"import_ms": (imported - started) * 1e3, "first_ms": (first - imported) * 1e3,
                  "later_us": statistics.median(later) * 1e6}))
"""


# -- environments ---------------------------------------------------------------------------


def uv() -> list[str]:
    found = os.environ.get("UV") or shutil.which("uv")
    return [found] if found else [sys.executable if _has_uv_module() else "python3", "-m", "uv"]


def _has_uv_module() -> bool:
    return (
        subprocess.run(
            [sys.executable, "-m", "uv", "--version"], capture_output=True, check=False
        ).returncode
        == 0
    )


def make_env(name: str, requirements: list[str]) -> Path:
    """A virtual environment with ``requirements``, rebuilt when they (or the wheels) change."""
    python = ENVS / name / "bin" / "python"
    marker = ENVS / name / ".requirements"
    wanted = "\n".join(_fingerprint(requirement) for requirement in requirements)
    if python.exists() and marker.exists() and marker.read_text() == wanted:
        return python
    shutil.rmtree(ENVS / name, ignore_errors=True)
    subprocess.run(
        [*uv(), "venv", "--quiet", "--python", sys.executable, str(ENVS / name)], check=True
    )
    subprocess.run(
        [*uv(), "pip", "install", "--quiet", "--python", str(python), *requirements], check=True
    )
    marker.write_text(wanted)
    return python


def _fingerprint(requirement: str) -> str:
    """A requirement, with the digest of its contents when it is a wheel built here."""
    path = Path(requirement)
    if path.suffix == ".whl" and path.is_file():
        return f"{path.name} {hashlib.sha256(path.read_bytes()).hexdigest()}"
    return requirement


def build_wheels(names: list[str], source: Path, out: Path) -> list[str]:
    shutil.rmtree(out, ignore_errors=True)
    for name in names:
        subprocess.run(
            [*uv(), "build", "--quiet", "--wheel", "--package", name, "--out-dir", str(out)],
            cwd=source,
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
    return [str(p) for p in sorted(out.glob("*.whl"))]


def _wheels_of(wheels: list[str], names: list[str]) -> list[str]:
    prefixes = tuple(name.replace("-", "_") + "-" for name in names)
    return [wheel for wheel in wheels if Path(wheel).name.startswith(prefixes)]


def checkout(ref: str) -> Path:
    """The repository's tree at ``ref``, extracted under ``benchmarks/.envs``."""
    target = ENVS / "baseline-src"
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    archive = target.with_suffix(".tar")
    with archive.open("wb") as out:
        subprocess.run(["git", "archive", ref], cwd=ROOT, stdout=out, check=True)
    with tarfile.open(archive) as tar:
        tar.extractall(target, filter="data")
    archive.unlink()
    return target


def environments(quick: bool, baseline: str | None) -> dict[str, Path]:
    wheels = build_wheels(whole_sdk(ROOT), ROOT, ENVS / "wheels")
    ours = make_env("ours", wheels)
    envs = {
        # Bare httpx runs with the very httpx, httpcore and anyio that ours runs with.
        "httpx": ours,
        "ours": ours,
        "ours-slim": make_env("ours-slim", _wheels_of(wheels, SLIM_SDK)),
    }
    if baseline:
        source = checkout(baseline)
        before = build_wheels(whole_sdk(source), source, ENVS / "wheels-before")
        envs["ours-before"] = make_env("ours-before", before)
    envs["official"] = make_env("official", ["mistralai", "httpx"])
    if not quick:
        envs["openai"] = make_env("openai", ["openai", "httpx"])
    for python in set(envs.values()):
        compile_bytecode(python)
    return envs


COMPILE_PATHS = """
import sys
from pathlib import Path
prefix, root = Path(sys.prefix).resolve(), Path(sys.argv[1]).resolve()
for entry in map(Path, sys.path[1:]):
    entry = entry.resolve()
    if entry.is_dir() and (entry.is_relative_to(prefix) or entry.is_relative_to(root)):
        print(entry)
"""


def compile_bytecode(python: Path) -> None:
    """Compile every installed module to bytecode, as ``pip install`` does.

    Fresh processes then load ``.pyc`` files, as they do on a user's machine, even where
    ``PYTHONDONTWRITEBYTECODE`` is set; otherwise every cold start would include compiling
    each peer's sources, which favours peers with fewer modules.
    """
    paths = subprocess.run(
        [str(python), "-c", COMPILE_PATHS, str(ROOT / "packages")],
        capture_output=True, text=True, check=True,
    ).stdout.split()  # fmt: skip
    subprocess.run(
        [str(python), "-m", "compileall", "-q", "-j", "0", *paths],
        stdout=subprocess.DEVNULL, check=False,
    )  # fmt: skip


# -- servers --------------------------------------------------------------------------------


class Server:
    """A server in a process of its own, so it does not share the client's GIL."""

    def __init__(self, *command: str) -> None:
        self.command = [sys.executable, *command]

    def __enter__(self) -> str:
        self.process = subprocess.Popen(self.command, stdout=subprocess.PIPE, text=True)
        assert self.process.stdout is not None
        line = self.process.stdout.readline().strip()
        if "=" not in line:
            raise SystemExit(f"the server did not start: {line!r}")
        return line.split("=", 1)[1]

    def __exit__(self, *exc: object) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


def bench_server() -> Server:
    """The benchmark server: answers from bytes prepared before the first request."""
    return Server(str(SERVER))


def test_server() -> Server:
    """The embedded mistral-testing server, measured only to show why it is not the baseline."""
    return Server("-m", "mistralai.testing", "--no-validate")


# -- measuring ------------------------------------------------------------------------------


def run_json(python: Path, args: list[str], env: dict[str, str] | None = None) -> dict[str, Any]:
    result = subprocess.run(
        [str(python), *args], capture_output=True, text=True, timeout=900, check=False, env=env
    )
    if result.returncode != 0:
        return {"error": (result.stderr or result.stdout).strip().splitlines()[-1:]}
    return dict(json.loads(result.stdout.strip().splitlines()[-1]))


def measure_fresh(python: Path, peer: str, url: str, with_request: bool) -> dict[str, Any]:
    code = IMPORT_CODE[peer] + ("\n" + COLD_REQUEST[peer] if with_request else "")
    return run_json(python, ["-c", MEASURE.format(url=url, code=code)], env=_clean_env())


def measure_whole_process(python: Path, peer: str) -> dict[str, Any]:
    """Wall time of ``python -c <import and construct>``, from start to exit."""
    started = time.perf_counter()
    result = subprocess.run(
        [str(python), "-c", IMPORT_CODE[peer]], capture_output=True, env=_clean_env(), check=False
    )
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        return {"error": result.stderr.decode(errors="replace").strip().splitlines()[-1:]}
    return {"ms": elapsed * 1e3}


def instructions(python: Path, code: str) -> int | None:
    """Instructions executed by ``python -c code``, counted by valgrind (None without it)."""
    valgrind = shutil.which("valgrind")
    if valgrind is None:
        return None
    result = subprocess.run(
        [valgrind, "--tool=callgrind", "--callgrind-out-file=/dev/null", str(python), "-c", code],
        capture_output=True, text=True, timeout=3600, check=False,
        env={**_clean_env(), "PYTHONHASHSEED": "0"},  # the same dict layouts every time
    )  # fmt: skip
    found = re.search(r"Collected : (\d+)", result.stderr)
    return int(found[1]) if found and result.returncode == 0 else None


def count_instructions(envs: dict[str, Path]) -> dict[str, dict[str, float]]:
    """Import + construct in instructions, which load on the machine does not change; for
    this SDK also the first client and each later one."""
    counted: dict[str, dict[str, float]] = {}
    for peer in ("httpx", "ours", "ours-slim", "ours-before", "official"):
        if peer not in envs:
            continue
        python = envs[peer]
        empty = instructions(python, "pass")
        total = instructions(python, IMPORT_CODE[peer])
        if empty is None or total is None:
            continue
        counted[peer] = {"import_construct": total - empty, "whole_process": total}
        if peer in OURS:
            imported = instructions(python, "from mistralai import Mistral")
            twice = instructions(python, IMPORT_CODE[peer] + "\nMistral(api_key='k')")
            if imported is not None and twice is not None:
                counted[peer].update(first=total - imported, later=twice - total)
    return counted


def _clean_env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith(("VIRTUAL_ENV", "PYTHONPATH"))}


Results = dict[str, dict[str, list[dict[str, Any]]]]
FRESH_SAMPLES = 3
"""Fresh processes timed per peer and round for import + construct."""


def collect(envs: dict[str, Path], url: str, test_url: str, rounds: int, quick: bool) -> Results:
    """Every workload for every peer, ``rounds`` times.

    Peers take turns workload by workload, in an order reversed every round, so that the
    measurements compared with each other are taken close together in time.
    """
    results: Results = defaultdict(lambda: defaultdict(list))
    sizes = {
        "per_request": 300 if quick else 1000,
        "per_request_async": 300 if quick else 1000,
        "stream_1000": 5 if quick else 15,
        "concurrent_streams": 500,
        "profile_request": 100 if quick else 300,
        "profile_stream": 2 if quick else 3,
        "paired_request": 400 if quick else 1000,
        "paired_stream": 20 if quick else 40,
        "paired_otel": 400 if quick else 1000,
    }
    once = {"concurrent_streams"}
    profiled = {"httpx", "ours", "ours-given", "ours-before"}
    paired = {"ours", "ours-before"}
    peers = list(envs)
    if "ours" in envs:
        peers.insert(peers.index("ours") + 1, "ours-given")
    workspace = Path(sys.executable)
    for round_index in range(rounds):
        results["machine"]["load"].append({"load": os.getloadavg()[0]})
        results["server"]["bench"].append(run_json(workspace, [str(SERVER), "--probe", url]))
        for workload in ("per_request", "stream_1000"):
            n = str(sizes[workload])
            args = [str(WORKLOAD), workload, "--peer", "httpx", "--url", test_url, "--n", n]
            results[f"test_server_{workload}"]["httpx"].append(
                run_json(envs["httpx"], args, env=_clean_env())
            )
        order = peers if round_index % 2 == 0 else list(reversed(peers))
        fresh = [peer for peer in order if peer != "ours-given"]
        for _ in range(FRESH_SAMPLES):  # a process start is short: a few per round
            for peer in fresh:
                results["import_construct"][peer].append(
                    measure_fresh(envs[peer], peer, url, False)
                )
            for peer in fresh:
                results["whole_process"][peer].append(measure_whole_process(envs[peer], peer))
        for peer in fresh:
            results["cold_start"][peer].append(measure_fresh(envs[peer], peer, url, True))
        for peer in fresh:
            if peer in OURS:
                results["construct"][peer].append(run_json(envs[peer], ["-c", CONSTRUCT]))
        for workload, n in sizes.items():
            if workload in once and round_index > 0:
                continue
            for peer in order:
                if workload == "concurrent_streams" and peer == "ours-given":
                    continue
                if workload.startswith("profile") and peer not in profiled:
                    continue
                if workload.startswith("paired") and peer not in paired:
                    continue
                if workload == "paired_otel" and peer != "ours":
                    continue
                python = envs["ours" if peer == "ours-given" else peer]
                name = "ours" if peer in OURS else peer
                args = [str(WORKLOAD), workload, "--peer", name, "--url", url, "--n", str(n)]
                results[workload][peer].append(run_json(python, args, env=_clean_env()))
        print(f"round {round_index + 1}/{rounds} done", flush=True)
    results["machine"]["load"].append({"load": os.getloadavg()[0]})
    return results


def median_of(samples: list[dict[str, Any]], key: str) -> float | None:
    values = [s[key] for s in samples if key in s]
    return statistics.median(values) if values else None


# -- the report -----------------------------------------------------------------------------


def _ratio(results: Results, workload: str, key: str, peer: str, base: str) -> float | None:
    value = median_of(results[workload].get(peer, []), key)
    baseline = median_of(results[workload].get(base, []), key)
    return value / baseline if value is not None and baseline else None


def _verdict(measures: list[tuple[str, float | None]], limit: float) -> str:
    """Whether the measures are within ``limit``, saying which one is not when they differ."""
    return _verdict_of([(label, value <= limit) for label, value in measures if value is not None])


def _verdict_of(found: list[tuple[str, bool]]) -> str:
    """Yes when every check holds, no when none does, else each check's own answer."""
    if not found:
        return "n/a"
    if all(ok for _, ok in found):
        return "yes"
    if not any(ok for _, ok in found):
        return "**no**"
    return "; ".join(f"{label}: {'yes' if ok else '**no**'}" for label, ok in found)


def _budget_rows(results: Results) -> list[str]:
    out = [
        "## Budgets",
        "",
        "Each ratio is of medians, wall clock; the client's own CPU time is shown beside it "
        "where it was measured (what the client spends, which other load on the machine "
        "disturbs least). The steadier measures: *paired* runs bare httpx and ours in one "
        "process, taking turns every few requests or streams, so that load on the machine "
        "falls on both alike (median ratio of 20 turns, wall / CPU); *instructions* are "
        "counted by valgrind, the same whatever the load (for the whole process, the "
        "interpreter's own start included). A goal is met when the separate processes' ratio "
        "and the steadier measure are both within it; where they disagree, the verdict says "
        "which is which.",
        "",
        "| budget | goal | ours | ours, CPU time | steadier measure | met |",
        "| --- | ---: | ---: | ---: | ---: | :---: |",
    ]
    rows = (
        ("per request, sync (to bare httpx + json)", "per_request", "median_us", "httpx", "per_request"),
        ("per request, async (to bare httpx + json)", "per_request_async", "median_us", "httpx", "per_request"),
        ("1,000-chunk stream (to bare httpx line iteration + json)", "stream_1000", "median_ms", "httpx", "stream"),
        ("import + construct, every package, in process (to the official SDK)", "import_construct", "ms", "official", "import"),
        ("import + construct, every package, whole process (to the official SDK)", "whole_process", "ms", "official", "import"),
    )  # fmt: skip
    pairs = {"per_request": "paired_request", "stream_1000": "paired_stream"}
    for title, workload, key, base, goal in rows:
        ratio = _ratio(results, workload, key, "ours", base)
        cpu = _ratio(results, workload, key.replace("median", "cpu"), "ours", base)
        limit = GOALS[goal]
        shown = f"{ratio:.2f}x" if ratio is not None else "n/a"
        cpu_shown = f"{cpu:.2f}x" if cpu is not None else ""
        pair = results[pairs[workload]].get("ours", []) if workload in pairs else []
        pair_wall, pair_cpu = median_of(pair, "wall_ratio"), median_of(pair, "cpu_ratio")
        steady_shown = (
            f"paired {pair_wall:.2f}x / {pair_cpu:.2f}x" if pair_wall and pair_cpu else ""
        )
        steady = pair_wall
        counted = workload in ("import_construct", "whole_process")
        if counted:
            steady = _instruction_ratio(results, workload)
            steady_shown = f"instructions {steady:.3f}x" if steady else ""
        label = "instructions" if counted else "paired"
        met = _verdict([("separate processes", ratio), (label, steady)], limit)
        out.append(f"| {title} | <= {limit}x | {shown} | {cpu_shown} | {steady_shown} | {met} |")
    construct = results["construct"]
    for title, key, unit, scale in (
        ("construct a client, every area vs 1 (every client after the first)", "later_us", "µs", 1),
        ("construct the first client of a process, every area vs 1", "first_ms", "ms", 1000),
    ):
        whole = median_of(construct.get("ours", []), key)
        slim = median_of(construct.get("ours-slim", []), key)
        if whole is None or slim is None:
            continue
        # Flat: the difference is within a tenth of the slim figure (or 5 µs of timer noise
        # for the wall clock), judged on the wall clock and on the instructions counted,
        # as the ratios above are.
        wall_flat = whole - slim <= max(0.1 * slim, 5.0 / scale)
        counted = ""
        checks = [("separate processes", wall_flat)]
        key_counted = "later" if key == "later_us" else "first"
        whole_count = _counted(results, "ours", key_counted)
        slim_count = _counted(results, "ours-slim", key_counted)
        if whole_count is not None and slim_count is not None:
            counted = f"instructions {(whole_count - slim_count) / 1e6:+.2f} M"
            checks.append(("instructions", whole_count - slim_count <= 0.1 * slim_count))
        out.append(
            f"| {title} | flat | {whole - slim:+.2f} {unit} ({whole:.2f} against {slim:.2f}) "
            f"| | {counted} | {_verdict_of(checks)} |"
        )
    return [*out, "", *_otel_lines(results)]


def _counted(results: Results, peer: str, key: str) -> float | None:
    found = results["instructions"].get(peer, [])
    return found[-1].get(key) if found else None


def _instruction_ratio(results: Results, key: str) -> float | None:
    ours = _counted(results, "ours", key)
    official = _counted(results, "official", key)
    return ours / official if ours and official else None


def _otel_lines(results: Results) -> list[str]:
    paired = results["paired_otel"].get("ours", [])
    keys = ("request_wall_ratio", "request_cpu_ratio", "stream_wall_ratio", "stream_cpu_ratio")
    found = [median_of(paired, key) for key in keys]
    if any(value is None for value in found):
        return []
    request_wall, request_cpu, stream_wall, stream_cpu = found
    return [
        "mistral-otel installed with no tracer provider: a client with every package, "
        "mistral-otel included, against a client of the same process with mistral-chat only, "
        f"taking turns: {request_wall:.3f}x per request ({request_cpu:.3f}x in CPU time), "
        f"{stream_wall:.3f}x per 1,000-chunk stream ({stream_cpu:.3f}x). Without a provider "
        "the plugin answers `mistral_plugin_active` with False and none of its hooks run; "
        "what is left is one check per call, within the noise of this measure (two runs of "
        "the same client against each other differ by a few percent).",
        "",
    ]


def _server_lines(results: Results) -> list[str]:
    bench = results["server"].get("bench", [])
    request_us = median_of(bench, "request_us")
    stream_ms = median_of(bench, "stream_ms")
    httpx_request = median_of(results["per_request"].get("httpx", []), "median_us")
    httpx_stream = median_of(results["stream_1000"].get("httpx", []), "median_ms")
    old_request = median_of(results["test_server_per_request"].get("httpx", []), "median_us")
    old_stream = median_of(results["test_server_stream_1000"].get("httpx", []), "median_ms")
    if request_us is None or stream_ms is None:
        return []
    lines = [
        "## The server is not the bottleneck",
        "",
        "Every workload runs against `benchmarks/server.py`, a separate process that answers "
        "from bytes prepared before the first request (the chat completion; a stream per "
        "`max_tokens`, one HTTP chunk per event, written to the socket at once). Its own "
        "cost, seen by a client on bare sockets that sends prepared bytes and reads each "
        "answer to its end without parsing it (`python benchmarks/server.py --probe URL`):",
        "",
        "| | server + loopback alone | bare httpx + json against it |",
        "| --- | ---: | ---: |",
        f"| one chat completion | {request_us:,.1f} µs ({1e6 / request_us:,.0f} requests/s) | "
        f"{httpx_request or 0:,.1f} µs |",
        f"| one 1,000-chunk stream | {stream_ms:,.2f} ms | {httpx_stream or 0:,.2f} ms |",
        "",
    ]
    if old_request is not None and old_stream is not None:
        lines += [
            "For contrast, bare httpx + json against the embedded `mistral-testing` server "
            "(which validates, keeps state and formats each event as it goes, and is what "
            f"earlier reports measured against): {old_request:,.1f} µs per request, "
            f"{old_stream:,.2f} ms per 1,000-chunk stream.",
            "",
        ]
    return lines


def render(results: Results, envs: dict[str, Path], rounds: int, baseline: str | None) -> str:
    loads = [sample["load"] for sample in results["machine"].get("load", [])]
    lines = [
        "# Benchmarks",
        "",
        f"Generated by `python benchmarks/run.py --rounds {rounds}"
        + (f" --baseline {baseline}" if baseline else "")
        + "`; do not edit by hand. Medians over "
        f"{rounds} alternating rounds against the same local server (a separate process on "
        "127.0.0.1); fresh processes are timed "
        f"{FRESH_SAMPLES} times per round. Ratios are to bare httpx + json (lower is better) "
        "for request and stream workloads, and to the official SDK for import + construct. "
        "Every peer's modules are compiled to bytecode first, as `pip install` leaves them.",
        "",
        f"Machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, {platform.system()} {platform.release()}"
        + (
            f"; 1-minute load average {min(loads):.1f} to {max(loads):.1f} during the run "
            "(the benchmark itself keeps about one core busy)."
            if loads
            else "."
        ),
        f"Peers: {', '.join(_versions(envs))}.",
        "`httpx` is bare httpx + json, run in the environment of `ours` (the same httpx, "
        "httpcore, anyio and sniffio), so a ratio to it is the SDK's own cost. "
        "`ours` is every package of this SDK installed from wheels (every area, mistral-run, "
        "the `mistral-sdk` umbrella and mistral-otel), constructed as users do, "
        "`Mistral(api_key=..., server_url=...)`, so it sends through an httpx client of its "
        "own; `ours-given` is the same, given an `httpx.Client` (as the official SDK is "
        "here), which keeps every layer of `httpx.Client.send`; `ours-slim` is mistral-core "
        "+ mistral-chat"
        + (f"; `ours-before` is every package as of `{baseline}`" if baseline else "")
        + ".",
        "",
    ]
    lines += _budget_rows(results)
    lines += _server_lines(results)
    lines += _table(
        "Per-request overhead, sync (non-streaming chat)", results["per_request"], "median_us", "µs"
    )
    lines += _table("Per-request overhead, async", results["per_request_async"], "median_us", "µs")
    lines += _table(
        "1,000-chunk stream, parsed and validated", results["stream_1000"], "median_ms", "ms"
    )
    lines += _paired_table(results)
    lines += _profile_table(
        "Where the time goes: one chat completion (cProfile, µs per request)",
        results["profile_request"],
    )
    lines += _profile_table(
        "Where the time goes: one 1,000-chunk stream (cProfile, µs per stream)",
        results["profile_stream"],
    )
    lines += _fresh_table("Import + construct (in process)", results["import_construct"])
    lines += _whole_table(results["whole_process"])
    lines += _construct_table(results["construct"])
    lines += _instruction_table(results)
    lines += _fresh_table(
        "Cold start to first completed chat request (fresh process)", results["cold_start"]
    )
    lines += _concurrency_table(results["concurrent_streams"])
    return "\n".join(lines) + "\n"


def _versions(envs: dict[str, Path]) -> list[str]:
    names = {
        "ours": "mistral-core",
        "ours-slim": "mistral-core",
        "ours-before": "mistral-core",
        "official": "mistralai",
        "openai": "openai",
        "httpx": "httpx",
    }
    out = []
    for peer, python in envs.items():
        code = f"import importlib.metadata as m; print(m.version({names[peer]!r}))"
        version = subprocess.run(
            [str(python), "-c", code], capture_output=True, text=True, check=False
        ).stdout.strip()
        out.append(f"{peer} ({names[peer]} {version or '?'})")
    return out


def _table(title: str, rows: dict[str, list[dict[str, Any]]], key: str, unit: str) -> list[str]:
    cpu_key = key.replace("median", "cpu")
    base = median_of(rows.get("httpx", []), key)
    cpu_base = median_of(rows.get("httpx", []), cpu_key)
    out = [
        f"## {title}",
        "",
        f"| peer | median ({unit}) | ratio to httpx | CPU time ({unit}) | CPU ratio to httpx |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for peer, samples in rows.items():
        value = median_of(samples, key)
        if value is None:
            out.append(f"| {peer} | failed: {samples[-1].get('error')} | | | |")
            continue
        ratio = f"{value / base:.2f}x" if base else "n/a"
        cpu = median_of(samples, cpu_key)
        cpu_cells = f"{cpu:,.1f} | {cpu / cpu_base:.2f}x" if cpu and cpu_base else " | "
        out.append(f"| {peer} | {value:,.1f} | {ratio} | {cpu_cells} |")
    return [*out, ""]


def _paired_table(results: Results) -> list[str]:
    out = [
        "## Paired in one process",
        "",
        "Bare httpx + json and the SDK in one process, against the same server, taking turns "
        "(20 turns of a few requests or streams each, the order reversed every turn); the "
        "ratio is the median over turns, then over rounds. `ours-before` is measured the same "
        "way, with bare httpx in its own environment.",
        "",
        "| peer | chat completion, wall | CPU | 1,000-chunk stream, wall | CPU |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    found = False
    for peer in OURS:
        request = results["paired_request"].get(peer, [])
        stream = results["paired_stream"].get(peer, [])
        cells = [
            median_of(request, "wall_ratio"),
            median_of(request, "cpu_ratio"),
            median_of(stream, "wall_ratio"),
            median_of(stream, "cpu_ratio"),
        ]
        if all(cell is None for cell in cells):
            continue
        found = True
        shown = [f"{cell:.2f}x" if cell is not None else "n/a" for cell in cells]
        out.append(f"| {peer} | " + " | ".join(shown) + " |")
    return [*out, ""] if found else []


LAYER_NOTES = {
    "SDK": "the SDK's own code",
    "httpx.Client layers": "`httpx/_client.py`, `_auth.py`: build_request, send, auth, redirects, cookies",
    "httpx models, URLs, transport": "Request, Response, Headers, URL parsing, HTTPTransport, decoders",
    "HTTP/1.1 (httpcore, h11)": "connection pool, writing the request, parsing the answer",
    "socket calls": "send and recv, waiting for the server included",
    "pydantic": "validation and serialization",
    "json": "the json module",
    "other": "the rest of the standard library: contextlib, typing, email, cookiejar...",
}


def _profile_table(title: str, rows: dict[str, list[dict[str, Any]]]) -> list[str]:
    peers = [peer for peer, samples in rows.items() if samples and "layers_us" in samples[-1]]
    if not peers:
        return []
    out = [
        f"## {title}",
        "",
        "Under cProfile, the median of each layer over the rounds: the profiler's overhead "
        "inflates code that makes many small calls, so the shares and the call counts tell "
        "more than the absolute numbers."
        + (" `ours-before` is the SDK before this work." if "ours-before" in peers else ""),
        "",
        "| layer | " + " | ".join(peers) + " |",
        "| --- | " + " | ".join("---:" for _ in peers) + " |",
    ]

    def layer_median(peer: str, layer: str) -> float:
        values = [s["layers_us"].get(layer, 0.0) for s in rows[peer] if "layers_us" in s]
        return statistics.median(values)

    for layer, note in LAYER_NOTES.items():
        cells = [f"{layer_median(peer, layer):,.0f}" for peer in peers]
        out.append(f"| {layer} ({note}) | " + " | ".join(cells) + " |")
    totals = [f"{sum(layer_median(peer, layer) for layer in LAYER_NOTES):,.0f}" for peer in peers]
    calls = [f"{median_of(rows[peer], 'calls'):,.0f}" for peer in peers]
    out.append("| **total** | " + " | ".join(totals) + " |")
    out.append("| Python function calls | " + " | ".join(calls) + " |")
    return [*out, ""]


def _fresh_table(title: str, rows: dict[str, list[dict[str, Any]]]) -> list[str]:
    official = median_of(rows.get("official", []), "ms")
    out = [
        f"## {title}",
        "",
        "| peer | wall (ms) | modules | peak RSS (MB) | ratio to official |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for peer, samples in rows.items():
        ms = median_of(samples, "ms")
        if ms is None:
            out.append(f"| {peer} | failed: {samples[-1].get('error')} | | | |")
            continue
        ratio = f"{ms / official:.2f}x" if official else "n/a"
        out.append(
            f"| {peer} | {ms:,.1f} | {median_of(samples, 'modules'):,.0f} | "
            f"{median_of(samples, 'rss_mb'):,.1f} | {ratio} |"
        )
    return [*out, ""]


def _whole_table(rows: dict[str, list[dict[str, Any]]]) -> list[str]:
    official = median_of(rows.get("official", []), "ms")
    out = [
        "## Import + construct (whole process: `python -c`, start to exit)",
        "",
        "| peer | wall (ms) | ratio to official |",
        "| --- | ---: | ---: |",
    ]
    for peer, samples in rows.items():
        ms = median_of(samples, "ms")
        if ms is None:
            out.append(f"| {peer} | failed: {samples[-1].get('error')} | |")
            continue
        ratio = f"{ms / official:.2f}x" if official else "n/a"
        out.append(f"| {peer} | {ms:,.1f} | {ratio} |")
    return [*out, ""]


def _construct_table(rows: dict[str, list[dict[str, Any]]]) -> list[str]:
    out = [
        "## Constructing clients (fresh process)",
        "",
        "The first client of a process discovers the plugins (lists the installed "
        "distributions, reads the entry points of any it does not know, imports and registers "
        "those of third parties); an area of this SDK is imported and registered when a client "
        "first uses it. Every later client shares that discovery.",
        "",
        "| peer | import (ms) | first client (ms) | each later client (µs) |",
        "| --- | ---: | ---: | ---: |",
    ]
    for peer, samples in rows.items():
        first = median_of(samples, "first_ms")
        if first is None:
            out.append(f"| {peer} | failed: {samples[-1].get('error')} | | |")
            continue
        out.append(
            f"| {peer} | {median_of(samples, 'import_ms'):,.1f} | {first:,.2f} | "
            f"{median_of(samples, 'later_us'):,.1f} |"
        )
    return [*out, ""]


def _instruction_table(results: Results) -> list[str]:
    counted = {peer: found[-1] for peer, found in results["instructions"].items() if found}
    official = counted.get("official", {}).get("import_construct")
    official_whole = counted.get("official", {}).get("whole_process")
    if not counted:
        return []
    out = [
        "## Import + construct, counted in instructions",
        "",
        "`valgrind --tool=callgrind` counts the instructions a fresh `python -c` executes; "
        "for import + construct an empty interpreter's count is subtracted, for the whole "
        "process it is not. Other load on the machine does not change these numbers.",
        "",
        "| peer | import + construct (M) | ratio to official | whole process (M) | ratio to official "
        "| first client (M) | second client (M) |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for peer, found in counted.items():
        total, whole = found["import_construct"], found["whole_process"]
        ratio = f"{total / official:.3f}x" if official else "n/a"
        whole_ratio = f"{whole / official_whole:.3f}x" if official_whole else "n/a"
        first = f"{found['first'] / 1e6:,.2f}" if "first" in found else ""
        later = f"{found['later'] / 1e6:,.3f}" if "later" in found else ""
        out.append(
            f"| {peer} | {total / 1e6:,.1f} | {ratio} | {whole / 1e6:,.1f} | {whole_ratio} "
            f"| {first} | {later} |"
        )
    return [*out, ""]


def _concurrency_table(rows: dict[str, list[dict[str, Any]]]) -> list[str]:
    out = [
        "## 500 concurrent async streams on one event loop",
        "",
        "| peer | completed | errors | wall (s) | peak RSS (MB) |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for peer, samples in rows.items():
        s = samples[-1]
        if "error" in s:
            out.append(f"| {peer} | failed: {s['error']} | | | |")
            continue
        out.append(
            f"| {peer} | {s['completed']} | {s['errors']} | {s['wall_s']:.2f} | {s['peak_rss_mb']:.1f} |"
        )
    return [*out, ""]


def file_memory(size_mb: int) -> list[str]:
    """Peak memory growth of uploads and downloads, from ``benchmarks/files_memory.py``."""
    script = ROOT / "benchmarks" / "files_memory.py"
    command = [sys.executable, str(script), "--size-mb", str(size_mb)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=1800, check=False)
    if result.returncode != 0:
        return [
            f"## File transfer memory ({size_mb} MB)",
            "",
            f"failed: {result.stderr.strip()[-300:]}",
            "",
        ]
    table = [line for line in result.stdout.splitlines() if line.startswith("|")]
    return [f"## File transfer memory ({size_mb} MB file)", "", *table, ""]


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="fewer iterations, no openai peer")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument(
        "--baseline", metavar="REF", help="also measure the SDK as of this git ref (ours-before)"
    )
    parser.add_argument("--no-files", action="store_true", help="skip the file memory run")
    args = parser.parse_args()
    envs = environments(args.quick, args.baseline)
    started = time.perf_counter()
    with bench_server() as url, test_server() as test_url:
        results = collect(envs, url, test_url, args.rounds, args.quick)
    if not args.quick:
        for peer, counted in count_instructions(envs).items():
            results["instructions"][peer].append(counted)
    report = render(results, envs, args.rounds, args.baseline)
    if not args.no_files:
        report += "\n".join(file_memory(100 if args.quick else 500)) + "\n"
    REPORT.parent.mkdir(exist_ok=True)
    REPORT.write_text(report)
    print(report)
    print(f"wrote {REPORT.relative_to(ROOT)} in {time.perf_counter() - started:.0f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
