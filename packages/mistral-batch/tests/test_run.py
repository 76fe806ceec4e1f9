"""client.batch.run against the local server: input forms, order, failures, limits, progress."""

from __future__ import annotations

import json
import sys
import types
from pathlib import Path
from typing import Any

import pytest

from mistralai import errors
from mistralai.batch import BatchResult, BatchRun, RunProgress
from mistralai.batch.models import BatchRequest
from mistralai.models import ChatCompletionResponse, UserMessage
from mistralai.testing import MistralTestServer, parse_form
from mistralai.types import MistralModel

from .conftest import CHAT, FAST, MODEL, answer_of, chat, posts


class ChatBody(MistralModel):
    """A request model of the caller's own."""

    messages: list[UserMessage]
    max_tokens: int | None = None


def run(client: Any, requests: Any, **kwargs: Any) -> BatchRun:
    settings = {"endpoint": CHAT, "model": MODEL, **FAST, **kwargs}
    started: BatchRun = client.batch.run(requests, **settings)
    return started


def test_results_come_back_in_input_order_across_jobs(
    mistral_client: Any, paced: MistralTestServer
) -> None:
    requests = [chat(f"q{i}" if i % 2 else None, f"text {i}") for i in range(23)]
    with run(mistral_client, iter(requests), max_requests_per_job=5) as started:
        assert len(started.job_ids) == 5
        results = list(started)
    assert [r.index for r in results] == list(range(23))
    assert [r.custom_id for r in results] == [f"q{i}" if i % 2 else str(i) for i in range(23)]
    assert [answer_of(r) for r in results] == [f"You said: text {i}" for i in range(23)]
    assert all(r.ok and r.attempts == 1 and r.raw is not None for r in results)
    assert posts(paced, "/v1/files") == 5
    assert posts(paced, "/v1/batch/jobs") == 5
    assert set(paced.batch.executed.values()) == {1}


def test_what_reaches_the_server(
    mistral_client: Any, mistral_test_server: MistralTestServer
) -> None:
    requests = [chat("a", "one"), {"messages": [{"role": "user", "content": "two"}]}]
    with run(mistral_client, requests, metadata={"team": "search"}, timeout_hours=3) as started:
        list(started)
        run_id = started.run_id
    upload = next(r for r in mistral_test_server.requests if r.path == "/v1/files")
    form = parse_form(upload.body, upload.headers["content-type"])
    assert form["purpose"].data == b"batch"
    assert form["file"].filename == f"batch-{run_id}-000000.jsonl"
    assert [json.loads(line) for line in form["file"].data.splitlines()] == [
        chat("a", "one"),
        {"custom_id": "1", "body": {"messages": [{"role": "user", "content": "two"}]}},
    ]
    create = next(r for r in mistral_test_server.requests if r.path == "/v1/batch/jobs")
    assert create.json() == {
        "endpoint": CHAT,
        "input_files": [uploaded_id(mistral_test_server, f"batch-{run_id}-000000.jsonl")],
        "model": MODEL,
        "metadata": {"team": "search", "mistral_batch_run": run_id, "mistral_batch_shard": "0"},
        "timeout_hours": 3,
    }


def uploaded_id(server: MistralTestServer, filename: str) -> str:
    (found,) = (f.id for f in server.state.store("files").values() if f.filename == filename)
    file_id: str = found
    return file_id


def test_every_input_form(mistral_client: Any, tmp_path: Path) -> None:
    requests: list[Any] = [
        BatchRequest(custom_id="model", body={"messages": [UserMessage(content="a")]}),
        ChatBody(messages=[UserMessage(content="b")], max_tokens=3),
        {"custom_id": 7, "body": ChatBody(messages=[UserMessage(content="c")])},
        {"messages": [{"role": "user", "content": "d"}]},
    ]
    with run(mistral_client, requests) as started:
        results = list(started)
    assert [r.custom_id for r in results] == ["model", "1", "7", "3"]
    assert [answer_of(r) for r in results] == [
        "You said: a",
        "You said: b",
        "You said: c",
        "You said: d",
    ]

    path = tmp_path / "requests.jsonl"
    path.write_text(json.dumps(chat("x", "from a file")) + "\n\n" + json.dumps(chat(None, "y")))
    with run(mistral_client, path) as started:
        results = list(started)
    assert [(r.custom_id, answer_of(r)) for r in results] == [
        ("x", "You said: from a file"),
        ("1", "You said: y"),
    ]


async def test_async_input_and_results(mistral_async_client: Any) -> None:
    async def requests() -> Any:
        for i in range(7):
            yield chat(None, f"async {i}")

    started = await mistral_async_client.batch.run_async(
        requests(), endpoint=CHAT, model=MODEL, max_requests_per_job=3, **FAST
    )
    async with started:
        results = [r async for r in started]
        assert started.progress().delivered == 7
    assert [answer_of(r) for r in results] == [f"You said: async {i}" for i in range(7)]


async def test_async_wait_then_failed_and_cancel(
    mistral_async_client: Any, paced: MistralTestServer
) -> None:
    requests = [chat(str(i), "[batch-fail]" if i == 4 else "fine") for i in range(6)]
    started = await mistral_async_client.batch.run_async(
        requests, endpoint=CHAT, model=MODEL, **FAST
    )
    progress = await started.wait()
    assert (progress.done, progress.succeeded, progress.failed, progress.delivered) == (
        True,
        5,
        1,
        0,
    )
    assert [r.custom_id for r in started.failed()] == ["4"]
    assert (await started.cancel()).cancelled
    started.close()


def test_order_completion_hands_out_jobs_as_they_end(
    mistral_client: Any, mistral_test_server: MistralTestServer
) -> None:
    mistral_test_server.batch.configure(lines_per_poll=2)
    requests = [chat(None, "x" * (1 + i)) for i in range(10)]
    with run(mistral_client, requests, max_requests_per_job=6, order="completion") as started:
        # The second job (4 lines) ends before the first (6 lines).
        results = list(started)
    assert [r.index for r in results] == [6, 7, 8, 9, 0, 1, 2, 3, 4, 5]


def test_failures_are_reported_per_request(
    mistral_client: Any, mistral_test_server: MistralTestServer
) -> None:
    mistral_test_server.batch.configure(fail_every=4)
    requests = [chat(str(i), "[batch-fail]" if i == 1 else "ok") for i in range(8)]
    with run(mistral_client, requests) as started:
        results = list(started)
        failed = list(started.failed())
    assert [r.ok for r in results] == [True, False, True, False, True, True, True, False]
    rejected = results[1].error
    assert rejected is not None
    assert (rejected.status_code, rejected.code, rejected.message) == (
        400,
        "400",
        "failed on purpose",
    )
    assert rejected.body["type"] == "invalid_request_error"
    assert not rejected.retryable
    assert results[1].response is None
    server_error = results[3].error
    assert server_error is not None
    assert (server_error.status_code, server_error.retryable) == (500, True)
    assert [r.index for r in failed] == [1, 3, 7]


def test_retry_failed_sends_transient_failures_again(
    mistral_client: Any, mistral_test_server: MistralTestServer
) -> None:
    requests = [
        chat("ok", "fine"),
        chat("flaky", "[batch-flaky]"),
        chat("broken", "[batch-fail]"),
        chat("flaky-too", "[batch-flaky] again"),
    ]
    seen: list[RunProgress] = []
    with run(mistral_client, requests, retry_failed=2, on_progress=seen.append) as started:
        results = {r.custom_id: r for r in started}
        assert len(started.job_ids) == 2
    assert (results["flaky"].ok, results["flaky"].attempts) == (True, 2)
    assert results["flaky-too"].ok
    assert (results["broken"].ok, results["broken"].attempts) == (False, 1)
    assert results["ok"].attempts == 1
    assert dict(mistral_test_server.batch.executed) == {
        "ok": 1,
        "flaky": 2,
        "broken": 1,
        "flaky-too": 2,
    }
    assert (seen[-1].retried, seen[-1].succeeded, seen[-1].failed) == (2, 3, 1)


def test_missing_results_fail_with_the_job_status(
    mistral_client: Any, mistral_test_server: MistralTestServer
) -> None:
    with run(mistral_client, [chat("a", "x")], metadata={"outcome": "fail"}) as started:
        (result,) = list(started)
    assert result.error is not None
    assert result.error.status_code is None
    (job_id,) = started_jobs(mistral_test_server)
    assert result.error.message == (
        f"no result: its batch job {job_id} ended FAILED (the batch failed on purpose)"
    )


def started_jobs(server: MistralTestServer) -> list[str]:
    return list(server.state.store("batch_jobs"))


def test_the_byte_limit_splits_files(
    mistral_client: Any, mistral_test_server: MistralTestServer
) -> None:
    line = len(json.dumps(chat("0", "xxxxx"), separators=(",", ":"))) + 1
    requests = [chat(str(i), "xxxxx") for i in range(7)]
    with run(mistral_client, requests, max_bytes_per_file=3 * line) as started:
        assert [len(list(started.results())) for _ in range(1)] == [7]
        assert len(started.job_ids) == 3
    sizes = [
        len(parse_form(r.body, r.headers["content-type"])["file"].data)
        for r in mistral_test_server.requests
        if r.path == "/v1/files"
    ]
    assert sizes == [3 * line, 3 * line, line]


def test_response_model_gives_typed_responses(mistral_client: Any) -> None:
    with run(mistral_client, [chat("a", "typed")]) as started:
        (result,) = list(started.results(response_model=ChatCompletionResponse))
    assert isinstance(result.response, ChatCompletionResponse)
    assert result.response.choices[0].message.content == "You said: typed"


def test_response_model_mismatch_keeps_the_body(mistral_client: Any) -> None:
    with run(mistral_client, [chat("a", "typed")]) as started:
        with pytest.raises(errors.ResponseValidationError, match="request 0") as info:
            list(started.results(response_model=int))
        assert "You said: typed" in info.value.body
        # Nothing was handed out: the result comes again, as a dict.
        (result,) = list(started)
    assert answer_of(result) == "You said: typed"


def test_progress_callback_and_bar(
    mistral_client: Any, paced: MistralTestServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    bars: list[FakeBar] = []

    class FakeBar:
        def __init__(self, **kwargs: Any) -> None:
            self.kwargs = kwargs
            self.n = 0
            self.postfix: dict[str, Any] = {}
            self.closed = False
            bars.append(self)

        def set_postfix(self, refresh: bool = True, **values: Any) -> None:
            self.postfix = values

        def refresh(self) -> None:
            pass

        def close(self) -> None:
            self.closed = True

    fake = types.ModuleType("tqdm")
    fake.__spec__ = types.SimpleNamespace(name="tqdm")  # type: ignore[assignment]
    auto = types.ModuleType("tqdm.auto")
    auto.tqdm = FakeBar  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "tqdm", fake)
    monkeypatch.setitem(sys.modules, "tqdm.auto", auto)
    monkeypatch.setattr("importlib.util.find_spec", lambda name: object())

    seen: list[RunProgress] = []
    requests = [chat(str(i), "x") for i in range(10)]
    with run(
        mistral_client, requests, max_requests_per_job=4, progress_bar=True, on_progress=seen.append
    ) as started:
        list(started)
    assert seen[0].submitted == 4
    assert [p.completed for p in seen] == sorted(p.completed for p in seen)
    last = seen[-1]
    assert (last.total, last.completed, last.succeeded, last.delivered) == (10, 10, 10, 10)
    assert (last.jobs, last.jobs_finished, last.done) == (3, 3, True)
    bar = bars[-1]
    assert (bar.kwargs["total"], bar.n, bar.closed) == (10, 10, True)
    assert bar.postfix == {"ok": 10, "failed": 0, "jobs": "3/3"}


def test_a_bar_without_tqdm_is_refused(
    mistral_client: Any, mistral_test_server: MistralTestServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("importlib.util.find_spec", lambda name: None)
    with pytest.raises(errors.RequestValidationError, match=r"mistral-batch\[progress\]"):
        run(mistral_client, [chat("a", "x")], progress_bar=True)
    assert mistral_test_server.requests == []


@pytest.mark.parametrize(
    ("requests", "kwargs", "message"),
    [
        ([chat("a", "x")], {"endpoint": "/v1/nowhere"}, "endpoint"),
        ([chat("a", "x")], {"model": None}, "model"),
        ([{"body": {"prompt": "x"}}], {}, "request 0 lacks 'messages'"),
        ([chat("a", "x"), chat("a", "y")], {}, "custom_id 'a' is used by requests 0 and 1"),
        ([chat(None, "x"), chat("0", "y")], {}, "custom_id '0' is used by requests 0 and 1"),
        ([{"body": {"messages": [], "stream": True}}], {}, "cannot stream"),
        (["a prompt"], {}, "request 0 is a str"),
        ([{"custom_id": ["x"], "body": {"messages": []}}], {}, "custom_id of request 0"),
        ([{"messages": [float("nan")]}], {}, "cannot be written as JSON"),
        ([{"messages": [object()]}], {}, "cannot be written as JSON"),
        ({"messages": []}, {}, "not a dict"),
        ([chat("a", "x")], {"metadata": {"mistral_batch_run": "x"}}, "metadata key"),
        ([chat("a", "x")], {"retry_failed": -1}, "retry_failed"),
        ([chat("a", "x")], {"max_requests_per_job": 0}, "max_requests_per_job"),
        ([chat("a", "x" * 100)], {"max_bytes_per_file": 50}, "more than max_bytes_per_file=50"),
        ([chat("a", "x")], {"order": "random"}, "order"),
        ([chat("a", "x")], {"poll_interval": 0}, "poll_interval"),
        ([], {}, "no requests"),
    ],
)
def test_bad_input_is_refused_before_anything_is_sent(
    mistral_client: Any,
    mistral_test_server: MistralTestServer,
    tmp_path: Path,
    requests: Any,
    kwargs: dict[str, Any],
    message: str,
) -> None:
    state = tmp_path / "state"
    with pytest.raises(errors.RequestValidationError, match=message):
        run(mistral_client, requests, state=state, **kwargs)
    assert mistral_test_server.requests == []
    assert not state.exists()


def test_a_bad_jsonl_file_is_refused_before_anything_is_sent(
    mistral_client: Any, mistral_test_server: MistralTestServer, tmp_path: Path
) -> None:
    with pytest.raises(errors.RequestValidationError, match="no file at"):
        run(mistral_client, tmp_path / "missing.jsonl")
    path = tmp_path / "broken.jsonl"
    path.write_text(json.dumps(chat("a", "x")) + "\n{not json\n")
    with pytest.raises(errors.RequestValidationError, match=r"line 2 of broken\.jsonl"):
        run(mistral_client, path)
    with pytest.raises(errors.RequestValidationError, match="is not a file"):
        run(mistral_client, tmp_path)
    assert mistral_test_server.requests == []


def test_state_folders_are_checked(mistral_client: Any, tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine")
    with pytest.raises(errors.RequestValidationError, match="holds no run"):
        run(mistral_client, [chat("a", "x")], state=tmp_path)
    with pytest.raises(errors.RequestValidationError, match="is a file"):
        run(mistral_client, [chat("a", "x")], state=tmp_path / "notes.txt")
    with pytest.raises(errors.RequestValidationError, match="no run at"):
        mistral_client.batch.resume(tmp_path / "nothing")
    assert (tmp_path / "notes.txt").read_text() == "mine"


def test_a_temporary_state_is_removed_on_close(mistral_client: Any) -> None:
    started = run(mistral_client, [chat("a", "x")])
    folder = started.state_path
    assert (folder / "run.sqlite3").is_file()
    assert [r.custom_id for r in started] == ["a"]
    started.close()
    assert not folder.exists()
    with pytest.raises(errors.ClientClosedError, match="resume"):
        started.progress()
    assert "closed" in repr(started)


def test_results_type(mistral_client: Any) -> None:
    with run(mistral_client, [chat("a", "x")]) as started:
        (result,) = list(started)
    assert isinstance(result, BatchResult)
    assert result == BatchResult(0, "a", result.response, None, 1, result.raw)
