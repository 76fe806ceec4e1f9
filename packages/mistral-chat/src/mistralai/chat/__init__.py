"""Chat completions: ``client.chat.complete``, ``stream``, ``parse`` and their async twins.

Installed with ``pip install mistral-chat``; mounted on every :class:`mistralai.Mistral`
client as ``client.chat``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mistralai.chat._resource import Chat
    from mistralai.chat._structured import StructuredOutputError

__all__ = ["Chat", "StructuredOutputError"]


def __getattr__(name: str) -> Any:
    if name == "Chat":
        from mistralai.chat._resource import Chat

        return Chat
    if name == "StructuredOutputError":
        from mistralai.chat._structured import StructuredOutputError

        return StructuredOutputError
    raise AttributeError(f"module 'mistralai.chat' has no attribute {name!r}")
