"""client.ocr against the local test server, sync and async."""

from __future__ import annotations

import json

import httpx
import pydantic
import pytest

from mistralai.errors import HTTPValidationError, NotFoundError, RequestValidationError
from mistralai.models import DocumentURLChunk, FileChunk, ImageURLChunk
from mistralai.ocr.models import OCRImageBlock, OCRResponse, OCRTitleBlock
from mistralai.testing import Fault
from mistralai.types import UnknownVariant

PDF_URL = "https://arxiv.org/pdf/2201.04234"


class Invoice(pydantic.BaseModel):
    number: str
    total: float


def upload(server, content: bytes = b"%PDF-1.4 fake") -> str:
    """Upload a file with plain httpx, so these tests need only the test server."""
    response = httpx.post(
        f"{server.url}/v1/files",
        headers={"authorization": "Bearer test-api-key"},
        files={"file": ("scan.pdf", content, "application/pdf")},
        data={"purpose": "ocr"},
    )
    response.raise_for_status()
    file_id: str = response.json()["id"]
    return file_id


def test_process_document_url(mistral_client, mistral_test_server, mistral_wire_body):
    res = mistral_client.ocr.process(
        model="mistral-ocr-latest", document={"document_url": PDF_URL}, pages=[0, 2]
    )

    assert isinstance(res, OCRResponse)
    assert [page.index for page in res.pages] == [0, 2]
    assert PDF_URL in res.pages[0].markdown
    assert res.usage_info is not None
    assert res.usage_info.pages_processed == 2
    assert mistral_test_server.requests[-1].path == "/v1/ocr"
    assert mistral_wire_body("OCRRequest") == {
        "model": "mistral-ocr-latest",
        "document": {"type": "document_url", "document_url": PDF_URL},
        "pages": [0, 2],
    }


async def test_process_image_url_async_with_image_options(mistral_async_client, mistral_wire_body):
    res = await mistral_async_client.ocr.process_async(
        model="mistral-ocr-latest",
        document=ImageURLChunk(image_url="https://example.com/receipt.png"),
        include_image_base64=True,
        image_limit=3,
        image_min_size=50,
        id="req-1",
    )

    image = res.pages[0].images[0]
    assert image.image_base64 is not None
    assert image.image_base64.startswith("data:image/jpeg")
    assert mistral_wire_body("OCRRequest") == {
        "model": "mistral-ocr-latest",
        "document": {"type": "image_url", "image_url": "https://example.com/receipt.png"},
        "include_image_base64": True,
        "image_limit": 3,
        "image_min_size": 50,
        "id": "req-1",
    }


@pytest.mark.parametrize("as_model", [True, False])
def test_process_uploaded_file(mistral_client, mistral_test_server, mistral_wire_body, as_model):
    file_id = upload(mistral_test_server)
    document = FileChunk(file_id=file_id) if as_model else {"type": "file", "file_id": file_id}

    res = mistral_client.ocr.process(model="mistral-ocr-latest", document=document, pages="0-1")

    assert [page.index for page in res.pages] == [0, 1]
    assert "scan.pdf" in res.pages[0].markdown
    assert res.usage_info.doc_size_bytes == len(b"%PDF-1.4 fake")
    assert mistral_wire_body("OCRRequest")["document"] == {"type": "file", "file_id": file_id}


async def test_process_unknown_file_async(mistral_async_client):
    with pytest.raises(NotFoundError):
        await mistral_async_client.ocr.process_async(
            model="mistral-ocr-latest",
            document={"file_id": "00000000-0000-4000-8000-000000000000"},
        )


def test_every_option(mistral_client, mistral_wire_body):
    res = mistral_client.ocr.process(
        model="mistral-ocr-latest",
        document=DocumentURLChunk(document_url=PDF_URL, document_name="atc.pdf"),
        pages=[1],
        bbox_annotation_format={
            "type": "json_schema",
            "json_schema": {
                "name": "figure",
                "schema": {"type": "object", "properties": {"caption": {"type": "string"}}},
            },
        },
        document_annotation_format=Invoice,
        document_annotation_prompt="Read the invoice.",
        table_format="html",
        extract_header=True,
        extract_footer=True,
        include_blocks=True,
        confidence_scores_granularity="word",
    )

    page = res.pages[0]
    assert "atc.pdf" in page.markdown
    assert Invoice.model_validate_json(res.document_annotation or "")
    assert json.loads(page.images[0].image_annotation or "") == {"caption": "caption"}
    assert page.tables[0].format == "html"
    assert page.tables[0].content.startswith("<table>")
    assert (page.header, page.footer) == ("Header of page 1", "Footer of page 1")
    assert page.blocks is not None
    assert [type(block) for block in page.blocks] == [
        OCRTitleBlock,
        type(page.blocks[1]),
        OCRImageBlock,
    ]
    assert page.confidence_scores is not None
    assert page.confidence_scores.word_confidence_scores

    body = mistral_wire_body("OCRRequest")
    assert body["document_annotation_format"]["json_schema"]["name"] == "Invoice"
    assert body["document_annotation_format"]["json_schema"]["strict"] is True
    assert (
        body["document_annotation_format"]["json_schema"]["schema"]["additionalProperties"] is False
    )
    assert {k: body[k] for k in ("table_format", "extract_header", "extract_footer")} == {
        "table_format": "html",
        "extract_header": True,
        "extract_footer": True,
    }
    assert body["include_blocks"] is True
    assert body["confidence_scores_granularity"] == "word"


def test_nulls_are_sent_where_the_api_accepts_them(mistral_client, mistral_wire_body):
    mistral_client.ocr.process(
        model=None, document={"document_url": PDF_URL}, pages=None, table_format=None
    )

    assert mistral_wire_body("OCRRequest") == {
        "model": None,
        "document": {"type": "document_url", "document_url": PDF_URL},
        "pages": None,
        "table_format": None,
    }


def test_server_side_validation_error(mistral_client):
    with pytest.raises(HTTPValidationError):
        mistral_client.ocr.process(
            model="mistral-ocr-latest",
            document={"document_url": PDF_URL},
            document_annotation_prompt="needs a format",
        )


def test_document_of_no_known_kind_is_refused(mistral_client, mistral_test_server):
    with pytest.raises(RequestValidationError):
        mistral_client.ocr.process(model="mistral-ocr-latest", document={"url": PDF_URL})
    assert mistral_test_server.requests == []


def test_seed_signature(mistral_client):
    res = mistral_client.ocr.process(
        model="mistral-ocr-latest",
        document={"type": "document_url", "document_url": PDF_URL},
        pages=None,
    )
    assert len(res.pages) == 3


def test_spec_example_and_unknown_blocks_parse(
    mistral_client, mistral_test_server, mistral_spec_example
):
    example = mistral_spec_example("/v1/ocr", "post")
    example["pages"][0]["blocks"] = [{"type": "hologram", "content": "?"}]
    mistral_test_server.faults.add(Fault.status(200, body=example))

    res = mistral_client.ocr.process(model="m", document={"document_url": PDF_URL})

    assert res.model == "mistral-ocr-2503-completion"
    assert [page.index for page in res.pages][:3] == [1, 2, 3]
    assert res.pages[2].dimensions is not None
    assert res.pages[2].dimensions.dpi is None
    assert isinstance(res.pages[0].blocks[0], UnknownVariant)
