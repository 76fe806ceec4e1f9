"""``client.beta.libraries`` (libraries, documents, accesses) against the spec."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("mistralai.beta", reason="mistral-beta is not installed")

from contract_calls import ContractClient

from mistralai.beta.models import (
    DocumentOut,
    DocumentTextContent,
    LibraryOut,
    ListDocumentOut,
    ListLibraryOut,
    ListSharingOut,
    ProcessingStatusOut,
    SharingOut,
)

LIB = {"library_id": "0f6f4f0e-7a55-4cbb-9b4c-2a4e0b7c1a11"}
DOC = {**LIB, "document_id": "6d1b0b52-1f0e-4b41-9d0a-5d3c3c9f8e22"}
USER = "3a1c7b7e-9a50-4b44-9a3b-0d1f4c7d2e33"


def test_create_minimal(contract: ContractClient) -> None:
    assert isinstance(contract.check(contract.client.beta.libraries.create, name="hb"), LibraryOut)


def test_create_every_parameter(contract: ContractClient) -> None:
    contract.check(
        contract.client.beta.libraries.create,
        name="handbook",
        description="Company handbook",
        chunk_size=1024,
    )


def test_list_get_update_delete(contract: ContractClient) -> None:
    libraries = contract.client.beta.libraries
    assert isinstance(contract.check(libraries.list), ListLibraryOut)
    assert isinstance(contract.check(libraries.get, **LIB), LibraryOut)
    contract.check(libraries.update, **LIB, name="renamed", description=None)
    contract.check(libraries.delete, **LIB)


def test_documents_upload(contract: ContractClient, tmp_path: Path) -> None:
    path = tmp_path / "guide.pdf"
    path.write_bytes(b"%PDF-1.4 contract test\n")
    seen: list[int] = []
    res = contract.check(
        contract.client.beta.libraries.documents.upload,
        **LIB,
        file=path,
        progress=lambda sent, total: seen.append(sent),
    )
    assert isinstance(res, DocumentOut)
    assert seen


def test_documents_list_every_parameter(contract: ContractClient) -> None:
    res = contract.check(
        contract.client.beta.libraries.documents.list,
        **LIB,
        search="guide",
        page_size=10,
        page=0,
        filters_attributes='{"team": "sales"}',
        sort_by="created_at",
        sort_order="desc",
    )
    assert isinstance(res, ListDocumentOut)


def test_documents_read(contract: ContractClient) -> None:
    documents = contract.client.beta.libraries.documents
    assert isinstance(contract.check(documents.get, **DOC), DocumentOut)
    assert isinstance(contract.check(documents.text_content, **DOC), DocumentTextContent)
    assert isinstance(contract.check(documents.status, **DOC), ProcessingStatusOut)
    assert isinstance(contract.check(documents.get_signed_url, **DOC), str)
    assert isinstance(contract.check(documents.extracted_text_signed_url, **DOC), str)


def test_documents_change(contract: ContractClient) -> None:
    documents = contract.client.beta.libraries.documents
    contract.check(documents.update, **DOC, name="guide-v2", attributes={"team": "sales"})
    contract.check(documents.reprocess, **DOC)
    contract.check(documents.delete, **DOC)


def test_accesses(contract: ContractClient) -> None:
    accesses = contract.client.beta.libraries.accesses
    assert isinstance(contract.check(accesses.list, **LIB), ListSharingOut)
    share = contract.check(
        accesses.update_or_create,
        **LIB,
        share_with_uuid=USER,
        share_with_type="User",
        level="Editor",
        org_id=None,
    )
    assert isinstance(share, SharingOut)
    contract.check(
        accesses.delete, **LIB, share_with_uuid=USER, share_with_type="Workspace", level="Viewer"
    )
