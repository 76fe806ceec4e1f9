"""``POST /v1/ocr``: a deterministic reading of the document, page by page.

- Each page's markdown names the page and the document (its URL, or the uploaded file's
  name); a file id the Files fake does not hold is answered 404.
- ``pages`` (a list or ``"0,2-4"``) chooses the pages; without it a document has 3 pages and
  an image 1.
- Each page has one image (``img-<page>.jpeg``) unless ``image_limit`` is 0 or
  ``image_min_size`` exceeds it; ``include_image_base64`` fills ``image_base64``.
- ``bbox_annotation_format`` / ``document_annotation_format`` (``json_schema``) fill
  ``image_annotation`` / ``document_annotation`` with JSON that validates against the schema.
- ``table_format``, ``extract_header``, ``extract_footer``, ``include_blocks`` and
  ``confidence_scores_granularity`` add tables, headers, footers, blocks and scores.
"""

from __future__ import annotations

import base64
import json
from typing import Any

from mistralai.testing import _engine
from mistralai.testing._routing import JSONResponse, Request, Response, Router, not_found

DOCUMENT_PAGES = 3
IMAGE_SIZE = 120
"""The side, in pixels, of the one image on each page."""
DIMENSIONS = {"dpi": 200, "height": 2200, "width": 1700}
_PIXEL = base64.b64encode(b"\xff\xd8\xff\xe0fake-jpeg").decode()


def process(request: Request) -> Response:
    body = request.json()
    document = body["document"]
    if body.get("document_annotation_prompt") and not body.get("document_annotation_format"):
        return _unprocessable(
            ["body", "document_annotation_prompt"],
            "A document_annotation_format must be provided with document_annotation_prompt",
        )
    source, size = _source(request, document)
    if source is None:
        return not_found(f"file {document.get('file_id')!r}")
    default_count = 1 if "image_url" in document else DOCUMENT_PAGES
    try:
        indexes = _page_indexes(body.get("pages"), default_count)
    except ValueError as exc:
        return _unprocessable(["body", "pages"], str(exc))
    pages = [_page(body, source, index) for index in indexes]
    return JSONResponse(
        {
            "pages": pages,
            "model": body.get("model") or "mistral-ocr-latest",
            "document_annotation": _annotation(body.get("document_annotation_format")),
            "usage_info": {"pages_processed": len(pages), "doc_size_bytes": size},
        }
    )


def _source(request: Request, document: dict[str, Any]) -> tuple[str | None, int | None]:
    """What the document is called in the answer, and its size when known."""
    if "file_id" in document:
        stored = request.state.store("files").get(document["file_id"])
        if stored is None:
            return None, None
        return str(stored.filename), int(stored.size)
    if "document_url" in document:
        return str(document.get("document_name") or document["document_url"]), None
    image = document["image_url"]
    url = image["url"] if isinstance(image, dict) else image
    return ("an inline image" if url.startswith("data:") else url), None


def _page_indexes(pages: Any, default_count: int) -> list[int]:
    if pages is None:
        return list(range(default_count))
    if isinstance(pages, list):
        return sorted(set(pages))
    found: set[int] = set()
    for part in str(pages).split(","):
        first, _, last = part.strip().partition("-")
        if not first.isdigit() or (last and not last.isdigit()):
            raise ValueError(f"invalid page range {part.strip()!r}; use e.g. '0,2-4'")
        found.update(range(int(first), int(last or first) + 1))
    return sorted(found)


def _page(body: dict[str, Any], source: str, index: int) -> dict[str, Any]:
    images = _images(body, index)
    table_format = body.get("table_format")
    lines = [f"# Page {index}", "", f"Text read from {source}, page {index}."]
    lines += [f"![{image['id']}]({image['id']})" for image in images]
    tables = []
    if table_format:
        table_id = f"tbl-{index}.{'md' if table_format == 'markdown' else 'html'}"
        content = (
            "| page | words |\n| --- | --- |\n| {0} | 6 |"
            if table_format == "markdown"
            else "<table><tr><th>page</th><th>words</th></tr><tr><td>{0}</td><td>6</td></tr></table>"
        ).format(index)
        tables.append({"id": table_id, "content": content, "format": table_format})
        lines.append(f"[{table_id}]({table_id})")
    markdown = "\n".join(lines) + "\n"
    page: dict[str, Any] = {
        "index": index,
        "markdown": markdown,
        "images": images,
        "tables": tables,
        "hyperlinks": [],
        "header": f"Header of page {index}" if body.get("extract_header") else None,
        "footer": f"Footer of page {index}" if body.get("extract_footer") else None,
        "dimensions": DIMENSIONS,
    }
    if body.get("include_blocks"):
        page["blocks"] = _blocks(index, images)
    granularity = body.get("confidence_scores_granularity")
    if granularity:
        page["confidence_scores"] = _confidence(markdown, granularity)
    return page


def _images(body: dict[str, Any], index: int) -> list[dict[str, Any]]:
    limit = body.get("image_limit")
    if (limit is not None and limit < 1) or (body.get("image_min_size") or 0) > IMAGE_SIZE:
        return []
    return [
        {
            "id": f"img-{index}.jpeg",
            "top_left_x": 100,
            "top_left_y": 400,
            "bottom_right_x": 100 + IMAGE_SIZE,
            "bottom_right_y": 400 + IMAGE_SIZE,
            "image_base64": (
                f"data:image/jpeg;base64,{_PIXEL}" if body.get("include_image_base64") else None
            ),
            "image_annotation": _annotation(body.get("bbox_annotation_format")),
        }
    ]


def _blocks(index: int, images: list[dict[str, Any]]) -> list[dict[str, Any]]:
    box = {"top_left_x": 100, "top_left_y": 100, "bottom_right_x": 1600}
    blocks = [
        {**box, "bottom_right_y": 180, "type": "title", "content": f"# Page {index}"},
        {**box, "top_left_y": 200, "bottom_right_y": 380, "type": "text", "content": "Text"},
    ]
    blocks += [
        {
            "top_left_x": image["top_left_x"],
            "top_left_y": image["top_left_y"],
            "bottom_right_x": image["bottom_right_x"],
            "bottom_right_y": image["bottom_right_y"],
            "type": "image",
            "content": "",
            "image_id": image["id"],
        }
        for image in images
    ]
    return blocks


def _confidence(markdown: str, granularity: str) -> dict[str, Any]:
    words = []
    position = 0
    for word in markdown.split():
        position = markdown.index(word, position)
        words.append({"text": word, "confidence": 0.98, "start_index": position})
        position += len(word)
    return {
        "word_confidence_scores": words if granularity == "word" else [],
        "average_page_confidence_score": 0.98,
        "minimum_page_confidence_score": 0.98,
    }


def _annotation(response_format: Any) -> str | None:
    """JSON text for a ``json_schema`` format (valid for its schema), else None."""
    if not isinstance(response_format, dict) or response_format.get("type") != "json_schema":
        return None
    schema = (response_format.get("json_schema") or {}).get("schema") or {}
    return json.dumps(_engine.instance_for(schema, schema.get("$defs", {})))


def _unprocessable(location: list[str], message: str) -> JSONResponse:
    return JSONResponse(
        {"detail": [{"type": "value_error", "loc": location, "msg": message, "input": None}]},
        422,
    )


def register(router: Router) -> None:
    router.add("POST", "/v1/ocr", process, "ocr_v1_ocr_post")
