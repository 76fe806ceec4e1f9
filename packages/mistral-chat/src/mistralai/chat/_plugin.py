"""Entry point of mistral-chat: mounts ``client.chat``. Imported when one of its attributes is
first touched, not when a client is built; it imports nothing heavy."""

from __future__ import annotations

from mistralai.hookspecs import ResourceSpec, hookimpl


@hookimpl
def mistral_resources() -> list[ResourceSpec]:
    return [ResourceSpec("chat", "mistralai.chat._resource:Chat", "mistral-chat")]


@hookimpl
def mistral_models() -> str:
    return "mistralai.chat.models"
