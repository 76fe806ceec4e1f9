"""Requests, responses and the router of the test server."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Union
from urllib.parse import parse_qs

from mistralai.testing._sse import DONE, encode_item

if TYPE_CHECKING:
    from mistralai.testing._state import ServerState


class Headers(dict[str, str]):
    """Request headers with case-insensitive lookup (keys are stored lower-case)."""

    def __init__(self, items: Iterable[tuple[str, str]] = ()) -> None:
        super().__init__((k.lower(), v) for k, v in items)

    def __getitem__(self, key: str) -> str:
        return super().__getitem__(key.lower())

    def get(self, key: str, default: Any = None) -> Any:
        return super().get(key.lower(), default)

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and super().__contains__(key.lower())


_UNPARSED: Any = object()


@dataclass
class Request:
    """One request as a handler sees it.

    >>> def handler(request):
    ...     body = {"model": request.json()["model"], "file": request.path_params["file_id"],
    ...             "page": request.arg("page")}
    ...     return JSONResponse(body)
    """

    method: str
    path: str
    query: dict[str, list[str]]
    headers: Headers
    body: bytes
    state: ServerState
    path_params: dict[str, str] = field(default_factory=dict)
    parsed: Any = field(default=_UNPARSED, repr=False)
    """The JSON body when the server already parsed it (to validate it); else unset."""

    def json(self) -> Any:
        """The body parsed as JSON (``None`` for an empty body); parsed at most once."""
        if self.parsed is _UNPARSED:
            self.parsed = json.loads(self.body) if self.body else None
        return self.parsed

    def arg(self, name: str, default: str | None = None) -> str | None:
        """The first value of a query parameter."""
        values = self.query.get(name)
        return values[0] if values else default


@dataclass
class JSONResponse:
    """A JSON answer."""

    body: Any
    status: int = 200
    headers: Mapping[str, str] = field(default_factory=dict)


@dataclass
class RawResponse:
    """Bytes with a content type; ``chunks`` streams a large body piece by piece."""

    body: bytes = b""
    status: int = 200
    content_type: str = "application/octet-stream"
    headers: Mapping[str, str] = field(default_factory=dict)
    chunks: Iterable[bytes] | None = None
    length: int | None = None


@dataclass
class EventStreamResponse:
    """A ``text/event-stream`` answer, one chunk per event; ``data: [DONE]`` ends it when
    ``done`` is true. Items are dicts (sent as JSON), strings (sent as they are),
    ``(event_name, payload)`` pairs or :class:`~mistralai.testing.ServerSentEvent`."""

    events: Iterable[Any]
    done: bool = True
    headers: Mapping[str, str] = field(default_factory=dict)

    def frames(self) -> Iterator[bytes]:
        """The encoded events, in order."""
        for item in self.events:
            yield encode_item(item)
        if self.done:
            yield DONE


Response = Union[JSONResponse, RawResponse, EventStreamResponse]
Handler = Callable[[Request], Response]


@dataclass(frozen=True)
class Route:
    """One registered route."""

    method: str
    template: str
    pattern: re.Pattern[str]
    handler: Handler
    operation_id: str | None


class Router:
    """Maps ``METHOD /path/{param}`` to handlers; literal paths win over templates.

    >>> def retrieve(request):
    ...     return JSONResponse({"id": request.path_params["file_id"]})
    >>> router = Router()
    >>> router.add("GET", "/v1/files/{file_id}", retrieve, "files_api_routes_retrieve_file")
    >>> router.match("GET", "/v1/files/abc")
    (Route(...), {'file_id': 'abc'})
    """

    def __init__(self) -> None:
        self.routes: list[Route] = []
        # Literal paths are a dict lookup: most API calls (completions, embeddings) hit one.
        self._literal: dict[tuple[str, str], Route] = {}
        self._templated: dict[str, list[Route]] = {}

    def add(
        self, method: str, template: str, handler: Handler, operation_id: str | None = None
    ) -> None:
        """Register ``handler``; ``operation_id`` names the spec operation whose JSON request
        body the server validates before calling it. Registering a route twice is an error,
        so two fakes cannot silently claim the same endpoint."""
        method = method.upper()
        if any(r.method == method and r.template == template for r in self.routes):
            raise ValueError(f"{method} {template} is already registered")
        regex = re.sub(r"\{(\w+)\}", r"(?P<\1>[^/]+)", template)
        route = Route(method, template, re.compile(f"^{regex}$"), handler, operation_id)
        self.routes.append(route)
        if "{" in template:
            bucket = self._templated.setdefault(method, [])
            bucket.append(route)
            bucket.sort(key=lambda r: r.template.count("{"))
        else:
            self._literal[(method, template)] = route

    def match(self, method: str, path: str) -> tuple[Route, dict[str, str]] | None:
        """The route for a request and its path parameters, or ``None``."""
        route = self._literal.get((method, path))
        if route is not None:
            return route, {}
        for route in self._templated.get(method, ()):
            found = route.pattern.match(path)
            if found:
                return route, found.groupdict()
        return None


def parse_query(raw: str) -> dict[str, list[str]]:
    """A query string as lists of values per name (blank values kept)."""
    return parse_qs(raw, keep_blank_values=True)


def error_body(
    message: str, kind: str = "invalid_request_error", code: str | None = None
) -> dict[str, Any]:
    """An error object shaped like the API's."""
    return {"object": "error", "message": message, "type": kind, "param": None, "code": code}


def invalid(loc: list[Any], msg: str, kind: str = "value_error") -> JSONResponse:
    """The 422 the API answers for one bad field, in FastAPI's ``detail`` shape.

    >>> invalid(["body", "file"], "Field required", "missing").status
    422
    """
    return JSONResponse({"detail": [{"type": kind, "loc": loc, "msg": msg, "input": None}]}, 422)


def not_found(what: str) -> JSONResponse:
    """The 404 of an unknown resource id, in the API's error shape.

    >>> not_found("file 'abc'").body["message"]
    "file 'abc' not found"
    """
    return JSONResponse(error_body(f"{what} not found", "not_found", "404"), 404)
