"""Entry point of mistral-beta: mounts ``client.beta.conversations``, ``client.beta.agents`` and
``client.beta.libraries``. Imported when one of its attributes is first touched, not when a
client is built; it imports nothing heavy.

Each resource is mounted on its own path rather than one ``client.beta`` resource holding
all three, so that other packages can mount their beta APIs beside them
(``client.beta.observability...``) and extend these by path."""

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
