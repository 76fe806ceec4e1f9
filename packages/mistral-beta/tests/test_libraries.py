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
