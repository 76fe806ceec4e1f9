"""Models of the Files API (``/v1/files``).

Class names follow the SDK reference (``UploadFileOut``, ``ListFilesOut``...); the spec's own
schema names are aliases (``FileSchema`` is each entry of a listing, ``FileVisibility`` the
upload's ``visibility``). Response fields whose values the API may extend (``purpose``,
``sample_type``, ``source``) accept any string, so a new value never fails a response.
"""

from __future__ import annotations

from typing import Literal, TypeAlias

from mistralai.models import File, FileContent, FileTypedDict
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

    @property
    def size_bytes(self) -> int | None:
        """``bytes`` under the name the official SDK gives it."""
        return self.bytes


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
