"""client.beta.libraries over loopback: the lifecycle, documents and shares, sync and async."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from mistralai import errors
from mistralai.beta.models import DocumentOut, LibraryOut, SharingOut
from mistralai.testing import parse_form

USER = "6f1a3a2e-8c2b-4d7e-9d0e-3f3a2b1c0d9e"


def test_library_lifecycle(mistral_client: Any, mistral_test_server: Any, tmp_path: Path) -> None:
    libraries = mistral_client.beta.libraries
    library = libraries.create(name="handbook", description="company handbook", chunk_size=512)
    assert isinstance(library, LibraryOut)
    assert mistral_test_server.requests[-1].json() == {
        "name": "handbook",
        "description": "company handbook",
        "chunk_size": 512,
    }
    path = tmp_path / "policy.md"
    path.write_text("Leave policy: twenty five days a year.")
    sent: list[int] = []
    document = libraries.documents.upload(
        library_id=library.id, file=path, progress=lambda n, total: sent.append(n)
    )
    assert isinstance(document, DocumentOut)
    assert (document.name, document.size) == ("policy.md", path.stat().st_size)
    upload = mistral_test_server.requests[-1]
    assert parse_form(upload.body, upload.headers["content-type"])["file"].data == path.read_bytes()
    assert sent[-1] == path.stat().st_size
    ids = {"library_id": library.id, "document_id": document.id}
    assert libraries.documents.status(**ids).process_status == "done"
    assert libraries.documents.text_content(**ids).text == "Leave policy: twenty five days a year."
    assert libraries.documents.get_signed_url(**ids).startswith("http")
    assert libraries.documents.extracted_text_signed_url(**ids).endswith("/text")
    assert libraries.documents.update(**ids, name="leave.md").name == "leave.md"
    assert libraries.documents.reprocess(**ids) is None
    page = libraries.documents.list(library_id=library.id, page_size=10, search="leave")
    assert [d.id for d in page.data] == [document.id]
    assert page.pagination.total_items == 1
    assert [d.id for d in libraries.documents.iter_all(library_id=library.id)] == [document.id]
    share = libraries.accesses.update_or_create(
        library_id=library.id, share_with_uuid=USER, share_with_type="User", level="Viewer"
    )
    assert isinstance(share, SharingOut)
    assert share.role == "Viewer"
    assert [s.share_with_uuid for s in libraries.accesses.list(library_id=library.id).data] == [
        USER
    ]
    revoked = libraries.accesses.delete(
        library_id=library.id, share_with_uuid=USER, share_with_type="User", level="Viewer"
    )
    assert revoked.role == "Viewer"
    assert libraries.accesses.list(library_id=library.id).data == []
    assert libraries.update(library_id=library.id, name="renamed").name == "renamed"
    assert libraries.get(library_id=library.id).nb_documents == 1
    assert libraries.get(library_id=library.id).total_size == path.stat().st_size
    assert libraries.documents.delete(**ids) is None
    emptied = libraries.get(library_id=library.id)
    assert (emptied.nb_documents, emptied.total_size) == (0, 0)
    assert libraries.delete(library_id=library.id).id == library.id
    assert libraries.list().data == []
    with pytest.raises(errors.NotFoundError):
        libraries.get(library_id=library.id)


def test_bad_share_fails_before_sending(mistral_client: Any, mistral_test_server: Any) -> None:
    with pytest.raises(errors.RequestValidationError, match="level"):
        mistral_client.beta.libraries.accesses.update_or_create(
            library_id="l", share_with_uuid=USER, share_with_type="User", level="Owner"
        )
    with pytest.raises(errors.RequestValidationError, match="no file at"):
        mistral_client.beta.libraries.documents.upload(library_id="l", file="/nowhere/x.pdf")
    assert mistral_test_server.requests == []


async def test_async_documents(mistral_async_client: Any) -> None:
    libraries = mistral_async_client.beta.libraries
    library = await libraries.create_async(name="async")
    document = await libraries.documents.upload_async(library_id=library.id, file=b"hello library")
    ids = {"library_id": library.id, "document_id": document.id}
    assert (await libraries.documents.text_content_async(**ids)).text == "hello library"
    assert (await libraries.documents.get_async(**ids)).size == len(b"hello library")
    assert len((await libraries.list_async()).data) == 1


def test_documents_walk_every_page(mistral_client: Any, mistral_test_server: Any) -> None:
    documents = mistral_client.beta.libraries.documents
    library = mistral_client.beta.libraries.create(name="Many")
    made = [
        documents.upload(library_id=library.id, file={"file_name": f"d{i}.md", "content": b"x"}).id
        for i in range(5)
    ]
    mistral_test_server.requests.clear()
    walked = [d.id for d in documents.iter_all(library_id=library.id, page_size=2)]
    assert sorted(walked) == sorted(made)
    assert [r.query["page"] for r in mistral_test_server.requests] == [["0"], ["1"], ["2"]]
    assert {r.path for r in mistral_test_server.requests} == {
        f"/v1/libraries/{library.id}/documents"
    }
    pages = list(documents.list_pages(library_id=library.id, page_size=2, page=1))
    assert [len(p.data) for p in pages] == [2, 1]
    assert pages[-1].pagination.has_more is False


async def test_documents_walk_async(mistral_async_client: Any) -> None:
    documents = mistral_async_client.beta.libraries.documents
    library = await mistral_async_client.beta.libraries.create_async(name="Async")
    for i in range(3):
        await documents.upload_async(
            library_id=library.id, file={"file_name": f"{i}.md", "content": b"x"}
        )
    assert len([d async for d in documents.iter_all_async(library_id=library.id, page_size=2)]) == 3
    pages = documents.list_pages_async(library_id=library.id, page_size=2)
    assert [len(p.data) async for p in pages] == [2, 1]
