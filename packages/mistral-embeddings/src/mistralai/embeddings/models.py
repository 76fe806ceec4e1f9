"""Models of the embeddings API (``POST /v1/embeddings``)."""

from __future__ import annotations

from typing import Any, Literal, TypeAlias, Union

from pydantic import Field

from mistralai.models import UsageInfo
from mistralai.types import MistralModel, Nullable

EmbeddingDtype: TypeAlias = Literal["float", "int8", "uint8", "binary", "ubinary"]
EncodingFormat: TypeAlias = Literal["float", "base64"]
EmbeddingRequestInputs: TypeAlias = Union[str, list[str]]
"""One text or a list of texts to embed."""


class EmbeddingRequest(MistralModel):
    """The body of ``POST /v1/embeddings``; ``inputs`` is sent as ``input``.

    >>> EmbeddingRequest(model="mistral-embed", inputs=["a", "b"]).to_wire()
    {'model': 'mistral-embed', 'input': ['a', 'b']}
    """

    model: str
    inputs: EmbeddingRequestInputs = Field(alias="input")
    metadata: Nullable[dict[str, Any]] = None
    output_dimension: Nullable[int] = Field(default=None, gt=0)
    output_dtype: EmbeddingDtype | None = None
    encoding_format: EncodingFormat | None = None


class EmbeddingResponseData(MistralModel):
    """One embedding, at position ``index`` of the inputs.

    ``embedding`` is a list of numbers, or a base64 string when ``encoding_format="base64"``.
    """

    object: str | None = None
    embedding: Union[list[float], str] = []
    index: int | None = None


class EmbeddingResponse(MistralModel):
    """The answer to ``POST /v1/embeddings``.

    Every field is optional: the API's own example answers without ``id``.

    >>> res = EmbeddingResponse.model_validate_json('{"data": [{"embedding": [0.5], "index": 0}]}')
    >>> res.id is None, res.data[0].embedding
    (True, [0.5])
    """

    id: str | None = None
    object: str | None = None
    model: str | None = None
    usage: UsageInfo | None = None
    data: list[EmbeddingResponseData] = []


__all__ = [
    "EmbeddingDtype",
    "EmbeddingRequest",
    "EmbeddingRequestInputs",
    "EmbeddingResponse",
    "EmbeddingResponseData",
    "EncodingFormat",
]
