"""``client.ocr``: text, images, tables and annotations out of documents and images."""

from __future__ import annotations

from typing import Any, TypeAlias, Union

import pydantic
from typing_extensions import Unpack

from mistralai.models import ResponseFormat, response_format_from_pydantic_model
from mistralai.ocr.models import (
    ConfidenceScoresGranularity,
    Document,
    OCRRequest,
    OCRResponse,
    TableFormat,
)
from mistralai.types import UNSET, OptionalNullable, UnsetType
from mistralai.utils import (
    Call,
    CallOptions,
    Operation,
    Resource,
    async_operation,
    request_body,
    sync_operation,
)

PROCESS: Operation[OCRResponse] = Operation("ocr_v1_ocr_post", "POST", "/v1/ocr", OCRResponse)

AnnotationFormat: TypeAlias = Union[ResponseFormat, dict[str, Any], type[pydantic.BaseModel]]
"""A ``json_schema`` response format, or a pydantic model class to derive it from."""


class Ocr(Resource):
    """OCR (``POST /v1/ocr``).

    >>> res = client.ocr.process(model="mistral-ocr-latest",
    ...                          document={"document_url": "https://arxiv.org/pdf/2201.04234"})
    >>> print(res.pages[0].markdown)
    """

    def _process(
        self,
        *,
        model: str | None,
        document: Document | dict[str, Any],
        id: str | UnsetType = UNSET,
        pages: OptionalNullable[str | list[int]] = UNSET,
        include_image_base64: OptionalNullable[bool] = UNSET,
        image_limit: OptionalNullable[int] = UNSET,
        image_min_size: OptionalNullable[int] = UNSET,
        bbox_annotation_format: OptionalNullable[AnnotationFormat] = UNSET,
        document_annotation_format: OptionalNullable[AnnotationFormat] = UNSET,
        document_annotation_prompt: OptionalNullable[str] = UNSET,
        table_format: OptionalNullable[TableFormat] = UNSET,
        extract_header: bool | UnsetType = UNSET,
        extract_footer: bool | UnsetType = UNSET,
        include_blocks: bool | UnsetType = UNSET,
        confidence_scores_granularity: OptionalNullable[ConfidenceScoresGranularity] = UNSET,
        **options: Unpack[CallOptions],
    ) -> Call:
        """Read a document or an image.

        :param model: the OCR model, e.g. ``"mistral-ocr-latest"``.
        :param document: a ``DocumentURLChunk`` / ``{"document_url": "https://..."}``, an
            ``ImageURLChunk`` / ``{"image_url": "data:image/png;base64,..."}``, or a
            ``FileChunk`` / ``{"file_id": "..."}`` naming a file uploaded for OCR.
        :param id: an id for this request.
        :param pages: the pages to read, from 0: ``[0, 2]`` or ``"0,2-4"``.
        :param include_image_base64: return the extracted images as base64.
        :param image_limit: the most images to extract.
        :param image_min_size: the smallest height and width of an image to extract.
        :param bbox_annotation_format: a ``json_schema`` response format (or a pydantic model
            class) describing what to extract from each image / bounding box.
        :param document_annotation_format: the same, for the whole document; the answer's
            ``document_annotation`` holds the JSON text.
        :param document_annotation_prompt: guidance for the document annotation.
        :param table_format: ``"markdown"`` or ``"html"`` to extract tables separately.
        :param extract_header: return each page's header separately.
        :param extract_footer: return each page's footer separately.
        :param include_blocks: return the bounding boxes of every content block.
        :param confidence_scores_granularity: ``"word"`` or ``"page"`` confidence scores.
        :param options: per-call ``retries``, ``server_url``, ``timeout_ms``, ``http_headers``.

        >>> res = client.ocr.process(
        ...     model="mistral-ocr-latest",
        ...     document={"type": "document_url", "document_url": "https://arxiv.org/pdf/2201.04234"},
        ...     pages=[0, 1], include_image_base64=True,
        ... )
        >>> [page.index for page in res.pages]
        [0, 1]
        """
        bbox_annotation_format = annotation_format(bbox_annotation_format)
        document_annotation_format = annotation_format(document_annotation_format)
        return Call(body=request_body(OCRRequest, locals()), options=options)

    process = sync_operation(PROCESS, _process)
    process_async = async_operation(PROCESS, _process)


def annotation_format(value: Any) -> Any:
    """A pydantic model class becomes the strict ``json_schema`` format that asks for it
    (every object closed with ``additionalProperties: false``); anything else is passed on
    unchanged.

    >>> class Invoice(pydantic.BaseModel):
    ...     total: float
    >>> annotation_format(Invoice).json_schema.name
    'Invoice'
    """
    if isinstance(value, type) and issubclass(value, pydantic.BaseModel):
        return response_format_from_pydantic_model(value)
    return value
