"""Fixtures of the files tests."""

from __future__ import annotations

import email.parser
import email.policy
from collections.abc import Callable
from dataclasses import dataclass

import pytest


@dataclass
class FormPart:
    name: str
    filename: str | None
    content_type: str
    data: bytes


def _read_form(body: bytes, content_type: str) -> dict[str, FormPart]:
    head = f"Content-Type: {content_type}\r\nMIME-Version: 1.0\r\n\r\n".encode()
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(head + body)
    assert message.is_multipart(), "not a multipart body"
    assert not message.defects, message.defects
    parts: dict[str, FormPart] = {}
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        assert isinstance(name, str)
        payload = part.get_payload(decode=True)
        assert isinstance(payload, bytes)
        parts[name] = FormPart(name, part.get_filename(), part.get_content_type(), payload)
    return parts


@pytest.fixture
def read_form() -> Callable[[bytes, str], dict[str, FormPart]]:
    """Reads a multipart/form-data body with the standard library's ``email`` parser, which
    shares no code with the encoder under test."""
    return _read_form
