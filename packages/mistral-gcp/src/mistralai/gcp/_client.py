"""What the official clients' Vertex AI classes share: a ``Mistral`` bound to Vertex AI.

The official ``MistralGoogleCloud`` (1.x) and ``MistralGCP`` (2.x and later) take their
arguments in different orders; each lives where the official one does, turns its arguments
into a :class:`~mistralai.gcp.VertexAI` plugin and hands it to :class:`GoogleCloudClient`.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from mistralai import Mistral
from mistralai.gcp._errors import NotServedByVertexAIError

if TYPE_CHECKING:
    import httpx

    from mistralai.gcp._plugin import VertexAI
    from mistralai.utils import RetryConfig

SERVED_AREAS = frozenset({"chat", "fim"})


class GoogleCloudClient(Mistral):
    """A ``Mistral`` client bound to Vertex AI, shaped like the official client.

    Only the areas Vertex AI serves are there: ``client.chat`` and ``client.fim``. Any other
    area raises :class:`~mistralai.gcp.NotServedByVertexAIError`, an ``AttributeError``,
    on access.
    """

    def __init__(
        self,
        plugin: VertexAI,
        *,
        client: httpx.Client | None,
        async_client: httpx.AsyncClient | None,
        retry_config: RetryConfig | None,
        timeout_ms: int | None,
        debug_logger: logging.Logger | None,
    ) -> None:
        self._vertex = plugin
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
            raise NotServedByVertexAIError(f"client.{name}")
        return super().__getattr__(name)

    def __dir__(self) -> list[str]:
        own = set(dir(type(self))) | set(vars(self))
        return sorted(n for n in super().__dir__() if n in own or n in SERVED_AREAS)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self._vertex!r}>"


def template_url(url: str, params: dict[str, str] | None) -> str:
    """``url`` with each ``{name}`` replaced by ``params[name]``, as the official clients do.

    >>> template_url("https://{region}-aiplatform.googleapis.com", {"region": "us-east5"})
    'https://us-east5-aiplatform.googleapis.com'
    """
    for name, value in (params or {}).items():
        url = url.replace("{" + name + "}", value)
    return url
