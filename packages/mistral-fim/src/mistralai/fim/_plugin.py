"""Entry point of mistral-fim: mounts ``client.fim``. Imported whenever a client is built, so
it imports nothing heavy."""

from __future__ import annotations

from mistralai.hookspecs import ResourceSpec, hookimpl


@hookimpl
def mistral_resources() -> list[ResourceSpec]:
    return [ResourceSpec("fim", "mistralai.fim._resource:Fim", "mistral-fim")]


@hookimpl
def mistral_models() -> str:
    return "mistralai.fim.models"
