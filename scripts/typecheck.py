"""mypy --strict over every package's ``src`` as the one ``mistralai`` package users install.

Each distribution contributes a subpackage of ``mistralai``; mypy cannot merge several
source roots of one regular package, so this links them into ``.typecheck/mistralai``
(what an installed environment looks like) and checks that. A distribution may also ship
another top-level package (``mistralai_azure``): it is linked beside and checked too.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STAGE = ROOT / ".typecheck"


def stage() -> tuple[Path, list[str]]:
    target = STAGE / "mistralai"
    shutil.rmtree(STAGE, ignore_errors=True)
    target.mkdir(parents=True)
    others = []
    for src in sorted(ROOT.glob("packages/*/src/*")):
        if src.name != "mistralai" and src.is_dir() and src.name.isidentifier():
            if src.name in others:
                raise SystemExit(f"{src} collides with {(STAGE / src.name).resolve()}")
            (STAGE / src.name).symlink_to(src)
            others.append(src.name)
    for src in sorted(ROOT.glob("packages/*/src/mistralai")):
        for entry in src.iterdir():
            if entry.name == "__pycache__":
                continue
            link = target / entry.name
            if link.exists():
                raise SystemExit(f"{entry} collides with {link.resolve()}")
            link.symlink_to(entry)
    return STAGE, others


def main() -> int:
    stage_dir, others = stage()
    packages = [arg for name in ["mistralai", *others] for arg in ("-p", name)]
    command = [sys.executable, "-m", "mypy", *packages, *sys.argv[1:]]
    return subprocess.call(command, cwd=ROOT, env={"MYPYPATH": str(stage_dir), "PATH": ""})


if __name__ == "__main__":
    sys.exit(main())
