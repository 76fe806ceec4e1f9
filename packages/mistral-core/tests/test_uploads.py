"""The streaming multipart encoder, on its own."""

from __future__ import annotations

import asyncio
import io
import os

import pytest

from mistralai._uploads import CHUNK_SIZE, BytesSource, MultipartUpload, file_source
from mistralai.errors import RequestValidationError


def encode(body: MultipartUpload) -> bytes:
    return b"".join(body)


def test_body_has_the_fields_and_the_file_and_its_announced_length(tmp_path, read_form):
    path = tmp_path / "train.jsonl"
    path.write_bytes(b'{"a": 1}\n' * 20_000)
    body = MultipartUpload([("purpose", "fine-tune"), ("visibility", "user")], file_source(path))
    raw = encode(body)
    assert len(raw) == body.content_length == int(body.headers["content-length"])
    form = read_form(raw, body.headers["content-type"])
    assert set(form) == {"purpose", "visibility", "file"}
    assert form["purpose"].data == b"fine-tune"
    assert form["visibility"].data == b"user"
    assert form["file"].filename == "train.jsonl"
    assert form["file"].data == path.read_bytes()


def test_the_file_is_read_in_chunks_of_at_most_64_kib(tmp_path):
    path = tmp_path / "big.bin"
    path.write_bytes(os.urandom(3 * CHUNK_SIZE + 17))
    chunks = list(MultipartUpload([], file_source(path)))
    assert max(len(chunk) for chunk in chunks[1:-1]) <= CHUNK_SIZE
    assert len(chunks) == 1 + 4 + 1


def test_every_iteration_sends_the_same_body_again(tmp_path, read_form):
    stream = io.BytesIO(b"skip-me|payload")
    stream.seek(8)
    body = MultipartUpload([], file_source(stream))
    first = encode(body)
    assert encode(body) == first
    assert read_form(first, body.headers["content-type"])["file"].data == b"payload"


def test_async_iteration_gives_the_same_bytes(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes(os.urandom(200_000))
    body = MultipartUpload([("purpose", "batch")], file_source(path))

    async def collect() -> bytes:
        return b"".join([chunk async for chunk in body])

    assert asyncio.run(collect()) == encode(body)


def test_progress_counts_file_bytes_up_to_the_total(tmp_path):
    seen: list[tuple[int, int | None]] = []
    data = os.urandom(CHUNK_SIZE * 2 + 5)
    body = MultipartUpload([], BytesSource(data, "x"), progress=lambda *a: seen.append(a))
    encode(body)
    assert seen[0] == (0, len(data))
    assert seen[-1] == (len(data), len(data))
    assert [done for done, _ in seen] == sorted(done for done, _ in seen)


def test_a_non_seekable_stream_has_no_length_and_is_sent_once(read_form):
    read_end, write_end = os.pipe()
    os.write(write_end, b"piped")
    os.close(write_end)
    with open(read_end, "rb") as pipe:
        source = file_source(pipe)
        assert not source.replayable
        body = MultipartUpload([], source)
        assert body.content_length is None
        assert "content-length" not in body.headers
        assert read_form(encode(body), body.headers["content-type"])["file"].data == b"piped"
        with pytest.raises(RequestValidationError, match="non-seekable"):
            encode(body)


def test_a_file_that_shrank_meanwhile_fails_instead_of_sending_a_short_body(tmp_path):
    path = tmp_path / "a.bin"
    path.write_bytes(b"x" * 1000)
    body = MultipartUpload([], file_source(path))
    path.write_bytes(b"x" * 10)
    with pytest.raises(RequestValidationError, match="shrank"):
        encode(body)


def test_quotes_and_newlines_in_file_names_are_escaped():
    body = MultipartUpload([], file_source({"file_name": 'a"b\r\nc.txt', "content": b"1"}))
    raw = encode(body)
    assert b'filename="a%22b%0D%0Ac.txt"' in raw
