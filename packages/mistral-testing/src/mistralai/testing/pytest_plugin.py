"""pytest fixtures: a local Mistral server and clients bound to it.

- ``mistral_server``: one server for the whole session, listening on 127.0.0.1.
- ``mistral_test_server``: the same server, reset (state, recorded requests, faults) for
  each test.
- ``mistral_client`` / ``mistral_async_client``: a ``Mistral`` client bound to it, closed
  after the test. The async one works under pytest-asyncio (strict or auto mode) and under
  anyio's pytest plugin (``@pytest.mark.anyio``).
- ``mistral_inprocess_server`` / ``mistral_transport`` / ``mistral_inprocess_client``: the
  same server answering in the test's own thread through an httpx transport (no socket).
- ``mistral_check_responses``: whether the fakes' answers are checked against the spec
  (the ``mistral_check_responses`` ini option; override the fixture in a conftest).
- ``mistral_wire_body``: the last request's JSON body, checked against a schema of the spec.
- ``mistral_spec_example``: an example answer the spec documents.

This module loads in every pytest run of an environment where mistral-testing is
installed, so it imports nothing heavy: the server (and jsonschema, yaml, the spec) load
when a fixture first needs them.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    import httpx

    from mistralai import Mistral
    from mistralai.testing._server import MistralTestServer
    from mistralai.testing._transport import MistralTestTransport

TEST_API_KEY = "test-api-key"
CHECK_RESPONSES_INI = "mistral_check_responses"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addini(
        CHECK_RESPONSES_INI,
        "check every answer of mistral-testing's fakes against Mistral's OpenAPI spec",
        type="bool",
        default=False,
    )


@pytest.fixture(scope="session")
def mistral_check_responses(pytestconfig: pytest.Config) -> bool:
    """Whether the servers of the fixtures check their answers against the spec: the
    ``mistral_check_responses`` ini option, unless a conftest overrides this fixture."""
    return bool(pytestconfig.getini(CHECK_RESPONSES_INI))


@pytest.fixture(scope="session")
def _mistral_session_server() -> MistralTestServer:
    """The session's server object, not started: the socket fixtures start it, the
    in-process ones use it as it is."""
    from mistralai.testing._server import MistralTestServer

    return MistralTestServer()


@pytest.fixture(scope="session")
def mistral_server(_mistral_session_server: MistralTestServer) -> Iterator[MistralTestServer]:
    """A running local server, shared by the session."""
    with _mistral_session_server.start() as server:
        yield server


def _fresh(server: MistralTestServer, check_responses: bool) -> Iterator[MistralTestServer]:
    server.reset()
    server.check_responses = check_responses
    yield server
    server.raise_response_problems()


@pytest.fixture
def mistral_test_server(
    mistral_server: MistralTestServer, mistral_check_responses: bool
) -> Iterator[MistralTestServer]:
    """The session's server, reset for this test; after it, raises
    :class:`~mistralai.testing.ResponseCheckError` if a fake answered against the spec."""
    yield from _fresh(mistral_server, mistral_check_responses)


@pytest.fixture
def mistral_inprocess_server(
    _mistral_session_server: MistralTestServer, mistral_check_responses: bool
) -> Iterator[MistralTestServer]:
    """The session's server object, reset for this test, for in-process use: it is not
    started for this (the socket fixtures do that when a test asks for them)."""
    yield from _fresh(_mistral_session_server, mistral_check_responses)


@pytest.fixture
def mistral_transport(mistral_inprocess_server: MistralTestServer) -> MistralTestTransport:
    """An httpx transport (sync and async) answering from the reset server, in-process."""
    from mistralai.testing._transport import MistralTestTransport

    return MistralTestTransport(mistral_inprocess_server)


@pytest.fixture
def mistral_inprocess_client(mistral_transport: MistralTestTransport) -> Iterator[Mistral]:
    """A client whose sync and async calls go through :func:`mistral_transport`: no socket,
    no thread; it works in sync tests and in async ones under any plugin."""
    import httpx

    from mistralai import Mistral
    from mistralai.testing._transport import INPROCESS_URL

    with httpx.Client(transport=mistral_transport) as http:
        async_http = httpx.AsyncClient(transport=mistral_transport)
        with Mistral(
            api_key=TEST_API_KEY, server_url=INPROCESS_URL, client=http, async_client=async_http
        ) as client:
            yield client
        _close_quietly(async_http)


def _close_quietly(client: httpx.AsyncClient) -> None:
    """An AsyncClient over the in-process transport holds no connection: mark it closed
    without an event loop."""
    from httpx._client import ClientState

    client._state = ClientState.CLOSED


@pytest.fixture
def mistral_client(mistral_test_server: MistralTestServer) -> Iterator[Mistral]:
    """A client bound to the local server."""
    from mistralai import Mistral

    with Mistral(api_key=TEST_API_KEY, server_url=mistral_test_server.url) as client:
        yield client


@pytest.fixture
def mistral_async_client(
    request: pytest.FixtureRequest, mistral_test_server: MistralTestServer
) -> Mistral:
    """A client bound to the local server, for async tests; closed with ``aclose`` in the
    test's event loop. A plain fixture that hands over to an async one run by the plugin
    that runs the test: anyio's for an ``anyio`` test, else pytest-asyncio's (which needs
    ``pytest_asyncio.fixture`` in its default strict mode)."""
    uses_anyio = "anyio_backend" in request.fixturenames
    name = "_mistral_anyio_async_client" if uses_anyio else "_mistral_asyncio_async_client"
    client: Mistral = request.getfixturevalue(name)
    return client


async def _async_client(mistral_test_server: MistralTestServer) -> AsyncIterator[Mistral]:
    from mistralai import Mistral

    async with Mistral(api_key=TEST_API_KEY, server_url=mistral_test_server.url) as client:
        yield client


_mistral_anyio_async_client = pytest.fixture(name="_mistral_anyio_async_client")(_async_client)
_mistral_asyncio_async_client: Any
try:
    import pytest_asyncio
except ImportError:  # pragma: no cover - without pytest-asyncio, anyio or another plugin runs it
    _mistral_asyncio_async_client = pytest.fixture(name="_mistral_asyncio_async_client")(
        _async_client
    )
else:
    _mistral_asyncio_async_client = pytest_asyncio.fixture(name="_mistral_asyncio_async_client")(
        _async_client
    )


@pytest.fixture
def mistral_wire_body(mistral_test_server: MistralTestServer) -> Callable[[str], Any]:
    """``mistral_wire_body("EmbeddingRequest")``: the last request's JSON body, after checking
    it against ``#/components/schemas/EmbeddingRequest`` of Mistral's spec."""
    from mistralai.testing._validation import schema_problems

    def check(schema: str) -> Any:
        body = mistral_test_server.requests[-1].json()
        problems = schema_problems(schema, body)
        assert not problems, f"{body} is not a valid {schema}: {problems}"
        return body

    return check


@pytest.fixture
def mistral_spec_example() -> Callable[[str, str], Any]:
    """``mistral_spec_example("/v1/embeddings", "post")``: the 200 example the spec documents."""
    from mistralai.testing._validation import spec

    def example(path: str, method: str) -> Any:
        content = spec()["paths"][path][method]["responses"]["200"]["content"]
        return content["application/json"]["examples"]["userExample"]["value"]

    return example
