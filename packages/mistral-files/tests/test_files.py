"""client.files against the local test server (mistral-testing), sync and async.

Skipped while mistral-testing (its fixtures and the files fake) is not installed.
"""

from __future__ import annotations

import io
import os
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("mistralai.testing", reason="needs mistral-testing and its files fake")

from mistralai.errors import NotFoundError, ServerError, StreamError
from mistralai.files import DownloadInterruptedError
from mistralai.files.models import File, FileSchema, UploadFileOut
from mistralai.testing import Fault
from mistralai.utils import BackoffStrategy, RetryConfig

UPLOAD_ID = "files_api_routes_upload_file"
FAST_RETRY = RetryConfig("backoff", BackoffStrategy(1, 5, 1.5, 5_000), True)
PAYLOAD = b'{"messages": [{"role": "user", "content": "hi"}]}\n' * 4000


def file_forms(tmp_path: Path) -> dict[str, Any]:
    path = tmp_path / "train.jsonl"
    path.write_bytes(PAYLOAD)
    return {
        "str path": (lambda: str(path), "train.jsonl"),
        "PathLike": (lambda: path, "train.jsonl"),
        "bytes": (lambda: PAYLOAD, "upload.bin"),
        "open file": (lambda: open(path, "rb"), "train.jsonl"),
        "File": (lambda: File(file_name="named.jsonl", content=PAYLOAD), "named.jsonl"),
        "dict": (lambda: {"file_name": "d.jsonl", "content": io.BytesIO(PAYLOAD)}, "d.jsonl"),
    }


FORMS = ["str path", "PathLike", "bytes", "open file", "File", "dict"]


def upload_request(server: Any) -> Any:
    return next(r for r in reversed(server.requests) if r.method == "POST")


@pytest.mark.parametrize("form", FORMS)
def test_round_trip(mistral_client, mistral_test_server, tmp_path, form):
    make, name = file_forms(tmp_path)[form]
    files = mistral_client.files

    up = files.upload(file=make(), purpose="fine-tune")
    assert isinstance(up, UploadFileOut)
    assert (up.filename, up.bytes, up.purpose) == (name, len(PAYLOAD), "fine-tune")

    listed = files.list(search=name)
    assert up.id in [f.id for f in listed.data]
    assert files.retrieve(up.id).filename == name

    response = files.download(up.id)
    try:
        assert b"".join(response.iter_bytes()) == PAYLOAD
    finally:
        response.close()
    target = tmp_path / "out" / "copy.jsonl"
    target.parent.mkdir()
    assert files.download_to(up.id, target) == target
    assert target.read_bytes() == PAYLOAD
    assert os.listdir(target.parent) == ["copy.jsonl"]

    assert files.delete(up.id).deleted is True
    with pytest.raises(NotFoundError):
        files.retrieve(up.id)


@pytest.mark.parametrize("form", FORMS)
async def test_round_trip_async(mistral_async_client, tmp_path, form):
    make, name = file_forms(tmp_path)[form]
    files = mistral_async_client.files

    up = await files.upload_async(file=make(), purpose="batch")
    assert (up.filename, up.bytes, up.purpose) == (name, len(PAYLOAD), "batch")
    assert up.id in [f.id async for f in files.iter_files_async(purpose="batch")]
    assert (await files.retrieve_async(up.id)).bytes == len(PAYLOAD)

    response = await files.download_async(up.id)
    try:
        assert b"".join([chunk async for chunk in response.aiter_bytes()]) == PAYLOAD
    finally:
        await response.aclose()
    target = tmp_path / "copy.jsonl"
    await files.download_to_async(up.id, target)
    assert target.read_bytes() == PAYLOAD

    assert (await files.delete_async(up.id)).deleted is True
    with pytest.raises(NotFoundError):
        await files.retrieve_async(up.id)


def test_multipart_fields_on_the_wire(mistral_client, mistral_test_server, tmp_path, read_form):
    path = tmp_path / "batch.jsonl"
    path.write_bytes(PAYLOAD)
    mistral_client.files.upload(file=path, purpose="batch", visibility="user", expiry=48)

    request = upload_request(mistral_test_server)
    assert request.path == "/v1/files"
    assert int(request.headers["content-length"]) == len(request.body)
    form = read_form(request.body, request.headers["content-type"])
    assert set(form) == {"purpose", "visibility", "expiry", "file"}
    assert (form["purpose"].data, form["visibility"].data, form["expiry"].data) == (
        b"batch",
        b"user",
        b"48",
    )
    assert form["file"].filename == "batch.jsonl"
    assert form["file"].data == PAYLOAD


def test_optional_fields_are_left_out(mistral_client, mistral_test_server, read_form):
    mistral_client.files.upload(
        file=File(file_name="a.txt", content=b"x", content_type="text/plain")
    )
    request = upload_request(mistral_test_server)
    form = read_form(request.body, request.headers["content-type"])
    assert set(form) == {"file"}
    assert form["file"].content_type == "text/plain"


async def test_async_upload_streams_with_a_content_length(
    mistral_async_client, mistral_test_server, tmp_path, read_form
):
    path = tmp_path / "a.jsonl"
    path.write_bytes(PAYLOAD)
    await mistral_async_client.files.upload_async(file=path, purpose="ocr")
    request = upload_request(mistral_test_server)
    assert int(request.headers["content-length"]) == len(request.body)
    assert read_form(request.body, request.headers["content-type"])["file"].data == PAYLOAD


def test_progress_callbacks(mistral_client, tmp_path):
    sent: list[tuple[int, int | None]] = []
    up = mistral_client.files.upload(file=PAYLOAD, progress=lambda *a: sent.append(a))
    assert sent[0] == (0, len(PAYLOAD))
    assert sent[-1] == (len(PAYLOAD), len(PAYLOAD))
    assert len(sent) > 2

    received: list[tuple[int, int | None]] = []
    mistral_client.files.download_to(
        up.id, tmp_path / "a.jsonl", progress=lambda *a: received.append(a)
    )
    assert received[0] == (0, len(PAYLOAD))
    assert received[-1] == (len(PAYLOAD), len(PAYLOAD))


def test_a_503_on_upload_of_a_path_is_retried(
    mistral_client, mistral_test_server, tmp_path, read_form
):
    path = tmp_path / "a.jsonl"
    path.write_bytes(PAYLOAD)
    mistral_test_server.faults.add(Fault.status(503), times=1, path="/v1/files", method="POST")

    up = mistral_client.files.upload(file=path, purpose="fine-tune", retries=FAST_RETRY)

    uploads = [r for r in mistral_test_server.requests if r.method == "POST"]
    assert len(uploads) == 2
    for request in uploads:
        assert read_form(request.body, request.headers["content-type"])["file"].data == PAYLOAD
    assert mistral_client.files.retrieve(up.id).bytes == len(PAYLOAD)


async def test_a_503_on_async_upload_of_a_seekable_file_is_retried(
    mistral_async_client, mistral_test_server
):
    stream = io.BytesIO(b"head|" + PAYLOAD)
    stream.seek(5)
    mistral_test_server.faults.add(Fault.status(503), times=1, path="/v1/files", method="POST")
    up = await mistral_async_client.files.upload_async(file=stream, retries=FAST_RETRY)
    assert up.bytes == len(PAYLOAD)
    assert len([r for r in mistral_test_server.requests if r.method == "POST"]) == 2


def test_a_non_seekable_stream_is_not_retried(mistral_client, mistral_test_server):
    read_end, write_end = os.pipe()
    os.write(write_end, b"piped\n")
    os.close(write_end)
    mistral_test_server.faults.add(Fault.status(503), times=1, path="/v1/files", method="POST")
    with open(read_end, "rb") as pipe, pytest.raises(ServerError):
        mistral_client.files.upload(file=pipe, retries=FAST_RETRY)
    assert len([r for r in mistral_test_server.requests if r.method == "POST"]) == 1


def test_a_broken_download_leaves_no_file(mistral_client, mistral_test_server, tmp_path):
    up = mistral_client.files.upload(file=PAYLOAD)
    target = tmp_path / "copy.jsonl"
    mistral_test_server.faults.add(Fault.truncate(0), times=1, method="GET")

    with pytest.raises(DownloadInterruptedError) as caught:
        mistral_client.files.download_to(up.id, target)

    assert isinstance(caught.value, StreamError)
    assert caught.value.expected_bytes == len(PAYLOAD)
    assert 0 < caught.value.bytes_received < len(PAYLOAD)
    assert os.listdir(tmp_path) == []


async def test_a_broken_async_download_keeps_the_old_file(
    mistral_async_client, mistral_test_server, tmp_path
):
    up = await mistral_async_client.files.upload_async(file=PAYLOAD)
    target = tmp_path / "copy.jsonl"
    target.write_bytes(b"previous")
    mistral_test_server.faults.add(Fault.truncate(0), times=1, method="GET")

    with pytest.raises(DownloadInterruptedError):
        await mistral_async_client.files.download_to_async(up.id, target)

    assert os.listdir(tmp_path) == ["copy.jsonl"]
    assert target.read_bytes() == b"previous"


def test_list_filters_and_pagination(mistral_client, mistral_test_server):
    files = mistral_client.files
    ids = [
        files.upload(file={"file_name": f"f{i}.jsonl", "content": b"{}\n"}, purpose="batch").id
        for i in range(5)
    ]
    files.upload(file={"file_name": "other.pdf", "content": b"%PDF"}, purpose="ocr")

    page = files.list(page=1, page_size=2, purpose="batch", source=["upload"], include_total=True)
    assert page.total == 5
    assert [f.id for f in page.data] == ids[2:4]
    query = mistral_test_server.requests[-1].query
    assert query["page"] == ["1"]
    assert query["purpose"] == ["batch"]
    assert query["source"] == ["upload"]

    mistral_test_server.requests.clear()
    walked = list(files.iter_all(page_size=2, purpose="batch"))
    assert all(isinstance(f, FileSchema) for f in walked)
    assert [f.id for f in walked] == ids
    sent = [(r.query["page"], r.query["purpose"]) for r in mistral_test_server.requests]
    assert sent == [(["0"], ["batch"]), (["1"], ["batch"]), (["2"], ["batch"])]
    pages = list(files.list_pages(page=1, page_size=2, purpose="batch"))
    assert [[f.id for f in p.data] for p in pages] == [ids[2:4], ids[4:]]
    assert [f.id for f in files.iter_files(page_size=2, purpose="batch")] == ids
    assert [f.filename for f in files.list(search="other").data] == ["other.pdf"]


def test_signed_url(mistral_client, mistral_test_server):
    up = mistral_client.files.upload(file=PAYLOAD)
    signed = mistral_client.files.get_signed_url(up.id, expiry=2)
    assert signed.url.startswith("http")
    assert mistral_test_server.requests[-1].query["expiry"] == ["2"]


def test_unknown_file_is_not_found(mistral_client):
    with pytest.raises(NotFoundError):
        mistral_client.files.download("00000000-0000-0000-0000-000000000000")


async def test_walkers_async(mistral_async_client: Any, mistral_test_server: Any) -> None:
    files = mistral_async_client.files
    ids = [(await files.upload_async(file=b"x", purpose="batch")).id for _ in range(3)]
    assert [f.id async for f in files.iter_all_async(page_size=2)] == ids
    assert [len(p.data) async for p in files.list_pages_async(page_size=2)] == [2, 1]
    assert [f.id async for f in files.iter_files_async(purpose="ocr")] == []
