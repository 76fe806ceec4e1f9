"""``from mistralai.azure.client import MistralAzure``, as in the official SDK 2.x and later.

The constructor takes the official arguments: ``api_key`` (the deployment's key, or a
function returning it), ``server_url`` (the Azure AI Foundry resource's endpoint,
``https://<resource>.services.ai.azure.com``), ``url_params``, ``client``,
``async_client``, ``retry_config``, ``timeout_ms``, ``debug_logger`` and ``api_version``.
Chat goes to ``<server_url>/models/chat/completions`` and OCR to
``<server_url>/providers/mistral/azure/ocr``, with ``?api-version=<api_version>``.

It also takes the 1.x keywords ``azure_api_key`` and ``azure_endpoint`` (llama-index's
``MistralAI(azure_endpoint=..., azure_api_key=...)`` builds this class with them), meaning
what they mean to :class:`mistralai_azure.MistralAzure`: the endpoint as the Azure portal
shows it, a serverless deployment's (calls go under ``/v1``) or Foundry's ``.../models``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from mistralai.azure._client import AzureClient, template_url
from mistralai.azure._plugin import FOUNDRY_API_VERSION, AzureAI
from mistralai.errors import ConfigurationError

if TYPE_CHECKING:
    import httpx

    from mistralai.utils import RetryConfig


class MistralAzure(AzureClient):
    """A client for a Mistral deployment on Azure AI Foundry (official 2.x+ arguments).

    ``server`` (a named server) has no meaning for Azure and is only accepted beside
    ``server_url``.

    >>> client = MistralAzure(api_key=os.environ["AZURE_API_KEY"],  # doctest: +SKIP
    ...                       server_url="https://acme.services.ai.azure.com")
    >>> client.chat.complete(model="mistral-large-2411", messages=messages)  # doctest: +SKIP
    """

    def __init__(
        self,
        api_key: str | Callable[[], str] | None = None,
        server: str | None = None,
        server_url: str | None = None,
        url_params: dict[str, str] | None = None,
        client: httpx.Client | None = None,
        async_client: httpx.AsyncClient | None = None,
        retry_config: RetryConfig | None = None,
        timeout_ms: int | None = None,
        debug_logger: logging.Logger | None = None,
        api_version: str = FOUNDRY_API_VERSION,
        *,
        azure_api_key: str | Callable[[], str] | None = None,
        azure_endpoint: str | None = None,
    ) -> None:
        if api_key is not None and azure_api_key is not None:
            raise ConfigurationError("pass the key once: api_key or azure_api_key, not both")
        key = api_key if api_key is not None else azure_api_key
        if azure_endpoint is not None:
            if server_url:
                raise ConfigurationError(
                    "pass the endpoint once: server_url (the Foundry resource) or "
                    "azure_endpoint (the deployment's endpoint), not both"
                )
            super().__init__(
                AzureAI(template_url(azure_endpoint, url_params), api_key=key),
                client=client,
                async_client=async_client,
                retry_config=retry_config,
                timeout_ms=timeout_ms,
                debug_logger=debug_logger,
            )
            return
        if key is None:
            raise ConfigurationError(
                "MistralAzure needs api_key: the key of your Azure AI Foundry deployment"
            )
        if not server_url:
            raise ConfigurationError(
                "MistralAzure needs server_url: your Azure AI Foundry endpoint, "
                "https://<resource>.services.ai.azure.com"
                + (f" (the named server {server!r} is not an Azure endpoint)" if server else "")
            )
        endpoint = template_url(server_url, url_params).strip().rstrip("/")
        if not endpoint.endswith("/models"):
            endpoint += "/models"
        super().__init__(
            AzureAI(endpoint, api_key=key, api_version=api_version),
            client=client,
            async_client=async_client,
            retry_config=retry_config,
            timeout_ms=timeout_ms,
            debug_logger=debug_logger,
        )


__all__ = ["MistralAzure"]
