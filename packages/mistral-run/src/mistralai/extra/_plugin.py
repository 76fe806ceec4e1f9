"""Entry point of mistral-run: joins the run helpers to ``client.beta.conversations``.

Imported whenever a client is built, so it imports nothing heavy. Without mistral-beta
(which mounts the conversations resource) it mounts nothing.
"""

from __future__ import annotations

from mistralai.hookspecs import ResourceSpec, hookimpl


@hookimpl
def mistral_resources() -> list[ResourceSpec]:
    return [
        ResourceSpec(
            "beta.conversations",
            "mistralai.extra.run._conversations:RunMethods",
            "mistral-run",
            extends=True,
        )
    ]
