"""The newer SDK's layout: ``from mistralai.client import Mistral``, and
``from mistralai.client import models, errors, utils, types``.

``mistralai.client.<module>`` is ``mistralai.<module>`` (the same module object), so
``mistralai.client.models.UserMessage is mistralai.models.UserMessage``; nothing is imported
before it is asked for.
"""

from __future__ import annotations

import importlib
from typing import Any

from mistralai import _aliases
from mistralai._client import Mistral

_aliases.install()

_SUBMODULES = frozenset({"errors", "models", "types", "utils"})


def __getattr__(name: str) -> Any:
    if name in _SUBMODULES:
        return importlib.import_module(f"mistralai.client.{name}")
    raise AttributeError(f"module 'mistralai.client' has no attribute {name!r}")


__all__ = ["Mistral"]
