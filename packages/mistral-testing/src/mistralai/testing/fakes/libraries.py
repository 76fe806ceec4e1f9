"""``/v1/libraries``: libraries, their documents (multipart uploads, processed at once) and
shares, in memory."""

from __future__ import annotations

import hashlib
from typing import Any

from mistralai.testing._multipart import MultipartError, parse_multipart
from mistralai.testing._routing import (
    JSONResponse,
    Request,
    Response,
    Router,
    invalid,
    not_found,
)
from mistralai.testing._state import now_iso

OWNER_ID = "11b00000-0000-4000-8000-000000000001"
"""The user who owns every library (the key's user)."""
ORG_ID = "11b00000-0000-4000-8000-000000000002"
"""The organization of a share that names none."""


def _libraries(request: Request) -> dict[str, dict[str, Any]]:
    return request.state.store("libraries")


def _library(request: Request) -> dict[str, Any] | None:
    return _libraries(request).get(request.path_params["library_id"])


def _public(record: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in record.items() if not k.startswith("_")}


def _public_library(library: dict[str, Any]) -> dict[str, Any]:
    documents = library["_documents"].values()
    return {**_public(library), "nb_documents": len(documents),
            "total_size": sum(d["size"] for d in documents)}  # fmt: skip


def create(request: Request) -> Response:
    body = request.json()
    now = now_iso()
    library = {"id": request.state.new_uuid(), "name": body["name"], "description": body.get("description"),
               "chunk_size": body.get("chunk_size"), "created_at": now, "updated_at": now,
               "owner_id": OWNER_ID, "owner_type": "User",
               "_documents": {}, "_shares": {}}  # fmt: skip
    with request.state.lock:
        _libraries(request)[library["id"]] = library
    return JSONResponse(_public_library(library), 201)


def list_libraries(request: Request) -> Response:
    return JSONResponse({"data": [_public_library(lib) for lib in _libraries(request).values()]})


def get(request: Request) -> Response:
    library = _library(request)
    return not_found("Library") if library is None else JSONResponse(_public_library(library))


def update(request: Request) -> Response:
    body = request.json()
    with request.state.lock:
        library = _library(request)
        if library is None:
            return not_found("Library")
        library.update(
            {k: body[k] for k in ("name", "description") if k in body}, updated_at=now_iso()
        )
        return JSONResponse(_public_library(library))


def delete(request: Request) -> Response:
    with request.state.lock:
        library = _libraries(request).pop(request.path_params["library_id"], None)
    return not_found("Library") if library is None else JSONResponse(_public_library(library))


def upload(request: Request) -> Response:
    with request.state.lock:
        library = _library(request)
        if library is None:
            return not_found("Library")
        try:
            parts = parse_multipart(request.body, request.headers.get("content-type", ""))
        except MultipartError as exc:
            return invalid(["body"], str(exc))
        files = [p for p in parts if p.name == "file" and p.filename is not None]
        if not files:
            return invalid(["body", "file"], "Field required", "missing")
        data, name = files[0].data, files[0].filename or "document"
        document = {"id": request.state.new_uuid(), "library_id": library["id"], "name": name, "size": len(data),
                    "hash": hashlib.sha256(data).hexdigest(), "mime_type": files[0].content_type,
                    "extension": name.rsplit(".", 1)[-1] if "." in name else None, "created_at": now_iso(),
                    "last_processed_at": now_iso(), "number_of_pages": 1, "process_status": "done",
                    "processing_status": "Completed", "uploaded_by_id": library["owner_id"],
                    "uploaded_by_type": "User", "tokens_processing_total": len(data.split()), "summary": None,
                    "attributes": {}, "_text": data.decode("utf-8", "replace")}  # fmt: skip
        library["_documents"][document["id"]] = document
        return JSONResponse(_public(document))


def _document(request: Request) -> dict[str, Any] | JSONResponse:
    """The document the path names, or the 404 to answer."""
    library = _library(request)
    if library is None:
        return not_found("Library")
    document = library["_documents"].get(request.path_params["document_id"])
    return not_found("Document") if document is None else document


def list_documents(request: Request) -> Response:
    library = _library(request)
    if library is None:
        return not_found("Library")
    docs = [_public(d) for d in library["_documents"].values()]
    if request.arg("search"):
        docs = [d for d in docs if (request.arg("search") or "") in d["name"]]
    page, size = int(request.arg("page", "0") or 0), int(request.arg("page_size", "100") or 100)
    window = docs[page * size : (page + 1) * size]
    pages = max((len(docs) + size - 1) // size, 1)
    pagination = {"total_items": len(docs), "total_pages": pages, "current_page": page, "page_size": size,
                  "has_more": (page + 1) * size < len(docs)}  # fmt: skip
    return JSONResponse({"data": window, "pagination": pagination})


def get_document(request: Request) -> Response:
    found = _document(request)
    return JSONResponse(_public(found)) if isinstance(found, dict) else found


def update_document(request: Request) -> Response:
    body = request.json()
    with request.state.lock:
        document = _document(request)
        if not isinstance(document, dict):
            return document
        document.update({k: body[k] for k in ("name", "attributes") if body.get(k) is not None})
        return JSONResponse(_public(document))


def delete_document(request: Request) -> Response:
    with request.state.lock:
        document = _document(request)
        if not isinstance(document, dict):
            return document
        _libraries(request)[document["library_id"]]["_documents"].pop(document["id"])
        return JSONResponse(None, 204)


def text_content(request: Request) -> Response:
    found = _document(request)
    return JSONResponse({"text": found["_text"]}) if isinstance(found, dict) else found


def status(request: Request) -> Response:
    document = _document(request)
    if not isinstance(document, dict):
        return document
    return JSONResponse(
        {
            "document_id": document["id"],
            "process_status": document["process_status"],
            "processing_status": document["processing_status"],
        }
    )


def signed_url(request: Request) -> Response:
    document = _document(request)
    if not isinstance(document, dict):
        return document
    kind = "text" if request.path.endswith("extracted-text-signed-url") else "original"
    return JSONResponse(f"http://127.0.0.1/signed/{document['id']}/{kind}")


def reprocess(request: Request) -> Response:
    document = _document(request)
    if not isinstance(document, dict):
        return document
    document["last_processed_at"] = now_iso()
    return JSONResponse(None, 204)


def list_shares(request: Request) -> Response:
    library = _library(request)
    return (
        not_found("Library")
        if library is None
        else JSONResponse({"data": list(library["_shares"].values())})
    )


def share(request: Request) -> Response:
    body = request.json()
    with request.state.lock:
        library = _library(request)
        if library is None:
            return not_found("Library")
        entry = {"library_id": library["id"], "org_id": body.get("org_id") or ORG_ID,
                 "user_id": body["share_with_uuid"] if body["share_with_type"] == "User" else None,
                 "role": body["level"], "share_with_type": body["share_with_type"],
                 "share_with_uuid": body["share_with_uuid"]}  # fmt: skip
        library["_shares"][body["share_with_uuid"]] = entry
        return JSONResponse(entry)


def unshare(request: Request) -> Response:
    body = request.json()
    with request.state.lock:
        library = _library(request)
        if library is None:
            return not_found("Library")
        entry = library["_shares"].pop(body.get("share_with_uuid"), None)
        return not_found("Share") if entry is None else JSONResponse(entry)


def register(router: Router) -> None:
    libs, lib = "/v1/libraries", "/v1/libraries/{library_id}"
    docs, doc = lib + "/documents", lib + "/documents/{document_id}"
    router.add("GET", libs, list_libraries, "libraries_list_v1")
    router.add("POST", libs, create, "libraries_create_v1")
    router.add("GET", lib, get, "libraries_get_v1")
    router.add("PUT", lib, update, "libraries_update_v1")
    router.add("DELETE", lib, delete, "libraries_delete_v1")
    router.add("GET", docs, list_documents, "libraries_documents_list_v1")
    router.add("POST", docs, upload, "libraries_documents_upload_v1")
    router.add("GET", doc, get_document, "libraries_documents_get_v1")
    router.add("PUT", doc, update_document, "libraries_documents_update_v1")
    router.add("DELETE", doc, delete_document, "libraries_documents_delete_v1")
    router.add(
        "GET", doc + "/text_content", text_content, "libraries_documents_get_text_content_v1"
    )
    router.add("GET", doc + "/status", status, "libraries_documents_get_status_v1")
    router.add("GET", doc + "/signed-url", signed_url, "libraries_documents_get_signed_url_v1")
    router.add(
        "GET",
        doc + "/extracted-text-signed-url",
        signed_url,
        "libraries_documents_get_extracted_text_signed_url_v1",
    )
    router.add("POST", doc + "/reprocess", reprocess, "libraries_documents_reprocess_v1")
    router.add("GET", lib + "/share", list_shares, "libraries_share_list_v1")
    router.add("PUT", lib + "/share", share, "libraries_share_create_v1")
    router.add("DELETE", lib + "/share", unshare, "libraries_share_delete_v1")
