"""Answers checked against the spec, request ids and rate-limit headers."""

from __future__ import annotations

import httpx
import pytest

from mistralai.testing import (
    EventStreamResponse,
    JSONResponse,
    MistralTestServer,
    ResponseCheckError,
    transport,
)
from mistralai.testing._server import CHECK_FAILED_STATUS
from mistralai.testing._validation import KNOWN_RESPONSE_DEVIATIONS, spec

from .conftest import AUTH, CHAT

EMBEDDINGS = "embeddings_v1_embeddings_post"
CHAT_OPERATION = "chat_completion_v1_chat_completions_post"


def _drifting_server(*, check: bool) -> MistralTestServer:
    """A server with two routes whose fakes answer what the spec rejects."""
    server = MistralTestServer(check_responses=check)
    server.router.add(
        "POST", "/v1/drift/embeddings", lambda r: JSONResponse({"data": "nope"}), EMBEDDINGS
    )
    server.router.add(
        "POST",
        "/v1/drift/chat",
        lambda r: EventStreamResponse([{"id": "c", "choices": "nope"}]),
        CHAT_OPERATION,
    )
    return server


def _http(server: MistralTestServer) -> httpx.Client:
    return httpx.Client(transport=transport(server), base_url="http://mistral.test", headers=AUTH)


def test_a_json_answer_the_spec_rejects_is_a_599_and_raised_later() -> None:
    server = _drifting_server(check=True)
    with _http(server) as http:
        response = http.post("/v1/drift/embeddings", json={"model": "m", "input": "x"})
    assert response.status_code == CHECK_FAILED_STATUS
    assert response.json()["type"] == "response_check_failed"
    assert "'id' is a required property" in response.json()["message"]
    assert server.response_problems[0].startswith("POST /v1/drift/embeddings: $")
    with pytest.raises(ResponseCheckError, match="'model' is a required property"):
        server.raise_response_problems()
    server.reset()
    server.raise_response_problems()


def test_each_stream_event_is_checked() -> None:
    server = _drifting_server(check=True)
    with _http(server) as http:
        response = http.post("/v1/drift/chat", json={**CHAT, "stream": True})
    assert response.status_code == 200  # the head went out before the event was made
    assert any("$.data.choices" in p for p in server.response_problems)
    assert not any("[DONE]" in p for p in server.response_problems)


def test_without_the_check_drift_goes_through() -> None:
    server = _drifting_server(check=False)
    with _http(server) as http:
        assert http.post("/v1/drift/embeddings", json={"model": "m", "input": "x"}).json() == {
            "data": "nope"
        }
    assert server.response_problems == []


def test_known_deviations_are_the_only_ones_let_through() -> None:
    """A chat completion has no ``data`` (the spec requires it): accepted; without ``id``:
    refused."""
    assert ("ChatCompletionResponse", "data") in KNOWN_RESPONSE_DEVIATIONS
    for schema, field_name in KNOWN_RESPONSE_DEVIATIONS:
        assert schema in spec()["components"]["schemas"], schema
        assert field_name
    server = MistralTestServer(check_responses=True)
    with _http(server) as http:
        assert http.post("/v1/chat/completions", json=CHAT).status_code == 200
    server.router = type(server.router)()
    server.router.add(
        "POST",
        "/v1/chat/completions",
        lambda r: JSONResponse({"object": "chat.completion", "choices": []}),
        CHAT_OPERATION,
    )
    with _http(server) as http:
        assert http.post("/v1/chat/completions", json=CHAT).status_code == CHECK_FAILED_STATUS


def test_an_undocumented_success_status_is_drift() -> None:
    server = MistralTestServer(check_responses=True)
    server.router.add(
        "POST",
        "/v1/drift/embeddings",
        lambda r: JSONResponse({"id": "e", "object": "list", "data": []}, 202),
        EMBEDDINGS,
    )
    with _http(server) as http:
        response = http.post("/v1/drift/embeddings", json={"model": "m", "input": "x"})
    assert response.status_code == CHECK_FAILED_STATUS
    assert "status 202 is not among the documented [200]" in response.json()["message"]


def test_request_ids_count_from_the_state(
    http: httpx.Client, mistral_test_server: MistralTestServer
) -> None:
    ids = [http.get("/v1/models").headers["x-request-id"] for _ in range(3)]
    assert ids == [f"{n:032x}" for n in (1, 2, 3)]
    unauthorized = httpx.get(f"{mistral_test_server.url}/v1/models")
    assert unauthorized.status_code == 401
    assert unauthorized.json()["request_id"] == unauthorized.headers["x-request-id"] == f"{4:032x}"
    mistral_test_server.reset()
    assert http.get("/v1/models").headers["x-request-id"] == f"{1:032x}"


def test_request_ids_do_not_move_resource_ids(http: httpx.Client) -> None:
    http.get("/v1/models")
    assert http.post("/v1/chat/completions", json=CHAT).json()["id"] == "cmpl-000000000001"


def test_rate_limit_headers_count_down(
    http: httpx.Client, mistral_test_server: MistralTestServer
) -> None:
    first = http.post("/v1/chat/completions", json=CHAT)
    second = http.get("/v1/models")
    used = first.json()["usage"]["total_tokens"]
    assert first.headers["x-ratelimit-limit-req-minute"] == "1000"
    assert first.headers["x-ratelimit-remaining-req-minute"] == "999"
    assert second.headers["x-ratelimit-remaining-req-minute"] == "998"
    assert first.headers["x-ratelimit-limit-tokens-minute"] == "2000000"
    assert first.headers["x-ratelimit-tokens-query-cost"] == str(used)
    assert int(first.headers["x-ratelimit-remaining-tokens-minute"]) == 2_000_000 - used
    assert (
        second.headers["x-ratelimit-remaining-tokens-minute"]
        == first.headers["x-ratelimit-remaining-tokens-minute"]
    )
    mistral_test_server.reset()
    assert http.get("/v1/models").headers["x-ratelimit-remaining-req-minute"] == "999"


def test_fault_answers_and_streams_carry_the_headers(
    http: httpx.Client, mistral_test_server: MistralTestServer
) -> None:
    from mistralai.testing import Fault

    mistral_test_server.faults.add(
        Fault.status(429, headers={"x-ratelimit-remaining-req-minute": "0"})
    )
    limited = http.post("/v1/chat/completions", json=CHAT)
    assert limited.status_code == 429
    assert limited.headers["x-ratelimit-remaining-req-minute"] == "0"  # the fault's own wins
    assert limited.headers["x-request-id"] == f"{1:032x}"
    with http.stream("POST", "/v1/chat/completions", json={**CHAT, "stream": True}) as stream:
        assert stream.headers["x-request-id"] == f"{2:032x}"
        assert stream.headers["x-ratelimit-remaining-req-minute"] == "998"
