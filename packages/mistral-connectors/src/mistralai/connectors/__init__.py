"""MCP connectors: ``client.beta.connectors``.

Installed with ``pip install mistral-connectors``; mounted on every :class:`mistralai.Mistral`
client as ``client.beta.connectors``. Importing this package imports none of the resource
code; the models are in :mod:`mistralai.connectors.models`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mistralai.connectors._resource import Connectors

__all__ = ["Connectors"]


def __getattr__(name: str) -> Any:
    if name == "Connectors":
        from mistralai.connectors._resource import Connectors

        return Connectors
    raise AttributeError(f"module 'mistralai.connectors' has no attribute {name!r}")
