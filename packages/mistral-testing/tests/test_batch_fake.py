"""The batch fake: jobs run each line against the other fakes, at a chosen pace."""

from __future__ import annotations

import json
import time
from typing import Any

import httpx
import pytest

from mistralai.testing import MistralTestServer

from .conftest import spec_errors

JOBS = "/v1/batch/jobs"


def upload(http: httpx.Client, lines: list[dict[str, Any]], name: str = "in.jsonl") -> str:
    data = "".join(json.dumps(line) + "\n" for line in lines).encode()
    answer = http.post("/v1/files", files={"file": (name, data)}, data={"purpose": "batch"})
    assert answer.status_code == 200, answer.text
    file_id: str = answer.json()["id"]
    return file_id


def chat_line(custom_id: str, text: str) -> dict[str, Any]:
    return {"custom_id": custom_id, "body": {"messages": [{"role": "user", "content": text}]}}


def create(http: httpx.Client, file_id: str, **extra: Any) -> dict[str, Any]:
    body = {"input_files": [file_id], "endpoint": "/v1/chat/completions", **extra}
    body.setdefault("model", "mistral-small-latest")
    answer = http.post(JOBS, json=body)
    assert answer.status_code == 200, answer.text
    job: dict[str, Any] = answer.json()
    return job


def read_file(http: httpx.Client, file_id: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in http.get(f"/v1/files/{file_id}/content").text.splitlines()]


def run_to_end(http: httpx.Client, job_id: str, reads: int = 50) -> dict[str, Any]:
    for _ in range(reads):
        job: dict[str, Any] = http.get(f"{JOBS}/{job_id}").json()
        if job["status"] in ("SUCCESS", "FAILED", "CANCELLED", "TIMEOUT_EXCEEDED"):
            return job
        time.sleep(0.01)
    raise AssertionError(f"job {job_id} did not end: {job}")


def test_lines_run_against_the_chat_fake_into_output_and_error_files(http: httpx.Client) -> None:
    file_id = upload(http, [chat_line("a", "hello"), chat_line("b", "boom [batch-fail]")])
    job = create(http, file_id)
    assert job["status"] == "QUEUED"
    assert job["total_requests"] == 2
    assert job["id"].startswith("00000000-0000-4000-8000-")
    assert http.get(f"{JOBS}/{job['id']}").json()["status"] == "RUNNING"
    done = http.get(f"{JOBS}/{job['id']}").json()
    assert spec_errors("BatchJobOut", done) == []
    assert (done["status"], done["completed_requests"]) == ("SUCCESS", 2)
    assert (done["succeeded_requests"], done["failed_requests"]) == (1, 1)

    (answered,) = read_file(http, done["output_file"])
    direct = http.post(
        "/v1/chat/completions", json={**chat_line("", "hello")["body"], "model": "m"}
    )
    assert answered["custom_id"] == "a"
    assert answered["response"]["status_code"] == 200
    reply = answered["response"]["body"]
    assert reply["choices"][0]["message"] == direct.json()["choices"][0]["message"]
    assert reply["model"] == "mistral-small-latest"

    (failed,) = read_file(http, done["error_file"])
    assert failed["custom_id"] == "b"
    assert failed["response"]["status_code"] == 400
    assert failed["error"] == {"message": "failed on purpose", "code": "400"}
    output = http.get(f"/v1/files/{done['output_file']}").json()
    assert (output["purpose"], output["sample_type"], output["num_lines"]) == (
        "batch",
        "batch_result",
        1,
    )


def test_ids_are_the_same_on_every_run(
    http: httpx.Client, mistral_test_server: MistralTestServer
) -> None:
    def ids() -> tuple[str, str, str]:
        mistral_test_server.reset()
        file_id = upload(http, [chat_line("a", "hi")])
        job = create(http, file_id)
        done = run_to_end(http, job["id"])
        return file_id, job["id"], done["output_file"]

    first = ids()
    assert ids()[1:] == first[1:]


def test_embeddings_lines_get_the_vectors_of_a_direct_call(http: httpx.Client) -> None:
    line = {"custom_id": "e", "body": {"input": ["alpha", "beta"]}}
    job = create(http, upload(http, [line]), endpoint="/v1/embeddings", model="mistral-embed")
    done = run_to_end(http, job["id"])
    (answered,) = read_file(http, done["output_file"])
    direct = http.post(
        "/v1/embeddings", json={"model": "mistral-embed", "input": ["alpha", "beta"]}
    )
    got = [item["embedding"] for item in answered["response"]["body"]["data"]]
    assert got == [item["embedding"] for item in direct.json()["data"]]


@pytest.mark.parametrize(
    ("endpoint", "model", "body", "field"),
    [
        ("/v1/fim/completions", "codestral-latest", {"prompt": "def f():"}, "choices"),
        (
            "/v1/moderations",
            "mistral-moderation-latest",
            {"input": ["fine", "[flag:pii]"]},
            "results",
        ),
    ],
)
def test_fim_and_moderation_lines_answer_as_a_direct_call(
    http: httpx.Client, endpoint: str, model: str, body: dict[str, Any], field: str
) -> None:
    lines = [{"custom_id": "x", "body": body}]
    job = create(http, upload(http, lines), endpoint=endpoint, model=model)
    job = run_to_end(http, job["id"])
    (answered,) = read_file(http, job["output_file"])
    direct = http.post(endpoint, json={**body, "model": model}).json()
    assert answered["response"]["body"][field] == direct[field]


def test_lines_per_poll_paces_the_job(
    http: httpx.Client, mistral_test_server: MistralTestServer
) -> None:
    mistral_test_server.batch.configure(lines_per_poll=2)
    job = create(http, upload(http, [chat_line(str(i), f"m{i}") for i in range(5)]))
    seen = [http.get(f"{JOBS}/{job['id']}").json() for _ in range(4)]
    assert [(j["status"], j["completed_requests"]) for j in seen] == [
        ("RUNNING", 0),
        ("RUNNING", 2),
        ("RUNNING", 4),
        ("SUCCESS", 5),
    ]
    assert seen[-1]["output_file"] is not None
    assert seen[-1]["error_file"] is None


def test_a_background_job_runs_without_being_read(
    http: httpx.Client, mistral_test_server: MistralTestServer
) -> None:
    assert http.post("/__testing__/batch", json={"lines_per_second": 0}).status_code == 200
    job = create(http, upload(http, [chat_line(str(i), "x") for i in range(20)]))
    deadline = time.monotonic() + 5
    while mistral_test_server.batch.lines_run < 20 and time.monotonic() < deadline:
        time.sleep(0.01)
    done = http.get(f"{JOBS}/{job['id']}").json()
    assert (done["status"], done["succeeded_requests"]) == ("SUCCESS", 20)
    stats = http.get("/__testing__/batch").json()
    assert (stats["lines_run"], stats["custom_ids"], stats["most_runs_of_one_id"]) == (20, 20, 1)
    assert stats["busy_seconds"] > 0


def test_lines_per_second_limits_the_pace(
    http: httpx.Client, mistral_test_server: MistralTestServer
) -> None:
    mistral_test_server.batch.configure(lines_per_second=100)
    started = time.monotonic()
    job = create(http, upload(http, [chat_line(str(i), "x") for i in range(20)]))
    run_to_end(http, job["id"], reads=500)
    assert time.monotonic() - started >= 0.15


def test_failures_fail_every_and_flaky(
    http: httpx.Client, mistral_test_server: MistralTestServer
) -> None:
    mistral_test_server.batch.configure(fail_every=3)
    lines = [chat_line(str(i), "ok") for i in range(6)] + [chat_line("f", "[batch-flaky]")]
    done = run_to_end(http, create(http, upload(http, lines))["id"])
    failed = {line["custom_id"]: line for line in read_file(http, done["error_file"])}
    assert sorted(failed) == ["2", "5", "f"]
    assert failed["2"]["response"]["status_code"] == 500
    assert failed["f"]["response"]["status_code"] == 503

    mistral_test_server.batch.configure(fail_every=0)
    again = run_to_end(http, create(http, upload(http, [chat_line("f", "[batch-flaky]")]))["id"])
    assert (again["succeeded_requests"], again["error_file"]) == (1, None)
    assert mistral_test_server.batch.executed["f"] == 2


@pytest.mark.parametrize("validate", [True, False])
def test_an_invalid_body_fails_as_the_endpoint_would(
    http: httpx.Client, mistral_test_server: MistralTestServer, validate: bool
) -> None:
    mistral_test_server.validate = validate
    try:
        lines = [{"custom_id": "bad", "body": {"inputs": "misspelt"}}]
        job = create(http, upload(http, lines), endpoint="/v1/embeddings", model="mistral-embed")
        done = run_to_end(http, job["id"])
    finally:
        mistral_test_server.validate = True
    (failed,) = read_file(http, done["error_file"])
    if validate:
        assert failed["response"]["status_code"] == 422
        assert failed["response"]["body"]["detail"][0]["loc"] == ["body", "input"]
    else:
        assert failed["response"]["status_code"] == 500
        assert "the fake failed" in failed["error"]["message"]


def test_a_cancelled_job_keeps_the_results_of_the_lines_it_ran(
    http: httpx.Client, mistral_test_server: MistralTestServer
) -> None:
    mistral_test_server.batch.configure(lines_per_poll=2)
    job = create(http, upload(http, [chat_line(str(i), "x") for i in range(6)]))
    http.get(f"{JOBS}/{job['id']}")
    http.get(f"{JOBS}/{job['id']}")
    assert http.post(f"{JOBS}/{job['id']}/cancel").json()["status"] == "CANCELLATION_REQUESTED"
    done = http.get(f"{JOBS}/{job['id']}").json()
    assert (done["status"], done["completed_requests"]) == ("CANCELLED", 2)
    assert [line["custom_id"] for line in read_file(http, done["output_file"])] == ["0", "1"]


def test_inline_requests_and_their_outputs(http: httpx.Client) -> None:
    body = {
        "endpoint": "/v1/chat/completions",
        "model": "m",
        "requests": [chat_line("x", "hi"), chat_line("y", "[batch-fail]")],
    }
    job = http.post(JOBS, json=body).json()
    run_to_end(http, job["id"])
    outputs = http.get(f"{JOBS}/{job['id']}", params={"inline": "true"}).json()["outputs"]
    assert [(o["custom_id"], o["response"]["status_code"]) for o in outputs] == [
        ("x", 200),
        ("y", 400),
    ]


def test_unknown_input_file_and_listing_by_metadata(http: httpx.Client) -> None:
    missing = http.post(
        JOBS,
        json={"input_files": ["00000000-0000-4000-8000-00000000ffff"], "endpoint": "/v1/ocr"},
    )
    assert missing.status_code == 404
    file_id = upload(http, [chat_line("a", "hi")])
    tagged = create(http, file_id, metadata={"run": "r1", "shard": "0"})
    create(http, file_id, metadata={"run": "r1", "shard": "1"})
    found = http.get(JOBS, params={"run": "r1", "shard": "0"}).json()
    assert [j["id"] for j in found["data"]] == [tagged["id"]]
    assert http.get(JOBS, params={"created_after": "2999-01-01T00:00:00Z"}).json()["total"] == 0
    assert http.get(JOBS, params={"created_after": "2000-01-01T00:00:00"}).json()["total"] == 2


def test_settings_are_checked_and_reset(
    http: httpx.Client, mistral_test_server: MistralTestServer
) -> None:
    assert http.post("/__testing__/batch", json={"speed": 1}).status_code == 400
    assert http.post("/__testing__/batch", json={"fail_every": -1}).status_code == 400
    with pytest.raises(ValueError, match="lines_per_poll"):
        mistral_test_server.batch.configure(lines_per_poll="fast")
    mistral_test_server.batch.configure(lines_per_poll=3)
    mistral_test_server.reset()
    assert mistral_test_server.batch.lines_per_poll is None


def test_a_reset_stops_background_jobs(
    http: httpx.Client, mistral_test_server: MistralTestServer
) -> None:
    mistral_test_server.batch.configure(lines_per_second=50)
    create(http, upload(http, [chat_line(str(i), "x") for i in range(500)]))
    time.sleep(0.1)
    mistral_test_server.reset()
    time.sleep(0.2)
    assert mistral_test_server.batch.lines_run == 0
