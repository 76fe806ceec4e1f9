"""Entry point of mistral-embeddings: mounts ``client.embeddings``. Imported when one of its
attributes is first touched, not when a client is built; it imports nothing heavy."""

from __future__ import annotations

from mistralai.hookspecs import ResourceSpec, hookimpl


@hookimpl
def mistral_resources() -> list[ResourceSpec]:
    return [
        ResourceSpec(
            "embeddings", "mistralai.embeddings._resource:Embeddings", "mistral-embeddings"
        )
    ]


@hookimpl
def mistral_models() -> str:
    return "mistralai.embeddings.models"
