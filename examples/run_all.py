"""Run every example in this folder, each in a fresh process.

Without ``MISTRAL_API_KEY`` the examples talk to the embedded Mistral-compatible server of
mistral-testing on 127.0.0.1; with a key, to the real API. Exits non-zero if any fails.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from contextlib import ExitStack
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main(names: list[str]) -> int:
    examples = sorted(p for p in HERE.glob("*.py") if not p.name.startswith(("_", "run_all")))
    if names:
        examples = [p for p in examples if p.stem in names]
    env = dict(os.environ)
    with ExitStack() as stack:
        if not env.get("MISTRAL_API_KEY"):
            from mistralai.testing import MistralTestServer

            server = stack.enter_context(MistralTestServer())
            env.update(MISTRAL_API_KEY="local-example-key", MISTRAL_SERVER_URL=server.url)
            print(f"no MISTRAL_API_KEY: running against the local server at {server.url}\n")
        failed = [p.name for p in examples if not run(p, env)]
    print(f"\n{len(examples) - len(failed)} examples passed, {len(failed)} failed")
    for name in failed:
        print(f"FAILED: {name}")
    return 1 if failed else 0


def run(path: Path, env: dict[str, str]) -> bool:
    print(f"== {path.name}")
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, str(path)], env=env, cwd=HERE, timeout=120, check=False
    )
    print(
        f"-- {path.name}: {'ok' if result.returncode == 0 else 'FAILED'} "
        f"({time.perf_counter() - started:.2f}s)\n"
    )
    return result.returncode == 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
