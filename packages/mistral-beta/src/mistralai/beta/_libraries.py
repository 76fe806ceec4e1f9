"""``client.beta.libraries``: document libraries, their documents and who may use them."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from typing_extensions import Unpack

from mistralai.beta.models import (
    DocumentOut,
    DocumentTextContent,
    DocumentUpdateIn,
    EntityType,
    LibraryIn,
    LibraryInUpdate,
    LibraryOut,
    ListDocumentOut,
    ListLibraryOut,
    ListSharingOut,
    ProcessingStatusOut,
    ShareEnum,
    SharingDelete,
    SharingIn,
    SharingOut,
)
from mistralai.types import UNSET, OptionalNullable, UnsetType
from mistralai.utils import (
    Call,
    CallOptions,
    MultipartUpload,
    NumberedPages,
    Operation,
    ProgressCallback,
    Resource,
    async_items,
    async_operation,
    async_pages,
    file_source,
    request_body,
    sync_items,
    sync_operation,
    sync_pages,
)

if TYPE_CHECKING:
    from mistralai._runtime import ClientRuntime

_LIBS = "/v1/libraries"
_LIB = _LIBS + "/{library_id}"
_DOCS = _LIB + "/documents"
_DOC = _DOCS + "/{document_id}"
LIST: Operation[ListLibraryOut] = Operation("libraries_list_v1", "GET", _LIBS, ListLibraryOut)
CREATE: Operation[LibraryOut] = Operation("libraries_create_v1", "POST", _LIBS, LibraryOut)
GET: Operation[LibraryOut] = Operation("libraries_get_v1", "GET", _LIB, LibraryOut)
UPDATE: Operation[LibraryOut] = Operation("libraries_update_v1", "PUT", _LIB, LibraryOut)
DELETE: Operation[LibraryOut] = Operation("libraries_delete_v1", "DELETE", _LIB, LibraryOut)
DOC_LIST: Operation[ListDocumentOut] = Operation(
    "libraries_documents_list_v1", "GET", _DOCS, ListDocumentOut
)
DOC_PAGES = NumberedPages[ListDocumentOut, DocumentOut](
    lambda page: page.data,
    first=0,
    default_size=100,
    has_more=lambda page: (
        page.pagination.has_more if "pagination" in page.model_fields_set else None
    ),
    total=lambda page: (
        page.pagination.total_items if "pagination" in page.model_fields_set else None
    ),
)
"""How ``GET /v1/libraries/{library_id}/documents`` pages: ``page`` from 0, 100 a page,
with ``pagination.has_more``."""
DOC_UPLOAD: Operation[DocumentOut] = Operation(
    "libraries_documents_upload_v1", "POST", _DOCS, DocumentOut
)
DOC_GET: Operation[DocumentOut] = Operation("libraries_documents_get_v1", "GET", _DOC, DocumentOut)
DOC_UPDATE: Operation[DocumentOut] = Operation(
    "libraries_documents_update_v1", "PUT", _DOC, DocumentOut
)
DOC_DELETE: Operation[None] = Operation("libraries_documents_delete_v1", "DELETE", _DOC)
DOC_TEXT: Operation[DocumentTextContent] = Operation(
    "libraries_documents_get_text_content_v1", "GET", _DOC + "/text_content", DocumentTextContent
)
DOC_STATUS: Operation[ProcessingStatusOut] = Operation(
    "libraries_documents_get_status_v1", "GET", _DOC + "/status", ProcessingStatusOut
)
DOC_URL: Operation[str] = Operation(
    "libraries_documents_get_signed_url_v1", "GET", _DOC + "/signed-url", str
)
DOC_TEXT_URL: Operation[str] = Operation(
    "libraries_documents_get_extracted_text_signed_url_v1",
    "GET",
    _DOC + "/extracted-text-signed-url",
    str,
)
DOC_REPROCESS: Operation[None] = Operation(
    "libraries_documents_reprocess_v1", "POST", _DOC + "/reprocess"
)
SHARE_LIST: Operation[ListSharingOut] = Operation(
    "libraries_share_list_v1", "GET", _LIB + "/share", ListSharingOut
)
SHARE_SET: Operation[SharingOut] = Operation(
    "libraries_share_create_v1", "PUT", _LIB + "/share", SharingOut
)
SHARE_DELETE: Operation[SharingOut] = Operation(
    "libraries_share_delete_v1", "DELETE", _LIB + "/share", SharingOut
)


def _lib(library_id: str) -> dict[str, str]:
    return {"library_id": library_id}


def _doc(library_id: str, document_id: str) -> dict[str, str]:
    return {"library_id": library_id, "document_id": document_id}


class Documents(Resource):
    """The documents of a library (``client.beta.libraries.documents``).

    >>> lib = client.beta.libraries.create(name="Manuals")
    >>> doc = client.beta.libraries.documents.upload(library_id=lib.id, file="report.pdf")
    >>> client.beta.libraries.documents.status(library_id=lib.id, document_id=doc.id)
    """

    def _list(
        self,
        *,
        library_id: str,
        search: str | None = None,
        page_size: int | UnsetType = UNSET,
        page: int | UnsetType = UNSET,
        filters_attributes: str | None = None,
        sort_by: str | UnsetType = UNSET,
        sort_order: str | UnsetType = UNSET,
        **options: Unpack[CallOptions],
    ) -> Call:
        """A page of a library's documents, newest first by default.

        >>> page = client.beta.libraries.documents.list(library_id=library_id, search="guide", page_size=20)
        >>> [d.name for d in page.data]
        """
        query = {"search": search, "page_size": page_size, "page": page, "filters_attributes": filters_attributes,
                 "sort_by": sort_by, "sort_order": sort_order}  # fmt: skip
        return Call(path_params=_lib(library_id), query=query, options=options)

    def _upload(
        self,
        *,
        library_id: str,
        file: Any,
        progress: ProgressCallback | None = None,
        **options: Unpack[CallOptions],
    ) -> Call:
        """Add a document; it is streamed from disk and processed in the background.

        :param file: a path, bytes, an open binary file or ``File(file_name=..., content=...)``.
        :param progress: called as ``progress(bytes_sent, total)`` while it uploads.

        >>> doc = client.beta.libraries.documents.upload(library_id=library_id, file="report.pdf")
        >>> doc.name
        'report.pdf'
        """
        source = file_source(file)
        body = MultipartUpload([], source, progress)
        return Call(path_params=_lib(library_id), content=body,
                    replayable=source.replayable, options=options)  # fmt: skip

    def _get(self, *, library_id: str, document_id: str, **options: Unpack[CallOptions]) -> Call:
        """A document's metadata.

        >>> client.beta.libraries.documents.get(library_id=library_id, document_id=document_id).name
        'guide.md'
        """
        return Call(path_params=_doc(library_id, document_id), options=options)

    def _update(
        self,
        *,
        library_id: str,
        document_id: str,
        name: OptionalNullable[str] = UNSET,
        attributes: OptionalNullable[dict[str, Any]] = UNSET,
        **options: Unpack[CallOptions],
    ) -> Call:
        """Rename a document or change its attributes.

        >>> doc = client.beta.libraries.documents.update(library_id=library_id, document_id=document_id,
        ...                  name="Guide", attributes={"team": "support"})
        """
        body = request_body(DocumentUpdateIn, locals())
        return Call(path_params=_doc(library_id, document_id), body=body, options=options)

    def _delete(self, *, library_id: str, document_id: str, **options: Unpack[CallOptions]) -> Call:
        """Remove a document from its library.

        >>> client.beta.libraries.documents.delete(library_id=library_id, document_id=document_id)
        """
        return Call(path_params=_doc(library_id, document_id), options=options)

    def _text_content(
        self, *, library_id: str, document_id: str, **options: Unpack[CallOptions]
    ) -> Call:
        """The text extracted from a document.

        >>> client.beta.libraries.documents.text_content(library_id=library_id, document_id=document_id).text
        """
        return Call(path_params=_doc(library_id, document_id), options=options)

    def _status(self, *, library_id: str, document_id: str, **options: Unpack[CallOptions]) -> Call:
        """Whether a document is processed yet.

        >>> client.beta.libraries.documents.status(library_id=library_id, document_id=document_id).processing_status
        """
        return Call(path_params=_doc(library_id, document_id), options=options)

    def _get_signed_url(
        self, *, library_id: str, document_id: str, **options: Unpack[CallOptions]
    ) -> Call:
        """A temporary URL to download the original document.

        >>> url = client.beta.libraries.documents.get_signed_url(library_id=library_id, document_id=document_id)
        """
        return Call(path_params=_doc(library_id, document_id), options=options)

    def _extracted_text_signed_url(
        self, *, library_id: str, document_id: str, **options: Unpack[CallOptions]
    ) -> Call:
        """A temporary URL to download the extracted text.

        >>> url = client.beta.libraries.documents.extracted_text_signed_url(library_id=library_id, document_id=document_id)
        """
        return Call(path_params=_doc(library_id, document_id), options=options)

    def _reprocess(
        self, *, library_id: str, document_id: str, **options: Unpack[CallOptions]
    ) -> Call:
        """Process a document again.

        >>> client.beta.libraries.documents.reprocess(library_id=library_id, document_id=document_id)
        """
        return Call(path_params=_doc(library_id, document_id), options=options)

    list = sync_operation(DOC_LIST, _list)
    list_async = async_operation(DOC_LIST, _list)
    list_pages = sync_pages(
        list,
        DOC_PAGES,
        example="""
        >>> [len(p.data) for p in client.beta.libraries.documents.list_pages(library_id=library_id)]
        """,
    )
    list_pages_async = async_pages(
        list_async,
        DOC_PAGES,
        example="""
        >>> docs = client.beta.libraries.documents
        >>> [len(p.data) async for p in docs.list_pages_async(library_id=library_id, page_size=10)]
        """,
    )
    iter_all = sync_items(
        list,
        DOC_PAGES,
        example="""
        >>> names = [d.name for d in client.beta.libraries.documents.iter_all(library_id=library_id)]
        """,
    )
    iter_all_async = async_items(
        list_async,
        DOC_PAGES,
        example="""
        >>> docs = client.beta.libraries.documents
        >>> names = [d.name async for d in docs.iter_all_async(library_id=library_id, search="guide")]
        """,
    )
    upload = sync_operation(DOC_UPLOAD, _upload)
    upload_async = async_operation(DOC_UPLOAD, _upload)
    get = sync_operation(DOC_GET, _get)
    get_async = async_operation(DOC_GET, _get)
    update = sync_operation(DOC_UPDATE, _update)
    update_async = async_operation(DOC_UPDATE, _update)
    delete = sync_operation(DOC_DELETE, _delete)
    delete_async = async_operation(DOC_DELETE, _delete)
    text_content = sync_operation(DOC_TEXT, _text_content)
    text_content_async = async_operation(DOC_TEXT, _text_content)
    status = sync_operation(DOC_STATUS, _status)
    status_async = async_operation(DOC_STATUS, _status)
    get_signed_url = sync_operation(DOC_URL, _get_signed_url)
    get_signed_url_async = async_operation(DOC_URL, _get_signed_url)
    extracted_text_signed_url = sync_operation(DOC_TEXT_URL, _extracted_text_signed_url)
    extracted_text_signed_url_async = async_operation(DOC_TEXT_URL, _extracted_text_signed_url)
    reprocess = sync_operation(DOC_REPROCESS, _reprocess)
    reprocess_async = async_operation(DOC_REPROCESS, _reprocess)


class Accesses(Resource):
    """Who may use a library (``client.beta.libraries.accesses``)."""

    def _list(self, *, library_id: str, **options: Unpack[CallOptions]) -> Call:
        """Every share of a library.

        >>> [(a.share_with_type, a.role) for a in client.beta.libraries.accesses.list(library_id=library_id).data]
        """
        return Call(path_params=_lib(library_id), options=options)

    def _update_or_create(
        self,
        *,
        library_id: str,
        share_with_uuid: str,
        share_with_type: EntityType,
        level: ShareEnum,
        org_id: OptionalNullable[str] = UNSET,
        **options: Unpack[CallOptions],
    ) -> Call:
        """Share a library with a user, a workspace or an organization, as Viewer or Editor.

        >>> access = client.beta.libraries.accesses.update_or_create(library_id=library_id, share_with_type="Workspace",
        ...     share_with_uuid="0ad2c6b2-8f3e-4c7a-9d51-6c1e2a4b7f90", level="Viewer")
        """
        body = request_body(SharingIn, locals())
        return Call(path_params=_lib(library_id), body=body, options=options)

    def _delete(
        self,
        *,
        library_id: str,
        share_with_uuid: str,
        share_with_type: EntityType,
        org_id: OptionalNullable[str] = UNSET,
        level: ShareEnum | UnsetType = UNSET,
        **options: Unpack[CallOptions],
    ) -> Call:
        """Stop sharing a library with someone (``level``: the access being revoked, optional).

        >>> who = {"share_with_type": "Workspace", "share_with_uuid": "0ad2c6b2-8f3e-4c7a-9d51-6c1e2a4b7f90"}
        >>> access = client.beta.libraries.accesses.update_or_create(library_id=library_id, level="Viewer", **who)
        >>> access = client.beta.libraries.accesses.delete(library_id=library_id, **who)
        """
        body = request_body(SharingDelete, locals())
        return Call(path_params=_lib(library_id), body=body, options=options)

    list = sync_operation(SHARE_LIST, _list)
    list_async = async_operation(SHARE_LIST, _list)
    update_or_create = sync_operation(SHARE_SET, _update_or_create)
    update_or_create_async = async_operation(SHARE_SET, _update_or_create)
    delete = sync_operation(SHARE_DELETE, _delete)
    delete_async = async_operation(SHARE_DELETE, _delete)


class Libraries(Resource):
    """Document libraries (``client.beta.libraries``), with ``.documents`` and ``.accesses``.

    >>> lib = client.beta.libraries.create(name="handbook")
    """

    __slots__ = ("accesses", "documents")

    def __init__(self, runtime: ClientRuntime) -> None:
        super().__init__(runtime)
        self.documents = Documents(runtime)
        self.accesses = Accesses(runtime)

    def _list(self, **options: Unpack[CallOptions]) -> Call:
        """The libraries this key can see.

        >>> [lib.name for lib in client.beta.libraries.list().data]
        """
        return Call(options=options)

    def _create(
        self,
        *,
        name: str,
        description: OptionalNullable[str] = UNSET,
        chunk_size: OptionalNullable[int] = UNSET,
        **options: Unpack[CallOptions],
    ) -> Call:
        """Create a library.

        >>> lib = client.beta.libraries.create(name="Manuals", description="Product manuals")
        >>> lib.name
        'Manuals'
        """
        return Call(body=request_body(LibraryIn, locals()), options=options)

    def _get(self, *, library_id: str, **options: Unpack[CallOptions]) -> Call:
        """A library.

        >>> client.beta.libraries.get(library_id=library_id).name
        'Manuals'
        """
        return Call(path_params=_lib(library_id), options=options)

    def _update(
        self,
        *,
        library_id: str,
        name: OptionalNullable[str] = UNSET,
        description: OptionalNullable[str] = UNSET,
        **options: Unpack[CallOptions],
    ) -> Call:
        """Rename a library or change its description.

        >>> client.beta.libraries.update(library_id=library_id, description="Every manual").description
        'Every manual'
        """
        body = request_body(LibraryInUpdate, locals())
        return Call(path_params=_lib(library_id), body=body, options=options)

    def _delete(self, *, library_id: str, **options: Unpack[CallOptions]) -> Call:
        """Delete a library and its documents.

        >>> lib = client.beta.libraries.delete(library_id=library_id)
        """
        return Call(path_params=_lib(library_id), options=options)

    list = sync_operation(LIST, _list)
    list_async = async_operation(LIST, _list)
    create = sync_operation(CREATE, _create)
    create_async = async_operation(CREATE, _create)
    get = sync_operation(GET, _get)
    get_async = async_operation(GET, _get)
    update = sync_operation(UPDATE, _update)
    update_async = async_operation(UPDATE, _update)
    delete = sync_operation(DELETE, _delete)
    delete_async = async_operation(DELETE, _delete)
