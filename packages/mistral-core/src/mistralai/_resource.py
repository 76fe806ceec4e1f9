"""The toolkit API areas are written with: resources, builders and the methods made from them.

An area writes one *builder* per set of parameters: a method whose signature is the public
API and which returns a :class:`~mistralai.utils.Call`. The method makers pair it with an
:class:`~mistralai.utils.Operation` and give the sync and async methods users call::

    GET: Operation[RetrieveFileOut] = Operation("files_api_routes_retrieve_file", "GET",
                                                "/v1/files/{file_id}", RetrieveFileOut)

    class Files(Resource):
        def _retrieve(self, file_id: str, **options: Unpack[CallOptions]) -> Call:
            \"\"\"Fetch one file's metadata.\"\"\"
            return Call(path_params={"file_id": file_id}, options=options)

        retrieve = sync_operation(GET, _retrieve)
        retrieve_async = async_operation(GET, _retrieve)

One builder may serve several operations (``complete`` and ``stream`` share their
parameters). A stream whose events add up to one answer names how, with ``accumulate=`` (an
:class:`~mistralai.utils.Accumulator` factory): its method then returns a
:class:`~mistralai.utils.ResponseStream` with ``get_final_response()``. The public method has the builder's signature and docstring, the operation's
result as its return type, and refuses a keyword it does not know, naming the closest one.
"""

from __future__ import annotations

import dataclasses
import difflib
import functools
import inspect
import types
import typing
from collections.abc import Callable, Coroutine, Mapping
from typing import TYPE_CHECKING, Any, Concatenate, TypeVar, overload

import pydantic
from typing_extensions import ParamSpec

from mistralai._call import CALL_OPTION_NAMES, Call, Operation
from mistralai._pydantic import summary_of
from mistralai.errors import RequestValidationError

if TYPE_CHECKING:
    from mistralai._retries import RetryConfig
    from mistralai._runtime import ClientRuntime
    from mistralai._streaming import (
        Accumulator,
        AsyncEventStream,
        AsyncResponseStream,
        EventStream,
        ResponseStream,
    )

T = TypeVar("T")
Out = TypeVar("Out")
M = TypeVar("M", bound=pydantic.BaseModel)
P = ParamSpec("P")
R = TypeVar("R", bound="Resource")
F = TypeVar("F", bound=Callable[..., Any])

Builder = Callable[Concatenate[R, P], Call]


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


def sync_operation(
    operation: Operation[T], build: Callable[Concatenate[R, P], Call], *, summary: str | None = None
) -> Callable[Concatenate[R, P], T]:
    """The blocking method that runs ``operation`` with the calls ``build`` describes."""
    signature, allowed = _inspect(build)
    refuse_stream = _stream_refusal(operation)

    def run(self: R, /, *args: P.args, **kwargs: P.kwargs) -> T:
        if allowed is not None:
            _check_keywords(run, kwargs, allowed)
        call = _options(refuse_stream(build(self, *args, **kwargs)), self._runtime)
        return self._runtime.execute(operation, call)

    return _describe(run, build, signature, _result_name(operation), summary)


def async_operation(
    operation: Operation[T], build: Callable[Concatenate[R, P], Call], *, summary: str | None = None
) -> Callable[Concatenate[R, P], Coroutine[Any, Any, T]]:
    """The ``async`` method that runs ``operation`` with the calls ``build`` describes."""
    signature, allowed = _inspect(build)
    refuse_stream = _stream_refusal(operation)

    async def run(self: R, /, *args: P.args, **kwargs: P.kwargs) -> T:
        if allowed is not None:
            _check_keywords(run, kwargs, allowed)
        call = _options(refuse_stream(build(self, *args, **kwargs)), self._runtime)
        return await self._runtime.execute_async(operation, call)

    return _describe(run, build, signature, _result_name(operation), summary)


@overload
def sync_stream(
    operation: Operation[T], build: Callable[Concatenate[R, P], Call], *, summary: str | None = None
) -> Callable[Concatenate[R, P], EventStream[T]]: ...
@overload
def sync_stream(
    operation: Operation[T],
    build: Callable[Concatenate[R, P], Call],
    *,
    summary: str | None = None,
    accumulate: Callable[[], Accumulator[T, Out]],
) -> Callable[Concatenate[R, P], ResponseStream[T, Out]]: ...
def sync_stream(
    operation: Operation[T],
    build: Callable[Concatenate[R, P], Call],
    *,
    summary: str | None = None,
    accumulate: Callable[[], Accumulator[T, Any]] | None = None,
) -> Callable[Concatenate[R, P], EventStream[T]]:
    """The blocking streaming method: ``stream=True`` is set on a body that has the field.

    With ``accumulate``, the method returns a :class:`~mistralai.utils.ResponseStream` whose
    events ``accumulate()`` adds up into the final response.
    """
    from mistralai._streaming import ResponseStream

    signature, allowed = _inspect(build)

    def run(self: R, /, *args: P.args, **kwargs: P.kwargs) -> EventStream[T]:
        if allowed is not None:
            _check_keywords(run, kwargs, allowed)
        call = _options(_streaming(build(self, *args, **kwargs)), self._runtime)
        stream = self._runtime.open_stream(operation, call)
        return stream if accumulate is None else ResponseStream(stream, accumulate)

    result = _stream_name("EventStream", operation, accumulate)
    return _describe(run, build, signature, result, summary)


@overload
def async_stream(
    operation: Operation[T], build: Callable[Concatenate[R, P], Call], *, summary: str | None = None
) -> Callable[Concatenate[R, P], Coroutine[Any, Any, AsyncEventStream[T]]]: ...
@overload
def async_stream(
    operation: Operation[T],
    build: Callable[Concatenate[R, P], Call],
    *,
    summary: str | None = None,
    accumulate: Callable[[], Accumulator[T, Out]],
) -> Callable[Concatenate[R, P], Coroutine[Any, Any, AsyncResponseStream[T, Out]]]: ...
def async_stream(
    operation: Operation[T],
    build: Callable[Concatenate[R, P], Call],
    *,
    summary: str | None = None,
    accumulate: Callable[[], Accumulator[T, Any]] | None = None,
) -> Callable[Concatenate[R, P], Coroutine[Any, Any, AsyncEventStream[T]]]:
    """The ``async`` streaming method (awaiting it sends the request); with
    ``accumulate``, it returns an :class:`~mistralai.utils.AsyncResponseStream`."""
    from mistralai._streaming import AsyncResponseStream

    signature, allowed = _inspect(build)

    async def run(self: R, /, *args: P.args, **kwargs: P.kwargs) -> AsyncEventStream[T]:
        if allowed is not None:
            _check_keywords(run, kwargs, allowed)
        call = _options(_streaming(build(self, *args, **kwargs)), self._runtime)
        stream = await self._runtime.open_stream_async(operation, call)
        return stream if accumulate is None else AsyncResponseStream(stream, accumulate)

    result = _stream_name("AsyncEventStream", operation, accumulate)
    return _describe(run, build, signature, result, summary)


def request_body(model: type[M], params: Mapping[str, Any]) -> M:
    """Validate the given parameters into the request ``model``, before anything is sent.

    ``params`` is usually ``locals()`` of a builder: names that are not fields of ``model``
    are ignored, ``UNSET`` values are left out, and ``None`` is kept only for nullable fields
    (an explicit ``None`` elsewhere means "not given").

    >>> from mistralai.embeddings.models import EmbeddingRequest
    >>> request_body(EmbeddingRequest, {"model": "mistral-embed", "inputs": "hi", "self": 0})
    EmbeddingRequest(model='mistral-embed', inputs='hi', ...)
    """
    from mistralai.types import UNSET

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
            f"invalid arguments for {model.__name__}: {summary_of(exc)}; nothing was sent", exc
        ) from None


def validate_arg(adapter: pydantic.TypeAdapter[T], value: Any, what: str) -> T:
    """Validate one argument against ``adapter``, raising :class:`RequestValidationError`."""
    try:
        return adapter.validate_python(value)
    except pydantic.ValidationError as exc:
        raise RequestValidationError(
            f"invalid {what}: {summary_of(exc)}; nothing was sent", exc
        ) from None


# -- making the public methods -------------------------------------------------------------


def _stream_refusal(operation: Operation[Any]) -> Callable[[Call], Call]:
    def refuse(call: Call) -> Call:
        if getattr(call.body, "stream", None) is True:
            raise RequestValidationError(
                f"stream=True cannot be used with {operation.id}; call the streaming method instead"
            )
        return call

    return refuse


def _streaming(call: Call) -> Call:
    if hasattr(call.body, "stream"):
        call.body.stream = True
    return call


def _options(call: Call, runtime: ClientRuntime) -> Call:
    """``call`` with its per-call options in the form the runtime takes.

    ``retries`` may be given as the official SDK and the libraries built on it pass it:
    ``UNSET`` (the client's), None (no retries: the official SDK retries only with a
    ``RetryConfig``), or a number of retries (``retries=3``: the client's backoff, at most
    three retries, none with 0).
    """
    if "retries" in call.options:
        call.options["retries"] = _retries(call.options["retries"], runtime.config.retry_config)
    return call


def _retries(value: Any, default: RetryConfig) -> RetryConfig | None:
    from mistralai._retries import NO_RETRY, RetryConfig
    from mistralai._sentinel import UNSET

    if value is UNSET:
        return None
    if isinstance(value, RetryConfig):
        return value
    if value is None:
        return NO_RETRY
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        if value == 0:
            return NO_RETRY
        return dataclasses.replace(default, strategy="backoff", max_attempts=value + 1)
    raise RequestValidationError(
        f"retries must be a RetryConfig, None (no retries) or a number of retries, not "
        f"{value!r}; nothing was sent"
    )


def _inspect(build: Callable[..., Any]) -> tuple[inspect.Signature, frozenset[str] | None]:
    """The builder's signature, and the keywords its method takes when it takes ``**options``.

    None when the builder has no ``**`` parameter: Python itself refuses unknown keywords.
    """
    signature = inspect.signature(build)
    parameters = signature.parameters
    if not any(p.kind is p.VAR_KEYWORD for p in parameters.values()):
        return signature, None
    known = frozenset(
        name
        for name, p in parameters.items()
        if p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY) and name != "self"
    )
    return signature, known | CALL_OPTION_NAMES


def _check_keywords(
    method: Callable[..., Any], kwargs: dict[str, Any], allowed: frozenset[str]
) -> None:
    for name in kwargs:
        if name not in allowed:
            close = difflib.get_close_matches(name, allowed, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            raise TypeError(
                f"{method.__name__}() got an unexpected keyword argument {name!r}{hint}"
            )


def _describe(
    run: F,
    build: Callable[..., Any],
    signature: inspect.Signature,
    result: str,
    summary: str | None,
) -> F:
    """Give ``run`` the builder's signature and docstring, with the operation's result type."""
    functools.update_wrapper(run, build)
    del run.__wrapped__  # type: ignore[attr-defined]
    run.__signature__ = signature.replace(return_annotation=result)  # type: ignore[attr-defined]
    if summary is not None:
        rest = (build.__doc__ or "").strip().partition("\n\n")[2]
        run.__doc__ = f"{summary}\n\n{rest}" if rest else summary
    run.__annotations__ = {**getattr(build, "__annotations__", {}), "return": result}
    run.__mistral_operation__ = True  # type: ignore[attr-defined]
    return run


def _stream_name(base: str, operation: Operation[Any], accumulate: Callable[[], Any] | None) -> str:
    """``EventStream[CompletionEvent]``, or with an accumulator
    ``ResponseStream[CompletionEvent, ChatCompletionResponse]`` (async: ``Async...``)."""
    event = _result_name(operation)
    if accumulate is None:
        return f"{base}[{event}]"
    final = getattr(getattr(accumulate, "result", None), "__annotations__", {}).get("return")
    final_name = final if isinstance(final, str) else _type_label(final) if final else "Any"
    return f"{base.replace('EventStream', 'ResponseStream')}[{event}, {final_name}]"


def _result_name(operation: Operation[Any]) -> str:
    if operation.raw:
        return "httpx.Response"
    if operation.decode is not None:
        name = getattr(operation.decode, "__annotations__", {}).get("return")
        return name if isinstance(name, str) else _type_label(name)
    return _type_label(operation.response)


def _type_label(tp: Any) -> str:
    """How a result type reads in a signature: ``list[Conversation]``, ``A | B``."""
    if tp is None or tp is type(None):
        return "None"
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if origin is typing.Annotated:
        return _type_label(args[0])
    if origin is typing.Union or origin is types.UnionType:
        return " | ".join(_type_label(arg) for arg in args)
    if origin is not None:
        inner = ", ".join(_type_label(arg) for arg in args)
        return f"{getattr(origin, '__name__', str(origin))}[{inner}]"
    return getattr(tp, "__name__", None) or str(tp)


__all__ = [
    "Resource",
    "async_operation",
    "async_stream",
    "request_body",
    "sync_operation",
    "sync_stream",
    "validate_arg",
]
