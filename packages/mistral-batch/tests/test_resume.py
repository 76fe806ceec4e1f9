"""Runs that outlive their process: resume, crashes at each step, cancellation."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from mistralai import errors
from mistralai.batch import BatchRun, RunInUseError
from mistralai.testing import Fault, MistralTestServer

from .conftest import CHAT, FAST, MODEL, answer_of, chat, posts

JOBS = "/v1/batch/jobs"


def start(client: Any, requests: Any, state: Path, **kwargs: Any) -> BatchRun:
    settings = {"endpoint": CHAT, "model": MODEL, "state": state, **FAST, **kwargs}
    started: BatchRun = client.batch.run(requests, **settings)
    return started


def db(state: Path) -> sqlite3.Connection:
    return sqlite3.connect(state / "run.sqlite3", isolation_level=None)


def test_resume_carries_on_after_the_results_handed_out(
    mistral_client: Any, paced: MistralTestServer, tmp_path: Path
) -> None:
    requests = [chat(f"r{i}", f"m{i}") for i in range(12)]
    with start(mistral_client, requests, tmp_path, max_requests_per_job=5) as started:
        first = []
        for result in started:
            first.append(result.index)
            if result.index == 6:
                break
    with mistral_client.batch.resume(tmp_path, **FAST) as resumed:
        # Result 6 was received but the next was never asked for: it comes again.
        assert [r.index for r in resumed] == list(range(6, 12))
        assert [r.index for r in resumed] == []
        replay = list(resumed.results(include_delivered=True))
    assert first == list(range(7))
    assert [r.custom_id for r in replay] == [f"r{i}" for i in range(12)]
    assert posts(paced, JOBS) == 3
    assert set(paced.batch.executed.values()) == {1}


def test_running_the_same_call_again_resumes(
    mistral_client: Any, mistral_test_server: MistralTestServer, tmp_path: Path
) -> None:
    requests = [chat(f"r{i}", "x") for i in range(4)]
    with start(mistral_client, requests, tmp_path) as started:
        run_id = started.run_id
    # The input is not read again: a generator that is already spent is fine.
    with start(mistral_client, iter([]), tmp_path) as again:
        assert again.run_id == run_id
        assert len(list(again)) == 4
    assert (posts(mistral_test_server, "/v1/files"), posts(mistral_test_server, JOBS)) == (1, 1)
    with pytest.raises(errors.RequestValidationError, match="endpoint='/v1/chat/completions'"):
        mistral_client.batch.run(requests, endpoint="/v1/embeddings", model=MODEL, state=tmp_path)


@pytest.mark.parametrize("stage", ["spooled", "uploaded", "creating", "submitted"])
def test_a_process_that_died_at_any_stage_is_resumed_without_sending_twice(
    mistral_client: Any, paced: MistralTestServer, tmp_path: Path, stage: str
) -> None:
    requests = [chat(f"r{i}", "x") for i in range(6)]
    start(mistral_client, requests, tmp_path, max_requests_per_job=3).close()
    assert posts(paced, JOBS) == 2
    # Put shard 1 back where a process killed at that stage would have left it.
    back = {
        "spooled": "stage = 'spooled', file_id = NULL, job_id = NULL",
        "uploaded": "stage = 'uploaded', job_id = NULL",
        "creating": "stage = 'creating', job_id = NULL",
        "submitted": "stage = 'submitted'",
    }[stage]
    db(tmp_path).execute(f"UPDATE shards SET {back} WHERE id = 1")
    if stage in ("spooled", "uploaded"):
        # A job that was never created: forget the one the first process made.
        paced.state.store("batch_jobs").pop(list(paced.state.store("batch_jobs"))[1])
    with mistral_client.batch.resume(tmp_path, **FAST) as resumed:
        results = list(resumed)
    assert [r.custom_id for r in results] == [f"r{i}" for i in range(6)]
    assert all(r.ok for r in results)
    assert len(paced.state.store("batch_jobs")) == 2
    assert set(paced.batch.executed.values()) == {1}
    uploads = {"spooled": 3, "uploaded": 2, "creating": 2, "submitted": 2}[stage]
    assert posts(paced, "/v1/files") == uploads


def test_a_create_whose_answer_was_lost_is_found_not_repeated(
    mistral_client: Any, mistral_test_server: MistralTestServer, tmp_path: Path
) -> None:
    # The server creates the job, but its answer comes after the client gave up waiting.
    mistral_test_server.faults.add(Fault.slow(0.5), times=1, path=JOBS, method="POST")
    with start(mistral_client, [chat("a", "x")], tmp_path, timeout_ms=250) as started:
        (result,) = list(started)
    assert answer_of(result) == "You said: x"
    assert posts(mistral_test_server, JOBS) == 1
    assert len(mistral_test_server.state.store("batch_jobs")) == 1


def test_a_garbled_create_answer_leaves_a_run_to_resume(
    mistral_client: Any, mistral_test_server: MistralTestServer, tmp_path: Path
) -> None:
    mistral_test_server.faults.add(Fault.malformed_json(), times=1, path=JOBS, method="POST")
    with pytest.raises(errors.ResponseValidationError):
        start(mistral_client, [chat("a", "x")], tmp_path)
    with mistral_client.batch.resume(tmp_path, **FAST) as resumed:
        assert [r.ok for r in resumed] == [True]
    assert posts(mistral_test_server, JOBS) == 1


def test_a_refused_create_is_tried_again(
    mistral_client: Any,
    mistral_test_server: MistralTestServer,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("mistralai.batch._flow.CREATE_GRACE", 0.05)
    monkeypatch.setattr("mistralai.batch._flow.CREATE_BACKOFF", 0.01)
    mistral_test_server.faults.add(Fault.status(503), times=2, path=JOBS, method="POST")
    with start(mistral_client, [chat("a", "x")], tmp_path) as started:
        assert [r.ok for r in started] == [True]
    assert posts(mistral_test_server, JOBS) == 3
    assert len(mistral_test_server.state.store("batch_jobs")) == 1


def test_a_create_the_server_refuses_is_not_looked_for_on_resume(
    mistral_client: Any, mistral_test_server: MistralTestServer, tmp_path: Path
) -> None:
    mistral_test_server.faults.add(Fault.status(400), times=1, path=JOBS, method="POST")
    with pytest.raises(errors.BadRequestError):
        start(mistral_client, [chat("a", "x")], tmp_path)
    assert db(tmp_path).execute("SELECT stage FROM shards").fetchone() == ("uploaded",)
    started = time.monotonic()
    with mistral_client.batch.resume(tmp_path, **FAST) as resumed:
        assert [r.ok for r in resumed] == [True]
    assert time.monotonic() - started < 5
    assert [r.method for r in mistral_test_server.requests if r.path == JOBS] == ["POST"] * 2


def test_a_broken_download_is_downloaded_again(
    mistral_client: Any, mistral_test_server: MistralTestServer, tmp_path: Path
) -> None:
    mistral_test_server.batch.configure(lines_per_second=0)
    started = start(
        mistral_client,
        [chat("a", "x"), chat("b", "y")],
        tmp_path,
        poll_interval=0.3,
        max_poll_interval=0.3,
    )
    (job,) = mistral_test_server.state.store("batch_jobs").values()
    deadline = time.monotonic() + 5
    while job["status"] != "SUCCESS" and time.monotonic() < deadline:
        time.sleep(0.01)
    path = f"/v1/files/{job['output_file']}/content"
    mistral_test_server.faults.add(Fault.truncate(0), times=1, path=path, method="GET")
    with started:
        assert [answer_of(r) for r in started] == ["You said: x", "You said: y"]
    assert sum(1 for r in mistral_test_server.requests if r.path == path) == 2


def test_cancel_cancels_the_jobs_and_keeps_what_ran(
    mistral_client: Any, mistral_test_server: MistralTestServer, tmp_path: Path
) -> None:
    mistral_test_server.batch.configure(lines_per_poll=2)
    requests = [chat(f"r{i}", "x") for i in range(8)]
    with start(mistral_client, requests, tmp_path, max_requests_per_job=4) as started:
        jobs = mistral_client.batch.jobs
        for job_id in started.job_ids:
            jobs.get(job_id)
            jobs.get(job_id)
        progress = started.cancel()
        assert progress.cancelled
        results = list(started)
        job_ids = started.job_ids
    assert [r.ok for r in results] == [True, True, False, False] * 2
    missing = results[2].error
    assert missing is not None
    assert missing.message.endswith("ended CANCELLED")
    assert {jobs.get(j).status for j in job_ids} == {"CANCELLED"}


def test_cancel_before_submission_submits_nothing_more(
    mistral_client: Any, mistral_test_server: MistralTestServer, tmp_path: Path
) -> None:
    requests = [chat(f"r{i}", "x") for i in range(4)]
    start(mistral_client, requests, tmp_path, max_requests_per_job=2).close()
    # As a process killed after uploading shard 1 and before creating its job leaves it.
    db(tmp_path).execute("UPDATE shards SET stage = 'uploaded', job_id = NULL WHERE id = 1")
    jobs = mistral_test_server.state.store("batch_jobs")
    jobs.pop(list(jobs)[1])
    with mistral_client.batch.resume(tmp_path, **FAST) as resumed:
        assert resumed.cancel().cancelled
        results = list(resumed)
        (job_id,) = resumed.job_ids
    assert [r.error.message for r in results if r.error] == [
        f"no result: its batch job {job_id} ended CANCELLED",
        f"no result: its batch job {job_id} ended CANCELLED",
        "not submitted: the run was cancelled",
        "not submitted: the run was cancelled",
    ]
    assert posts(mistral_test_server, JOBS) == 2
    assert posts(mistral_test_server, f"{JOBS}/{job_id}/cancel") == 1


def test_a_run_that_stopped_while_reading_its_input_starts_over(
    mistral_client: Any, mistral_test_server: MistralTestServer, tmp_path: Path
) -> None:
    def requests() -> Any:
        yield chat("a", "x")
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        start(mistral_client, requests(), tmp_path)
    assert mistral_test_server.requests == []
    assert not tmp_path.joinpath("run.sqlite3").exists()
    with start(mistral_client, [chat("a", "x")], tmp_path) as started:
        assert len(list(started)) == 1


CHILD = """
import json, sys, time
from mistralai import Mistral

url, state, out, count = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
client = Mistral(api_key="test", server_url=url)
requests = (
    {"custom_id": f"req-{i}", "body": {"messages": [{"role": "user", "content": f"q{i}"}]}}
    for i in range(count)
)
run = client.batch.run(
    requests, endpoint="/v1/chat/completions", model="mistral-small-latest", state=state,
    max_requests_per_job=10, poll_interval=0.01, max_poll_interval=0.05,
)
with run, open(out, "a") as sink:
    for result in run:
        sink.write(json.dumps([result.index, result.custom_id, result.ok]) + "\\n")
        sink.flush()
        time.sleep(0.03)
"""


def _state_shows(state: Path, condition: str) -> bool:
    if not (state / "run.sqlite3").exists():
        return False
    try:
        with sqlite3.connect(state / "run.sqlite3", timeout=1) as conn:
            return bool(conn.execute(condition).fetchone()[0])
    except sqlite3.Error:
        return False


@pytest.mark.parametrize(
    ("moment", "condition"),
    [
        (
            "while a job is being created",
            "SELECT SUM(stage = 'submitted') >= 1 AND SUM(stage = 'creating') >= 1 FROM shards",
        ),
        (
            "while results are handed out",
            "SELECT SUM(job_id IS NOT NULL) >= 1 AND SUM(delivered) BETWEEN 5 AND 50 FROM shards",
        ),
    ],
)
def test_killed_mid_run_and_resumed_in_a_new_process(
    mistral_test_server: MistralTestServer, tmp_path: Path, moment: str, condition: str
) -> None:
    count = 60
    server = mistral_test_server
    server.batch.configure(lines_per_poll=3)
    if moment == "while a job is being created":
        # Job creations take a while, so the kill lands with one of them under way.
        server.faults.add(Fault.slow(0.3), times=count, path=JOBS, method="POST")
    script, state, out = tmp_path / "child.py", tmp_path / "state", tmp_path / "results.jsonl"
    script.write_text(CHILD)
    command = [sys.executable, str(script), server.url, str(state), str(out), str(count)]

    child = subprocess.Popen(command)
    deadline = time.monotonic() + 60
    while not _state_shows(state, condition):
        assert child.poll() is None, f"the run ended before the state showed {moment}"
        assert time.monotonic() < deadline, f"the state never showed {moment}"
        time.sleep(0.005)
    if moment == "while a job is being created":
        # Kill only once the create request reached the server: the job will exist.
        while posts(server, JOBS) < _count(state, "stage IN ('submitted', 'creating')"):
            time.sleep(0.005)
    os.kill(child.pid, signal.SIGKILL)
    assert child.wait(timeout=10) == -signal.SIGKILL
    handed_out_before = _lines(out)
    assert len(handed_out_before) < count
    if moment == "while a job is being created":
        assert _count(state, "stage = 'creating'") >= 1
        assert handed_out_before == []
    else:
        assert len(handed_out_before) >= 5

    resumed = subprocess.run(command, timeout=120, check=False)
    assert resumed.returncode == 0

    handed_out = _lines(out)
    assert {index for index, _, _ in handed_out} == set(range(count))
    # At least once: only results handed out after the last checkpoint come twice.
    assert len(handed_out) - count <= len(handed_out_before)
    jobs = server.state.store("batch_jobs")
    assert len(jobs) == _count(state, "1") == 6
    assert {server.batch.executed[f"req-{i}"] for i in range(count)} == {1}
    assert sum(server.batch.executed.values()) == count

    from mistralai import Mistral

    with Mistral(api_key="test", server_url=server.url) as client:
        with client.batch.resume(state, **FAST) as finished:
            replay = list(finished.results(include_delivered=True))
            assert finished.progress().delivered == count
    assert [(r.index, r.custom_id, r.ok) for r in replay] == [
        (i, f"req-{i}", True) for i in range(count)
    ]
    assert [answer_of(r) for r in replay] == [f"You said: q{i}" for i in range(count)]


def _lines(path: Path) -> list[list[Any]]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def _count(state: Path, where: str) -> int:
    with sqlite3.connect(state / "run.sqlite3") as conn:
        return int(conn.execute(f"SELECT COUNT(*) FROM shards WHERE {where}").fetchone()[0])


async def test_async_break_then_resume(
    mistral_async_client: Any, paced: MistralTestServer, tmp_path: Path
) -> None:
    requests = [chat(f"r{i}", f"m{i}") for i in range(6)]
    started = await mistral_async_client.batch.run_async(
        requests, endpoint=CHAT, model=MODEL, state=tmp_path, max_requests_per_job=2, **FAST
    )
    async with started:
        async for result in started:
            if result.index == 2:
                break
    resumed = await mistral_async_client.batch.resume_async(tmp_path, order="completion", **FAST)
    async with resumed:
        assert sorted([r.index async for r in resumed]) == [2, 3, 4, 5]
        assert resumed.progress().delivered == 6
    assert set(paced.batch.executed.values()) == {1}


def test_a_run_is_driven_by_one_handle_at_a_time(mistral_client: Any, tmp_path: Path) -> None:
    with start(mistral_client, [chat("a", "x")], tmp_path):
        with pytest.raises(RunInUseError, match="open in another process"):
            mistral_client.batch.resume(tmp_path)
        with pytest.raises(RunInUseError):
            start(mistral_client, [chat("a", "x")], tmp_path)
    with mistral_client.batch.resume(tmp_path, **FAST) as resumed:
        assert [r.custom_id for r in resumed] == ["a"]
