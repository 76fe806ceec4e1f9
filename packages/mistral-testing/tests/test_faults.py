"""Every fault kind, from Python and over the control endpoint."""

from __future__ import annotations

import itertools
import json
import time

import httpx
import pytest

from mistralai.testing import Fault, MistralTestServer

from .conftest import CHAT, raw_exchange, raw_post

STREAM = {**CHAT, "stream": True, "max_tokens": 10}


def events(response: httpx.Response) -> list[str]:
    return [line for line in response.iter_lines() if line]


def test_status_fault_with_retry_headers_and_api_error_body(
    http: httpx.Client, mistral_test_server: MistralTestServer
) -> None:
    mistral_test_server.faults.add(
        Fault.status(429, headers={"Retry-After": "1", "retry-after-ms": "250"})
    )
    response = http.post("/v1/chat/completions", json=CHAT)
    assert response.status_code == 429
    assert response.headers["retry-after"] == "1"
    assert response.headers["retry-after-ms"] == "250"
    assert response.json()["object"] == "error"
    assert response.json()["message"]


@pytest.mark.parametrize("code", [500, 502, 503, 504, 418])
def test_status_faults_have_a_default_error_body(
    http: httpx.Client, mistral_test_server: MistralTestServer, code: int
) -> None:
    mistral_test_server.faults.add(Fault.status(code))
    response = http.post("/v1/chat/completions", json=CHAT)
    assert response.status_code == code
    assert set(response.json()) >= {"object", "message", "type", "code"}


def test_a_status_fault_with_a_custom_body(
    http: httpx.Client, mistral_test_server: MistralTestServer
) -> None:
    mistral_test_server.faults.add(Fault.status(400, body={"detail": "custom"}))
    assert http.post("/v1/chat/completions", json=CHAT).json() == {"detail": "custom"}


def test_a_fault_applies_times_then_disappears(
    http: httpx.Client, mistral_test_server: MistralTestServer
) -> None:
    mistral_test_server.faults.add(Fault.status(503), times=3)
    codes = [http.post("/v1/chat/completions", json=CHAT).status_code for _ in range(5)]
    assert codes == [503, 503, 503, 200, 200]
    assert len(mistral_test_server.requests) == 5


def test_times_must_be_positive(mistral_test_server: MistralTestServer) -> None:
    with pytest.raises(ValueError, match="at least 1"):
        mistral_test_server.faults.add(Fault.reset(), times=0)


def test_faults_match_method_and_path(
    http: httpx.Client, mistral_test_server: MistralTestServer
) -> None:
    mistral_test_server.faults.add(Fault.status(500), path="/v1/models", method="delete")
    assert http.get("/v1/models").status_code == 200
    assert http.post("/v1/chat/completions", json=CHAT).status_code == 200
    assert http.delete("/v1/models").status_code == 500


def test_reset_closes_the_connection_without_an_answer(
    http: httpx.Client, mistral_test_server: MistralTestServer
) -> None:
    mistral_test_server.faults.add(Fault.reset())
    with pytest.raises((httpx.RemoteProtocolError, httpx.ReadError)):
        http.post("/v1/chat/completions", json=CHAT)
    assert mistral_test_server.requests[-1].path == "/v1/chat/completions"
    assert http.post("/v1/chat/completions", json=CHAT).status_code == 200


def test_reset_is_abortive(mistral_test_server: MistralTestServer) -> None:
    mistral_test_server.faults.add(Fault.reset())
    request = raw_post("/v1/chat/completions", json.dumps(CHAT).encode(), "authorization: Bearer t")
    with pytest.raises(ConnectionResetError):
        raw_exchange(mistral_test_server.url, [request])


def test_slow_delays_an_answer(http: httpx.Client, mistral_test_server: MistralTestServer) -> None:
    mistral_test_server.faults.add(Fault.slow(0.3))
    started = time.monotonic()
    assert http.post("/v1/chat/completions", json=CHAT).status_code == 200
    assert time.monotonic() - started >= 0.3


def test_slow_read_timeout_is_seen_by_the_client(
    mistral_test_server: MistralTestServer,
) -> None:
    mistral_test_server.faults.add(Fault.slow(1.0))
    with pytest.raises(httpx.ReadTimeout):
        httpx.post(
            f"{mistral_test_server.url}/v1/chat/completions",
            json=CHAT,
            headers={"authorization": "Bearer t"},
            timeout=0.2,
        )


def test_slow_stream_spaces_its_events(
    http: httpx.Client, mistral_test_server: MistralTestServer
) -> None:
    mistral_test_server.faults.add(Fault.slow(0.05))
    arrivals = []
    with http.stream("POST", "/v1/chat/completions", json={**STREAM, "max_tokens": 4}) as response:
        for line in response.iter_lines():
            if line:
                arrivals.append(time.monotonic())
    assert len(arrivals) == 5
    gaps = [later - earlier for earlier, later in itertools.pairwise(arrivals)]
    assert min(gaps) >= 0.04


@pytest.mark.parametrize("after", [0, 1, 5])
def test_truncate_drops_a_stream_after_n_events(
    http: httpx.Client, mistral_test_server: MistralTestServer, after: int
) -> None:
    mistral_test_server.faults.add(Fault.truncate(after_events=after))
    received: list[str] = []
    with pytest.raises(httpx.RemoteProtocolError):
        with http.stream("POST", "/v1/chat/completions", json=STREAM) as response:
            assert response.status_code == 200
            received.extend(line for line in response.iter_lines() if line)
    assert len(received) == after
    assert "data: [DONE]" not in received


def test_malformed_json_is_a_200_that_does_not_parse(
    http: httpx.Client, mistral_test_server: MistralTestServer
) -> None:
    mistral_test_server.faults.add(Fault.malformed_json())
    response = http.post("/v1/chat/completions", json=CHAT)
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    with pytest.raises(json.JSONDecodeError):
        response.json()


def test_wrong_content_type_is_an_html_page(
    http: httpx.Client, mistral_test_server: MistralTestServer
) -> None:
    mistral_test_server.faults.add(Fault.wrong_content_type())
    response = http.post("/v1/chat/completions", json=CHAT)
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/html"
    assert response.text.startswith("<html>")


def test_reset_clears_pending_faults(
    http: httpx.Client, mistral_test_server: MistralTestServer
) -> None:
    mistral_test_server.faults.add(Fault.status(500), times=5)
    mistral_test_server.reset()
    assert http.post("/v1/chat/completions", json=CHAT).status_code == 200


@pytest.mark.parametrize(
    ("fault", "times"),
    [
        ({"kind": "status", "code": 429, "headers": {"Retry-After": "2"}}, 2),
        ({"kind": "status", "status": 503}, 1),
        ({"kind": "malformed_json"}, 1),
        ({"kind": "wrong_content_type"}, 1),
    ],
)
def test_faults_over_http(http: httpx.Client, fault: dict[str, object], times: int) -> None:
    armed = http.post(
        "/__testing__/faults",
        json={"fault": fault, "times": times, "path": "/v1/chat/completions"},
    )
    assert armed.json() == {"ok": True}
    spoiled = [http.post("/v1/chat/completions", json=CHAT) for _ in range(times)]
    assert all(r.status_code == fault.get("code", fault.get("status", 200)) for r in spoiled)
    if fault["kind"] == "status" and "headers" in fault:
        assert spoiled[0].headers["retry-after"] == "2"
    if fault["kind"] == "wrong_content_type":
        assert spoiled[0].headers["content-type"] == "text/html"
    assert http.post("/v1/chat/completions", json=CHAT).json()["object"] == "chat.completion"


def test_stream_faults_over_http(http: httpx.Client) -> None:
    http.post("/__testing__/faults", json={"fault": {"kind": "truncate", "after_events": 2}})
    with pytest.raises(httpx.RemoteProtocolError):
        with http.stream("POST", "/v1/chat/completions", json=STREAM) as response:
            assert len(events(response)) == 2
    http.post("/__testing__/faults", json={"kind": "slow", "delay": 0.2})
    started = time.monotonic()
    http.post("/v1/chat/completions", json=CHAT)
    assert time.monotonic() - started >= 0.2


def test_reset_over_http_clears_everything(
    http: httpx.Client, mistral_test_server: MistralTestServer
) -> None:
    http.post("/__testing__/faults", json={"fault": {"kind": "status", "code": 500}, "times": 3})
    http.get("/v1/models")
    assert http.post("/__testing__/reset").json() == {"ok": True}
    assert mistral_test_server.requests == []
    assert http.get("/v1/models").status_code == 200
