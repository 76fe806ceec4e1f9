"""Files: ``client.files.upload``, ``list``, ``retrieve``, ``delete``, ``download``,
``download_to``, ``get_signed_url`` and their async twins.

Installed with ``pip install mistral-files``; mounted on every :class:`mistralai.Mistral`
client as ``client.files``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mistralai.files._download import DownloadInterruptedError
    from mistralai.files._resource import Files

__all__ = ["DownloadInterruptedError", "Files"]


def __getattr__(name: str) -> Any:
    if name == "Files":
        from mistralai.files._resource import Files

        return Files
    if name == "DownloadInterruptedError":
        from mistralai.files._download import DownloadInterruptedError

        return DownloadInterruptedError
    raise AttributeError(f"module 'mistralai.files' has no attribute {name!r}")
