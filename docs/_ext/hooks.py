"""MkDocs hooks of the documentation site (``hooks:`` in mkdocs.yml).

``mistralai`` is one import package spread over every distribution's ``src`` folder, and
its ``__init__`` extends ``__path__`` at run time; griffe, which reads sources without
importing them, finds only mistral-core's part. Before the build, the sources are linked
into ``.docs-src/mistralai`` as one package (what an installed environment looks like), the
way ``scripts/typecheck.py`` stages them for mypy; mkdocstrings reads them from there.
"""

from __future__ import annotations

import runpy
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
SOURCES = ROOT / ".docs-src"


def on_startup(**kwargs: Any) -> None:
    """Stage the sources before the plugins read their configuration (mkdocstrings drops a
    search path that does not exist yet)."""
    typecheck = runpy.run_path(str(ROOT / "scripts" / "typecheck.py"))
    typecheck["stage"](SOURCES)
