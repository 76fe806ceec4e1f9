"""The router and the SSE encoder, without a server."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from mistralai.testing import (
    EventStreamResponse,
    JSONResponse,
    Request,
    Response,
    Router,
    ServerSentEvent,
)


def answer(name: str) -> Callable[[Request], Response]:
    def handler(request: Request) -> Response:
        return JSONResponse({"handler": name, "params": request.path_params})

    return handler


def test_literal_paths_win_over_templates() -> None:
    router = Router()
    router.add("GET", "/v1/files/{file_id}", answer("one"))
    router.add("GET", "/v1/files/special", answer("special"))
    router.add("get", "/v1/files/{file_id}/content", answer("content"))
    assert router.match("GET", "/v1/files/special") == (router.routes[1], {})
    found = router.match("GET", "/v1/files/abc/content")
    assert found is not None
    assert found[1] == {"file_id": "abc"}
    assert found[0].template == "/v1/files/{file_id}/content"


def test_no_match_for_other_methods_or_paths() -> None:
    router = Router()
    router.add("GET", "/v1/files/{file_id}", answer("one"))
    assert router.match("DELETE", "/v1/files/abc") is None
    assert router.match("GET", "/v1/files/") is None
    assert router.match("GET", "/v1/files/a/b") is None


def test_a_route_cannot_be_registered_twice() -> None:
    router = Router()
    router.add("POST", "/v1/things", answer("one"))
    with pytest.raises(ValueError, match="already registered"):
        router.add("post", "/v1/things", answer("two"))


def test_every_fake_registers_without_clashes() -> None:
    from mistralai.testing.fakes import register_all

    router = Router()
    register_all(router)
    assert router.match("POST", "/v1/chat/completions") is not None
    api = [route for route in router.routes if route.template.startswith("/v1/")]
    assert all(route.operation_id for route in api)
    # Beside the API, only the pages a user's browser would open (an OAuth2 sign-in).
    assert [r.template for r in router.routes if r not in api] == ["/oauth2/authorize"]


def test_event_items_are_encoded_by_kind() -> None:
    response = EventStreamResponse(
        [
            {"a": 1},
            "raw text\nsecond line",
            ("done", {"b": 2}),
            ServerSentEvent("x", event="e", id="7", retry=100),
        ]
    )
    assert list(response.frames()) == [
        b'data: {"a": 1}\n\n',
        b"data: raw text\ndata: second line\n\n",
        b'event: done\ndata: {"b": 2}\n\n',
        b"event: e\nid: 7\nretry: 100\ndata: x\n\n",
        b"data: [DONE]\n\n",
    ]


def test_a_stream_without_done() -> None:
    assert list(EventStreamResponse([{"a": 1}], done=False).frames()) == [b'data: {"a": 1}\n\n']
