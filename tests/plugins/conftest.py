"""The example plugins of examples/plugins, importable without installing them."""

from __future__ import annotations

import sys
from pathlib import Path

PLUGINS = Path(__file__).resolve().parents[2] / "examples" / "plugins"
for source in sorted(PLUGINS.glob("*/src")):
    if str(source) not in sys.path:
        sys.path.insert(0, str(source))
