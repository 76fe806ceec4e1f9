"""``client.files`` against the spec (the multipart upload included)."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("mistralai.files", reason="mistral-files is not installed")

from contract_calls import ContractClient

from mistralai.files.models import (
    DeleteFileOut,
    FileSignedURL,
    ListFilesOut,
    RetrieveFileOut,
    UploadFileOut,
)

FILE_ID = "e85980c9-409e-4a46-9304-36588f6292b0"
JSONL = b'{"messages": [{"role": "user", "content": "hi"}]}\n'


def test_upload_minimal(contract: ContractClient) -> None:
    res = contract.check(contract.client.files.upload, file=JSONL)
    assert isinstance(res, UploadFileOut)


def test_upload_every_parameter(contract: ContractClient, tmp_path: Path) -> None:
    path = tmp_path / "train.jsonl"
    path.write_bytes(JSONL * 3)
    seen: list[int] = []
    res = contract.check(
        contract.client.files.upload,
        file=path,
        purpose="fine-tune",
        visibility="user",
        expiry=48,
        progress=lambda sent, total: seen.append(sent),
    )
    assert isinstance(res, UploadFileOut)
    assert seen


def test_upload_named_file_for_batch(contract: ContractClient) -> None:
    contract.check(
        contract.client.files.upload,
        file={"file_name": "requests.jsonl", "content": JSONL},
        purpose="batch",
        visibility="workspace",
    )


def test_list_minimal(contract: ContractClient) -> None:
    res = contract.check(contract.client.files.list)
    assert isinstance(res, ListFilesOut)


def test_list_every_parameter(contract: ContractClient) -> None:
    contract.check(
        contract.client.files.list,
        page=2,
        page_size=10,
        include_total=True,
        sample_type=["pretrain", "instruct"],
        source=["upload", "mistral"],
        search="train",
        purpose="fine-tune",
        mimetypes=["application/jsonl", "text/plain"],
    )


def test_list_scalar_filters(contract: ContractClient) -> None:
    # One-item lists (sample_type="batch_request" -> ?sample_type=batch_request) are left
    # out: that is the standard exploded form of a one-item array, but Prism 5.16 does not
    # coerce it into an array when the schema is anyOf[array, null], and answers 422.
    contract.check(contract.client.files.list, include_total=False, purpose="ocr")


def test_retrieve(contract: ContractClient) -> None:
    res = contract.check(contract.client.files.retrieve, FILE_ID)
    assert isinstance(res, RetrieveFileOut)


def test_delete(contract: ContractClient) -> None:
    res = contract.check(contract.client.files.delete, FILE_ID)
    assert isinstance(res, DeleteFileOut)


def test_download(contract: ContractClient) -> None:
    response = contract.check(contract.client.files.download, FILE_ID)
    try:
        assert response.status_code == 200
        assert response.read()
    finally:
        response.close()


def test_get_signed_url(contract: ContractClient) -> None:
    res = contract.check(contract.client.files.get_signed_url, FILE_ID, expiry=2)
    assert isinstance(res, FileSignedURL)


def test_get_signed_url_default_expiry(contract: ContractClient) -> None:
    contract.check(contract.client.files.get_signed_url, FILE_ID)
