"""``client.embeddings``: vector embeddings of texts."""

from __future__ import annotations

from typing import Any

from typing_extensions import Unpack

from mistralai.embeddings.models import (
    EmbeddingDtype,
    EmbeddingRequest,
    EmbeddingRequestInputs,
    EmbeddingResponse,
    EncodingFormat,
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

CREATE: Operation[EmbeddingResponse] = Operation(
    "embeddings_v1_embeddings_post", "POST", "/v1/embeddings", EmbeddingResponse
)


class Embeddings(Resource):
    """Embeddings (``POST /v1/embeddings``).

    >>> res = client.embeddings.create(model="mistral-embed", inputs=["Hello"])
    >>> len(res.data[0].embedding)
    """

    def _create(
        self,
        *,
        model: str,
        inputs: EmbeddingRequestInputs,
        output_dimension: OptionalNullable[int] = UNSET,
        output_dtype: EmbeddingDtype | UnsetType = UNSET,
        encoding_format: EncodingFormat | UnsetType = UNSET,
        metadata: OptionalNullable[dict[str, Any]] = UNSET,
        **options: Unpack[CallOptions],
    ) -> Call:
        """Embed one text or a batch of texts.

        :param model: the embedding model, e.g. ``"mistral-embed"`` or ``"codestral-embed"``.
        :param inputs: a text or a list of texts (sent as ``input``).
        :param output_dimension: the size of each vector, for models that support it.
        :param output_dtype: ``"float"``, ``"int8"``, ``"uint8"``, ``"binary"`` or ``"ubinary"``.
        :param encoding_format: ``"float"`` (lists of numbers) or ``"base64"`` (strings).
        :param metadata: free-form metadata stored with the request.
        :param options: per-call ``retries``, ``server_url``, ``timeout_ms``, ``http_headers``.

        >>> res = client.embeddings.create(
        ...     model="mistral-embed", inputs=["Embed this.", "And this."]
        ... )
        >>> [d.index for d in res.data]
        [0, 1]
        """
        return Call(body=request_body(EmbeddingRequest, locals()), options=options)

    create = sync_operation(CREATE, _create)
    create_async = async_operation(CREATE, _create)
