"""``client.sdk_configuration``, as the official SDK has it, for code that reads or swaps it.

Libraries built on the official SDK reach into it: pydantic-ai reads the server URL with
``client.sdk_configuration.get_server_details()`` and, when it replaces the HTTP client it
created (after an event loop closed), assigns ``client.sdk_configuration.async_client``.

Here it is a live view of the client's :class:`~mistralai._config.ClientConfig` (what
``client.config`` returns): reading gives the client's current settings, and assigning
``client`` or ``async_client`` makes the client send its next requests with that HTTP
client (an httpx one, or any with ``build_request`` and ``send``, such as httpx2's). The
HTTP client it replaces is not closed: whoever created it closes it. Other settings are
read-only; configure them on ``Mistral(...)``.

>>> client = Mistral(api_key="...", server_url="http://127.0.0.1:8080")
>>> client.sdk_configuration.get_server_details()
('http://127.0.0.1:8080', {})
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mistralai._client import Mistral
    from mistralai._retries import RetryConfig


class SDKConfiguration:
    """A client's configuration under the official names (see the module docstring)."""

    __slots__ = ("_client",)

    def __init__(self, client: Mistral) -> None:
        self._client = client

    def get_server_details(self) -> tuple[str, dict[str, str]]:
        """The base URL the client sends to, and the URL parameters (already filled in)."""
        return self._client.config.server_url, {}

    @property
    def server_url(self) -> str:
        return self._client.config.server_url

    @property
    def server(self) -> str | None:
        """A named server is resolved when the client is made; the URL is ``server_url``."""
        return None

    @property
    def retry_config(self) -> RetryConfig:
        return self._client.config.retry_config

    @property
    def timeout_ms(self) -> int | None:
        return self._client.config.timeout_ms

    @property
    def debug_logger(self) -> logging.Logger | None:
        return self._client.config.debug_logger

    @property
    def client(self) -> Any:
        """The blocking HTTP client given to the client (None: the SDK makes its own)."""
        from mistralai._foreign_http import given_client

        return given_client(self._client.config.client)

    @client.setter
    def client(self, value: Any) -> None:
        self._client._use_http_client(value, asynchronous=False)

    @property
    def async_client(self) -> Any:
        """The async HTTP client given to the client (None: the SDK makes its own)."""
        from mistralai._foreign_http import given_client

        return given_client(self._client.config.async_client)

    @async_client.setter
    def async_client(self, value: Any) -> None:
        self._client._use_http_client(value, asynchronous=True)

    @property
    def client_supplied(self) -> bool:
        return self._client.config.client is not None

    @property
    def async_client_supplied(self) -> bool:
        return self._client.config.async_client is not None

    @property
    def user_agent(self) -> str:
        return self._client._runtime.user_agent()

    def __repr__(self) -> str:
        return f"SDKConfiguration(server_url={self.server_url!r})"


__all__ = ["SDKConfiguration"]
