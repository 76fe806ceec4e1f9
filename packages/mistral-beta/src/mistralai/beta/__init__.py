"""Beta APIs: ``client.beta.conversations`` and ``client.beta.agents``.

Installed with ``pip install mistral-beta``; mounted on every :class:`mistralai.Mistral`
client as ``client.beta``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mistralai.beta._agents import BetaAgents
    from mistralai.beta._conversations import Conversations
    from mistralai.beta._resource import Beta

__all__ = ["Beta", "BetaAgents", "Conversations"]

_WHERE = {"Beta": "_resource", "BetaAgents": "_agents", "Conversations": "_conversations"}


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        import importlib

        return getattr(importlib.import_module(f"mistralai.beta.{_WHERE[name]}"), name)
    raise AttributeError(f"module 'mistralai.beta' has no attribute {name!r}")
