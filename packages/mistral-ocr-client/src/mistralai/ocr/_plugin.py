"""Entry point of mistral-ocr-client: mounts ``client.ocr``. Imported when one of its attributes
is first touched, not when a client is built; it imports nothing heavy."""

from __future__ import annotations

from mistralai.hookspecs import ResourceSpec, hookimpl


@hookimpl
def mistral_resources() -> list[ResourceSpec]:
    return [ResourceSpec("ocr", "mistralai.ocr._resource:Ocr", "mistral-ocr-client")]


@hookimpl
def mistral_models() -> str:
    return "mistralai.ocr.models"
