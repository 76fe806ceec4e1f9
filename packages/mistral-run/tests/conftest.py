"""Fixtures of mistral-run's tests.

The Mistral side is the local test server of mistral-testing (fixtures ``mistral_client``,
``mistral_async_client``, ``mistral_test_server``).
"""

from __future__ import annotations

MODEL = "mistral-small-latest"
