"""``from mistralai_gcp import MistralGoogleCloud`` (or ``MistralGCP``), as in the official SDK.

Provided by the ``mistral-gcp`` distribution (the official one is bundled with ``mistralai``
1.x; the two cannot share an environment, see :class:`OfficialClientConflict`).
``MistralGoogleCloud`` takes the official 1.x arguments: ``region``, ``project_id``,
``access_token``, ``client``, ``async_client``, ``retry_config``, ``timeout_ms`` and
``debug_logger``; ``MistralGCP`` those of 2.x and later (see :mod:`mistralai.gcp.client`).
Request and response models are importable from here and from ``mistralai_gcp.models`` as
from ``mistralai.models``.
"""

from __future__ import annotations

import os


class OfficialClientConflict(ImportError):
    """The official SDK's ``mistralai_gcp`` files are mixed into this package."""


# Files that only the official generated client ships. Installed over ours, they leave a mix
# of two clients that pip does not report; two stat calls find them before anything loads.
_OFFICIAL_ONLY = ("basesdk.py", "sdkconfiguration.py")
_found = [
    name for name in _OFFICIAL_ONLY if os.path.isfile(os.path.join(os.path.dirname(__file__), name))
]
if _found:
    raise OfficialClientConflict(
        "the official Mistral SDK's mistralai_gcp package (installed by `pip install "
        "mistralai` 1.x) is installed in the same place as mistral-gcp's (found "
        f"{_found[0]}); the two cannot share an environment. Run `pip uninstall mistralai "
        "mistral-gcp`, then `pip install mistral-gcp`, or keep each SDK in its own "
        "virtual environment.",
        name="mistralai_gcp",
    )

import logging  # noqa: E402
from typing import TYPE_CHECKING, Any  # noqa: E402

from mistralai.gcp._client import GoogleCloudClient  # noqa: E402
from mistralai.gcp._plugin import DEFAULT_REGION, VertexAI  # noqa: E402
from mistralai.gcp.client import MistralGCP  # noqa: E402

if TYPE_CHECKING:
    import httpx

    from mistralai.utils import RetryConfig


class MistralGoogleCloud(GoogleCloudClient):
    """A client for Mistral's models on Vertex AI (official 1.x arguments).

    Without ``access_token``, credentials and, when ``project_id`` is None, the project come
    from google-auth's Application Default Credentials (``pip install
    'mistral-gcp[google-auth]'``).

    >>> client = MistralGoogleCloud(region="europe-west4", project_id="my-project")  # doctest: +SKIP
    >>> client.chat.complete(model="mistral-small-2503", messages=messages)  # doctest: +SKIP
    """

    def __init__(
        self,
        region: str = DEFAULT_REGION,
        project_id: str | None = None,
        access_token: str | None = None,
        client: httpx.Client | None = None,
        async_client: httpx.AsyncClient | None = None,
        retry_config: RetryConfig | None = None,
        timeout_ms: int | None = None,
        debug_logger: logging.Logger | None = None,
    ) -> None:
        super().__init__(
            VertexAI(project_id, region, access_token=access_token),
            client=client,
            async_client=async_client,
            retry_config=retry_config,
            timeout_ms=timeout_ms,
            debug_logger=debug_logger,
        )


def __getattr__(name: str) -> Any:
    # The official package re-exports its models here: `from mistralai_gcp import UserMessage`.
    import mistralai.models

    return getattr(mistralai.models, name)


__all__ = ["MistralGCP", "MistralGoogleCloud", "OfficialClientConflict"]
