"""Entry point of mistral-batch: mounts ``client.batch``. Imported whenever a client is
built, so it imports nothing heavy."""

from __future__ import annotations

from mistralai.hookspecs import ResourceSpec, hookimpl


@hookimpl
def mistral_resources() -> list[ResourceSpec]:
    return [ResourceSpec("batch", "mistralai.batch._resource:Batch", "mistral-batch")]


@hookimpl
def mistral_models() -> str:
    return "mistralai.batch.models"
