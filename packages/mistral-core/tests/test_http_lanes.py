"""Clients the SDK creates send straight to their transport, with httpx's own results."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from mistralai._http import ClientLane, DirectLane, lane_for

TIMEOUT = httpx.Timeout(300.0, connect=10.0)
JSON = {"user-agent": "sdk/1", "accept": "application/json", "authorization": "Bearer k"}

BUILDS: list[tuple[str, str, Any, dict[str, str], Any, int | None]] = [
    ("POST", "http://h:1/v1/x", None, {**JSON, "content-type": "application/json"}, b"{}", None),
    ("POST", "http://h:1/v1/x", None, {"authorization": "Bearer k"}, None, 5_000),
    ("GET", "https://h/v1/x", {"a": "1", "b": ["x", "y"]}, {"Accept": "x", "accept": "y"}, None, 0),
    ("DELETE", "https://h/v1/x?q=1", {"a": "1"}, {"Host": "h2", "content-length": "3"}, b"abc", 10),
    ("PUT", "https://h/v1/x", None, {"transfer-encoding": "chunked", "Connection": "close"}, None, None),
    ("GET", "https://h/v1/x", None, {}, None, None),
]  # fmt: skip


@pytest.mark.parametrize("make", [httpx.Client, httpx.AsyncClient])
@pytest.mark.parametrize("parts", BUILDS)
def test_direct_requests_are_the_ones_build_request_makes(make: Any, parts: Any) -> None:
    http = make(timeout=TIMEOUT)
    built = ClientLane(http).build(*parts)
    direct = DirectLane(http).build(*parts)
    assert (direct.method, direct.url) == (built.method, built.url)
    assert sorted(direct.headers.multi_items()) == sorted(built.headers.multi_items())
    assert direct.extensions == built.extensions
    assert direct.content == built.content


def test_direct_upload_keeps_httpx_framing() -> None:
    def chunks() -> Iterator[bytes]:
        yield b"ab"

    parts = ("POST", "https://h/up", None, {"content-type": "text/plain"}, chunks(), None)
    direct = DirectLane(httpx.Client()).build(*parts)
    assert direct.headers["transfer-encoding"] == "chunked"
    assert direct.headers["host"] == "h"


def test_only_a_plain_client_of_the_sdk_goes_direct() -> None:
    assert isinstance(lane_for(httpx.Client(), owned=True), DirectLane)
    assert type(lane_for(httpx.Client(), owned=False)) is ClientLane
    for special in (
        httpx.Client(auth=("u", "p")),
        httpx.Client(follow_redirects=True),
        httpx.Client(event_hooks={"request": [print]}),
        httpx.Client(params={"a": "1"}),
        httpx.Client(base_url="https://h/v1"),
    ):
        assert type(lane_for(special, owned=True)) is ClientLane


def _answer(request: httpx.Request) -> httpx.Response:
    headers = {"content-type": "application/json"}
    if request.url.path == "/login":
        headers["set-cookie"] = "session=abc; Path=/"
    body = b'{"cookie": "%s"}' % request.headers.get("cookie", "").encode()
    # An unread body, as a network transport gives it.
    return httpx.Response(200, headers=headers, stream=httpx.ByteStream(body))


def test_direct_response_is_what_client_send_gives(caplog: pytest.LogCaptureFixture) -> None:
    http = httpx.Client(transport=httpx.MockTransport(_answer), default_encoding="latin-1")
    lane = DirectLane(http)
    request = lane.build("GET", "https://h/login", None, {}, None, None)
    with caplog.at_level(logging.INFO, logger="httpx"):
        response = lane.send(request)
    assert response.request is request
    assert response.default_encoding == "latin-1"
    response.read()
    response.close()
    assert response.elapsed.total_seconds() >= 0
    assert 'HTTP Request: GET https://h/login "HTTP/1.1 200 OK"' in caplog.text
    # The cookie the server set is kept in the client's jar and sent back.
    assert http.cookies["session"] == "abc"
    again = lane.send(lane.build("GET", "https://h/next", None, {}, None, None))
    assert again.read() == b'{"cookie": "session=abc"}'


async def test_async_direct_response_and_cookies() -> None:
    async def answer(request: httpx.Request) -> httpx.Response:
        return _answer(request)

    http = httpx.AsyncClient(transport=httpx.MockTransport(answer))
    lane = DirectLane(http)
    response = await lane.asend(lane.build("GET", "https://h/login", None, {}, None, None))
    await response.aread()
    await response.aclose()
    assert response.elapsed.total_seconds() >= 0
    again = await lane.asend(lane.build("GET", "https://h/next", None, {}, None, None))
    assert await again.aread() == b'{"cookie": "session=abc"}'


def test_transport_errors_name_their_request() -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused")

    lane = DirectLane(httpx.Client(transport=httpx.MockTransport(refuse)))
    request = lane.build("POST", "https://h/x", None, {}, b"{}", None)
    with pytest.raises(httpx.ConnectError) as info:
        lane.send(request)
    assert info.value.request is request


def test_environment_proxies_still_apply(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HTTPS_PROXY", "http://proxy.invalid:3128")
    http = httpx.Client()
    lane = lane_for(http, owned=True)
    request = lane.build("GET", "https://api.example/x", None, {}, None, None)
    transport = http._transport_for_url(request.url)
    assert transport is not http._transport  # the proxy's transport is the one used


@pytest.mark.parametrize("stream", [False, True])
def test_own_and_given_clients_send_the_same_request(
    mistral_test_server: Any, make_client: Any, body: dict[str, Any], stream: bool
) -> None:
    seen = []
    for given in (None, httpx.Client(timeout=TIMEOUT)):
        client = make_client(client=given)
        if stream:
            with client.probe.stream(body, http_headers={"X-Extra": "1"}) as events:
                assert sum(1 for _ in events)
        else:
            client.probe.complete(body, http_headers={"X-Extra": "1"})
        recorded = mistral_test_server.requests[-1]
        seen.append((recorded.method, recorded.path, recorded.body, sorted(
            (name.lower(), value) for name, value in recorded.headers.items()
        )))  # fmt: skip
    assert seen[0] == seen[1]
