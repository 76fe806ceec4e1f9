"""Import paths of the official SDK's other layouts, found on demand.

- ``mistralai.client.<module>`` (the 2.x/3.x layout) is ``mistralai.<module>``:
  ``from mistralai.client.models import UserMessage``, ``mistralai.client.errors``...
- ``mistralai.models.<name>`` for each model module of the official SDK
  (``from mistralai.models.usermessage import UserMessage``) is a module holding the names
  that module held, each resolved through ``mistralai.models`` on first use.

A finder placed last on ``sys.meta_path`` answers only for these names, after the real
modules were looked for; nothing is imported until such a path is.
"""

from __future__ import annotations

import importlib
import importlib.machinery
import importlib.util
import sys
import types
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, cast

if TYPE_CHECKING:
    from importlib.abc import Loader

CLIENT = "mistralai.client."
MODELS = "mistralai.models."


class _Finder:
    """Finds the compatibility module paths (see the module docstring)."""

    def find_spec(
        self, fullname: str, path: Sequence[str] | None = None, target: Any = None
    ) -> importlib.machinery.ModuleSpec | None:
        if fullname.startswith(CLIENT):
            real = "mistralai." + fullname[len(CLIENT) :]
            if importlib.util.find_spec(real) is None:
                return None
            return importlib.machinery.ModuleSpec(fullname, cast("Loader", _AliasLoader(real)))
        if fullname.startswith(MODELS) and fullname.count(".") == 2:
            from mistralai.models._catalog import OFFICIAL_MODULES

            names = OFFICIAL_MODULES.get(fullname[len(MODELS) :])
            if names is not None:
                loader = cast("Loader", _ModelsModuleLoader(names))
                return importlib.machinery.ModuleSpec(fullname, loader)
        return None


class _AliasLoader:
    """Loads a module path as another, already existing module (the same object)."""

    def __init__(self, real: str) -> None:
        self.real = real

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> None:
        return None

    def exec_module(self, module: types.ModuleType) -> None:
        # The import system returns whatever sys.modules holds under the name once this
        # returns: the real module, which thus keeps its own name and spec.
        sys.modules[module.__name__] = importlib.import_module(self.real)


class _ModelsModuleLoader:
    """Makes a module holding some names of ``mistralai.models``, resolved on first use."""

    def __init__(self, names: Sequence[str]) -> None:
        self.names = tuple(names)

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> None:
        return None

    def exec_module(self, module: types.ModuleType) -> None:
        names = frozenset(self.names)
        short = module.__name__.rpartition(".")[2]

        def __getattr__(name: str) -> Any:
            if name not in names:
                raise AttributeError(f"module {module.__name__!r} has no attribute {name!r}")
            import mistralai.models

            value = getattr(mistralai.models, name)
            setattr(module, name, value)
            return value

        def __dir__() -> list[str]:
            return sorted(names)

        module.__doc__ = (
            f"The names of the official SDK's ``mistralai.models.{short}`` module, "
            "from mistralai.models."
        )
        module.__all__ = list(self.names)  # type: ignore[attr-defined]
        module.__getattr__ = __getattr__  # type: ignore[method-assign]
        module.__dir__ = __dir__  # type: ignore[method-assign]


_FINDER = _Finder()


def install() -> None:
    """Put the finder at the end of ``sys.meta_path`` (once)."""
    if not any(isinstance(finder, _Finder) for finder in sys.meta_path):
        sys.meta_path.append(_FINDER)
