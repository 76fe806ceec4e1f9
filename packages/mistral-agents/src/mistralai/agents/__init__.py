"""Agent completions: ``client.agents.complete`` and ``stream``, with async twins.

Installed with ``pip install mistral-agents``; mounted on every :class:`mistralai.Mistral`
client as ``client.agents``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mistralai.agents._resource import Agents

__all__ = ["Agents"]


def __getattr__(name: str) -> Any:
    if name == "Agents":
        from mistralai.agents._resource import Agents

        return Agents
    raise AttributeError(f"module 'mistralai.agents' has no attribute {name!r}")
