"""Requests, responses and the router of the test server."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Union
from urllib.parse import parse_qs

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


@dataclass
class Request:
    """One request as a handler sees it."""

    method: str
    path: str
    query: dict[str, list[str]]
    headers: Headers
    body: bytes
    state: ServerState
    path_params: dict[str, str] = field(default_factory=dict)

    def json(self) -> Any:
        """The body parsed as JSON."""
        return json.loads(self.body or b"null")

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
    """A ``text/event-stream`` answer: each item is a JSON-able ``data`` payload, or an
    ``(event_name, payload)`` pair; ``[DONE]`` is sent at the end when ``done`` is true."""

    events: Iterable[Any]
    done: bool = True
    headers: Mapping[str, str] = field(default_factory=dict)

    def frames(self) -> Iterator[bytes]:
        for item in self.events:
            if isinstance(item, tuple):
                name, payload = item
                yield f"event: {name}\ndata: {json.dumps(payload)}\n\n".encode()
            else:
                yield f"data: {json.dumps(item)}\n\n".encode()
        if self.done:
            yield b"data: [DONE]\n\n"


Response = Union[JSONResponse, RawResponse, EventStreamResponse]
Handler = Callable[[Request], Response]


@dataclass(frozen=True)
class Route:
    method: str
    template: str
    pattern: re.Pattern[str]
    handler: Handler
    operation_id: str | None


class Router:
    """Maps ``METHOD /path/{param}`` to handlers.

    >>> router = Router()
    >>> router.add("GET", "/v1/files/{file_id}", handler, operation_id="files_api_routes_retrieve_file")  # doctest: +SKIP
    """

    def __init__(self) -> None:
        self.routes: list[Route] = []

    def add(
        self, method: str, template: str, handler: Handler, operation_id: str | None = None
    ) -> None:
        """Register ``handler``; ``operation_id`` names the spec operation to validate against."""
        regex = re.sub(r"\{(\w+)\}", r"(?P<\1>[^/]+)", template)
        self.routes.append(
            Route(method.upper(), template, re.compile(f"^{regex}$"), handler, operation_id)
        )

    def match(self, method: str, path: str) -> tuple[Route, dict[str, str]] | None:
        """The route for a request and its path parameters; literal routes win over templates."""
        candidates = []
        for route in self.routes:
            found = route.pattern.match(path)
            if found and route.method == method:
                candidates.append((route.template.count("{"), route, found.groupdict()))
        if not candidates:
            return None
        _, route, params = min(candidates, key=lambda item: item[0])
        return route, params


def parse_query(raw: str) -> dict[str, list[str]]:
    return parse_qs(raw, keep_blank_values=True)


def error_body(
    message: str, kind: str = "invalid_request_error", code: str | None = None
) -> dict[str, Any]:
    """An error object shaped like the API's."""
    return {"object": "error", "message": message, "type": kind, "param": None, "code": code}


def not_found(what: str) -> JSONResponse:
    return JSONResponse(error_body(f"{what} not found", "not_found", "404"), 404)
