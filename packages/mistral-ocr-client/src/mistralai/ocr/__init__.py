"""Optical character recognition: ``client.ocr.process`` and ``process_async``.

Installed with ``pip install mistral-ocr-client``; mounted on every :class:`mistralai.Mistral`
client as ``client.ocr``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mistralai.ocr._resource import Ocr

__all__ = ["Ocr"]


def __getattr__(name: str) -> Any:
    if name == "Ocr":
        from mistralai.ocr._resource import Ocr

        return Ocr
    raise AttributeError(f"module 'mistralai.ocr' has no attribute {name!r}")
