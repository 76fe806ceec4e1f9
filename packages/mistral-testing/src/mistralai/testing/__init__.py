"""A local, Mistral-compatible API server for tests, examples and benchmarks.

>>> from mistralai.testing import MistralTestServer, Fault
>>> with MistralTestServer() as server:
...     server.faults.add(Fault.status(503), times=1)
...     client = Mistral(api_key="test", server_url=server.url)

Or in-process, through an httpx transport (no socket, no thread):

>>> import httpx
>>> from mistralai.testing import INPROCESS_URL, transport
>>> client = Mistral(api_key="test", server_url=INPROCESS_URL,
...                  client=httpx.Client(transport=transport()))
>>> client.embeddings.create(model="mistral-embed", inputs="Hi").id
'embd-000000000001'

Installed with mistral-testing, whose pytest plugin provides the fixtures
``mistral_server`` (session), ``mistral_test_server`` (reset per test), ``mistral_client``,
``mistral_async_client`` and ``mistral_inprocess_client``.

The names below load on first use: the pytest plugin imports this package in every pytest
run, and the server, its fakes and the spec validation are not needed until a test asks.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mistralai.testing._faults import Fault, FaultBook
    from mistralai.testing._multipart import Part, parse_form, parse_multipart
    from mistralai.testing._routing import (
        EventStreamResponse,
        JSONResponse,
        RawResponse,
        Request,
        Response,
        Router,
    )
    from mistralai.testing._server import MistralTestServer, RecordedRequest, ResponseCheckError
    from mistralai.testing._sse import ServerSentEvent
    from mistralai.testing._state import ServerState
    from mistralai.testing._transport import INPROCESS_URL, MistralTestTransport, transport
    from mistralai.testing.fakes.batch import BatchEngine

_WHERE = {
    "BatchEngine": "mistralai.testing.fakes.batch",
    "EventStreamResponse": "mistralai.testing._routing",
    "Fault": "mistralai.testing._faults",
    "FaultBook": "mistralai.testing._faults",
    "INPROCESS_URL": "mistralai.testing._transport",
    "JSONResponse": "mistralai.testing._routing",
    "MistralTestServer": "mistralai.testing._server",
    "MistralTestTransport": "mistralai.testing._transport",
    "Part": "mistralai.testing._multipart",
    "RawResponse": "mistralai.testing._routing",
    "RecordedRequest": "mistralai.testing._server",
    "Request": "mistralai.testing._routing",
    "Response": "mistralai.testing._routing",
    "ResponseCheckError": "mistralai.testing._server",
    "Router": "mistralai.testing._routing",
    "ServerSentEvent": "mistralai.testing._sse",
    "ServerState": "mistralai.testing._state",
    "parse_form": "mistralai.testing._multipart",
    "parse_multipart": "mistralai.testing._multipart",
    "transport": "mistralai.testing._transport",
}

__all__ = [
    "BatchEngine",
    "EventStreamResponse",
    "Fault",
    "FaultBook",
    "INPROCESS_URL",
    "JSONResponse",
    "MistralTestServer",
    "MistralTestTransport",
    "Part",
    "RawResponse",
    "RecordedRequest",
    "Request",
    "Response",
    "ResponseCheckError",
    "Router",
    "ServerSentEvent",
    "ServerState",
    "parse_form",
    "parse_multipart",
    "transport",
]


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'mistralai.testing' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_WHERE])
