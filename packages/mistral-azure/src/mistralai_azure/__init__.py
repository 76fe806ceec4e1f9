"""``from mistralai_azure import MistralAzure``, as in the official SDK 1.x.

Provided by the ``mistral-azure`` distribution (the official one is bundled with
``mistralai`` 1.x; the two cannot share an environment, see :class:`OfficialClientConflict`).
The constructor takes the official arguments: ``azure_api_key`` (the deployment's key, or a
function returning it), ``azure_endpoint``, ``url_params``, ``client``, ``async_client``,
``retry_config``, ``timeout_ms`` and ``debug_logger``. Request and response models are
importable from here and from ``mistralai_azure.models`` as from ``mistralai.models``.
"""

from __future__ import annotations

import os


class OfficialClientConflict(ImportError):
    """The official SDK's ``mistralai_azure`` files are mixed into this package."""


# Files that only the official generated client ships. Installed over ours, they leave a mix
# of two clients that pip does not report; two stat calls find them before anything loads.
_OFFICIAL_ONLY = ("basesdk.py", "sdkconfiguration.py")
_found = [
    name for name in _OFFICIAL_ONLY if os.path.isfile(os.path.join(os.path.dirname(__file__), name))
]
if _found:
    raise OfficialClientConflict(
        "the official Mistral SDK's mistralai_azure package (installed by `pip install "
        "mistralai` 1.x) is installed in the same place as mistral-azure's (found "
        f"{_found[0]}); the two cannot share an environment. Run `pip uninstall mistralai "
        "mistral-azure`, then `pip install mistral-azure`, or keep each SDK in its own "
        "virtual environment.",
        name="mistralai_azure",
    )

import logging  # noqa: E402
from collections.abc import Callable  # noqa: E402
from typing import TYPE_CHECKING, Any  # noqa: E402

from mistralai.azure._client import AzureClient, template_url  # noqa: E402
from mistralai.azure._plugin import AzureAI  # noqa: E402

if TYPE_CHECKING:
    import httpx

    from mistralai.utils import RetryConfig


class MistralAzure(AzureClient):
    """A client for a Mistral deployment on Azure AI (official 1.x arguments).

    ``azure_endpoint`` is the deployment's endpoint: a serverless deployment's
    ``https://<deployment>.<region>.models.ai.azure.com`` (calls go under ``/v1``, as with
    the official client), or Foundry's ``https://<resource>.services.ai.azure.com/models``.
    An empty ``azure_api_key`` means Microsoft Entra ID through azure-identity's
    ``DefaultAzureCredential``, when it is installed.

    >>> client = MistralAzure(azure_api_key=os.environ["AZURE_API_KEY"],  # doctest: +SKIP
    ...                       azure_endpoint=os.environ["AZURE_ENDPOINT"])
    >>> client.chat.complete(messages=[{"role": "user", "content": "Hello"}])  # doctest: +SKIP
    """

    def __init__(
        self,
        azure_api_key: str | Callable[[], str],
        azure_endpoint: str,
        url_params: dict[str, str] | None = None,
        client: httpx.Client | None = None,
        async_client: httpx.AsyncClient | None = None,
        retry_config: RetryConfig | None = None,
        timeout_ms: int | None = None,
        debug_logger: logging.Logger | None = None,
    ) -> None:
        super().__init__(
            AzureAI(template_url(azure_endpoint, url_params), api_key=azure_api_key),
            client=client,
            async_client=async_client,
            retry_config=retry_config,
            timeout_ms=timeout_ms,
            debug_logger=debug_logger,
        )


def __getattr__(name: str) -> Any:
    # The official package re-exports its models here: `from mistralai_azure import UserMessage`.
    import mistralai.models

    return getattr(mistralai.models, name)


__all__ = ["MistralAzure", "OfficialClientConflict"]
