"""The Mistral AI Python SDK.

``mistralai`` is one import package spread over several distributions: ``mistral-core``
provides this module, and each API area (``mistral-chat``, ``mistral-files``...) adds its
own subpackage and mounts itself on :class:`Mistral` through a plugin entry point.

>>> from mistralai import Mistral
>>> client = Mistral(api_key="...")  # doctest: +SKIP
"""

from pkgutil import extend_path

__path__ = extend_path(__path__, __name__)

from mistralai._client import Mistral
from mistralai._version import __version__
from mistralai.hookspecs import HookContext, ResourceSpec, hookimpl

__all__ = ["HookContext", "Mistral", "ResourceSpec", "__version__", "hookimpl"]
