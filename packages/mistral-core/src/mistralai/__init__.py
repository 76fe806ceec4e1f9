"""The Mistral AI Python SDK.

``mistralai`` is one import package spread over several distributions: ``mistral-core``
provides this module, and each API area (``mistral-chat``, ``mistral-files``...) adds its
own subpackage and mounts itself on :class:`Mistral` through a plugin entry point.

>>> from mistralai import Mistral
>>> client = Mistral(api_key="...")  # doctest: +SKIP
"""

import os as _os
import sys as _sys

from mistralai._client import Mistral
from mistralai._version import __version__
from mistralai.hookspecs import HookContext, ResourceSpec, hookimpl

# Each area distribution installs a ``mistralai/<area>`` directory of its own, possibly on
# another ``sys.path`` entry (editable installs): every ``mistralai`` directory on the path
# is part of this package, as ``pkgutil.extend_path`` would make it, without its import.
# (Nothing above imports an area.)
__path__ = [
    *__path__,
    *(
        portion
        for entry in _sys.path
        if isinstance(entry, str)
        and _os.path.isdir(portion := _os.path.join(entry or ".", __name__))
        and portion not in __path__
    ),
]
del _os, _sys

__all__ = ["HookContext", "Mistral", "ResourceSpec", "__version__", "hookimpl"]
