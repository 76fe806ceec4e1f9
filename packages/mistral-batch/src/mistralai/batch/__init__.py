"""Batch jobs: ``client.batch.jobs.create``, ``list``, ``get``, ``cancel`` and ``wait``.

Installed with ``pip install mistral-batch``; mounted on every :class:`mistralai.Mistral`
client as ``client.batch``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mistralai.batch._resource import Batch, BatchJobs

__all__ = ["Batch", "BatchJobs"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from mistralai.batch import _resource

        return getattr(_resource, name)
    raise AttributeError(f"module 'mistralai.batch' has no attribute {name!r}")
