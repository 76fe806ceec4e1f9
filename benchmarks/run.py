"""The benchmark suite: this SDK side by side with bare httpx, the official SDK and openai.

    python benchmarks/run.py [--quick] [--rounds R]

Creates one virtual environment per peer under ``benchmarks/.envs`` (the official
``mistralai`` and ``openai`` from PyPI; a slim install of mistral-core + mistral-chat from
wheels built here), starts the local Mistral-compatible server once, runs every workload
for every peer in alternating order, and writes medians and ratios to bare httpx + json into
``docs/benchmarks.md``. It reports; it never fails on a number.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
ENVS = ROOT / "benchmarks" / ".envs"
WORKLOAD = ROOT / "benchmarks" / "workload.py"
REPORT = ROOT / "docs" / "benchmarks.md"

IMPORT_CODE = {
    "httpx": "import httpx\nclient = httpx.Client()",
    "ours": "from mistralai import Mistral\nclient = Mistral(api_key='k')",
    "ours-slim": "from mistralai import Mistral\nclient = Mistral(api_key='k')",
    "official": (
        "try:\n    from mistralai import Mistral\nexcept ImportError:\n"
        "    from mistralai.client import Mistral\nclient = Mistral(api_key='k')"
    ),
    "openai": "from openai import OpenAI\nclient = OpenAI(api_key='k')",
}
COLD_REQUEST = {
    "httpx": "client.post(URL + '/v1/chat/completions', json=BODY, headers={'authorization': 'Bearer k'}).json()",
    "ours": "client = Mistral(api_key='k', server_url=URL); client.chat.complete(**BODY)",
    "ours-slim": "client = Mistral(api_key='k', server_url=URL); client.chat.complete(**BODY)",
    "official": "client = Mistral(api_key='k', server_url=URL); client.chat.complete(**BODY)",
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
    python = ENVS / name / "bin" / "python"
    marker = ENVS / name / ".requirements"
    wanted = "\n".join(requirements)
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


def build_wheels(names: list[str]) -> list[str]:
    out = ENVS / "wheels"
    shutil.rmtree(out, ignore_errors=True)
    for name in names:
        subprocess.run(
            [*uv(), "build", "--quiet", "--wheel", "--package", name, "--out-dir", str(out)],
            cwd=ROOT,
            check=True,
        )
    return [str(p) for p in sorted(out.glob("*.whl"))]


def environments(quick: bool) -> dict[str, Path]:
    workspace = Path(sys.executable)
    envs = {"httpx": workspace, "ours": workspace}
    envs["ours-slim"] = make_env("ours-slim", build_wheels(["mistral-core", "mistral-chat"]))
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


class Server:
    """The local server in a process of its own, so it does not share the client's GIL."""

    def __enter__(self) -> str:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "mistralai.testing", "--no-validate"],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.process.stdout is not None
        line = self.process.stdout.readline().strip()
        if "=" not in line:
            raise SystemExit(f"the test server did not start: {line!r}")
        return line.split("=", 1)[1]

    def __exit__(self, *exc: object) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


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


def _clean_env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith(("VIRTUAL_ENV", "PYTHONPATH"))}


def collect(
    envs: dict[str, Path], url: str, rounds: int, quick: bool
) -> dict[str, dict[str, list[dict[str, Any]]]]:
    results: dict[str, dict[str, list[dict[str, Any]]]] = defaultdict(lambda: defaultdict(list))
    sizes = {
        "per_request": 300 if quick else 1000,
        "per_request_async": 300 if quick else 1000,
        "stream_1000": 5 if quick else 15,
        "concurrent_streams": 500,
    }
    peers = list(envs)
    for round_index in range(rounds):
        order = peers if round_index % 2 == 0 else list(reversed(peers))
        for peer in order:
            python = envs[peer]
            results["import_construct"][peer].append(measure_fresh(python, peer, url, False))
            results["cold_start"][peer].append(measure_fresh(python, peer, url, True))
            for workload, n in sizes.items():
                if workload == "concurrent_streams" and round_index > 0:
                    continue
                name = "ours" if peer == "ours-slim" else peer
                args = [str(WORKLOAD), workload, "--peer", name, "--url", url, "--n", str(n)]
                results[workload][peer].append(run_json(python, args, env=_clean_env()))
            print(f"round {round_index + 1}/{rounds}: {peer} done", flush=True)
    return results


def median_of(samples: list[dict[str, Any]], key: str) -> float | None:
    values = [s[key] for s in samples if key in s]
    return statistics.median(values) if values else None


BUDGETS = (
    ("per-request overhead, sync", "per_request", "median_us", "httpx", 1.5),
    ("per-request overhead, async", "per_request_async", "median_us", "httpx", 1.5),
    ("1,000-chunk stream", "stream_1000", "median_ms", "httpx", 4.0),
)


def _budget_rows(results: dict[str, dict[str, list[dict[str, Any]]]]) -> list[str]:
    out = ["## Budgets", "", "| budget | ours | limit | met |", "| --- | ---: | ---: | :---: |"]
    for title, workload, key, base_peer, limit in BUDGETS:
        ours = median_of(results[workload].get("ours", []), key)
        base = median_of(results[workload].get(base_peer, []), key)
        if ours is None or not base:
            continue
        ratio = ours / base
        out.append(
            f"| {title} (to bare httpx) | {ratio:.2f}x | {limit}x | {'yes' if ratio <= limit else 'NO'} |"
        )
    ours = median_of(results["import_construct"].get("ours", []), "ms")
    official = median_of(results["import_construct"].get("official", []), "ms")
    if ours is not None and official:
        ratio = ours / official
        met = "yes" if ratio < 0.2 else "NO"
        out.append(
            f"| import + construct, every package (to the official SDK) | {ratio:.2f}x | 0.2x | {met} |"
        )
    full = median_of(results["per_request"].get("ours", []), "median_us")
    slim = median_of(results["per_request"].get("ours-slim", []), "median_us")
    if full is not None and slim:
        out += [
            "",
            f"mistral-otel installed with no tracer provider: {full - slim:+.1f} µs per request "
            f"(every package incl. mistral-otel, {full:.1f} µs, against core + chat only, {slim:.1f} µs; "
            "a difference of a few µs is within run-to-run noise).",
        ]
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


def render(
    results: dict[str, dict[str, list[dict[str, Any]]]], envs: dict[str, Path], rounds: int
) -> str:
    lines = [
        "# Benchmarks",
        "",
        "Generated by `python benchmarks/run.py`; do not edit by hand. Medians over "
        f"{rounds} alternating rounds against the same local server (a separate process on "
        "127.0.0.1). Ratios are to bare httpx + json (lower is better) for request and stream "
        "workloads, and to the official SDK for import + construct. Every peer's modules are "
        "compiled to bytecode first, as `pip install` leaves them.",
        "",
        f"Machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, {platform.system()} {platform.release()}.",
        f"Peers: {', '.join(_versions(envs))}.",
        "",
    ]
    lines += _budget_rows(results)
    lines += _table(
        "Per-request overhead, sync (non-streaming chat)", results["per_request"], "median_us", "µs"
    )
    lines += _table("Per-request overhead, async", results["per_request_async"], "median_us", "µs")
    lines += _table(
        "1,000-chunk stream, parsed and validated", results["stream_1000"], "median_ms", "ms"
    )
    lines += _fresh_table("Import + construct (fresh process)", results["import_construct"])
    lines += _fresh_table(
        "Cold start to first completed chat request (fresh process)", results["cold_start"]
    )
    lines += _concurrency_table(results["concurrent_streams"])
    return "\n".join(lines) + "\n"


def _versions(envs: dict[str, Path]) -> list[str]:
    names = {
        "ours": "mistral-core",
        "ours-slim": "mistral-core",
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
    base = median_of(rows.get("httpx", []), key)
    out = [
        f"## {title}",
        "",
        f"| peer | median ({unit}) | ratio to httpx |",
        "| --- | ---: | ---: |",
    ]
    for peer, samples in rows.items():
        value = median_of(samples, key)
        if value is None:
            out.append(f"| {peer} | failed: {samples[-1].get('error')} | |")
            continue
        ratio = f"{value / base:.2f}x" if base else "n/a"
        out.append(f"| {peer} | {value:,.1f} | {ratio} |")
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


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="fewer iterations, no openai peer")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    envs = environments(args.quick)
    started = time.perf_counter()
    with Server() as url:
        results = collect(envs, url, args.rounds, args.quick)
    report = (
        render(results, envs, args.rounds)
        + "\n".join(file_memory(100 if args.quick else 500))
        + "\n"
    )
    REPORT.parent.mkdir(exist_ok=True)
    REPORT.write_text(report)
    print(report)
    print(f"wrote {REPORT.relative_to(ROOT)} in {time.perf_counter() - started:.0f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
