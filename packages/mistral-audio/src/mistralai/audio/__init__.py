"""Audio transcription: ``client.audio.transcriptions.complete`` and ``stream``.

Installed with ``pip install mistral-audio``; mounted on every :class:`mistralai.Mistral`
client as ``client.audio``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mistralai.audio._resource import Audio, Transcriptions

__all__ = ["Audio", "Transcriptions"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from mistralai.audio import _resource

        return getattr(_resource, name)
    raise AttributeError(f"module 'mistralai.audio' has no attribute {name!r}")
