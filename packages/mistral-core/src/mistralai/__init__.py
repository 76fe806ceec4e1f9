"""The Mistral AI Python SDK.

``mistralai`` is one import package spread over several distributions: ``mistral-core``
provides this module, and each API area (``mistral-chat``, ``mistral-files``...) adds its
own subpackage and mounts itself on :class:`Mistral` through a plugin entry point.
Importing it fails with an ``ImportError`` if the official ``mistralai`` distribution, whose
files collide with these, is installed in the same environment.

>>> from mistralai import Mistral
>>> client = Mistral(api_key="...")  # doctest: +SKIP
"""

from pkgutil import extend_path

__path__ = extend_path(__path__, __name__)

from mistralai._conflicts import refuse_official_sdk

# before anything else of the package is imported: with the official SDK's files mixed in,
# what those imports would load is not certain to be ours
refuse_official_sdk(__path__)

from mistralai._client import Mistral  # noqa: E402
from mistralai._version import __version__  # noqa: E402
from mistralai.hookspecs import HookContext, ResourceSpec, hookimpl  # noqa: E402

__all__ = ["HookContext", "Mistral", "ResourceSpec", "__version__", "hookimpl"]
