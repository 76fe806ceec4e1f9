"""Entry point of mistral-run: joins the run helpers to ``client.beta.conversations``.

Imported with ``client.beta.conversations``, not when a client is built; it imports nothing
heavy. Without mistral-beta (which mounts the conversations resource) it mounts nothing.
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
