"""What the official clients' ``MistralAzure`` classes share: a ``Mistral`` bound to Azure.

The two official versions of ``MistralAzure`` take different constructor arguments (1.x:
``azure_api_key``, ``azure_endpoint``; 2.x and later: ``api_key``, ``server_url``,
``api_version``); each lives where the official one does, turns its arguments into an
:class:`~mistralai.azure.AzureAI` plugin and hands it to :class:`AzureClient`.
"""

from __future__ import annotations

import contextlib
import functools
import inspect
import logging
from typing import TYPE_CHECKING, Any

from mistralai import Mistral
from mistralai.azure._errors import NotServedByAzureError

if TYPE_CHECKING:
    import httpx

    from mistralai.azure._plugin import AzureAI
    from mistralai.utils import RetryConfig

SERVED_AREAS = frozenset({"chat", "ocr"})
DEFAULT_MODEL = "azureai"
"""The model the official clients send when the caller names none: a serverless deployment
serves one model and ignores the name."""


class AzureClient(Mistral):
    """A ``Mistral`` client bound to one Azure deployment, shaped like the official client.

    Only the areas Azure serves are there: ``client.chat`` (whose methods take
    ``model="azureai"`` when no model is given, as the official client's do) and
    ``client.ocr``. Any other area raises :class:`~mistralai.azure.NotServedByAzureError`,
    an ``AttributeError``, on access.
    """

    def __init__(
        self,
        plugin: AzureAI,
        *,
        client: httpx.Client | None,
        async_client: httpx.AsyncClient | None,
        retry_config: RetryConfig | None,
        timeout_ms: int | None,
        debug_logger: logging.Logger | None,
    ) -> None:
        self._azure = plugin
        super().__init__(
            client=client,
            async_client=async_client,
            retry_config=retry_config,
            timeout_ms=timeout_ms,
            debug_logger=debug_logger,
            plugins=[plugin],
        )

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        if name not in SERVED_AREAS:
            raise NotServedByAzureError(f"client.{name}")
        value = super().__getattr__(name)
        if name == "chat":
            value = ModelDefault(value, DEFAULT_MODEL)
            setattr(self, name, value)
        return value

    def __dir__(self) -> list[str]:
        own = set(dir(type(self))) | set(vars(self))
        return sorted(n for n in super().__dir__() if n in own or n in SERVED_AREAS)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self._azure!r}>"


class ModelDefault:
    """An area whose methods send ``model=<default>`` when the caller gives none.

    >>> chat = ModelDefault(client.chat, "azureai")
    >>> chat.complete(messages=[{"role": "user", "content": "Hi"}])
    """

    def __init__(self, resource: object, model: str) -> None:
        self._resource = resource
        self._model = model

    def __getattr__(self, name: str) -> Any:
        value = getattr(self._resource, name)
        if name.startswith("_") or not callable(value):
            return value
        method = _with_model(value, self._model)
        setattr(self, name, method)
        return method

    def __dir__(self) -> list[str]:
        return dir(self._resource)

    def __repr__(self) -> str:
        return f"<{type(self._resource).__qualname__}, model={self._model!r} by default>"


def _with_model(method: Any, model: str) -> Any:
    @functools.wraps(method)
    def call(*args: Any, **kwargs: Any) -> Any:
        kwargs.setdefault("model", model)
        return method(*args, **kwargs)

    signature = inspect.signature(method)
    if "model" in signature.parameters:
        parameters = [
            p.replace(default=model) if p.name == "model" else p
            for p in signature.parameters.values()
        ]
        # a positional ``model`` before required parameters cannot take a default
        with contextlib.suppress(ValueError):
            call.__signature__ = signature.replace(parameters=parameters)  # type: ignore[attr-defined]
    return call


def template_url(url: str, params: dict[str, str] | None) -> str:
    """``url`` with each ``{name}`` replaced by ``params[name]``, as the official clients do.

    >>> template_url("https://{resource}.services.ai.azure.com", {"resource": "acme"})
    'https://acme.services.ai.azure.com'
    """
    for name, value in (params or {}).items():
        url = url.replace("{" + name + "}", value)
    return url
