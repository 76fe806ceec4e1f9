"""Entry point of mistral-agents: mounts ``client.agents``. Imported whenever a client is
built, so it imports nothing heavy."""

from __future__ import annotations

from mistralai.hookspecs import ResourceSpec, hookimpl


@hookimpl
def mistral_resources() -> list[ResourceSpec]:
    return [ResourceSpec("agents", "mistralai.agents._resource:Agents", "mistral-agents")]


@hookimpl
def mistral_models() -> str:
    return "mistralai.agents.models"
