"""The Models API: ``client.models.list``, ``retrieve``, ``delete``, ``update``, ``archive``,
``unarchive`` and their async twins.

Installed with ``pip install mistral-models``; mounted on every :class:`mistralai.Mistral`
client as ``client.models``. (The import package is ``mistralai.models_api`` because
``mistralai.models`` is the SDK's types module.)
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mistralai.models_api._resource import Models

__all__ = ["Models"]


def __getattr__(name: str) -> Any:
    if name == "Models":
        from mistralai.models_api._resource import Models

        return Models
    raise AttributeError(f"module 'mistralai.models_api' has no attribute {name!r}")
