"""What a request is, described once: the operation it calls and the parameters of one call.

An :class:`Operation` is a constant of an API area (method, path, what the answer is); a
:class:`Call` holds one call's parameters (path and query values, body, headers, options).
The executor (:mod:`mistralai._runtime`) takes the two and does the rest, and the resource
toolkit (:mod:`mistralai._resource`) turns a builder of calls into public methods. Nothing
here sends, parses or validates.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from typing_extensions import TypedDict

if TYPE_CHECKING:
    from mistralai._retries import RetryConfig
    from mistralai._sse import ServerSentEvent

T = TypeVar("T")

IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})


class CallOptions(TypedDict, total=False):
    """Options every operation accepts besides its own parameters.

    - ``retries``: a :class:`~mistralai.utils.RetryConfig` for this call only.
    - ``server_url``: send this call to another server.
    - ``timeout_ms``: this call's timeout in milliseconds (each attempt, whole).
    - ``http_headers``: extra headers for this call.
    - ``stream_idle_timeout_ms``: for a stream, how long it may go without data before it
      fails (overrides the client's setting).
    """

    retries: RetryConfig | None
    server_url: str | None
    timeout_ms: int | None
    http_headers: Mapping[str, str] | None
    stream_idle_timeout_ms: int | None


CALL_OPTION_NAMES = frozenset(CallOptions.__annotations__)


class Operation(Generic[T]):
    """One API operation: ``method`` and ``path`` (with ``{name}`` placeholders) and its answer.

    - ``response``: the type a JSON body parses into (a pydantic model or anything pydantic
      validates); None for an empty answer. The operation's result is ``T``.
    - ``raw=True``: the result is the unread ``httpx.Response`` (downloads).
    - ``decode``: the answer is a server-sent event stream; ``decode`` turns each event
      into a ``T`` (see :func:`~mistralai.utils.model_event_decoder`).
    - ``idempotent``: whether sending it twice has no second effect; defaults by method
      (GET, PUT, DELETE... are). It decides whether a request that may have reached the
      server is re-sent after a failure.

    >>> Operation("files_api_routes_retrieve_file", "GET", "/v1/files/{file_id}")
    Operation('files_api_routes_retrieve_file', GET /v1/files/{file_id})
    """

    __slots__ = ("decode", "id", "idempotent", "method", "path", "raw", "response")

    def __init__(
        self,
        id: str,
        method: str,
        path: str,
        response: Any = None,
        *,
        raw: bool = False,
        decode: Callable[[ServerSentEvent], T] | None = None,
        idempotent: bool | None = None,
    ) -> None:
        self.id = id
        self.method = method.upper()
        self.path = path
        self.response = response
        self.raw = raw
        self.decode = decode
        self.idempotent = self.method in IDEMPOTENT_METHODS if idempotent is None else idempotent

    @property
    def streams(self) -> bool:
        """Whether the answer is a server-sent event stream."""
        return self.decode is not None

    def __repr__(self) -> str:
        return f"Operation({self.id!r}, {self.method} {self.path})"


BodyFactory = Callable[[], tuple["Iterable[bytes] | AsyncIterator[bytes] | bytes", dict[str, str]]]
"""Makes a request body (content, headers) afresh for each attempt: files, multipart.

A :class:`~mistralai.utils.MultipartUpload` is one."""


@dataclass(slots=True)
class Call:
    """The parameters of one call, for whichever operation a method pairs them with.

    ``body`` is a JSON body (model or plain data). ``content`` builds a non-JSON body for
    each attempt; ``replayable=False`` marks content that cannot be sent twice (a one-shot
    stream), so it is never retried. ``path_params`` fill the operation's path; ``query``
    values that are None or ``UNSET`` are left out, lists repeat the parameter.

    >>> Call(path_params={"file_id": "f1"}).path_params
    {'file_id': 'f1'}
    """

    path_params: Mapping[str, Any] | None = None
    query: Mapping[str, Any] | None = None
    body: Any = None
    content: BodyFactory | None = None
    replayable: bool = True
    headers: Mapping[str, str] | None = None
    options: CallOptions = field(default_factory=lambda: CallOptions())


__all__ = ["CALL_OPTION_NAMES", "BodyFactory", "Call", "CallOptions", "Operation"]
