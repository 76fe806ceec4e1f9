"""The Files API (``/v1/files``): uploads kept in memory (large ones in a temporary file).

Uploads are parsed from ``multipart/form-data``, checked like the real API (422 with
``detail`` for a missing ``file`` or an unknown ``purpose``) and stored per server. Listing
supports the filters and pagination; downloads stream the stored bytes with a length, so the
``truncate`` fault can cut one in the middle.
"""

from __future__ import annotations

import hashlib
import io
import os
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from mistralai.testing._multipart import MultipartError, Part, form_fields, parse_multipart
from mistralai.testing._routing import (
    JSONResponse,
    RawResponse,
    Request,
    Response,
    Router,
    invalid,
    not_found,
)
from mistralai.testing._state import ServerState

PURPOSES = ("fine-tune", "batch", "ocr")
VISIBILITIES = ("workspace", "user")
SPILL_BYTES = 8 * 1024 * 1024
"""Uploads larger than this are kept in a temporary file instead of memory."""
CHUNK = 64 * 1024


@dataclass
class StoredFile:
    """One uploaded file and its metadata."""

    id: str
    filename: str
    size: int
    purpose: str
    sample_type: str
    mimetype: str | None
    visibility: str
    num_lines: int | None
    signature: str
    created_at: int = field(default_factory=lambda: int(time.time()))
    expires_at: int | None = None
    source: str = "upload"
    data: bytes | None = None
    path: str | None = None

    def chunks(self) -> Any:
        """The stored bytes, 64 KiB at a time."""
        if self.data is not None:
            for offset in range(0, len(self.data), CHUNK):
                yield self.data[offset : offset + CHUNK]
            return
        assert self.path is not None
        with open(self.path, "rb") as fh:
            while chunk := fh.read(CHUNK):
                yield chunk

    def lines(self) -> Iterator[bytes]:
        """The stored bytes one line at a time, each with its newline (the last may lack one)."""
        if self.data is not None:
            yield from io.BytesIO(self.data)
            return
        assert self.path is not None
        with open(self.path, "rb") as fh:
            yield from fh

    def discard(self) -> None:
        if self.path is not None:
            os.unlink(self.path)
            self.path = None

    def to_json(self, **extra: Any) -> dict[str, Any]:
        return {
            "id": self.id,
            "object": "file",
            "bytes": self.size,
            "created_at": self.created_at,
            "filename": self.filename,
            "purpose": self.purpose,
            "sample_type": self.sample_type,
            "source": self.source,
            "num_lines": self.num_lines,
            "mimetype": self.mimetype,
            "signature": self.signature,
            "expires_at": self.expires_at,
            "visibility": self.visibility,
            **extra,
        }


def new_file(state: ServerState, fields: dict[str, str], upload: Part) -> StoredFile:
    purpose = fields.get("purpose", "fine-tune")
    data = upload.data
    filename = upload.filename or "file"
    stored = StoredFile(
        id=state.new_uuid(),
        filename=filename,
        size=len(data),
        purpose=purpose,
        sample_type={"fine-tune": "instruct", "batch": "batch_request"}.get(purpose, "pretrain"),
        mimetype=upload.content_type,
        visibility=fields.get("visibility", "workspace"),
        num_lines=data.count(b"\n") if filename.endswith(".jsonl") else None,
        signature=hashlib.sha256(data).hexdigest()[:16],
    )
    if "expiry" in fields:
        stored.expires_at = stored.created_at + int(fields["expiry"]) * 3600
    if len(data) > SPILL_BYTES:
        fd, stored.path = tempfile.mkstemp(prefix="mistral-testing-file-")
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
    else:
        stored.data = bytes(data)
    return stored


def add_written(
    state: ServerState, filename: str, path: str, *, size: int, lines: int, signature: str
) -> StoredFile:
    """Store a file the server wrote itself at ``path`` (a batch job's results), so that it is
    listed and downloadable like an upload."""
    stored = StoredFile(
        id=state.new_uuid(),
        filename=filename,
        size=size,
        purpose="batch",
        sample_type="batch_error" if filename.startswith("error") else "batch_result",
        mimetype="application/jsonl",
        visibility="workspace",
        num_lines=lines,
        signature=signature,
        source="mistral",
        path=path,
    )
    with state.lock:
        state.store("files")[stored.id] = stored
    return stored


def lookup(state: ServerState, file_id: str) -> StoredFile | None:
    """The stored file with this id, if any."""
    found: StoredFile | None = state.store("files").get(file_id)
    return found


def _files(request: Request) -> dict[str, StoredFile]:
    return request.state.store("files")


def upload(request: Request) -> Response:
    try:
        parts = parse_multipart(request.body, request.headers.get("content-type", ""))
    except MultipartError as exc:
        return invalid(["body"], str(exc))
    fields = form_fields(parts)
    uploads = [p for p in parts if p.name == "file" and p.filename is not None]
    if not uploads:
        return invalid(["body", "file"], "Field required")
    if fields.get("purpose", "fine-tune") not in PURPOSES:
        return invalid(["body", "purpose"], f"Input should be one of {', '.join(PURPOSES)}")
    if fields.get("visibility", "workspace") not in VISIBILITIES:
        return invalid(["body", "visibility"], f"Input should be one of {', '.join(VISIBILITIES)}")
    stored = new_file(request.state, fields, uploads[0])
    with request.state.lock:
        _files(request)[stored.id] = stored
    return JSONResponse(stored.to_json())


def list_files(request: Request) -> Response:
    page = int(request.arg("page", "0") or 0)
    page_size = int(request.arg("page_size", "100") or 100)
    found = list(_files(request).values())
    for name in ("sample_type", "source"):
        wanted = request.query.get(name)
        if wanted:
            found = [f for f in found if getattr(f, name) in wanted]
    if request.arg("purpose"):
        found = [f for f in found if f.purpose == request.arg("purpose")]
    if request.arg("search"):
        found = [f for f in found if (request.arg("search") or "") in f.filename]
    window = found[page * page_size : (page + 1) * page_size]
    return JSONResponse(
        {"data": [f.to_json() for f in window], "object": "list", "total": len(found)}
    )


def _lookup(request: Request) -> StoredFile | None:
    return _files(request).get(request.path_params["file_id"])


def retrieve(request: Request) -> Response:
    stored = _lookup(request)
    return not_found("File") if stored is None else JSONResponse(stored.to_json(deleted=False))


def delete(request: Request) -> Response:
    with request.state.lock:
        stored = _files(request).pop(request.path_params["file_id"], None)
    if stored is None:
        return not_found("File")
    stored.discard()
    return JSONResponse({"id": stored.id, "object": "file", "deleted": True})


def download(request: Request) -> Response:
    stored = _lookup(request)
    if stored is None:
        return not_found("File")
    return RawResponse(
        chunks=stored.chunks(),
        length=stored.size,
        headers={"content-disposition": f'attachment; filename="{stored.filename}"'},
    )


def signed_url(request: Request) -> Response:
    stored = _lookup(request)
    if stored is None:
        return not_found("File")
    expiry = int(request.arg("expiry", "24") or 24)
    return JSONResponse({"url": f"http://127.0.0.1/signed/{stored.id}?expiry={expiry}"})


def register(router: Router) -> None:
    router.add("POST", "/v1/files", upload, "files_api_routes_upload_file")
    router.add("GET", "/v1/files", list_files, "files_api_routes_list_files")
    router.add("GET", "/v1/files/{file_id}", retrieve, "files_api_routes_retrieve_file")
    router.add("DELETE", "/v1/files/{file_id}", delete, "files_api_routes_delete_file")
    router.add("GET", "/v1/files/{file_id}/content", download, "files_api_routes_download_file")
    router.add("GET", "/v1/files/{file_id}/url", signed_url, "files_api_routes_get_signed_url")
