"""Models of the Files API (``/v1/files``).

Class names follow the SDK reference (``UploadFileOut``, ``ListFilesOut``...); the spec's own
schema names are aliases (``FileSchema`` is each entry of a listing, ``FileVisibility`` the
upload's ``visibility``). Response fields whose values the API may extend (``purpose``,
``sample_type``, ``source``) accept any string, so a new value never fails a response.
"""

from __future__ import annotations

from typing import Annotated, Any, BinaryIO, Literal, TypeAlias, Union

from pydantic import PlainValidator
from typing_extensions import NotRequired, TypedDict

from mistralai.types import MistralModel

FilePurpose: TypeAlias = Literal["fine-tune", "batch", "ocr"]
"""What an uploaded file is for."""

SampleType: TypeAlias = Literal[
    "pretrain", "instruct", "batch_request", "batch_result", "batch_error"
]
"""The kind of samples a file holds."""

Source: TypeAlias = Literal["upload", "repository", "mistral"]
"""Where a file came from."""

FileVisibility: TypeAlias = Literal["workspace", "user"]
"""Who may see an uploaded file: the whole workspace (the default) or only its uploader."""


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


class FileSchema(MistralModel):
    """A stored file, as the API describes it."""

    id: str
    object: str = "file"
    bytes: int | None = None
    created_at: int | None = None
    filename: str | None = None
    purpose: FilePurpose | str | None = None
    sample_type: SampleType | str | None = None
    num_lines: int | None = None
    mimetype: str | None = None
    source: Source | str | None = None
    signature: str | None = None
    expires_at: int | None = None
    visibility: FileVisibility | str | None = None


class UploadFileOut(FileSchema):
    """The answer to an upload: the stored file."""


class RetrieveFileOut(FileSchema):
    """One file's metadata; ``deleted`` tells whether it was deleted."""

    deleted: bool = False


class ListFilesOut(MistralModel):
    """One page of files; ``total`` counts every match when the server includes it."""

    data: list[FileSchema] = []
    object: str = "list"
    total: int | None = None


class DeleteFileOut(MistralModel):
    """The answer to a delete."""

    id: str
    object: str = "file"
    deleted: bool = False


class FileSignedURL(MistralModel):
    """A URL that downloads the file without an API key until it expires."""

    url: str


__all__ = [
    "DeleteFileOut",
    "File",
    "FileContent",
    "FilePurpose",
    "FileSchema",
    "FileSignedURL",
    "FileTypedDict",
    "FileVisibility",
    "ListFilesOut",
    "RetrieveFileOut",
    "SampleType",
    "Source",
    "UploadFileOut",
]
