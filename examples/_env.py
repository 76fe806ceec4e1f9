"""Shared by the examples: where to send requests.

``run_all.py`` sets ``MISTRAL_SERVER_URL`` to the embedded local server when no
``MISTRAL_API_KEY`` is set; with a real key and no URL, the examples call the real API.
"""

from __future__ import annotations

import os

from mistralai import Mistral


def client() -> Mistral:
    """A client for the real API or the local server, as the environment says."""
    return Mistral(
        api_key=os.environ.get("MISTRAL_API_KEY"),
        server_url=os.environ.get("MISTRAL_SERVER_URL") or None,
    )


MODEL = os.environ.get("MISTRAL_EXAMPLE_MODEL", "mistral-small-latest")
