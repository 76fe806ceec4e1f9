"""Entry point of mistral-chat: mounts ``client.chat``. Imported whenever a client is built,
so it imports nothing heavy."""

from __future__ import annotations

from mistralai.hookspecs import ResourceSpec, hookimpl


@hookimpl
def mistral_resources() -> list[ResourceSpec]:
    return [ResourceSpec("chat", "mistralai.chat._resource:Chat", "mistral-chat")]


@hookimpl
def mistral_models() -> str:
    return "mistralai.chat.models"
