"""Fine-tuning jobs: ``client.fine_tuning.jobs.create``, ``list``, ``get``, ``cancel``, ``start``, ``wait``.

Installed with ``pip install mistral-fine-tuning``; mounted on every :class:`mistralai.Mistral`
client as ``client.fine_tuning``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mistralai.fine_tuning._resource import FineTuning, FineTuningJobs

__all__ = ["FineTuning", "FineTuningJobs"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from mistralai.fine_tuning import _resource

        return getattr(_resource, name)
    raise AttributeError(f"module 'mistralai.fine_tuning' has no attribute {name!r}")
