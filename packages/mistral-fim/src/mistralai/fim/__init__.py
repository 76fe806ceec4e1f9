"""Fill-in-the-middle completions: ``client.fim.complete``, ``stream`` and their async twins.

Installed with ``pip install mistral-fim``; mounted on every :class:`mistralai.Mistral`
client as ``client.fim``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mistralai.fim._resource import Fim

__all__ = ["Fim"]


def __getattr__(name: str) -> Any:
    if name == "Fim":
        from mistralai.fim._resource import Fim

        return Fim
    raise AttributeError(f"module 'mistralai.fim' has no attribute {name!r}")
