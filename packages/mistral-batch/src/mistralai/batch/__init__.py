"""The Batch API: ``client.batch.run`` (any number of requests, results in order, resumable)
and ``client.batch.jobs`` (``create``, ``list``, ``get``, ``cancel``, ``wait``).

Installed with ``pip install mistral-batch``; mounted on every :class:`mistralai.Mistral`
client as ``client.batch``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mistralai.batch._resource import Batch, BatchJobs
    from mistralai.batch._run import AsyncBatchRun, BatchRun
    from mistralai.batch._store import RunInUseError
    from mistralai.batch.models import BatchResult, BatchResultError, RunProgress

_WHERE = {
    "Batch": "mistralai.batch._resource",
    "BatchJobs": "mistralai.batch._resource",
    "BatchRun": "mistralai.batch._run",
    "AsyncBatchRun": "mistralai.batch._run",
    "BatchResult": "mistralai.batch.models",
    "BatchResultError": "mistralai.batch.models",
    "RunProgress": "mistralai.batch.models",
    "RunInUseError": "mistralai.batch._store",
}

__all__ = [
    "AsyncBatchRun",
    "Batch",
    "BatchJobs",
    "BatchResult",
    "BatchResultError",
    "BatchRun",
    "RunInUseError",
    "RunProgress",
]


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'mistralai.batch' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module), name)
