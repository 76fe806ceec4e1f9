"""Microsoft Entra ID tokens for one scope, fetched when missing or about to expire.

The credential is anything with azure-identity's ``get_token(*scopes)`` returning an object
with ``token`` and ``expires_on`` (seconds since the epoch): ``DefaultAzureCredential``,
``ManagedIdentityCredential``, ``ClientSecretCredential``... azure-identity is imported only
when no credential is given and no key either (:func:`default_credential`).
"""

from __future__ import annotations

import importlib
import threading
import time
from typing import Any, Protocol

from mistralai.azure._errors import AzureCredentialError
from mistralai.errors import ConfigurationError

DEFAULT_SCOPE = "https://cognitiveservices.azure.com/.default"
"""The scope of Azure AI Foundry's model inference endpoints."""


class AccessTokenLike(Protocol):
    """What ``get_token`` returns (``azure.core.credentials.AccessToken``)."""

    @property
    def token(self) -> str: ...

    @property
    def expires_on(self) -> int: ...


class TokenCredential(Protocol):
    """An azure-identity credential, or anything with the same ``get_token``."""

    def get_token(self, *scopes: str, **kwargs: Any) -> AccessTokenLike: ...


def default_credential() -> TokenCredential:
    """azure-identity's ``DefaultAzureCredential()``, or a :class:`ConfigurationError`."""
    try:
        identity = importlib.import_module("azure.identity")
    except ImportError:
        raise ConfigurationError(
            "no Azure credentials: pass the deployment's key (the api_key argument, "
            "azure_api_key for MistralAzure), or install azure-identity (pip install "
            "'mistral-azure[entra]') to authenticate with Microsoft Entra ID"
        ) from None
    credential: TokenCredential = identity.DefaultAzureCredential()
    return credential


class EntraTokens:
    """The current token of ``credential`` for ``scope``, renewed ``leeway`` seconds early.

    Thread-safe: one caller at a time fetches, the others wait for its token. ``get_token``
    runs on the calling thread, for async calls too; azure-identity caches tokens itself, so
    it is quick except when a new token is really needed (about once an hour).

    >>> tokens = EntraTokens(DefaultAzureCredential(), DEFAULT_SCOPE)  # doctest: +SKIP
    >>> tokens.current()  # doctest: +SKIP
    """

    def __init__(self, credential: TokenCredential, scope: str, leeway: float = 300.0) -> None:
        self.scope = scope
        self._credential = credential
        self._leeway = leeway
        self._lock = threading.Lock()
        self._token: str | None = None
        self._expires_on = 0.0

    def current(self) -> str:
        """A token valid for at least ``leeway`` more seconds (fetched if need be)."""
        with self._lock:
            if self._token is None or time.time() >= self._expires_on - self._leeway:
                self._fetch()
            assert self._token is not None
            return self._token

    def after_rejection(self, rejected: str) -> str:
        """A new token after the server refused ``rejected`` (unless another call renewed it)."""
        with self._lock:
            if self._token is None or self._token == rejected:
                self._fetch()
            assert self._token is not None
            return self._token

    def _fetch(self) -> None:
        try:
            access = self._credential.get_token(self.scope)
        except Exception as exc:
            detail = str(exc).splitlines()[0][:200] if str(exc) else ""
            raise AzureCredentialError(
                f"could not get a Microsoft Entra ID token for {self.scope}: "
                f"{type(exc).__name__}" + (f": {detail}" if detail else "")
            ) from exc
        self._token, self._expires_on = access.token, float(access.expires_on)
