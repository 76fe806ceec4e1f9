"""Entry point of mistral-classifiers: mounts ``client.classifiers``. Imported when one of its
attributes is first touched, not when a client is built; it imports nothing heavy."""

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
