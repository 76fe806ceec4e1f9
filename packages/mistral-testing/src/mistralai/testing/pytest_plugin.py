"""pytest fixtures: a local Mistral server and clients bound to it.

- ``mistral_server``: one server for the whole session.
- ``mistral_test_server``: the same server, reset (state, recorded requests, faults) for
  each test.
- ``mistral_client`` / ``mistral_async_client``: a ``Mistral`` client bound to it, closed
  after the test.
- ``mistral_wire_body``: the last request's JSON body, checked against a schema of the spec.
- ``mistral_spec_example``: an example answer the spec documents.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator
from typing import TYPE_CHECKING, Any

import pytest

from mistralai.testing._server import MistralTestServer
from mistralai.testing._validation import schema_problems, spec

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


@pytest.fixture
def mistral_wire_body(mistral_test_server: MistralTestServer) -> Callable[[str], Any]:
    """``mistral_wire_body("EmbeddingRequest")``: the last request's JSON body, after checking
    it against ``#/components/schemas/EmbeddingRequest`` of Mistral's spec."""

    def check(schema: str) -> Any:
        body = mistral_test_server.requests[-1].json()
        problems = schema_problems(schema, body)
        assert not problems, f"{body} is not a valid {schema}: {problems}"
        return body

    return check


@pytest.fixture
def mistral_spec_example() -> Callable[[str, str], Any]:
    """``mistral_spec_example("/v1/embeddings", "post")``: the 200 example the spec documents."""

    def example(path: str, method: str) -> Any:
        content = spec()["paths"][path][method]["responses"]["200"]["content"]
        return content["application/json"]["examples"]["userExample"]["value"]

    return example
