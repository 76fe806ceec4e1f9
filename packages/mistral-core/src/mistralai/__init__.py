"""The Mistral AI Python SDK.

``mistralai`` is one import package spread over several distributions: ``mistral-core``
provides this module, and each API area (``mistral-chat``, ``mistral-files``...) adds its
own subpackage and mounts itself on :class:`Mistral` through a plugin entry point.
Importing it fails with an ``ImportError`` if the official ``mistralai`` distribution, whose
files collide with these, is installed in the same environment.

>>> from mistralai import Mistral
>>> client = Mistral(api_key="...")

As in the official SDK, every model is importable from here as well
(``from mistralai import UserMessage, TrainingFile``), resolved on first use through
:mod:`mistralai.models`; importing ``mistralai`` itself imports no model.
"""

import os as _os
import sys as _sys

# Each area distribution installs a ``mistralai/<area>`` directory of its own, possibly on
# another ``sys.path`` entry (editable installs): every ``mistralai`` directory on the path
# is part of this package, as ``pkgutil.extend_path`` would make it, without its import.
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

from mistralai._conflicts import refuse_official_sdk  # noqa: E402

# before anything else of the package is imported: with the official SDK's files mixed in,
# what those imports would load is not certain to be ours
refuse_official_sdk(__path__)

from typing import TYPE_CHECKING  # noqa: E402

from mistralai._client import Mistral  # noqa: E402
from mistralai._version import __version__  # noqa: E402
from mistralai.hookspecs import HookContext, ResourceSpec, hookimpl  # noqa: E402

if TYPE_CHECKING:  # type checkers see the names resolved lazily by __getattr__ below
    from mistralai._raw import RawResponse as RawResponse
    from mistralai._raw import with_raw_response as with_raw_response
    from mistralai._retries import RetryConfig as RetryConfig

VERSION = __version__
SERVER_EU = "eu"

_TOP_LEVEL = {
    "RetryConfig": ("mistralai._retries", "RetryConfig"),
    "RawResponse": ("mistralai._raw", "RawResponse"),
    "with_raw_response": ("mistralai._raw", "with_raw_response"),
    "SERVERS": ("mistralai._config", "SERVERS"),
    "UNSET": ("mistralai._sentinel", "UNSET"),
    "OptionalNullable": ("mistralai.types", "OptionalNullable"),
    "SDKConfiguration": ("mistralai.sdkconfiguration", "SDKConfiguration"),
    "HttpClient": ("httpx", "Client"),
    "AsyncHttpClient": ("httpx", "AsyncClient"),
}
"""Other names the official SDK's top level had."""


def __getattr__(name: str) -> object:
    import importlib

    if name in _TOP_LEVEL:
        module_name, attribute = _TOP_LEVEL[name]
        return getattr(importlib.import_module(module_name), attribute)
    if name[:1].isupper():
        # A model, as in ``from mistralai import UserMessage`` (the official SDK exported
        # every model here); ModelNotInstalledError names the package when it is missing.
        models = importlib.import_module("mistralai.models")
        try:
            return getattr(models, name)
        except AttributeError:
            pass
    raise AttributeError(f"module 'mistralai' has no attribute {name!r}")


__all__ = [
    "VERSION",
    "HookContext",
    "Mistral",
    "ResourceSpec",
    "SERVER_EU",
    "__version__",
    "hookimpl",
]
