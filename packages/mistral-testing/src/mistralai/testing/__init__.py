"""A local, Mistral-compatible API server for tests, examples and benchmarks.

>>> from mistralai.testing import MistralTestServer, Fault
>>> with MistralTestServer() as server:
...     server.faults.add(Fault.status(503), times=1)
...     client = Mistral(api_key="test", server_url=server.url)

Installed with mistral-testing, whose pytest plugin provides the fixtures
``mistral_server`` (session), ``mistral_test_server`` (reset per test), ``mistral_client``
and ``mistral_async_client``.
"""

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
from mistralai.testing._server import MistralTestServer, RecordedRequest
from mistralai.testing._sse import ServerSentEvent
from mistralai.testing._state import ServerState
from mistralai.testing.fakes.batch import BatchEngine

__all__ = [
    "BatchEngine",
    "EventStreamResponse",
    "Fault",
    "FaultBook",
    "JSONResponse",
    "MistralTestServer",
    "Part",
    "RawResponse",
    "RecordedRequest",
    "Request",
    "Response",
    "Router",
    "ServerSentEvent",
    "ServerState",
    "parse_form",
    "parse_multipart",
]
