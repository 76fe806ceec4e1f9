"""Entry point of mistral-observability: mounts its resources under
``client.beta.observability``. Imported when one of its attributes is first touched, not when
a client is built; it imports nothing heavy."""

from __future__ import annotations

from mistralai.hookspecs import ResourceSpec, hookimpl

_DISTRIBUTION = "mistral-observability"
_MOUNTS = {
    "campaigns": "_campaigns:Campaigns",
    "chat_completion_events": "_events:ChatEvents",
    "datasets": "_datasets:Datasets",
    "judges": "_judges:Judges",
}


@hookimpl
def mistral_resources() -> list[ResourceSpec]:
    return [
        ResourceSpec(
            f"beta.observability.{name}", f"mistralai.observability.{target}", _DISTRIBUTION
        )
        for name, target in _MOUNTS.items()
    ]


@hookimpl
def mistral_models() -> str:
    return "mistralai.observability.models"
