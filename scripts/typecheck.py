"""mypy --strict over every package's ``src`` as the one ``mistralai`` package users install.

Each distribution contributes a subpackage of ``mistralai``; mypy cannot merge several
source roots of one regular package, so this links them into ``.typecheck/mistralai``
(what an installed environment looks like) and checks that; a folder two distributions
share is merged. A distribution may also ship
another top-level package (``mistralai_azure``): it is linked beside and checked too.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STAGE = ROOT / ".typecheck"


def stage(into: Path = STAGE) -> tuple[Path, list[str]]:
    """Link every distribution's sources into ``into`` (emptied first); returns it and the
    top-level packages other than ``mistralai``. The documentation build uses it too."""
    target = into / "mistralai"
    shutil.rmtree(into, ignore_errors=True)
    target.mkdir(parents=True)
    others = []
    for src in sorted(ROOT.glob("packages/*/src/*")):
        if src.name != "mistralai" and src.is_dir() and src.name.isidentifier():
            if src.name in others:
                raise SystemExit(f"{src} collides with {(into / src.name).resolve()}")
            (into / src.name).symlink_to(src)
            others.append(src.name)
    for src in sorted(ROOT.glob("packages/*/src/mistralai")):
        _merge(src, target)
    return into, others


def _merge(src: Path, target: Path) -> None:
    """Link ``src``'s entries into ``target``; a folder two distributions share (``extra``,
    whose ``__init__`` is mistral-core's) becomes a real folder holding both's entries."""
    for entry in src.iterdir():
        if entry.name == "__pycache__":
            continue
        link = target / entry.name
        if link.is_symlink() and link.is_dir() and entry.is_dir():
            shared = link.resolve()
            link.unlink()
            link.mkdir()
            _merge(shared, link)
            _merge(entry, link)
        elif link.is_dir() and not link.is_symlink() and entry.is_dir():
            _merge(entry, link)
        elif link.exists():
            raise SystemExit(f"{entry} collides with {link.resolve()}")
        else:
            link.symlink_to(entry)


def main() -> int:
    stage_dir, others = stage()
    packages = [arg for name in ["mistralai", *others] for arg in ("-p", name)]
    command = [sys.executable, "-m", "mypy", *packages, *sys.argv[1:]]
    return subprocess.call(command, cwd=ROOT, env={"MYPYPATH": str(stage_dir), "PATH": ""})


if __name__ == "__main__":
    sys.exit(main())
