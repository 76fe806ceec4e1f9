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
    Operation,
    ProgressCallback,
    Resource,
    async_operation,
    file_source,
    request_body,
    sync_operation,
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

    >>> doc = client.beta.libraries.documents.upload(library_id=lib.id, file="report.pdf")  # doctest: +SKIP
    >>> client.beta.libraries.documents.status(library_id=lib.id, document_id=doc.id)  # doctest: +SKIP
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
    ) -> Call[ListDocumentOut]:
        """A page of a library's documents, newest first by default."""
        query = {"search": search, "page_size": page_size, "page": page, "filters_attributes": filters_attributes,
                 "sort_by": sort_by, "sort_order": sort_order}  # fmt: skip
        return Call(DOC_LIST, path_params=_lib(library_id), query=query, options=options)

    def _upload(
        self,
        *,
        library_id: str,
        file: Any,
        progress: ProgressCallback | None = None,
        **options: Unpack[CallOptions],
    ) -> Call[DocumentOut]:
        """Add a document; it is streamed from disk and processed in the background.

        :param file: a path, bytes, an open binary file or ``File(file_name=..., content=...)``.
        :param progress: called as ``progress(bytes_sent, total)`` while it uploads.
        """
        source = file_source(file)
        body = MultipartUpload([], source, progress)
        return Call(DOC_UPLOAD, path_params=_lib(library_id), content=body,
                    replayable=source.replayable, options=options)  # fmt: skip

    def _get(
        self, *, library_id: str, document_id: str, **options: Unpack[CallOptions]
    ) -> Call[DocumentOut]:
        """A document's metadata."""
        return Call(DOC_GET, path_params=_doc(library_id, document_id), options=options)

    def _update(
        self,
        *,
        library_id: str,
        document_id: str,
        name: OptionalNullable[str] = UNSET,
        attributes: OptionalNullable[dict[str, Any]] = UNSET,
        **options: Unpack[CallOptions],
    ) -> Call[DocumentOut]:
        """Rename a document or change its attributes."""
        body = request_body(DocumentUpdateIn, locals())
        return Call(
            DOC_UPDATE, path_params=_doc(library_id, document_id), body=body, options=options
        )

    def _delete(
        self, *, library_id: str, document_id: str, **options: Unpack[CallOptions]
    ) -> Call[None]:
        """Remove a document from its library."""
        return Call(DOC_DELETE, path_params=_doc(library_id, document_id), options=options)

    def _text_content(
        self, *, library_id: str, document_id: str, **options: Unpack[CallOptions]
    ) -> Call[DocumentTextContent]:
        """The text extracted from a document."""
        return Call(DOC_TEXT, path_params=_doc(library_id, document_id), options=options)

    def _status(
        self, *, library_id: str, document_id: str, **options: Unpack[CallOptions]
    ) -> Call[ProcessingStatusOut]:
        """Whether a document is processed yet."""
        return Call(DOC_STATUS, path_params=_doc(library_id, document_id), options=options)

    def _get_signed_url(
        self, *, library_id: str, document_id: str, **options: Unpack[CallOptions]
    ) -> Call[str]:
        """A temporary URL to download the original document."""
        return Call(DOC_URL, path_params=_doc(library_id, document_id), options=options)

    def _extracted_text_signed_url(
        self, *, library_id: str, document_id: str, **options: Unpack[CallOptions]
    ) -> Call[str]:
        """A temporary URL to download the extracted text."""
        return Call(DOC_TEXT_URL, path_params=_doc(library_id, document_id), options=options)

    def _reprocess(
        self, *, library_id: str, document_id: str, **options: Unpack[CallOptions]
    ) -> Call[None]:
        """Process a document again."""
        return Call(DOC_REPROCESS, path_params=_doc(library_id, document_id), options=options)

    list = sync_operation(_list)
    list_async = async_operation(_list)
    upload = sync_operation(_upload)
    upload_async = async_operation(_upload)
    get = sync_operation(_get)
    get_async = async_operation(_get)
    update = sync_operation(_update)
    update_async = async_operation(_update)
    delete = sync_operation(_delete)
    delete_async = async_operation(_delete)
    text_content = sync_operation(_text_content)
    text_content_async = async_operation(_text_content)
    status = sync_operation(_status)
    status_async = async_operation(_status)
    get_signed_url = sync_operation(_get_signed_url)
    get_signed_url_async = async_operation(_get_signed_url)
    extracted_text_signed_url = sync_operation(_extracted_text_signed_url)
    extracted_text_signed_url_async = async_operation(_extracted_text_signed_url)
    reprocess = sync_operation(_reprocess)
    reprocess_async = async_operation(_reprocess)


class Accesses(Resource):
    """Who may use a library (``client.beta.libraries.accesses``)."""

    def _list(self, *, library_id: str, **options: Unpack[CallOptions]) -> Call[ListSharingOut]:
        """Every share of a library."""
        return Call(SHARE_LIST, path_params=_lib(library_id), options=options)

    def _update_or_create(
        self,
        *,
        library_id: str,
        share_with_uuid: str,
        share_with_type: EntityType,
        level: ShareEnum,
        org_id: OptionalNullable[str] = UNSET,
        **options: Unpack[CallOptions],
    ) -> Call[SharingOut]:
        """Share a library with a user, a workspace or an organization, as Viewer or Editor."""
        body = request_body(SharingIn, locals())
        return Call(SHARE_SET, path_params=_lib(library_id), body=body, options=options)

    def _delete(
        self,
        *,
        library_id: str,
        share_with_uuid: str,
        share_with_type: EntityType,
        level: ShareEnum,
        org_id: OptionalNullable[str] = UNSET,
        **options: Unpack[CallOptions],
    ) -> Call[SharingOut]:
        """Stop sharing a library with someone at ``level`` (the API requires the level)."""
        body = request_body(SharingDelete, locals())
        return Call(SHARE_DELETE, path_params=_lib(library_id), body=body, options=options)

    list = sync_operation(_list)
    list_async = async_operation(_list)
    update_or_create = sync_operation(_update_or_create)
    update_or_create_async = async_operation(_update_or_create)
    delete = sync_operation(_delete)
    delete_async = async_operation(_delete)


class Libraries(Resource):
    """Document libraries (``client.beta.libraries``), with ``.documents`` and ``.accesses``.

    >>> lib = client.beta.libraries.create(name="handbook")  # doctest: +SKIP
    """

    __slots__ = ("accesses", "documents")

    def __init__(self, runtime: ClientRuntime) -> None:
        super().__init__(runtime)
        self.documents = Documents(runtime)
        self.accesses = Accesses(runtime)

    def _list(self, **options: Unpack[CallOptions]) -> Call[ListLibraryOut]:
        """The libraries this key can see."""
        return Call(LIST, options=options)

    def _create(
        self,
        *,
        name: str,
        description: OptionalNullable[str] = UNSET,
        chunk_size: OptionalNullable[int] = UNSET,
        **options: Unpack[CallOptions],
    ) -> Call[LibraryOut]:
        """Create a library."""
        return Call(CREATE, body=request_body(LibraryIn, locals()), options=options)

    def _get(self, *, library_id: str, **options: Unpack[CallOptions]) -> Call[LibraryOut]:
        """A library."""
        return Call(GET, path_params=_lib(library_id), options=options)

    def _update(
        self,
        *,
        library_id: str,
        name: OptionalNullable[str] = UNSET,
        description: OptionalNullable[str] = UNSET,
        **options: Unpack[CallOptions],
    ) -> Call[LibraryOut]:
        """Rename a library or change its description."""
        body = request_body(LibraryInUpdate, locals())
        return Call(UPDATE, path_params=_lib(library_id), body=body, options=options)

    def _delete(self, *, library_id: str, **options: Unpack[CallOptions]) -> Call[LibraryOut]:
        """Delete a library and its documents."""
        return Call(DELETE, path_params=_lib(library_id), options=options)

    list = sync_operation(_list)
    list_async = async_operation(_list)
    create = sync_operation(_create)
    create_async = async_operation(_create)
    get = sync_operation(_get)
    get_async = async_operation(_get)
    update = sync_operation(_update)
    update_async = async_operation(_update)
    delete = sync_operation(_delete)
    delete_async = async_operation(_delete)
