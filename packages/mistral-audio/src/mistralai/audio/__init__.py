"""Audio: ``client.audio.transcriptions`` (speech to text), ``client.audio.speech`` (text to
speech) and ``client.audio.voices``.

Installed with ``pip install mistral-audio``; mounted on every :class:`mistralai.Mistral`
client as ``client.audio``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mistralai.audio._resource import Audio, Transcriptions
    from mistralai.audio._speech import AsyncSpeechAudio, Speech, SpeechAudio
    from mistralai.audio._voices import Voices

__all__ = ["AsyncSpeechAudio", "Audio", "Speech", "SpeechAudio", "Transcriptions", "Voices"]

_WHERE = {
    "AsyncSpeechAudio": "_speech",
    "Audio": "_resource",
    "Speech": "_speech",
    "SpeechAudio": "_speech",
    "Transcriptions": "_resource",
    "Voices": "_voices",
}


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        import importlib

        return getattr(importlib.import_module(f"mistralai.audio.{_WHERE[name]}"), name)
    raise AttributeError(f"module 'mistralai.audio' has no attribute {name!r}")
