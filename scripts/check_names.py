"""Ask the public package index whether our distribution names are free.

    python scripts/check_names.py                  # every distribution of the workspace
    python scripts/check_names.py mistral-widgets  # a name you are about to add

Run it before adding a distribution, and record the result in docs/names.md. A name is free
when the index has no project page for it at all (HTTP 404), not merely no release for this
Python. It uses pip with no configuration but the index (``--isolated``), so a local mirror
or find-links directory cannot hide a project. Once a name is published by us it shows as
taken here; the install matrix is the lasting guard (it checks where every name resolves).
"""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path

import tomllib

ROOT = Path(__file__).resolve().parent.parent
INDEX = os.environ.get("MISTRAL_PUBLIC_INDEX", "https://pypi.org/simple")


def workspace_names() -> list[str]:
    """Every distribution this repository builds: the packages and the example plugin."""
    pyprojects = [
        *ROOT.glob("packages/*/pyproject.toml"),
        *ROOT.glob("examples/plugins/*/pyproject.toml"),
    ]
    return sorted(tomllib.loads(p.read_text())["project"]["name"] for p in pyprojects)


def pip() -> list[str]:
    """pip of this interpreter, or of ``python3`` when this one has none (a uv venv)."""
    return [sys.executable if importlib.util.find_spec("pip") else "python3", "-m", "pip"]


def index_status(name: str) -> tuple[int | None, list[str]]:
    """The HTTP status of the name's project page and the versions pip found there."""
    result = subprocess.run(
        [*pip(), "--isolated", "index", "versions", "--pre", "-vvv", "--index-url", INDEX, name],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PIP_CONFIG_FILE": os.devnull},
    )
    log = result.stdout + result.stderr
    status = re.search(rf'"GET /simple/{re.escape(name)}/ HTTP/[0-9.]+" (\d{{3}})', log)
    versions = re.search(r"Available versions: (.*)", log)
    return (
        int(status.group(1)) if status else None,
        versions.group(1).split(", ") if versions else [],
    )


def main(names: list[str]) -> int:
    taken = 0
    for name in names or workspace_names():
        status, versions = index_status(name)
        if status == 404:
            verdict = "free (no project page)"
        elif status is None:
            print(f"{name}: could not reach {INDEX}", file=sys.stderr)
            return 2
        else:
            taken += 1
            shown = ", ".join(versions[:5]) + (" ..." if len(versions) > 5 else "")
            verdict = f"TAKEN (HTTP {status}; versions: {shown or 'none for this Python'})"
        print(f"{name}: {verdict}")
    print(f"name check against {INDEX}: {taken} taken")
    return 1 if taken else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
