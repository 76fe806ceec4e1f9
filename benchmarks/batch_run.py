"""Memory and time of ``client.batch.run`` as the number of requests grows.

Starts the local server once as a subprocess (``python -m mistralai.testing --no-validate``)
with batch jobs running in the background as fast as they can, then, for each size, runs
that many small chat requests through ``client.batch.run`` in a fresh Python process and
reads every result back in input order. Each size gets its own process, so its peak
resident set (``ru_maxrss``) is its own; the server's memory is never counted.

For each size it prints a Markdown row: the wall time and how it splits (writing the input
and submitting the jobs, then waiting for the jobs and reading the results), the client's
CPU time and its share of the wall time (the time spent in the SDK), the server's CPU time
and the part of it spent running the lines, and the client's peak RSS, with its level
before the run started. Flat memory shows as the same peak at every size.

Run it by hand, never as part of the tests (1,000,000 requests take a few minutes)::

    uv run python benchmarks/batch_run.py                  # 100,000 and 1,000,000 requests
    uv run python benchmarks/batch_run.py -n 20000         # 2,000 and 20,000
    uv run python benchmarks/batch_run.py --sizes 1000 5000 25000
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx

TICKS = os.sysconf("SC_CLK_TCK")


def child(count: int, url: str, state: str) -> None:
    """One measured run, in its own process; prints its numbers as JSON."""
    from mistralai import Mistral

    client = Mistral(api_key="bench", server_url=url)
    baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    requests = (
        {"body": {"messages": [{"role": "user", "content": f"question {i}"}]}} for i in range(count)
    )
    cpu_before = os.times()
    started = time.perf_counter()
    run = client.batch.run(
        requests,
        endpoint="/v1/chat/completions",
        model="mistral-small-latest",
        state=state,
        poll_interval=0.25,
        max_poll_interval=1.0,
    )
    submitted = time.perf_counter()
    checked = 0
    with run:
        for result in run:
            if result.index != checked or not result.ok:
                raise SystemExit(f"result {checked} came as {result}")
            checked += 1
        jobs = len(run.job_ids)
    ended = time.perf_counter()
    cpu = os.times()
    if checked != count:
        raise SystemExit(f"{checked} results for {count} requests")
    print(
        json.dumps(
            {
                "count": count,
                "jobs": jobs,
                "submit_s": submitted - started,
                "results_s": ended - submitted,
                "wall_s": ended - started,
                "cpu_s": (cpu.user - cpu_before.user) + (cpu.system - cpu_before.system),
                "baseline_mb": baseline / 1024,
                "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            }
        )
    )


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process, from ``/proc/<pid>/stat``."""
    with open(f"/proc/{pid}/stat") as fh:
        fields = fh.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


@contextmanager
def local_server() -> Iterator[tuple[str, int]]:
    """The URL and pid of a local server run as a subprocess."""
    process = subprocess.Popen(
        [sys.executable, "-m", "mistralai.testing", "--no-validate", "--exit-on-eof"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        found = re.search(r"http://127\.0\.0\.1:\d+", process.stdout.readline())
        if found is None:
            raise RuntimeError("the test server did not print its URL")
        yield found.group(0), process.pid
    finally:
        process.terminate()
        process.wait(timeout=30)


def measure(count: int, url: str, pid: int) -> dict[str, Any]:
    with httpx.Client(base_url=url, timeout=60) as control:
        control.post("/__testing__/reset")
        control.post("/__testing__/batch", json={"lines_per_second": 0})
        server_before = cpu_seconds(pid)
        with tempfile.TemporaryDirectory() as state:
            out = subprocess.run(
                [sys.executable, __file__, "--child", str(count), url, f"{state}/run"],
                capture_output=True,
                text=True,
                check=False,
            )
        if out.returncode != 0:
            raise SystemExit(f"the run of {count} requests failed:\n{out.stderr}")
        numbers: dict[str, Any] = json.loads(out.stdout.splitlines()[-1])
        numbers["server_cpu_s"] = cpu_seconds(pid) - server_before
        numbers["server_lines_s"] = control.get("/__testing__/batch").json()["busy_seconds"]
    return numbers


def row(n: dict[str, Any]) -> str:
    wall = n["wall_s"]
    return (
        f"| {n['count']:,} | {n['jobs']} | {wall:.1f} | {n['submit_s']:.1f} | "
        f"{n['results_s']:.1f} | {n['cpu_s']:.1f} ({n['cpu_s'] / wall:.0%}) | "
        f"{n['cpu_s'] / n['count'] * 1e6:.0f} | {n['server_cpu_s']:.1f} "
        f"({n['server_lines_s']:.1f}) | {n['baseline_mb']:.0f} | {n['peak_mb']:.0f} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "-n", type=int, default=1_000_000, help="the largest size; n/10 is measured too"
    )
    parser.add_argument("--sizes", type=int, nargs="+", help="measure exactly these sizes")
    parser.add_argument("--child", nargs=3, metavar=("COUNT", "URL", "STATE"), help="internal")
    args = parser.parse_args()
    if args.child:
        child(int(args.child[0]), args.child[1], args.child[2])
        return
    sizes = args.sizes or [max(args.n // 10, 1), args.n]
    with local_server() as (url, pid):
        results = [measure(count, url, pid) for count in sizes]
    print(f"<!-- Python {sys.version.split()[0]}, {os.cpu_count()} CPUs -->")
    print(
        "| requests | jobs | wall s | writing + submitting s | waiting + results s "
        "| client CPU s (share of wall) | client CPU µs / request "
        "| server CPU s (running lines) | client RSS before, MB | client peak RSS, MB |"
    )
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for numbers in results:
        print(row(numbers))


if __name__ == "__main__":
    main()
