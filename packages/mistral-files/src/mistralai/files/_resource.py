"""``client.files``: upload, list, retrieve, delete, download and share files."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any, BinaryIO, Optional, TypeVar, Union

import httpx
import pydantic
from typing_extensions import ParamSpec, Unpack

from mistralai.files._download import check_target, save, save_async
from mistralai.files.models import (
    DeleteFileOut,
    File,
    FilePurpose,
    FileSchema,
    FileSignedURL,
    FileTypedDict,
    FileVisibility,
    ListFilesOut,
    RetrieveFileOut,
    SampleType,
    Source,
    UploadFileOut,
)
from mistralai.types import UNSET, UnsetType
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
    sync_items,
    sync_operation,
    sync_pages,
    validate_arg,
)

P = ParamSpec("P")
T = TypeVar("T")
R = TypeVar("R", bound=Resource)

FileInput = Union[File, FileTypedDict, str, "os.PathLike[str]", bytes, BinaryIO]
"""What ``upload`` accepts as ``file``."""

UPLOAD: Operation[UploadFileOut] = Operation(
    "files_api_routes_upload_file", "POST", "/v1/files", UploadFileOut
)
LIST: Operation[ListFilesOut] = Operation(
    "files_api_routes_list_files", "GET", "/v1/files", ListFilesOut
)
RETRIEVE: Operation[RetrieveFileOut] = Operation(
    "files_api_routes_retrieve_file", "GET", "/v1/files/{file_id}", RetrieveFileOut
)
DELETE: Operation[DeleteFileOut] = Operation(
    "files_api_routes_delete_file", "DELETE", "/v1/files/{file_id}", DeleteFileOut
)
DOWNLOAD: Operation[httpx.Response] = Operation(
    "files_api_routes_download_file", "GET", "/v1/files/{file_id}/content", raw=True
)
SIGNED_URL: Operation[FileSignedURL] = Operation(
    "files_api_routes_get_signed_url", "GET", "/v1/files/{file_id}/url", FileSignedURL
)

PAGES = NumberedPages[ListFilesOut, FileSchema](
    lambda page: page.data, first=0, default_size=100, total=lambda page: page.total
)
"""How ``GET /v1/files`` pages: ``page`` from 0, 100 files a page, ``total`` when asked."""

_DOWNLOAD_HEADERS = {"accept": "application/octet-stream, application/json"}
_PURPOSE = pydantic.TypeAdapter(Optional[FilePurpose])
_VISIBILITY: pydantic.TypeAdapter[FileVisibility] = pydantic.TypeAdapter(FileVisibility)
_EXPIRY = pydantic.TypeAdapter(Optional[pydantic.StrictInt])
_SAMPLE_TYPES = pydantic.TypeAdapter(Optional[list[SampleType]])
_SOURCES = pydantic.TypeAdapter(Optional[list[Source]])
_MIMETYPES = pydantic.TypeAdapter(Optional[list[str]])


def _as_list(value: Any) -> Any:
    return [value] if isinstance(value, str) else value


class Files(Resource):
    """Files (``/v1/files``): upload for fine-tuning, batch or OCR, then list, fetch, delete.

    >>> up = client.files.upload(file="train.jsonl", purpose="fine-tune")
    >>> client.files.download_to(up.id, "copy.jsonl")
    """

    def _upload(
        self,
        file: FileInput,
        purpose: FilePurpose | None = None,
        visibility: FileVisibility | UnsetType = UNSET,
        expiry: int | None = None,
        progress: ProgressCallback | None = None,
        **options: Unpack[CallOptions],
    ) -> Call:
        """Upload a file (at most 512 MB; fine-tuning takes ``.jsonl`` only).

        The body is streamed: a file on disk is read 64 KiB at a time, never whole. Paths,
        bytes and seekable files are re-read from their start if the request is retried; a
        non-seekable stream (a pipe, a socket) is sent once and never retried.

        :param file: a path (``str`` or ``os.PathLike``), ``bytes``, a file opened with
            ``"rb"``, or ``File(file_name=..., content=...)`` / a dict with those keys to
            choose the stored name. Bytes and unnamed streams are stored as ``upload.bin``.
        :param purpose: ``"fine-tune"``, ``"batch"`` or ``"ocr"``.
        :param visibility: ``"workspace"`` (the server's default) or ``"user"``.
        :param expiry: hours until the file is deleted; None keeps it.
        :param progress: called as ``progress(bytes_sent, total)`` as the file's bytes go
            out (``total`` is None for a stream of unknown size); starts over at 0 on a retry.
        :param options: per-call ``retries``, ``server_url``, ``timeout_ms``, ``http_headers``.

        >>> with open("batch.jsonl", "rb") as fh:
        ...     up = client.files.upload(file=fh, purpose="batch")
        >>> up.id
        """
        fields: list[tuple[str, str]] = []
        chosen_purpose = validate_arg(_PURPOSE, purpose, "purpose")
        if chosen_purpose is not None:
            fields.append(("purpose", chosen_purpose))
        if not isinstance(visibility, UnsetType):
            fields.append(("visibility", validate_arg(_VISIBILITY, visibility, "visibility")))
        chosen_expiry = validate_arg(_EXPIRY, expiry, "expiry")
        if chosen_expiry is not None:
            fields.append(("expiry", str(chosen_expiry)))
        source = file_source(file)
        body = MultipartUpload(fields, source, progress)
        return Call(
            content=body,
            replayable=source.replayable,
            options=options,
        )

    upload = sync_operation(UPLOAD, _upload)
    upload_async = async_operation(UPLOAD, _upload)

    def _list(
        self,
        page: int = 0,
        page_size: int = 100,
        include_total: bool | None = None,
        sample_type: SampleType | Sequence[SampleType] | None = None,
        source: Source | Sequence[Source] | None = None,
        search: str | None = None,
        purpose: FilePurpose | None = None,
        mimetypes: str | Sequence[str] | None = None,
        **options: Unpack[CallOptions],
    ) -> Call:
        """List the organisation's files, one page at a time (:meth:`iter_all` walks every page).

        :param page: the page number, from 0.
        :param page_size: files per page.
        :param include_total: whether the answer counts every match in ``total``.
        :param sample_type: only files with these sample types.
        :param source: only files from these sources (``upload``, ``repository``, ``mistral``).
        :param search: only files whose name contains this text.
        :param purpose: only files with this purpose.
        :param mimetypes: only files with these MIME types.
        :param options: per-call ``retries``, ``server_url``, ``timeout_ms``, ``http_headers``.

        >>> page = client.files.list(purpose="batch", page_size=20)
        >>> [f.filename for f in page.data]
        """
        query = {
            "page": page,
            "page_size": page_size,
            "include_total": include_total,
            "sample_type": validate_arg(_SAMPLE_TYPES, _as_list(sample_type), "sample_type"),
            "source": validate_arg(_SOURCES, _as_list(source), "source"),
            "search": search,
            "purpose": validate_arg(_PURPOSE, purpose, "purpose"),
            "mimetypes": validate_arg(_MIMETYPES, _as_list(mimetypes), "mimetypes"),
        }
        return Call(query=query, options=options)

    list = sync_operation(LIST, _list)
    list_async = async_operation(LIST, _list)

    list_pages = sync_pages(
        list,
        PAGES,
        example="""
        >>> [len(page.data) for page in client.files.list_pages(page_size=2)]
        """,
    )
    list_pages_async = async_pages(
        list_async,
        PAGES,
        example="""
        >>> [len(page.data) async for page in client.files.list_pages_async(page_size=2)]
        """,
    )
    iter_all = sync_items(
        list,
        PAGES,
        example="""
        >>> for f in client.files.iter_all(purpose="fine-tune"):
        ...     print(f.id, f.filename)
        """,
    )
    iter_all_async = async_items(
        list_async,
        PAGES,
        example="""
        >>> [f.id async for f in client.files.iter_all_async(purpose="batch")]
        """,
    )
    iter_files = sync_items(
        list,
        PAGES,
        example="""
        The name :meth:`iter_all` had in 0.1.0.

        >>> names = [f.filename for f in client.files.iter_files(purpose="fine-tune")]
        """,
    )
    iter_files_async = async_items(
        list_async,
        PAGES,
        example="""
        The name :meth:`iter_all_async` had in 0.1.0.

        >>> names = [f.filename async for f in client.files.iter_files_async(purpose="batch")]
        """,
    )

    def _retrieve(self, file_id: str, **options: Unpack[CallOptions]) -> Call:
        """Fetch one file's metadata.

        >>> client.files.retrieve(file_id).filename
        """
        return Call(path_params={"file_id": file_id}, options=options)

    retrieve = sync_operation(RETRIEVE, _retrieve)
    retrieve_async = async_operation(RETRIEVE, _retrieve)

    def _delete(self, file_id: str, **options: Unpack[CallOptions]) -> Call:
        """Delete a file.

        >>> client.files.delete(file_id).deleted
        True
        """
        return Call(path_params={"file_id": file_id}, options=options)

    delete = sync_operation(DELETE, _delete)
    delete_async = async_operation(DELETE, _delete)

    def _download(self, file_id: str, **options: Unpack[CallOptions]) -> Call:
        """Start downloading a file; return the response with its body not yet read.

        Read it in pieces and close it; the async twin returns a response to read with
        ``aiter_bytes()`` and ``aclose()``. To save a file to disk safely,
        :meth:`download_to` does all of that.

        >>> response = client.files.download(file_id)
        >>> with open("copy.jsonl", "wb") as sink:
        ...     try:
        ...         for chunk in response.iter_bytes():
        ...             sink.write(chunk)
        ...     finally:
        ...         response.close()
        """
        return Call(path_params={"file_id": file_id}, headers=_DOWNLOAD_HEADERS, options=options)

    download = sync_operation(DOWNLOAD, _download)
    download_async = async_operation(DOWNLOAD, _download)

    def download_to(
        self,
        file_id: str,
        path: str | os.PathLike[str],
        *,
        progress: ProgressCallback | None = None,
        **options: Unpack[CallOptions],
    ) -> Path:
        """Download a file to ``path``: the whole file appears there, or nothing does.

        The body goes to a hidden temporary file beside ``path``, renamed over it once
        complete. If the connection breaks mid-way,
        :class:`~mistralai.files.DownloadInterruptedError` (a
        :class:`~mistralai.errors.StreamError`) is raised and ``path`` is left as it was.

        :param progress: called as ``progress(bytes_received, total)``; ``total`` is None
            when the server does not say.
        :returns: ``path`` as a :class:`pathlib.Path`.

        >>> client.files.download_to(file_id, "results.jsonl")
        PosixPath('results.jsonl')
        """
        target = check_target(path)
        save(self.download(file_id, **options), target, progress)
        return target

    async def download_to_async(
        self,
        file_id: str,
        path: str | os.PathLike[str],
        *,
        progress: ProgressCallback | None = None,
        **options: Unpack[CallOptions],
    ) -> Path:
        """Async twin of :meth:`download_to`.

        >>> await client.files.download_to_async(file_id, "results.jsonl")
        """
        target = check_target(path)
        await save_async(await self.download_async(file_id, **options), target, progress)
        return target

    def _get_signed_url(
        self, file_id: str, expiry: int = 24, **options: Unpack[CallOptions]
    ) -> Call:
        """A URL that downloads the file without an API key for ``expiry`` hours.

        >>> client.files.get_signed_url(file_id, expiry=1).url
        """
        return Call(path_params={"file_id": file_id}, query={"expiry": expiry}, options=options)

    get_signed_url = sync_operation(SIGNED_URL, _get_signed_url)
    get_signed_url_async = async_operation(SIGNED_URL, _get_signed_url)
