"""Entry point of mistral-agents: mounts ``client.agents``. Imported when one of its attributes
is first touched, not when a client is built; it imports nothing heavy."""

from __future__ import annotations

from mistralai.hookspecs import ResourceSpec, hookimpl


@hookimpl
def mistral_resources() -> list[ResourceSpec]:
    return [ResourceSpec("agents", "mistralai.agents._resource:Agents", "mistral-agents")]


@hookimpl
def mistral_models() -> str:
    return "mistralai.agents.models"
