"""A small ``multipart/form-data`` parser for the fakes that take uploads."""

from __future__ import annotations

import email.parser
from dataclasses import dataclass


class MultipartError(ValueError):
    """The body is not valid ``multipart/form-data``."""


@dataclass(slots=True)
class Part:
    """One part of a ``multipart/form-data`` body."""

    name: str
    filename: str | None
    content_type: str | None
    data: bytes


def parse_multipart(body: bytes, content_type: str) -> list[Part]:
    """Split a ``multipart/form-data`` body into its parts.

    >>> body = b'--b\\r\\nContent-Disposition: form-data; name="a"\\r\\n\\r\\n1\\r\\n--b--\\r\\n'
    >>> parse_multipart(body, "multipart/form-data; boundary=b")[0].data
    b'1'
    """
    header = email.parser.HeaderParser().parsestr(f"Content-Type: {content_type}\r\n\r\n")
    if header.get_content_type() != "multipart/form-data":
        raise MultipartError(f"expected multipart/form-data, got {content_type!r}")
    boundary = header.get_param("boundary")
    if not isinstance(boundary, str) or not boundary:
        raise MultipartError("the content-type has no boundary")
    delimiter = b"--" + boundary.encode("latin-1")
    start = body.find(delimiter)
    if start < 0:
        raise MultipartError("the body does not contain the boundary")
    pos = start + len(delimiter)
    parts: list[Part] = []
    while not body.startswith(b"--", pos):
        if not body.startswith(b"\r\n", pos):
            raise MultipartError(f"malformed boundary line at byte {pos}")
        head_end = body.find(b"\r\n\r\n", pos + 2)
        if head_end < 0:
            raise MultipartError("a part's headers never end")
        end = body.find(b"\r\n" + delimiter, head_end + 4)
        if end < 0:
            raise MultipartError("the closing boundary is missing")
        parts.append(_part(body[pos + 2 : head_end + 4], body[head_end + 4 : end]))
        pos = end + 2 + len(delimiter)
    return parts


def _part(head: bytes, data: bytes) -> Part:
    headers = email.parser.HeaderParser().parsestr(head.decode("utf-8", "replace"))
    name = headers.get_param("name", header="content-disposition")
    if not isinstance(name, str):
        raise MultipartError("a part has no name in its Content-Disposition")
    filename = headers.get_param("filename", header="content-disposition")
    return Part(
        name=name,
        filename=filename if isinstance(filename, str) else None,
        content_type=headers.get("content-type"),
        data=data,
    )


def form_fields(parts: list[Part]) -> dict[str, str]:
    """The parts without a filename, as text fields."""
    return {p.name: p.data.decode("utf-8", "replace") for p in parts if p.filename is None}


def parse_form(body: bytes, content_type: str) -> dict[str, Part]:
    """A ``multipart/form-data`` body's parts by name, for checking what an SDK sent.

    >>> up = client.files.upload(file="notes.txt", purpose="ocr")
    >>> request = server.requests[-1]
    >>> form = parse_form(request.body, request.headers["content-type"])
    >>> form["file"].filename, form["purpose"].data
    ('notes.txt', b'ocr')
    """
    return {part.name: part for part in parse_multipart(body, content_type)}
