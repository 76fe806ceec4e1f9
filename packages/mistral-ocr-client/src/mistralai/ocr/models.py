"""Models of the OCR API (``POST /v1/ocr``); the document chunks are core's shared types."""

from __future__ import annotations

from typing import Annotated, Any, Literal, TypeAlias, Union

from pydantic import Discriminator, Tag

from mistralai.models import DocumentURLChunk, FileChunk, ImageURLChunk, ResponseFormat
from mistralai.types import MistralModel, Nullable, UnknownVariant, tag_or_unknown

_DOCUMENT_KEYS = (("file_id", "file"), ("document_url", "document_url"), ("image_url", "image_url"))


def _document_tag(value: Any) -> str | None:
    """The chunk's ``type``; for a dict without one, the kind its key names."""
    if not isinstance(value, dict):
        return getattr(value, "type", None)
    if "type" in value:
        tag = value["type"]
        return tag if tag in ("file", "document_url", "image_url") else "unknown"
    return next((tag for key, tag in _DOCUMENT_KEYS if key in value), None)


Document: TypeAlias = Annotated[
    Union[
        Annotated[FileChunk, Tag("file")],
        Annotated[DocumentURLChunk, Tag("document_url")],
        Annotated[ImageURLChunk, Tag("image_url")],
        Annotated[UnknownVariant, Tag("unknown")],
    ],
    Discriminator(_document_tag),
]
"""What to read: an uploaded file (``FileChunk``), a document URL (``DocumentURLChunk``) or
an image (``ImageURLChunk``), as a model or a dict such as
``{"type": "document_url", "document_url": "https://..."}`` (``type`` may be left out)."""

TableFormat: TypeAlias = Literal["markdown", "html"]
ConfidenceScoresGranularity: TypeAlias = Literal["word", "page"]


class OCRRequest(MistralModel):
    """The body of ``POST /v1/ocr``.

    >>> OCRRequest(model="mistral-ocr-latest",
    ...            document={"document_url": "https://arxiv.org/pdf/2201.04234"}).to_wire()
    {'model': 'mistral-ocr-latest', 'document': {'document_url': 'https://arxiv.org/pdf/2201.04234', 'type': 'document_url'}}
    """

    model: Nullable[str]
    document: Document
    id: str | None = None
    pages: Nullable[Union[str, list[int]]] = None
    include_image_base64: Nullable[bool] = None
    image_limit: Nullable[int] = None
    image_min_size: Nullable[int] = None
    bbox_annotation_format: Nullable[ResponseFormat] = None
    document_annotation_format: Nullable[ResponseFormat] = None
    document_annotation_prompt: Nullable[str] = None
    table_format: Nullable[TableFormat] = None
    extract_header: bool | None = None
    extract_footer: bool | None = None
    include_blocks: bool | None = None
    confidence_scores_granularity: Nullable[ConfidenceScoresGranularity] = None


class OCRConfidenceScore(MistralModel):
    """The confidence (0-1) of one word, starting at ``start_index`` of the page markdown."""

    text: str = ""
    confidence: float = 0.0
    start_index: int = 0


class OCRImageObject(MistralModel):
    """An image found on a page, with its bounding box."""

    id: str
    top_left_x: int | None = None
    top_left_y: int | None = None
    bottom_right_x: int | None = None
    bottom_right_y: int | None = None
    image_base64: str | None = None
    image_annotation: str | None = None


class OCRTableObject(MistralModel):
    """A table found on a page, as markdown or HTML."""

    id: str
    content: str = ""
    format: str | None = None
    word_confidence_scores: list[OCRConfidenceScore] | None = None


class OCRPageDimensions(MistralModel):
    """The size of a page's rendered image."""

    dpi: int | None = None
    height: int | None = None
    width: int | None = None


class OCRPageConfidenceScores(MistralModel):
    """Confidence scores of a page (when ``confidence_scores_granularity`` was set)."""

    word_confidence_scores: list[OCRConfidenceScore] = []
    average_page_confidence_score: float | None = None
    minimum_page_confidence_score: float | None = None


class _OCRBlockFields(MistralModel):
    top_left_x: int = 0
    top_left_y: int = 0
    bottom_right_x: int = 0
    bottom_right_y: int = 0
    content: str = ""


class OCRTextBlock(_OCRBlockFields):
    """A paragraph of text."""

    type: Literal["text"] = "text"


class OCRListBlock(_OCRBlockFields):
    """A list."""

    type: Literal["list"] = "list"


class OCRImageBlock(_OCRBlockFields):
    """An image; ``image_id`` names its entry in the page's ``images``."""

    type: Literal["image"] = "image"
    image_id: str | None = None


class OCRTableBlock(_OCRBlockFields):
    """A table; ``table_id`` names its entry in the page's ``tables`` when tables are extracted."""

    type: Literal["table"] = "table"
    table_id: str | None = None


class OCRTitleBlock(_OCRBlockFields):
    """A title or heading."""

    type: Literal["title"] = "title"


class OCREquationBlock(_OCRBlockFields):
    """An equation."""

    type: Literal["equation"] = "equation"


class OCRCaptionBlock(_OCRBlockFields):
    """A caption."""

    type: Literal["caption"] = "caption"


class OCRCodeBlock(_OCRBlockFields):
    """A code listing."""

    type: Literal["code"] = "code"


class OCRReferencesBlock(_OCRBlockFields):
    """A list of references."""

    type: Literal["references"] = "references"


class OCRAsideTextBlock(_OCRBlockFields):
    """Text set aside from the main flow (sidebar, margin note)."""

    type: Literal["aside_text"] = "aside_text"


class OCRHeaderBlock(_OCRBlockFields):
    """The page header."""

    type: Literal["header"] = "header"


class OCRFooterBlock(_OCRBlockFields):
    """The page footer."""

    type: Literal["footer"] = "footer"


class OCRSignatureBlock(_OCRBlockFields):
    """A signature; ``content`` is the name when legible, else ``""``."""

    type: Literal["signature"] = "signature"


_BLOCKS: tuple[type[_OCRBlockFields], ...] = (
    OCRTextBlock,
    OCRListBlock,
    OCRImageBlock,
    OCRTableBlock,
    OCRTitleBlock,
    OCREquationBlock,
    OCRCaptionBlock,
    OCRCodeBlock,
    OCRReferencesBlock,
    OCRAsideTextBlock,
    OCRHeaderBlock,
    OCRFooterBlock,
    OCRSignatureBlock,
)

OCRBlock: TypeAlias = Annotated[
    Union[
        Annotated[OCRTextBlock, Tag("text")],
        Annotated[OCRListBlock, Tag("list")],
        Annotated[OCRImageBlock, Tag("image")],
        Annotated[OCRTableBlock, Tag("table")],
        Annotated[OCRTitleBlock, Tag("title")],
        Annotated[OCREquationBlock, Tag("equation")],
        Annotated[OCRCaptionBlock, Tag("caption")],
        Annotated[OCRCodeBlock, Tag("code")],
        Annotated[OCRReferencesBlock, Tag("references")],
        Annotated[OCRAsideTextBlock, Tag("aside_text")],
        Annotated[OCRHeaderBlock, Tag("header")],
        Annotated[OCRFooterBlock, Tag("footer")],
        Annotated[OCRSignatureBlock, Tag("signature")],
        Annotated[UnknownVariant, Tag("unknown")],
    ],
    Discriminator(tag_or_unknown("type", *_BLOCKS)),
]
"""A content block of a page, by ``type``; a new kind of block is an ``UnknownVariant``."""


class OCRPageObject(MistralModel):
    """What OCR found on one page: markdown text, images, tables and blocks."""

    index: int
    markdown: str = ""
    images: list[OCRImageObject] = []
    tables: list[OCRTableObject] = []
    hyperlinks: list[str] = []
    header: str | None = None
    footer: str | None = None
    dimensions: OCRPageDimensions | None = None
    confidence_scores: OCRPageConfidenceScores | None = None
    blocks: list[OCRBlock] | None = None


class OCRUsageInfo(MistralModel):
    """How much an OCR request used."""

    pages_processed: int = 0
    doc_size_bytes: int | None = None


class OCRResponse(MistralModel):
    """The answer to ``POST /v1/ocr``.

    ``document_annotation`` is the JSON text of the document annotation, when
    ``document_annotation_format`` was given.
    """

    pages: list[OCRPageObject] = []
    model: str | None = None
    document_annotation: str | None = None
    usage_info: OCRUsageInfo | None = None


__all__ = [
    "ConfidenceScoresGranularity",
    "Document",
    "OCRAsideTextBlock",
    "OCRBlock",
    "OCRCaptionBlock",
    "OCRCodeBlock",
    "OCRConfidenceScore",
    "OCREquationBlock",
    "OCRFooterBlock",
    "OCRHeaderBlock",
    "OCRImageBlock",
    "OCRImageObject",
    "OCRListBlock",
    "OCRPageConfidenceScores",
    "OCRPageDimensions",
    "OCRPageObject",
    "OCRReferencesBlock",
    "OCRRequest",
    "OCRResponse",
    "OCRSignatureBlock",
    "OCRTableBlock",
    "OCRTableObject",
    "OCRTextBlock",
    "OCRTitleBlock",
    "OCRUsageInfo",
    "TableFormat",
]
