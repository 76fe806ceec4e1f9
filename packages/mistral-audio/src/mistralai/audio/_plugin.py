"""Entry point of mistral-audio: mounts ``client.audio``. Imported when one of its attributes is
first touched, not when a client is built; it imports nothing heavy."""

from __future__ import annotations

from mistralai.hookspecs import ResourceSpec, hookimpl


@hookimpl
def mistral_resources() -> list[ResourceSpec]:
    return [ResourceSpec("audio", "mistralai.audio._resource:Audio", "mistral-audio")]


@hookimpl
def mistral_models() -> str:
    return "mistralai.audio.models"
