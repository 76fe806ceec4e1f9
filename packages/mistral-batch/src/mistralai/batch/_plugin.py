"""Entry point of mistral-batch: mounts ``client.batch``. Imported when one of its attributes is
first touched, not when a client is built; it imports nothing heavy."""

from __future__ import annotations

from mistralai.hookspecs import ResourceSpec, hookimpl


@hookimpl
def mistral_resources() -> list[ResourceSpec]:
    return [ResourceSpec("batch", "mistralai.batch._resource:Batch", "mistral-batch")]


@hookimpl
def mistral_models() -> str:
    return "mistralai.batch.models"
