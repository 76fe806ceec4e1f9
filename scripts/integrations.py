"""Run libraries built on the official SDK with this SDK underneath, against the local server.

    python scripts/integrations.py                 # every library
    python scripts/integrations.py llama-index     # one

For each library: build our wheels, make a fresh virtual environment with uv, install our
wheels and the library at the version pinned below WITHOUT the official ``mistralai``
distribution (pydantic-ai-slim without its ``mistral`` extra; llama-index's Mistral package
with ``--no-deps``, its other dependencies installed normally, and a constraint that makes
any attempt to install ``mistralai`` fail), check that no distribution named ``mistralai``
is installed and that our mistral-core provides the ``mistralai`` package, then run the
library's check script (``tests/libraries/*_check.py``) inside that environment. The checks
talk to mistral-testing's server on 127.0.0.1 only (they refuse any other address); only
the installs reach the package index.

The pins are the versions last checked; move them forward deliberately, and say so in the
README's "Works with".
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

if str(Path(__file__).resolve().parent) not in sys.path:  # loaded by path, as the tests do
    sys.path.insert(0, str(Path(__file__).resolve().parent))

from install_matrix import packages, uv

ROOT = Path(__file__).resolve().parent.parent
CHECKS = ROOT / "tests" / "libraries"


@dataclass(frozen=True)
class Library:
    """One library, how it is installed without the official SDK, and its check."""

    name: str
    ours: list[str]
    """Our distributions to install (as wheels)."""
    requirements: list[str]
    """Installed with their dependencies, beside our wheels."""
    check: str
    no_deps: list[str] = field(default_factory=list)
    """Installed without their dependencies: they require the official ``mistralai``."""

    @property
    def pins(self) -> list[str]:
        return [*self.requirements, *self.no_deps]


LIBRARIES = [
    Library(
        name="pydantic-ai",
        ours=["mistral-core", "mistral-chat", "mistral-testing"],
        requirements=["pydantic-ai-slim==2.68.0"],
        check="pydantic_ai_check.py",
    ),
    Library(
        name="llama-index",
        ours=["mistral-core", "mistral-chat", "mistral-testing", "mistral-azure"],
        requirements=["llama-index-core==0.14.25"],
        no_deps=["llama-index-llms-mistralai==0.11.0"],
        check="llama_index_check.py",
    ),
]
NEVER_OFFICIAL = "mistralai<0\n"
"""A constraint no version satisfies: any requirement on the official SDK fails the install."""

VERIFY_CODE = """
import importlib.metadata as metadata, pathlib, sys
try:
    official = metadata.distribution("mistralai")
except metadata.PackageNotFoundError:
    pass
else:
    sys.exit(f"the official mistralai {official.version} is installed")
import mistralai
core = metadata.distribution("mistral-core")
owned = {pathlib.Path(core.locate_file(f)).resolve() for f in core.files or []}
if pathlib.Path(mistralai.__file__).resolve() not in owned:
    sys.exit(f"mistralai/__init__.py ({mistralai.__file__}) is not mistral-core's")
print(", ".join(f"{n} {metadata.version(n)}" for n in sys.argv[1:]))
"""


def build(names: set[str], out: Path) -> dict[str, Path]:
    """Our wheels of ``names``, built from this checkout."""
    available = packages()
    wheels = {}
    for name in sorted(names):
        if name not in available:
            raise SystemExit(f"{name} is not a distribution of this workspace")
        subprocess.run(
            [*uv(), "build", "--quiet", "--wheel", "--package", name, "--out-dir", str(out)],
            cwd=ROOT,
            check=True,
        )
        (wheels[name],) = out.glob(f"{name.replace('-', '_')}-*.whl")
    return wheels


def run_library(library: Library, wheels: dict[str, Path], work: Path) -> tuple[bool, str]:
    """Install ``library`` beside our wheels in a fresh environment and run its check."""
    started = time.monotonic()
    env_dir = work / library.name
    log: list[str] = []

    def step(args: list[str], what: str) -> bool:
        result = subprocess.run(args, capture_output=True, text=True, env=env, check=False)
        if result.returncode != 0:
            log.append(f"{library.name}: {what} FAILED\n{result.stdout}{result.stderr}")
            return False
        return True

    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env.pop("MISTRAL_API_KEY", None)  # the checks pass their own keys
    constraints = work / "never-official.txt"
    python = str(env_dir / "bin" / "python")
    install = [*uv(), "pip", "install", "--quiet", "--python", python]
    ours = [str(wheels[name]) for name in library.ours]
    ok = (
        step([*uv(), "venv", "--quiet", "--python", sys.executable, str(env_dir)], "venv")
        and step(
            [*install, "--constraint", str(constraints), *ours, *library.requirements], "install"
        )
        and (not library.no_deps or step([*install, "--no-deps", *library.no_deps], "install"))
    )
    if ok:
        names = [p.split("==")[0] for p in library.pins] + library.ours
        verify = subprocess.run(
            [python, "-c", VERIFY_CODE, *names],
            capture_output=True,
            text=True,
            env=env,
            check=False,
        )
        ok = verify.returncode == 0
        log.append(
            f"{library.name}: installed {verify.stdout.strip()}; no official mistralai"
            if ok
            else f"{library.name}: {verify.stderr.strip() or verify.stdout.strip()}"
        )
    if ok:
        check = subprocess.run(
            [python, str(CHECKS / library.check)],
            cwd=work,
            capture_output=True,
            text=True,
            env=env,
            check=False,
            timeout=300,
        )
        log.append(check.stdout.rstrip())
        if check.returncode != 0:
            log.append(check.stderr.rstrip())
        ok = check.returncode == 0
    log.append(f"{library.name}: {'OK' if ok else 'FAILED'} in {time.monotonic() - started:.0f}s")
    return ok, "\n".join(line for line in log if line)


def main(args: list[str]) -> int:
    started = time.monotonic()
    chosen = [lib for lib in LIBRARIES if not args or lib.name in args]
    unknown = set(args) - {lib.name for lib in LIBRARIES}
    if unknown:
        names = ", ".join(lib.name for lib in LIBRARIES)
        print(f"unknown libraries: {', '.join(sorted(unknown))} (known: {names})")
        return 2
    with tempfile.TemporaryDirectory(prefix="mistral-integrations-") as tmp:
        work = Path(tmp)
        (work / "never-official.txt").write_text(NEVER_OFFICIAL)
        wheels = build({name for lib in chosen for name in lib.ours}, work / "wheels")
        print(f"built {', '.join(w.name for w in wheels.values())}", flush=True)
        with ThreadPoolExecutor(max_workers=2) as pool:  # the installs wait on the network
            results = list(pool.map(lambda lib: run_library(lib, wheels, work), chosen))
    for _, output in results:
        print(output, flush=True)
    failed = [lib.name for lib, (ok, _) in zip(chosen, results) if not ok]
    print(f"integrations took {time.monotonic() - started:.0f}s")
    print(f"integrations: {len(chosen) - len(failed)} passed, {len(failed)} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
