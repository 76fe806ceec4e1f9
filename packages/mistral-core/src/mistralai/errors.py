"""Every exception the SDK raises.

::

    MistralError
    ├── SDKError                    the API answered 4xx/5xx (status_code, message, body, headers, raw_response)
    │   ├── BadRequestError             400
    │   ├── AuthenticationError         401
    │   ├── PermissionDeniedError       403
    │   ├── NotFoundError               404
    │   ├── ConflictError               409
    │   ├── HTTPValidationError         422, with the parsed ``detail``
    │   ├── RateLimitError              429, with ``retry_after``
    │   └── ServerError                 5xx
    ├── NoResponseError             no HTTP response arrived
    │   ├── APIConnectionError          the connection failed or was reset (also an httpx.TransportError)
    │   └── APITimeoutError             the request timed out (also an httpx.TimeoutException)
    ├── ResponseValidationError     a response arrived but does not match its model
    ├── StreamError                 an event stream reported an error or broke off
    ├── RequestValidationError      the arguments are invalid; nothing was sent (also a ValueError)
    ├── WaitTimeoutError            a job did not finish in time (also a TimeoutError)
    ├── MissingAPIKeyError          no API key was configured (also a ValueError)
    ├── ConfigurationError          the client was configured in a way that cannot work (also a ValueError)
    ├── ClientClosedError           the client was closed and cannot send any more (also a RuntimeError)
    ├── AreaNotInstalledError       client.<area> was used but its package is not installed (also an AttributeError)
    └── PluginError                 a plugin's hook raised; names the plugin, chains its exception

``from mistralai.models import SDKError, HTTPValidationError`` works as well.

Code written for the httpx exceptions keeps working: an ``APIConnectionError`` or
``APITimeoutError`` raised by a call is also an instance of the httpx exception it wraps,
so ``except httpx.ConnectError`` catches a refused connection, ``except
httpx.TimeoutException`` a timeout, and ``except httpx.TransportError`` (or
``httpx.HTTPError``) every failure without a response. ``err.request`` is the request that
failed. Both classes are created on first use, so importing this module does not import
httpx.

Every error pickles (for process pools, multiprocessing, task queues) with its message and
public attributes. A pickled copy leaves out ``raw_response`` (None once unpickled): the
response's request holds the ``Authorization`` header. ``headers`` travel with
credential-bearing ones (``authorization``, ``cookie``, ``set-cookie``, ``x-api-key``...)
replaced by ``[REDACTED]``. Messages, and so ``str()`` and ``repr()``, never show URL
credentials (``https://user:pass@host``), Bearer tokens or keys given by name
(``api_key=...``): they are replaced by ``[REDACTED]`` when the error is created. ``body``
stays as the server sent it.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import httpx
    import pydantic

    from mistralai.models._validation import HTTPValidationErrorData

_BODY_PREVIEW = 500
_REDACTED = "[REDACTED]"
_SENSITIVE_HEADERS = frozenset(
    {"authorization", "proxy-authorization", "cookie", "set-cookie", "x-api-key", "api-key"}
)
_CREDENTIALS = (
    # userinfo in a URL: https://user:password@host
    re.compile(r"(?P<keep>\b[a-zA-Z][a-zA-Z0-9+.-]*://)[^\s/?#@]+(?=@)"),
    # an Authorization value: Bearer <token> (short words are prose, not tokens)
    re.compile(r"(?P<keep>\bbearer\s+)[A-Za-z0-9._~+/-]{8,}=*", re.IGNORECASE),
    # a key given by name: api_key=..., "x-api-key": "..."
    re.compile(r"(?P<keep>\b(?:x-)?api[-_]?key[\"']?\s*[:=]\s*[\"']?)[^\s\"',;&}]+", re.IGNORECASE),
)


class MistralError(Exception):
    """Base class of every error raised by the SDK.

    As in the official SDK, every error has ``message``, ``status_code``, ``body``,
    ``headers`` and ``raw_response``, so code written for it (``if err.status_code >= 400``)
    holds for all of them: an error without an HTTP answer of its own has status 0, an
    empty body and headers, and no raw response.
    """

    message: str
    status_code: int = 0
    body: str = ""
    headers: Mapping[str, str] = MappingProxyType({})
    raw_response: httpx.Response | None = None

    def __init__(self, message: str) -> None:
        message = _redact(message)
        super().__init__(message)
        self.message = message

    @property
    def request_id(self) -> str | None:
        """The id the API gave the failed request (its ``x-request-id``), to quote to support.

        None when no answer arrived or the answer carries no id.
        """
        return request_id_of(self.headers)

    def __reduce__(self) -> tuple[Any, ...]:
        # The default rebuilds the error by calling the class with ``args``, which fails for
        # every error whose constructor takes more than the message; this restores the
        # attributes directly instead.
        return (_unpickle, (type(self), self.args, self._pickle_state()))

    def _pickle_state(self) -> dict[str, Any]:
        """The attributes a pickled copy keeps; subclasses leave out what must not travel."""
        return dict(self.__dict__)


class SDKError(MistralError):
    """The API answered with an error status (4xx or 5xx).

    The whole response stays reachable: ``body`` is its text, ``raw_response`` the
    ``httpx.Response`` (already read), ``headers`` its headers. An unpickled copy has
    ``raw_response`` None and its credential headers redacted (see the module docstring).
    """

    status_code: int
    body: str
    headers: httpx.Headers
    raw_response: httpx.Response | None

    hint = "See the body for details."

    def __init__(self, message: str, raw_response: httpx.Response, body: str | None = None):
        self.raw_response = raw_response
        self.status_code = raw_response.status_code
        self.headers = raw_response.headers
        self.body = raw_response.text if body is None else body
        super().__init__(message)

    def __str__(self) -> str:
        rid = self.request_id
        if rid:
            return f"{self.message} (status {self.status_code}, request id {rid})"
        return f"{self.message} (status {self.status_code})"

    def __repr__(self) -> str:
        return f"{type(self).__name__}(status_code={self.status_code}, message={self.message!r})"

    def _pickle_state(self) -> dict[str, Any]:
        state = super()._pickle_state()
        state["raw_response"] = None
        state["headers"] = _redacted_headers(self.headers)
        return state

    @classmethod
    def from_response(cls, response: httpx.Response) -> SDKError:
        """Build the error class that matches ``response.status_code``; the body must be read."""
        error_cls = _class_for_status(response.status_code)
        text = response.text
        request = response.request
        what = _message_from_body(text) or response.reason_phrase or "no message"
        message = f"{request.method} {request.url.path} failed: {what}. {error_cls.hint}"
        return error_cls.build(message, response, text)

    @classmethod
    def build(cls, message: str, response: httpx.Response, body: str) -> SDKError:
        """Create the error; subclasses parse extra fields from ``body``."""
        return cls(message, response, body)


class BadRequestError(SDKError):
    """400: the request is malformed or names something the API does not accept."""

    hint = "Check the arguments against the API reference."


class AuthenticationError(SDKError):
    """401: the API key is missing, wrong or revoked."""

    hint = "Check the API key (Mistral(api_key=...) or the MISTRAL_API_KEY variable)."


class PermissionDeniedError(SDKError):
    """403: the key is valid but may not use this resource."""

    hint = "Check that this key's workspace has access to the resource or model."


class NotFoundError(SDKError):
    """404: the resource (model, file, agent, job...) does not exist."""

    hint = "Check the id; it may have been deleted or belong to another workspace."


class ConflictError(SDKError):
    """409: the request conflicts with the resource's current state."""

    hint = "Fetch the resource's current state and try again."


class HTTPValidationError(SDKError):
    """422: the API rejected the request body. ``detail`` lists each problem with its location."""

    hint = "Each entry of .detail names the field (loc) and what is wrong (msg)."

    detail: list[dict[str, Any]] | str | None

    def __init__(self, message: str, raw_response: httpx.Response, body: str | None = None):
        super().__init__(message, raw_response, body)
        self.detail = _detail_from_body(self.body)

    @property
    def data(self) -> HTTPValidationErrorData:
        """``detail`` as objects, as the original SDK had it: ``e.data.detail[0].msg``.

        Each entry is a :class:`~mistralai.models.ValidationError` with ``loc``, ``msg`` and
        ``type`` (and whatever else the API sent); ``detail`` is None when the body had none.
        """
        from mistralai.models._validation import HTTPValidationErrorData

        return HTTPValidationErrorData.from_detail(self.detail)


class RateLimitError(SDKError):
    """429: too many requests, or the workspace ran out of quota."""

    hint = "Slow down or wait; retries honour Retry-After (see RetryConfig)."

    @property
    def retry_after(self) -> float | None:
        """Seconds the server asked to wait, when it said so."""
        from mistralai._retries import retry_after_seconds

        return retry_after_seconds(self.headers)


class ServerError(SDKError):
    """5xx: the API failed to handle a valid request."""

    hint = "This is on the server side; retry later (retries are on by default)."


class NoResponseError(MistralError):
    """No HTTP response arrived: the request may or may not have been processed."""


if TYPE_CHECKING:
    # What the classes built by _define_transport_errors() look like to a type checker.

    class APIConnectionError(NoResponseError, httpx.TransportError):
        """The connection could not be opened, or broke before a response arrived."""

        def __init__(self, message: str, *, request: httpx.Request | None = None) -> None: ...

        @classmethod
        def wrapping(cls, exc_type: type[BaseException]) -> type[APIConnectionError]: ...

    class APITimeoutError(NoResponseError, httpx.TimeoutException):
        """The request timed out. Raise ``timeout_ms`` if it is expected to take longer."""

        def __init__(self, message: str, *, request: httpx.Request | None = None) -> None: ...

        @classmethod
        def wrapping(cls, exc_type: type[BaseException]) -> type[APITimeoutError]: ...


class ResponseValidationError(MistralError):
    """A response arrived but does not match the expected model.

    Nothing is lost: ``body`` holds the raw text, ``raw_response`` the response and ``cause``
    the pydantic error saying what did not match. An unpickled copy has ``raw_response``
    None.
    """

    def __init__(
        self,
        message: str,
        raw_response: httpx.Response | None,
        body: str,
        cause: pydantic.ValidationError | None = None,
    ) -> None:
        super().__init__(message)
        self.raw_response = raw_response
        self.body = body
        self.cause = cause
        if raw_response is not None:
            self.status_code = raw_response.status_code
            self.headers = raw_response.headers

    def _pickle_state(self) -> dict[str, Any]:
        state = super()._pickle_state()
        state["raw_response"] = None
        if "headers" in state:
            state["headers"] = _redacted_headers(state["headers"])
        return state


class StreamError(MistralError):
    """An event stream reported an error event, or broke off before its end.

    ``events_received`` counts the events delivered before the failure; they stay valid.
    """

    def __init__(self, message: str, *, data: str | None = None, events_received: int = 0):
        super().__init__(message)
        self.data = data
        self.events_received = events_received


class RequestValidationError(MistralError, ValueError):
    """The call's arguments are invalid; no request was sent."""

    def __init__(self, message: str, cause: pydantic.ValidationError | None = None) -> None:
        super().__init__(message)
        self.cause = cause


class WaitTimeoutError(MistralError, TimeoutError):
    """A job did not reach a terminal state in time; ``last`` is the last state seen."""

    def __init__(self, message: str, last: object) -> None:
        super().__init__(f"{message}; the last state seen is in .last")
        self.last = last


class MissingAPIKeyError(MistralError, ValueError):
    """No API key is configured for a request that needs one."""


class ConfigurationError(MistralError, ValueError):
    """The client's configuration cannot work (for example credentials inside ``server_url``)."""


class ClientClosedError(MistralError, RuntimeError):
    """The client was closed; create a new one (or use it in a ``with`` block) to send requests."""


class PluginError(MistralError):
    """A plugin's hook raised.

    ``plugin`` is the name it was registered under (``distribution:entry-point`` for plugins
    found through entry points), ``distribution`` the package that ships it when known,
    ``hook`` the hook that failed. The plugin's own exception is ``__cause__``; when the hook
    ran because of an SDK error (``mistral_after_error``), that error is ``sdk_error`` and the
    SDK raises it, not this one.
    """

    def __init__(
        self,
        message: str,
        *,
        plugin: str,
        hook: str,
        distribution: str | None = None,
        sdk_error: BaseException | None = None,
    ) -> None:
        super().__init__(message)
        self.plugin = plugin
        self.hook = hook
        self.distribution = distribution
        self.sdk_error = sdk_error


class AreaNotInstalledError(MistralError, AttributeError):
    """An API area was accessed on the client but its package is not installed.

    ``path`` is the attribute (``"chat"``, ``"beta.libraries"``), ``distribution`` the
    package to install.
    """

    def __init__(self, path: str, distribution: str) -> None:
        super().__init__(
            f"client.{path} is not available because the {distribution} package is not installed; "
            f"install it with `pip install {distribution}` (or `pip install mistral-sdk` for every area)"
        )
        self.path = path
        self.distribution = distribution


_TRANSPORT_ERRORS = ("APIConnectionError", "APITimeoutError")
_TRANSPORT_LOCK = threading.Lock()
_VARIANTS: dict[tuple[str, str], type[NoResponseError]] = {}


def __getattr__(name: str) -> Any:
    if name in _TRANSPORT_ERRORS:
        _define_transport_errors()
        return globals()[name]
    if name == "HTTPValidationErrorData":  # where the 3.x layout has it
        from mistralai.models._validation import HTTPValidationErrorData

        return HTTPValidationErrorData
    raise AttributeError(f"module 'mistralai.errors' has no attribute {name!r}")


def _define_transport_errors() -> None:
    """Create ``APIConnectionError`` and ``APITimeoutError`` on top of httpx's classes.

    They are built on first use because they derive from httpx exceptions, and importing
    httpx is what this module avoids at import time.
    """
    with _TRANSPORT_LOCK:
        if "APIConnectionError" in globals():
            return
        import httpx

        class _TransportErrorMixin(NoResponseError):
            _kind: str

            def __init__(self, message: str, *, request: httpx.Request | None = None) -> None:
                super().__init__(message)
                self._request = request

            @classmethod
            def wrapping(cls, exc_type: type[BaseException]) -> type[Any]:
                """This class, made also an instance of ``exc_type``'s httpx class.

                ``APIConnectionError.wrapping(httpx.ConnectError)`` is an
                ``APIConnectionError`` that ``except httpx.ConnectError`` catches too.
                """
                return _variant(cls._kind, _httpx_class(exc_type))

            def __reduce__(self) -> tuple[Any, ...]:
                wrapped = _wrapped_name(type(self))
                return (_unpickle_transport, (self._kind, wrapped, self.args, self._pickle_state()))

            def _pickle_state(self) -> dict[str, Any]:
                state = super()._pickle_state()
                state["_request"] = None  # its headers hold the API key
                return state

        class APIConnectionError(_TransportErrorMixin, httpx.TransportError):
            """The connection could not be opened, or broke before a response arrived.

            Also an ``httpx.TransportError``; one raised by a call is also an instance of the
            httpx error it wraps (``httpx.ConnectError`` for a refused connection,
            ``httpx.ReadError``, ``httpx.RemoteProtocolError``...).
            """

            _kind = "APIConnectionError"

        class APITimeoutError(_TransportErrorMixin, httpx.TimeoutException):
            """The request timed out. Raise ``timeout_ms`` on the client or the call if it is expected.

            Also an ``httpx.TimeoutException``; one raised by a call is also an instance of
            the httpx timeout it wraps (``httpx.ConnectTimeout``, ``httpx.ReadTimeout``,
            ``httpx.PoolTimeout``...).
            """

            _kind = "APITimeoutError"

        for cls in (_TransportErrorMixin, APIConnectionError, APITimeoutError):
            cls.__module__ = __name__
            cls.__qualname__ = cls.__name__
        globals().update(APIConnectionError=APIConnectionError, APITimeoutError=APITimeoutError)


def _httpx_class(exc_type: type[BaseException]) -> type[BaseException]:
    """The first class of httpx's own in ``exc_type``'s ancestry (transports may subclass)."""
    for cls in exc_type.__mro__:
        if cls.__module__.split(".")[0] == "httpx":
            return cls
    return BaseException


def _variant(kind: str, wrapped: type[BaseException]) -> type[Any]:
    base: type[Any] = __getattr__(kind)
    if wrapped is BaseException or issubclass(base, wrapped):
        return base
    key = (kind, wrapped.__name__)
    with _TRANSPORT_LOCK:
        variant = _VARIANTS.get(key)
        if variant is None:
            # One class per wrapped httpx error, kept for the process: an error raised twice
            # is of the same class, and pickling finds it again by these two names.
            variant = type(kind, (base, wrapped), {"__module__": __name__, "__qualname__": kind})
            _VARIANTS[key] = variant
    return variant


def _wrapped_name(cls: type[Any]) -> str | None:
    for wrapped in cls.__mro__[1:]:
        if wrapped.__module__.split(".")[0] == "httpx":
            return wrapped.__name__
    return None


def _unpickle_transport(
    kind: str, wrapped: str | None, args: tuple[Any, ...], state: dict[str, Any]
) -> MistralError:
    import httpx

    httpx_class = getattr(httpx, wrapped, BaseException) if wrapped else BaseException
    return _unpickle(_variant(kind, httpx_class), args, state)


_BY_STATUS: dict[int, type[SDKError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    422: HTTPValidationError,
    429: RateLimitError,
}


def _unpickle(
    cls: type[MistralError], args: tuple[Any, ...], state: dict[str, Any]
) -> MistralError:
    error = cls.__new__(cls, *args)
    error.args = args
    error.__dict__.update(state)
    return error


def _redact(text: str) -> str:
    """``text`` without the credentials of a URL, a Bearer token or a named API key.

    >>> _redact("GET https://me:pw@api.example/v1 with Bearer sk-1234567; api_key=abc")
    'GET https://[REDACTED]@api.example/v1 with Bearer [REDACTED]; api_key=[REDACTED]'
    """
    for pattern in _CREDENTIALS:
        text = pattern.sub(rf"\g<keep>{_REDACTED}", text)
    return text


REQUEST_ID_HEADERS = ("x-request-id", "request-id", "mistral-correlation-id")
"""Where the API puts the id of a request, in order of preference."""


def request_id_of(headers: Mapping[str, str] | None) -> str | None:
    """The request id the API gave a response, if its headers carry one."""
    if headers is None:
        return None
    for name in REQUEST_ID_HEADERS:
        value = headers.get(name)
        if value:
            return str(value)
    return None


def _redacted_headers(headers: httpx.Headers) -> httpx.Headers:
    import httpx

    return httpx.Headers(
        [
            (name, _REDACTED if name.lower() in _SENSITIVE_HEADERS else value)
            for name, value in headers.multi_items()
        ]
    )


def _class_for_status(status: int) -> type[SDKError]:
    if status >= 500:
        return ServerError
    return _BY_STATUS.get(status, SDKError)


def _parse_json(text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError:
        return None


def _message_from_body(text: str) -> str:
    data = _parse_json(text)
    if isinstance(data, dict):
        for key in ("message", "detail", "error"):
            value = data.get(key)
            if isinstance(value, dict):
                value = value.get("message", value)
            if isinstance(value, str) and value:
                return value
            if isinstance(value, list) and value:
                return "; ".join(_describe_detail(item) for item in value[:5])
    return text[:_BODY_PREVIEW].strip()


def _describe_detail(item: Any) -> str:
    if isinstance(item, dict):
        loc = ".".join(str(part) for part in item.get("loc", ()))
        return f"{loc}: {item.get('msg', item)}" if loc else str(item.get("msg", item))
    return str(item)


def _detail_from_body(text: str) -> list[dict[str, Any]] | str | None:
    data = _parse_json(text)
    if isinstance(data, dict):
        detail = data.get("detail")
        if isinstance(detail, (list, str)):
            return detail
    return None


__all__ = [
    "APIConnectionError",
    "APITimeoutError",
    "AreaNotInstalledError",
    "AuthenticationError",
    "BadRequestError",
    "ClientClosedError",
    "ConfigurationError",
    "ConflictError",
    "HTTPValidationError",
    "MissingAPIKeyError",
    "MistralError",
    "NoResponseError",
    "NotFoundError",
    "PermissionDeniedError",
    "PluginError",
    "RateLimitError",
    "RequestValidationError",
    "ResponseValidationError",
    "SDKError",
    "ServerError",
    "StreamError",
    "WaitTimeoutError",
]
