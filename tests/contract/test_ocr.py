"""``client.ocr`` against the spec."""

from __future__ import annotations

import pydantic
import pytest

pytest.importorskip("mistralai.ocr", reason="mistral-ocr-client is not installed")

from contract_calls import ContractClient

from mistralai.ocr.models import OCRResponse


class Invoice(pydantic.BaseModel):
    number: str
    total: float


def test_process_minimal(contract: ContractClient) -> None:
    res = contract.check(
        contract.client.ocr.process,
        model="mistral-ocr-latest",
        document={"type": "document_url", "document_url": "https://arxiv.org/pdf/2201.04234"},
    )
    assert isinstance(res, OCRResponse)


def test_process_every_parameter(contract: ContractClient) -> None:
    res = contract.check(
        contract.client.ocr.process,
        model="mistral-ocr-latest",
        document={"type": "image_url", "image_url": "data:image/png;base64,iVBORw0KGgo="},
        id="req-1",
        pages=[0, 1],
        include_image_base64=True,
        image_limit=5,
        image_min_size=32,
        bbox_annotation_format=Invoice,
        document_annotation_format={
            "type": "json_schema",
            "json_schema": {"name": "Invoice", "schema": Invoice.model_json_schema()},
        },
        document_annotation_prompt="Extract the invoice number and total.",
        table_format="html",
        extract_header=True,
        extract_footer=True,
        include_blocks=True,
        confidence_scores_granularity="word",
    )
    assert isinstance(res, OCRResponse)


def test_process_uploaded_file_and_page_ranges(contract: ContractClient) -> None:
    contract.check(
        contract.client.ocr.process,
        model=None,
        document={"type": "file", "file_id": "e85980c9-409e-4a46-9304-36588f6292b0"},
        pages="0,2-4",
        table_format=None,
        confidence_scores_granularity="page",
    )
