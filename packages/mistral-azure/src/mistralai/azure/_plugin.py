"""The Azure AI plugin: where each call goes, how it authenticates, what is refused.

Azure serves the Mistral models of a deployment under its own paths. :class:`AzureAI`
configures one client (``mistral_client_init``: the endpoint, the key or token source) and
wraps each call (``mistral_wrap_call``): it moves the request to the Azure path of its
operation, refuses an operation Azure does not serve before anything is sent, and, with
Microsoft Entra ID, sends a call answered 401 once more with a new token.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Generator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import mistralai
from mistralai.azure._entra import DEFAULT_SCOPE, EntraTokens, TokenCredential, default_credential
from mistralai.azure._errors import NotServedByAzureError
from mistralai.errors import ConfigurationError

if TYPE_CHECKING:
    import httpx

    from mistralai import HookContext
    from mistralai._config import ClientConfig

CHAT = "chat_completion_v1_chat_completions_post"
OCR = "ocr_v1_ocr_post"
FOUNDRY_API_VERSION = "2024-05-01-preview"
"""The ``api-version`` Foundry's model inference endpoint gets unless told otherwise."""


@dataclass(frozen=True)
class Layout:
    """The paths of one kind of Azure endpoint, by operation, under the endpoint's root."""

    name: str
    paths: Mapping[str, str]
    api_version: str | None


SERVERLESS = Layout(
    "serverless deployment", {CHAT: "/v1/chat/completions", OCR: "/v1/ocr"}, api_version=None
)
"""``https://<deployment>.<region>.models.ai.azure.com``: Mistral's own paths under ``/v1``."""

FOUNDRY = Layout(
    "Foundry model inference",
    {CHAT: "/models/chat/completions", OCR: "/providers/mistral/azure/ocr"},
    api_version=FOUNDRY_API_VERSION,
)
"""``https://<resource>.services.ai.azure.com/models``: the model inference API, versioned."""


def split_endpoint(endpoint: str) -> tuple[str, Layout]:
    """The root URL every path goes under, and the layout, of an endpoint as Azure shows it.

    >>> split_endpoint("https://res.services.ai.azure.com/models")[0]
    'https://res.services.ai.azure.com'
    >>> split_endpoint("https://m.eastus2.models.ai.azure.com/v1/")[1].name
    'serverless deployment'
    """
    if not isinstance(endpoint, str) or not endpoint.strip():
        raise ConfigurationError(
            "no Azure endpoint: pass the deployment's endpoint as the Azure portal shows it, "
            "e.g. https://<resource>.services.ai.azure.com/models or "
            "https://<deployment>.<region>.models.ai.azure.com"
        )
    root = endpoint.strip().rstrip("/")
    parts = urlsplit(root)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ConfigurationError(
            "the Azure endpoint must be an https:// URL such as "
            "https://<resource>.services.ai.azure.com/models"
        )
    if parts.path.endswith("/models"):
        return root[: -len("/models")], FOUNDRY
    if parts.path.endswith("/v1"):
        root = root[: -len("/v1")]
    return root, SERVERLESS


class AzureAI:
    """Points one client at a Mistral deployment on Azure AI Foundry.

    ``endpoint`` is the deployment's endpoint as the Azure portal shows it:

    - Foundry's model inference endpoint, ``https://<resource>.services.ai.azure.com/models``:
      chat goes to ``/models/chat/completions`` and OCR to ``/providers/mistral/azure/ocr``,
      with ``?api-version=2024-05-01-preview`` (or ``api_version``); ``model`` is the
      deployment's name;
    - a serverless deployment, ``https://<deployment>.<region>.models.ai.azure.com``: chat
      goes to ``/v1/chat/completions`` and OCR to ``/v1/ocr`` (``api-version`` only if given);
      the endpoint serves one model, whatever ``model`` says.

    Authentication, sent as ``Authorization: Bearer ...`` as the official client does:
    ``api_key``, the deployment's key (a string, or a function returning one, called for each
    call); else ``credential``, an azure-identity credential whose Microsoft Entra ID tokens
    (for ``scope``) are renewed ``token_leeway`` seconds before they expire and once more
    when a call is answered 401; else azure-identity's ``DefaultAzureCredential`` when it is
    installed (``pip install 'mistral-azure[entra]'``). The client's own ``api_key`` and
    ``server_url`` are replaced: a Mistral key is never sent to Azure.

    Operations other than chat completions and OCR raise
    :class:`~mistralai.azure.NotServedByAzureError` before anything is sent.

    >>> client = Mistral(plugins=[AzureAI("https://res.services.ai.azure.com/models",
    ...                                   api_key=os.environ["AZURE_API_KEY"])])  # doctest: +SKIP
    >>> client.chat.complete(model="mistral-large-2411", messages=messages)  # doctest: +SKIP
    """

    def __init__(
        self,
        endpoint: str,
        *,
        api_key: str | Callable[[], str] | None = None,
        credential: TokenCredential | None = None,
        api_version: str | None = None,
        scope: str = DEFAULT_SCOPE,
        token_leeway: float = 300.0,
    ) -> None:
        self.root, self.layout = split_endpoint(endpoint)
        # the clients this plugin set up: a plugin registered on a client afterwards must
        # not send that client's own key to Azure
        self._configured: weakref.WeakSet[ClientConfig] = weakref.WeakSet()
        self.api_version = api_version or self.layout.api_version
        self._api_key = api_key or None
        if self._api_key is not None and credential is not None:
            raise ConfigurationError(
                "pass either the deployment's key (api_key) or an Entra ID credential, not both"
            )
        self.tokens: EntraTokens | None = None
        if self._api_key is None:
            self.tokens = EntraTokens(credential or default_credential(), scope, token_leeway)

    def __repr__(self) -> str:
        auth = "api key" if self.tokens is None else f"Entra ID ({self.tokens.scope})"
        return f"AzureAI(root={self.root!r}, layout={self.layout.name!r}, auth={auth!r})"

    @mistralai.hookimpl
    def mistral_client_init(self, config: ClientConfig) -> None:
        self._configured.add(config)
        config.server_url = self.root
        config.api_key = self._api_key if self.tokens is None else self.tokens.current

    def _check_set_up(self, config: ClientConfig) -> None:
        """Refuse a client this plugin did not set up, or that another plugin redirected."""
        if config not in self._configured or config.server_url != self.root:
            raise ConfigurationError(
                "AzureAI sets up a client as it is built: pass it as "
                "Mistral(plugins=[AzureAI(...)]); registered later, or beside another cloud's "
                "plugin, it would send the client's own credentials. Nothing was sent"
            )

    @mistralai.hookimpl
    def mistral_wrap_call(
        self, request: httpx.Request, context: HookContext
    ) -> Generator[httpx.Request, httpx.Response, httpx.Response]:
        self._check_set_up(context.config)
        path = self.layout.paths.get(context.operation_id)
        if path is None:
            raise NotServedByAzureError(
                f"{context.operation_id} ({request.method} {request.url.path})"
            )
        retarget(request, context.base_url + path, self.api_version)
        response = yield request
        if response.status_code == 401 and self.tokens is not None:
            rejected = request.headers.get("authorization", "").removeprefix("Bearer ")
            request.headers["authorization"] = f"Bearer {self.tokens.after_rejection(rejected)}"
            response = yield request
        return response


AzureAI.__module__ = "mistralai.azure"


def retarget(request: httpx.Request, url: str, api_version: str | None) -> None:
    """Send ``request`` to ``url`` instead, keeping its query, with ``api-version`` if given."""
    import httpx

    target = httpx.URL(url).copy_merge_params(request.url.params)
    if api_version:
        target = target.copy_set_param("api-version", api_version)
    request.url = target
    request.headers["host"] = target.netloc.decode("ascii")
