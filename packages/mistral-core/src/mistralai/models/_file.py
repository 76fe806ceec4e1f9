"""A file to upload under a chosen name, shared by every area that takes uploads."""

from __future__ import annotations

from typing import Annotated, Any, BinaryIO, TypeAlias, Union

from pydantic import PlainValidator
from typing_extensions import NotRequired, TypedDict

from mistralai.types import MistralModel


def _file_content(value: Any) -> Any:
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value)
    if callable(getattr(value, "read", None)):
        return value
    raise ValueError(
        f"content must be bytes or a binary file object (open(path, 'rb')), not {type(value).__name__}"
    )


FileContent: TypeAlias = Annotated[Union[bytes, BinaryIO], PlainValidator(_file_content)]
"""The bytes of a file to upload, or a binary file object to read them from."""


class File(MistralModel):
    """A file to upload under a name of your choice.

    >>> File(file_name="train.jsonl", content=b'{"messages": []}\\n').file_name
    'train.jsonl'
    """

    file_name: str
    content: FileContent
    content_type: str | None = None


class FileTypedDict(TypedDict):
    """:class:`File` as a plain dict."""

    file_name: str
    content: bytes | BinaryIO
    content_type: NotRequired[str | None]
