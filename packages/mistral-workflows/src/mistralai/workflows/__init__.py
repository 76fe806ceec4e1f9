"""Workflows: ``client.beta.workflows`` with ``.executions``, ``.runs``, ``.events``,
``.schedules``, ``.deployments``, ``.metrics`` and ``.workers``.

Installed with ``pip install mistral-workflows``; mounted on every :class:`mistralai.Mistral`
client as ``client.beta.workflows``. Importing this package imports none of the resource
code; the classes below load on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mistralai.workflows._deployments import Deployments, Workers
    from mistralai.workflows._events import Events
    from mistralai.workflows._executions import Executions
    from mistralai.workflows._metrics import Metrics
    from mistralai.workflows._resource import Workflows
    from mistralai.workflows._runs import Runs
    from mistralai.workflows._schedules import Schedules

__all__ = [
    "Deployments",
    "Events",
    "Executions",
    "Metrics",
    "Runs",
    "Schedules",
    "Workers",
    "Workflows",
]

_WHERE = {
    "Deployments": "_deployments",
    "Events": "_events",
    "Executions": "_executions",
    "Metrics": "_metrics",
    "Runs": "_runs",
    "Schedules": "_schedules",
    "Workers": "_deployments",
    "Workflows": "_resource",
}


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'mistralai.workflows' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(f"mistralai.workflows.{module}"), name)
