"""Entry point of mistral-fim: mounts ``client.fim``. Imported when one of its attributes is
first touched, not when a client is built; it imports nothing heavy."""

from __future__ import annotations

from mistralai.hookspecs import ResourceSpec, hookimpl


@hookimpl
def mistral_resources() -> list[ResourceSpec]:
    return [ResourceSpec("fim", "mistralai.fim._resource:Fim", "mistral-fim")]


@hookimpl
def mistral_models() -> str:
    return "mistralai.fim.models"
