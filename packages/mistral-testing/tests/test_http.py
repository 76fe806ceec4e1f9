"""The HTTP layer: auth, routing, validation answers, request bodies, recording, lifecycle."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator

import httpx
import pytest

from mistralai.testing import MistralTestServer

from .conftest import AUTH, CHAT, raw_exchange, raw_post


@pytest.mark.parametrize(
    "authorization", [None, "Bearer", "Bearer ", "Bearer    ", "Basic abc", "test-key"]
)
def test_a_missing_or_empty_key_is_401(
    mistral_test_server: MistralTestServer, authorization: str | None
) -> None:
    # By hand: httpx refuses to send a header value with trailing spaces.
    headers = [] if authorization is None else [f"authorization: {authorization}"]
    request = raw_post("/v1/chat/completions", json.dumps(CHAT).encode(), *headers)
    ((status, _, body),) = raw_exchange(mistral_test_server.url, [request])
    assert status == 401
    answer = json.loads(body)
    assert answer["message"] == "Unauthorized"
    assert isinstance(answer["request_id"], str)
    assert answer["request_id"]


def test_unknown_route_and_wrong_method_are_404(http: httpx.Client) -> None:
    assert http.get("/v1/nowhere").json() == {"detail": "Not Found"}
    assert http.get("/v1/chat/completions").status_code == 404
    assert http.get("/not-even-v1").status_code == 404


def test_unknown_resource_id_is_404_in_the_api_error_shape(http: httpx.Client) -> None:
    response = http.get("/v1/models/no-such-model")
    assert response.status_code == 404
    body = response.json()
    assert body["object"] == "error"
    assert "no-such-model" in body["message"]


def test_an_unknown_role_names_the_role_in_the_422(http: httpx.Client) -> None:
    bad = {"model": "m", "messages": [{"role": "robot", "content": "x"}]}
    (detail,) = http.post("/v1/chat/completions", json=bad).json()["detail"]
    assert detail["loc"] == ["body", "messages", 0, "role"]
    assert detail["input"] == "robot"
    assert "'user'" in detail["msg"]


@pytest.mark.parametrize(
    ("body", "loc", "kind"),
    [
        ({"messages": [{"role": "user", "content": "x"}]}, ["body", "model"], "missing"),
        (
            {"model": "m", "messages": [{"role": "user", "content": 5}]},
            ["body", "messages", 0, "content"],
            None,
        ),
        ({**CHAT, "temperature": "hot"}, ["body", "temperature"], None),
        ({**CHAT, "n": 0}, ["body", "n"], None),
    ],
)
def test_invalid_bodies_are_422_with_the_location(
    http: httpx.Client, body: dict[str, object], loc: list[object], kind: str | None
) -> None:
    response = http.post("/v1/chat/completions", json=body)
    assert response.status_code == 422
    first = response.json()["detail"][0]
    assert first["loc"] == loc
    assert {"type", "loc", "msg", "input"} <= set(first)
    if kind is not None:
        assert first["type"] == kind


def test_a_body_that_is_not_json_is_422(http: httpx.Client) -> None:
    response = http.post(
        "/v1/chat/completions", content=b"{nope", headers={"content-type": "application/json"}
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["type"] == "json_invalid"


def test_an_empty_body_is_422_missing(http: httpx.Client) -> None:
    response = http.post("/v1/chat/completions")
    assert response.status_code == 422
    assert response.json()["detail"][0] == {
        "type": "missing",
        "loc": ["body"],
        "msg": "Field required",
        "input": None,
    }


def test_validation_can_be_turned_off() -> None:
    with MistralTestServer(validate=False) as server:
        response = httpx.post(
            f"{server.url}/v1/chat/completions",
            json={**CHAT, "temperature": "hot", "unknown_field": 1},
            headers=AUTH,
        )
    assert response.status_code == 200


def test_the_verdict_of_an_identical_body_is_the_same_twice(http: httpx.Client) -> None:
    bad = {"model": "m", "messages": [{"role": "robot", "content": "x"}]}
    first = http.post("/v1/chat/completions", json=bad).json()
    assert http.post("/v1/chat/completions", json=bad).json() == first
    assert http.post("/v1/chat/completions", json=CHAT).status_code == 200


def test_a_chunked_request_body_is_read(
    http: httpx.Client, mistral_test_server: MistralTestServer
) -> None:
    payload = json.dumps({**CHAT, "max_tokens": 3}).encode()

    def pieces() -> Iterator[bytes]:
        for start in range(0, len(payload), 7):
            yield payload[start : start + 7]

    response = http.post(
        "/v1/chat/completions", content=pieces(), headers={"content-type": "application/json"}
    )
    assert response.status_code == 200
    recorded = mistral_test_server.requests[-1]
    assert recorded.headers["Transfer-Encoding"] == "chunked"
    assert recorded.body == payload
    assert response.json()["usage"]["completion_tokens"] == 3


def test_requests_are_recorded_with_query_and_case_insensitive_headers(
    http: httpx.Client, mistral_test_server: MistralTestServer
) -> None:
    http.get("/v1/models", params={"provider": "mistralai", "x": ["1", "2"]})
    recorded = mistral_test_server.requests[-1]
    assert recorded.method == "GET"
    assert recorded.path == "/v1/models"
    assert recorded.query == {"provider": ["mistralai"], "x": ["1", "2"]}
    assert recorded.headers["AUTHORIZATION"] == recorded.headers["authorization"] == "Bearer test"
    assert "Authorization" in recorded.headers


def test_requests_are_recorded_from_many_threads(
    mistral_test_server: MistralTestServer,
) -> None:
    def send() -> None:
        with httpx.Client(base_url=mistral_test_server.url, headers=AUTH) as client:
            for _ in range(10):
                assert client.post("/v1/chat/completions", json=CHAT).status_code == 200

    threads = [threading.Thread(target=send) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(mistral_test_server.requests) == 80


def test_keep_alive_serves_many_requests_on_one_connection(
    mistral_test_server: MistralTestServer,
) -> None:
    request = raw_post("/v1/chat/completions", json.dumps(CHAT).encode(), "authorization: Bearer t")
    answers = raw_exchange(mistral_test_server.url, [request] * 3)
    assert [status for status, _, _ in answers] == [200, 200, 200]
    assert all(json.loads(body)["object"] == "chat.completion" for _, _, body in answers)


def test_stop_is_quick_and_closes_idle_connections() -> None:
    server = MistralTestServer().start()
    client = httpx.Client(base_url=server.url, headers=AUTH)
    assert client.post("/v1/chat/completions", json=CHAT).status_code == 200
    started = time.monotonic()
    server.stop()
    assert time.monotonic() - started < 2
    with pytest.raises(httpx.TransportError):
        client.post("/v1/chat/completions", json=CHAT)
    client.close()
    with pytest.raises(RuntimeError, match="not started"):
        _ = server.url


def test_servers_are_independent() -> None:
    with MistralTestServer() as first, MistralTestServer() as second:
        assert first.url != second.url
        httpx.post(f"{first.url}/v1/chat/completions", json=CHAT, headers=AUTH)
        assert len(first.requests) == 1
        assert second.requests == []


def test_control_endpoint_rejects_an_unknown_fault(http: httpx.Client) -> None:
    response = http.post("/__testing__/faults", json={"fault": {"kind": "meteor"}})
    assert response.status_code == 400
    assert "meteor" in response.json()["detail"]
    assert http.post("/v1/chat/completions", json=CHAT).status_code == 200


def test_control_endpoint_lists_requests_and_is_not_recorded(
    http: httpx.Client, mistral_test_server: MistralTestServer
) -> None:
    http.post("/v1/chat/completions", json=CHAT)
    listed = http.get("/__testing__/requests").json()
    assert listed == [{"method": "POST", "path": "/v1/chat/completions"}]
    assert [r.path for r in mistral_test_server.requests] == ["/v1/chat/completions"]
