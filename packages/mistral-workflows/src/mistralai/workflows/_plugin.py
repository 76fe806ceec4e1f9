"""Entry point of mistral-workflows: mounts ``client.beta.workflows``. Imported when one of its
attributes is first touched, not when a client is built; it imports nothing heavy."""

from __future__ import annotations

from mistralai.hookspecs import ResourceSpec, hookimpl

DISTRIBUTION = "mistral-workflows"


@hookimpl
def mistral_resources() -> list[ResourceSpec]:
    """``client.beta.workflows``, beside what other packages mount under ``client.beta``."""
    return [ResourceSpec("beta.workflows", "mistralai.workflows._resource:Workflows", DISTRIBUTION)]


@hookimpl
def mistral_models() -> str:
    return "mistralai.workflows.models"
