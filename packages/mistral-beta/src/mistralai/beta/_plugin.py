"""Entry point of mistral-beta: mounts ``client.beta``. Imported whenever a client is
built, so it imports nothing heavy."""

from __future__ import annotations

from mistralai.hookspecs import ResourceSpec, hookimpl

_DISTRIBUTION = "mistral-beta"


@hookimpl
def mistral_resources() -> list[ResourceSpec]:
    # One spec per resource, not one for ``beta`` as a whole: another package can then
    # join methods to ``beta.conversations`` (``ResourceSpec(..., extends=True)``), which
    # only reaches resources mounted at their own path.
    return [
        ResourceSpec(
            "beta.conversations", "mistralai.beta._conversations:Conversations", _DISTRIBUTION
        ),
        ResourceSpec("beta.agents", "mistralai.beta._agents:BetaAgents", _DISTRIBUTION),
        ResourceSpec("beta.libraries", "mistralai.beta._libraries:Libraries", _DISTRIBUTION),
    ]


@hookimpl
def mistral_models() -> str:
    return "mistralai.beta.models"
