"""Entry point of mistral-models: mounts ``client.models``. Imported when one of its attributes
is first touched, not when a client is built; it imports nothing heavy."""

from __future__ import annotations

from mistralai.hookspecs import ResourceSpec, hookimpl


@hookimpl
def mistral_resources() -> list[ResourceSpec]:
    return [ResourceSpec("models", "mistralai.models_api._resource:Models", "mistral-models")]


@hookimpl
def mistral_models() -> str:
    return "mistralai.models_api.models"
