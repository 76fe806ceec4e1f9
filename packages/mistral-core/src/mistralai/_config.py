"""A client's resolved configuration."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from mistralai._retries import RetryConfig

if TYPE_CHECKING:
    import httpx

DEFAULT_SERVER_URL = "https://api.mistral.ai"
SERVERS = {"eu": DEFAULT_SERVER_URL}
"""Named servers accepted by ``Mistral(server=...)``."""

ApiKey = str | Callable[[], str]


@dataclass(eq=False)
class ClientConfig:
    """Everything a client was configured with; ``mistral_client_init`` hooks may change it.

    The API key is never shown in the repr.
    """

    server_url: str = DEFAULT_SERVER_URL
    api_key: ApiKey | None = field(default=None, repr=False)
    timeout_ms: int | None = None
    retry_config: RetryConfig = field(default_factory=RetryConfig)
    headers: dict[str, str] = field(default_factory=dict)
    client: httpx.Client | None = None
    async_client: httpx.AsyncClient | None = None
    debug_logger: logging.Logger | None = None

    def resolve_api_key(self) -> str | None:
        """The key to send now (calling a key provider if one was given)."""
        key = self.api_key
        return key() if callable(key) else key


def resolve_server_url(server: str | None, server_url: str | None) -> str:
    """Pick the base URL from ``server_url``, a named ``server``, or the default."""
    if server_url:
        return server_url.rstrip("/")
    if server is None:
        return DEFAULT_SERVER_URL
    try:
        return SERVERS[server]
    except KeyError:
        names = ", ".join(repr(name) for name in SERVERS)
        raise ValueError(f"unknown server {server!r}; known servers: {names}") from None
