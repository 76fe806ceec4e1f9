"""Moderation and classification: ``client.classifiers.moderate``, ``moderate_chat``,
``classify``, ``classify_chat`` and their async twins.

Installed with ``pip install mistral-classifiers``; mounted on every
:class:`mistralai.Mistral` client as ``client.classifiers``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mistralai.classifiers._resource import Classifiers

__all__ = ["Classifiers"]


def __getattr__(name: str) -> Any:
    if name == "Classifiers":
        from mistralai.classifiers._resource import Classifiers

        return Classifiers
    raise AttributeError(f"module 'mistralai.classifiers' has no attribute {name!r}")
