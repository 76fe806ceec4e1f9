"""``from mistralai.gcp.client import MistralGCP``, as in the official SDK 2.x and later.

The constructor takes the official arguments: ``project_id`` (found by
``google.auth.default()`` when None), ``region`` (default ``europe-west4``),
``access_token`` (a fixed token instead of google-auth), ``server``, ``server_url``,
``url_params``, ``client``, ``async_client``, ``retry_config``, ``timeout_ms`` and
``debug_logger``.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from mistralai.errors import ConfigurationError
from mistralai.gcp._client import GoogleCloudClient, template_url
from mistralai.gcp._plugin import DEFAULT_REGION, VertexAI

if TYPE_CHECKING:
    import httpx

    from mistralai.utils import RetryConfig


class MistralGCP(GoogleCloudClient):
    """A client for Mistral's models on Vertex AI (official 2.x+ arguments).

    ``server`` (a named server) has no meaning for Vertex AI: pass ``region`` or
    ``server_url``.

    >>> client = MistralGCP(project_id="my-project", region="us-central1")  # doctest: +SKIP
    >>> client.chat.complete(model="mistral-small-2503", messages=messages)  # doctest: +SKIP
    """

    def __init__(
        self,
        project_id: str | None = None,
        region: str = DEFAULT_REGION,
        access_token: str | None = None,
        server: str | None = None,
        server_url: str | None = None,
        url_params: dict[str, str] | None = None,
        client: httpx.Client | None = None,
        async_client: httpx.AsyncClient | None = None,
        retry_config: RetryConfig | None = None,
        timeout_ms: int | None = None,
        debug_logger: logging.Logger | None = None,
    ) -> None:
        if server is not None and not server_url:
            raise ConfigurationError(
                f"the named server {server!r} is not a Vertex AI endpoint; pass region=... "
                "(or server_url=...)"
            )
        super().__init__(
            VertexAI(
                project_id,
                region,
                access_token=access_token,
                server_url=template_url(server_url, url_params) if server_url else None,
            ),
            client=client,
            async_client=async_client,
            retry_config=retry_config,
            timeout_ms=timeout_ms,
            debug_logger=debug_logger,
        )


__all__ = ["MistralGCP"]
