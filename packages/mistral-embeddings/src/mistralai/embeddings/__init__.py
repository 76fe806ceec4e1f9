"""Text embeddings: ``client.embeddings.create`` and ``create_async``.

Installed with ``pip install mistral-embeddings``; mounted on every :class:`mistralai.Mistral`
client as ``client.embeddings``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mistralai.embeddings._resource import Embeddings

__all__ = ["Embeddings"]


def __getattr__(name: str) -> Any:
    if name == "Embeddings":
        from mistralai.embeddings._resource import Embeddings

        return Embeddings
    raise AttributeError(f"module 'mistralai.embeddings' has no attribute {name!r}")
