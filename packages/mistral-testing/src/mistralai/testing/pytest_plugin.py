"""pytest fixtures: a local Mistral server and clients bound to it.

- ``mistral_server``: one server for the whole session.
- ``mistral_test_server``: the same server, reset (state, recorded requests, faults) for
  each test.
- ``mistral_client`` / ``mistral_async_client``: a ``Mistral`` client bound to it, closed
  after the test.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import TYPE_CHECKING

import pytest

from mistralai.testing._server import MistralTestServer

if TYPE_CHECKING:
    from mistralai import Mistral

TEST_API_KEY = "test-api-key"


@pytest.fixture(scope="session")
def mistral_server() -> Iterator[MistralTestServer]:
    """A running local server, shared by the session."""
    with MistralTestServer() as server:
        yield server


@pytest.fixture
def mistral_test_server(mistral_server: MistralTestServer) -> MistralTestServer:
    """The session's server, reset for this test."""
    mistral_server.reset()
    return mistral_server


@pytest.fixture
def mistral_client(mistral_test_server: MistralTestServer) -> Iterator[Mistral]:
    """A client bound to the local server."""
    from mistralai import Mistral

    with Mistral(api_key=TEST_API_KEY, server_url=mistral_test_server.url) as client:
        yield client


@pytest.fixture
async def mistral_async_client(mistral_test_server: MistralTestServer) -> AsyncIterator[Mistral]:
    """A client bound to the local server, for async tests; closed with ``aclose``."""
    from mistralai import Mistral

    async with Mistral(api_key=TEST_API_KEY, server_url=mistral_test_server.url) as client:
        yield client
