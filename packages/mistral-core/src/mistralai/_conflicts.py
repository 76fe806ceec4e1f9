"""Refuse to run beside the official ``mistralai`` distribution.

The official Mistral SDK (``pip install mistralai``) installs into the same ``mistralai``
package directory as mistral-core, and pip reports no clash: its 3.x ``mistralai/client/``
package shadows our ``mistralai/client.py``, its 1.x ``__init__.py``, ``models/`` and
``utils/`` overwrite ours (or ours overwrite its). What remains is a mix of two SDKs that
fails later, far from the cause. So ``import mistralai`` looks for files that the official
SDK ships and no distribution of ours ever does, in every directory of the ``mistralai``
package: a few ``stat`` calls, no metadata scan.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable

OFFICIAL_ONLY_FILES = ("sdk.py", "async_client.py", os.path.join("client", "sdkconfiguration.py"))
"""Files of the official SDK's versions: ``client/sdkconfiguration.py`` (2.x, 3.x),
``sdk.py`` (1.x), ``async_client.py`` (0.x, 1.x). Our ``client/`` package holds aliases only
and never these generated modules."""


class OfficialSDKConflictError(ImportError):
    """The official ``mistralai`` distribution is installed in the same environment.

    What ``import mistralai`` raises then::

        mistralai._conflicts.OfficialSDKConflictError: the official `mistralai` package ...
    """

    def __init__(self, found: str) -> None:
        super().__init__(
            "the official `mistralai` package is installed in the same environment as "
            "mistral-core, and its files collide with mistral-core's in the `mistralai` "
            f"package (found {found}); the two SDKs cannot share an environment. Run "
            "`pip uninstall mistralai`, then `pip install --force-reinstall --no-deps "
            "mistral-core` to restore the files it overwrote, or install each SDK in its own "
            "virtual environment.",
            name="mistralai",
        )
        self.found = found


def official_sdk_files(package_dirs: Iterable[str]) -> list[str]:
    """The official SDK's files found in the given ``mistralai`` package directories.

    >>> import mistralai
    >>> official_sdk_files(mistralai.__path__)
    []
    """
    return [
        os.path.join(directory, name)
        for directory in package_dirs
        for name in OFFICIAL_ONLY_FILES
        if os.path.isfile(os.path.join(directory, name))
    ]


def refuse_official_sdk(package_dirs: Iterable[str]) -> None:
    """Raise :class:`OfficialSDKConflictError` if the official SDK's files are there."""
    found = official_sdk_files(package_dirs)
    if found:
        raise OfficialSDKConflictError(found[0])
