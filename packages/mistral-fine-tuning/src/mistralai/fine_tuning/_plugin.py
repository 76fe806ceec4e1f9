"""Entry point of mistral-fine-tuning: mounts ``client.fine_tuning``. Imported when one of its
attributes is first touched, not when a client is built; it imports nothing heavy."""

from __future__ import annotations

from mistralai.hookspecs import ResourceSpec, hookimpl


@hookimpl
def mistral_resources() -> list[ResourceSpec]:
    return [
        ResourceSpec(
            "fine_tuning", "mistralai.fine_tuning._resource:FineTuning", "mistral-fine-tuning"
        )
    ]


@hookimpl
def mistral_models() -> str:
    return "mistralai.fine_tuning.models"
