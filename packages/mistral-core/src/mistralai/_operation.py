"""How an API area describes an operation, once, for both the sync and the async executor.

An area writes one *builder* per operation: a method whose signature is the public API and
which returns a :class:`Call` (or :class:`StreamCall`) describing the HTTP request. The
decorators turn that builder into the sync and async methods users call::

    class Embeddings(Resource):
        def _create(self, *, model: str, inputs: str | list[str], **options: Unpack[CallOptions]):
            return Call(CREATE, body=request_body(EmbeddingRequest, locals()), options=options)

        create = sync_operation(_create)
        create_async = async_operation(_create)
"""

from __future__ import annotations

import functools
from collections.abc import AsyncIterator, Callable, Coroutine, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Concatenate, Generic, TypeVar

import pydantic
from typing_extensions import ParamSpec, TypedDict

from mistralai.errors import RequestValidationError, ResponseValidationError
from mistralai.types import UNSET

if TYPE_CHECKING:
    import httpx

    from mistralai._retries import RetryConfig
    from mistralai._runtime import ClientRuntime
    from mistralai._sse import ServerSentEvent
    from mistralai._streaming import AsyncEventStream, EventStream

T = TypeVar("T")
E = TypeVar("E")
M = TypeVar("M", bound=pydantic.BaseModel)
P = ParamSpec("P")
R = TypeVar("R", bound="Resource")


class CallOptions(TypedDict, total=False):
    """Options every operation accepts besides its own parameters.

    - ``retries``: a :class:`~mistralai.utils.RetryConfig` for this call only.
    - ``server_url``: send this call to another server.
    - ``timeout_ms``: this call's timeout in milliseconds.
    - ``http_headers``: extra headers for this call.
    - ``stream_idle_timeout_ms``: for a stream, how long it may go without data before it
      fails (overrides the client's setting).
    """

    retries: RetryConfig | None
    server_url: str | None
    timeout_ms: int | None
    http_headers: Mapping[str, str] | None
    stream_idle_timeout_ms: int | None


class Operation(Generic[T]):
    """One API operation answered by a single response body.

    ``response`` is the type the body parses into (a pydantic model or any type pydantic can
    validate); ``None`` for an empty body; ``raw=True`` hands back the unread
    ``httpx.Response`` so the caller can stream it (downloads).
    """

    __slots__ = ("__dict__", "id", "method", "path", "raw", "response")

    def __init__(
        self, id: str, method: str, path: str, response: Any = None, *, raw: bool = False
    ) -> None:
        self.id = id
        self.method = method
        self.path = path
        self.response = response
        self.raw = raw

    def __repr__(self) -> str:
        return f"Operation({self.id!r}, {self.method} {self.path})"

    @functools.cached_property
    def _validate_json(self) -> Callable[[bytes], Any]:
        response = self.response
        if isinstance(response, type) and issubclass(response, pydantic.BaseModel):
            return response.model_validate_json
        return pydantic.TypeAdapter(response).validate_json

    def parse(self, body: bytes, response: httpx.Response) -> T:
        """Validate a response body; on failure keep the body in the error."""
        if self.response is None:
            return None  # type: ignore[return-value]
        try:
            result: T = self._validate_json(body)
        except pydantic.ValidationError as exc:
            raise ResponseValidationError(
                f"the response to {self.id} does not match the expected "
                f"{_type_name(self.response)} ({_content_type(response)}): {_summary(exc)}. "
                "The raw body is in .body",
                response,
                body.decode("utf-8", "replace"),
                exc,
            ) from exc
        return result


class StreamOperation(Generic[E]):
    """One API operation answered by a server-sent event stream of ``E`` items."""

    __slots__ = ("decode", "id", "method", "path")

    def __init__(
        self, id: str, method: str, path: str, decode: Callable[[ServerSentEvent], E]
    ) -> None:
        self.id = id
        self.method = method
        self.path = path
        self.decode = decode

    def __repr__(self) -> str:
        return f"StreamOperation({self.id!r}, {self.method} {self.path})"


BodyFactory = Callable[[], tuple["Iterable[bytes] | AsyncIterator[bytes] | bytes", dict[str, str]]]
"""Makes a fresh request body (content, headers) for each attempt: files, multipart."""


@dataclass(slots=True)
class Call(Generic[T]):
    """One request to make: the operation plus this call's parameters.

    ``body`` is a JSON body (model or plain data). ``content`` builds a non-JSON body for
    each attempt; ``replayable=False`` marks content that cannot be sent twice (a one-shot
    stream), so it is never retried.
    """

    operation: Operation[T]
    path_params: Mapping[str, str] | None = None
    query: Mapping[str, Any] | None = None
    body: Any = None
    content: BodyFactory | None = None
    replayable: bool = True
    headers: Mapping[str, str] | None = None
    options: CallOptions = field(default_factory=lambda: CallOptions())


@dataclass(slots=True)
class StreamCall(Generic[E]):
    """A :class:`Call` whose answer is an event stream."""

    operation: StreamOperation[E]
    path_params: Mapping[str, str] | None = None
    query: Mapping[str, Any] | None = None
    body: Any = None
    content: BodyFactory | None = None
    replayable: bool = True
    headers: Mapping[str, str] | None = None
    options: CallOptions = field(default_factory=lambda: CallOptions())


@dataclass(slots=True)
class Prepared:
    """What a builder shared by several operations returns: the JSON body and call options."""

    body: Any
    options: CallOptions = field(default_factory=lambda: CallOptions())
    path_params: Mapping[str, str] | None = None
    query: Mapping[str, Any] | None = None


def json_call(
    operation: Operation[T], prepare: Callable[Concatenate[R, P], Prepared]
) -> Callable[Concatenate[R, P], Call[T]]:
    """A builder for ``operation`` from a ``prepare`` function that another operation shares.

    A body whose ``stream`` field is True is refused: that request needs the streaming method.
    """

    @functools.wraps(prepare)
    def build(self: R, /, *args: P.args, **kwargs: P.kwargs) -> Call[T]:
        prepared = prepare(self, *args, **kwargs)
        if getattr(prepared.body, "stream", None) is True:
            raise RequestValidationError(
                f"stream=True cannot be used with {operation.id}; call the streaming method instead"
            )
        return Call(
            operation, prepared.path_params, prepared.query, prepared.body, options=prepared.options
        )

    return build


def stream_call(
    operation: StreamOperation[E], prepare: Callable[Concatenate[R, P], Prepared]
) -> Callable[Concatenate[R, P], StreamCall[E]]:
    """Like :func:`json_call` for a streaming operation; sets ``stream=True`` on the body."""

    @functools.wraps(prepare)
    def build(self: R, /, *args: P.args, **kwargs: P.kwargs) -> StreamCall[E]:
        prepared = prepare(self, *args, **kwargs)
        if hasattr(prepared.body, "stream"):
            prepared.body.stream = True
        return StreamCall(
            operation, prepared.path_params, prepared.query, prepared.body, options=prepared.options
        )

    return build


class Resource:
    """Base class of the objects mounted on a client (``client.chat``, ``client.files``...)."""

    __slots__ = ("_runtime",)

    def __init__(self, runtime: ClientRuntime) -> None:
        self._runtime = runtime

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        for name, value in list(vars(cls).items()):
            if getattr(value, "__mistral_operation__", False):
                value.__name__ = name
                value.__qualname__ = f"{cls.__qualname__}.{name}"

    def __repr__(self) -> str:
        return f"<{type(self).__qualname__}>"


def request_body(model: type[M], params: Mapping[str, Any]) -> M:
    """Validate the given parameters into the request ``model``, before anything is sent.

    ``params`` is usually ``locals()`` of a builder: names that are not fields of ``model``
    are ignored, ``UNSET`` values are left out, and ``None`` is kept only for nullable fields
    (an explicit ``None`` elsewhere means "not given").

    >>> request_body(EmbeddingRequest, {"model": "mistral-embed", "inputs": "hi", "self": 0})  # doctest: +SKIP
    """
    fields = model.model_fields
    nullable: frozenset[str] = getattr(model, "_nullable_fields", frozenset())
    data = {
        name: value
        for name, value in params.items()
        if name in fields and value is not UNSET and (value is not None or name in nullable)
    }
    try:
        return model.model_validate(data)
    except pydantic.ValidationError as exc:
        raise RequestValidationError(
            f"invalid arguments for {model.__name__}: {_summary(exc)}; nothing was sent", exc
        ) from None


def validate_arg(adapter: pydantic.TypeAdapter[T], value: Any, what: str) -> T:
    """Validate one argument against ``adapter``, raising :class:`RequestValidationError`."""
    try:
        return adapter.validate_python(value)
    except pydantic.ValidationError as exc:
        raise RequestValidationError(
            f"invalid {what}: {_summary(exc)}; nothing was sent", exc
        ) from None


def sync_operation(
    build: Callable[Concatenate[R, P], Call[T]],
) -> Callable[Concatenate[R, P], T]:
    """Make the blocking method of an operation from its builder."""

    @functools.wraps(build)
    def run(self: R, /, *args: P.args, **kwargs: P.kwargs) -> T:
        return self._runtime.execute(build(self, *args, **kwargs))

    run.__mistral_operation__ = True  # type: ignore[attr-defined]
    return run


def async_operation(
    build: Callable[Concatenate[R, P], Call[T]],
) -> Callable[Concatenate[R, P], Coroutine[Any, Any, T]]:
    """Make the ``async`` method of an operation from its builder."""

    @functools.wraps(build)
    async def run(self: R, /, *args: P.args, **kwargs: P.kwargs) -> T:
        return await self._runtime.execute_async(build(self, *args, **kwargs))

    run.__mistral_operation__ = True  # type: ignore[attr-defined]
    return run


def sync_stream(
    build: Callable[Concatenate[R, P], StreamCall[E]],
) -> Callable[Concatenate[R, P], EventStream[E]]:
    """Make the blocking streaming method of an operation from its builder."""

    @functools.wraps(build)
    def run(self: R, /, *args: P.args, **kwargs: P.kwargs) -> EventStream[E]:
        return self._runtime.open_stream(build(self, *args, **kwargs))

    run.__mistral_operation__ = True  # type: ignore[attr-defined]
    return run


def async_stream(
    build: Callable[Concatenate[R, P], StreamCall[E]],
) -> Callable[Concatenate[R, P], Coroutine[Any, Any, AsyncEventStream[E]]]:
    """Make the ``async`` streaming method of an operation from its builder."""

    @functools.wraps(build)
    async def run(self: R, /, *args: P.args, **kwargs: P.kwargs) -> AsyncEventStream[E]:
        return await self._runtime.open_stream_async(build(self, *args, **kwargs))

    run.__mistral_operation__ = True  # type: ignore[attr-defined]
    return run


def model_event_decoder(model: type[M]) -> Callable[[ServerSentEvent], M]:
    """An event decoder that validates each event's data as ``model``."""
    validate = model.model_validate_json

    def decode(sse: ServerSentEvent) -> M:
        try:
            return validate(sse.data)
        except pydantic.ValidationError as exc:
            raise ResponseValidationError(
                f"a stream event does not match {model.__name__}: {_summary(exc)}",
                None,
                sse.data,
                exc,
            ) from exc

    return decode


def _summary(exc: pydantic.ValidationError, limit: int = 3) -> str:
    parts = []
    for error in exc.errors(include_url=False)[:limit]:
        loc = ".".join(str(part) for part in error["loc"])
        got = repr(error.get("input"))
        got = got if len(got) <= 60 else got[:57] + "..."
        parts.append(f"{loc or 'value'}: {error['msg']} (got {got})")
    more = exc.error_count() - limit
    return "; ".join(parts) + (f"; and {more} more" if more > 0 else "")


def _type_name(tp: Any) -> str:
    return getattr(tp, "__name__", None) or str(tp)


def _content_type(response: httpx.Response) -> str:
    return f"content-type {response.headers.get('content-type', 'missing')!r}"


__all__ = [
    "Call",
    "CallOptions",
    "Operation",
    "Prepared",
    "Resource",
    "StreamCall",
    "StreamOperation",
    "async_operation",
    "async_stream",
    "json_call",
    "model_event_decoder",
    "request_body",
    "stream_call",
    "sync_operation",
    "sync_stream",
    "validate_arg",
]
