"""Bad arguments fail before anything is sent, saying what to fix.

The client points at a closed port: had a request been sent, the error would be a
connection error instead.
"""

from __future__ import annotations

import asyncio
import io

import pytest

from mistralai import Mistral
from mistralai.errors import RequestValidationError
from mistralai.files.models import File
from mistralai.utils import RetryConfig


@pytest.fixture
def files():
    client = Mistral(
        api_key="test", server_url="http://127.0.0.1:9", retry_config=RetryConfig("none")
    )
    yield client.files
    client.close()


def test_missing_path(files, tmp_path):
    with pytest.raises(RequestValidationError, match=r"no file at .*check the path"):
        files.upload(file=str(tmp_path / "nope.jsonl"))


def test_directory(files, tmp_path):
    with pytest.raises(RequestValidationError, match="is a directory"):
        files.upload(file=tmp_path)


def test_text_mode_stream(files, tmp_path):
    path = tmp_path / "a.jsonl"
    path.write_text("{}\n")
    with open(path) as text, pytest.raises(RequestValidationError, match=r"text mode.*'rb'"):
        files.upload(file=text)
    with pytest.raises(RequestValidationError, match="text mode"):
        files.upload(file=File(file_name="a.txt", content=io.StringIO("hi")))


def test_unknown_purpose(files):
    with pytest.raises(RequestValidationError, match=r"purpose.*'fine-tune', 'batch' or 'ocr'"):
        files.upload(file=b"x", purpose="fine-tuning")
    with pytest.raises(RequestValidationError, match="purpose"):
        files.list(purpose="training")


def test_unknown_visibility_and_filters(files):
    with pytest.raises(RequestValidationError, match="visibility"):
        files.upload(file=b"x", visibility="public")
    with pytest.raises(RequestValidationError, match="sample_type"):
        files.list(sample_type=["chat"])
    with pytest.raises(RequestValidationError, match="source"):
        files.list(source="internet")


def test_wrong_file_types(files):
    with pytest.raises(RequestValidationError, match="file must be a path, bytes"):
        files.upload(file=12)
    with pytest.raises(RequestValidationError, match="content"):
        files.upload(file={"file_name": "a.txt"})
    with pytest.raises(RequestValidationError, match="file_name is empty"):
        files.upload(file={"file_name": "", "content": b"x"})


def test_closed_stream(files, tmp_path):
    path = tmp_path / "a.bin"
    path.write_bytes(b"x")
    with open(path, "rb") as fh:
        pass
    with pytest.raises(RequestValidationError, match="closed"):
        files.upload(file=fh)


def test_download_target_checks(files, tmp_path):
    with pytest.raises(RequestValidationError, match="is a directory"):
        files.download_to("id", tmp_path)
    with pytest.raises(RequestValidationError, match="does not exist; create it"):
        files.download_to("id", tmp_path / "missing" / "a.jsonl")


def test_async_twins_check_too(files, tmp_path):
    with pytest.raises(RequestValidationError, match="no file at"):
        asyncio.run(files.upload_async(file=str(tmp_path / "nope")))
    with pytest.raises(RequestValidationError, match="is a directory"):
        asyncio.run(files.download_to_async("id", tmp_path))


def test_errors_are_value_errors(files):
    with pytest.raises(ValueError, match="purpose"):
        files.upload(file=b"x", purpose="nope")
