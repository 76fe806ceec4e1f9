"""Entry point of mistral-connectors: mounts ``client.beta.connectors``. Imported when one of
its attributes is first touched, not when a client is built; it imports nothing heavy."""

from __future__ import annotations

from mistralai.hookspecs import ResourceSpec, hookimpl

DISTRIBUTION = "mistral-connectors"


@hookimpl
def mistral_resources() -> list[ResourceSpec]:
    """``client.beta.connectors``, beside what other packages mount under ``client.beta``."""
    return [
        ResourceSpec("beta.connectors", "mistralai.connectors._resource:Connectors", DISTRIBUTION)
    ]


@hookimpl
def mistral_models() -> str:
    return "mistralai.connectors.models"
