"""Entry point of mistral-files: mounts ``client.files``. Imported whenever a client is built,
so it imports nothing heavy."""

from __future__ import annotations

from mistralai.hookspecs import ResourceSpec, hookimpl


@hookimpl
def mistral_resources() -> list[ResourceSpec]:
    return [ResourceSpec("files", "mistralai.files._resource:Files", "mistral-files")]


@hookimpl
def mistral_models() -> str:
    return "mistralai.files.models"
