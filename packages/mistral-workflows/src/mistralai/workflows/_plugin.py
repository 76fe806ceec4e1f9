"""Entry point of mistral-workflows: mounts ``client.beta.workflows``. Imported whenever a
client is built, so it imports nothing heavy."""

from __future__ import annotations

from mistralai.hookspecs import ResourceSpec, hookimpl

DISTRIBUTION = "mistral-workflows"


@hookimpl(trylast=True)
def mistral_resources() -> list[ResourceSpec]:
    """``beta.workflows``, and a join to a ``client.beta`` resource when a package mounts one.

    ``trylast`` puts these specs before every other package's: a package that mounts all of
    ``client.beta`` as one resource (mistral-beta 0.1) then replaces the ``beta`` group they
    start, instead of finding a resource it cannot nest ``workflows`` under, and the join
    (:class:`~mistralai.workflows._beta.BetaWorkflows`) gives that resource ``workflows``.
    """
    return [
        ResourceSpec("beta.workflows", "mistralai.workflows._resource:Workflows", DISTRIBUTION),
        ResourceSpec("beta", "mistralai.workflows._beta:BetaWorkflows", DISTRIBUTION, extends=True),
    ]


@hookimpl
def mistral_models() -> str:
    return "mistralai.workflows.models"
