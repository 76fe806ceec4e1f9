"""Entry point of mistral-beta: mounts ``client.beta``. Imported whenever a client is
built, so it imports nothing heavy."""

from __future__ import annotations

from mistralai.hookspecs import ResourceSpec, hookimpl


@hookimpl
def mistral_resources() -> list[ResourceSpec]:
    return [ResourceSpec("beta", "mistralai.beta._resource:Beta", "mistral-beta")]


@hookimpl
def mistral_models() -> str:
    return "mistralai.beta.models"
