"""Entry point of mistral-classifiers: mounts ``client.classifiers``. Imported whenever a
client is built, so it imports nothing heavy."""

from __future__ import annotations

from mistralai.hookspecs import ResourceSpec, hookimpl


@hookimpl
def mistral_resources() -> list[ResourceSpec]:
    return [
        ResourceSpec(
            "classifiers", "mistralai.classifiers._resource:Classifiers", "mistral-classifiers"
        )
    ]


@hookimpl
def mistral_models() -> str:
    return "mistralai.classifiers.models"
