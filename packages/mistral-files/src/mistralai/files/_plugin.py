"""Entry point of mistral-files: mounts ``client.files``. Imported when one of its attributes is
first touched, not when a client is built; it imports nothing heavy."""

from __future__ import annotations

from mistralai.hookspecs import ResourceSpec, hookimpl


@hookimpl
def mistral_resources() -> list[ResourceSpec]:
    return [ResourceSpec("files", "mistralai.files._resource:Files", "mistral-files")]


@hookimpl
def mistral_models() -> str:
    return "mistralai.files.models"
