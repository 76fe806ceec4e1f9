"""``POST /v1/embeddings``: deterministic vectors derived from each text's hash.

The same text always gets the same vector. ``output_dimension`` sets the length (default
16); ``output_dtype`` ``int8`` / ``uint8`` quantises it, ``binary`` / ``ubinary`` packs one
bit per dimension; ``encoding_format="base64"`` sends the bytes as base64 text.
"""

from __future__ import annotations

import base64
import hashlib
import math
import struct
from typing import Any

from mistralai.testing._routing import JSONResponse, Request, Response, Router

DEFAULT_DIMENSION = 16


def create(request: Request) -> Response:
    body = request.json()
    inputs = body["input"]
    texts = [inputs] if isinstance(inputs, str) else list(inputs)
    dimension = body.get("output_dimension") or DEFAULT_DIMENSION
    dtype = body.get("output_dtype") or "float"
    as_base64 = body.get("encoding_format") == "base64"
    data = [
        {
            "object": "embedding",
            "embedding": _encode(_vector(text, dimension), dtype, as_base64),
            "index": i,
        }
        for i, text in enumerate(texts)
    ]
    tokens = sum(len(text.split()) or 1 for text in texts)
    return JSONResponse(
        {
            "id": request.state.new_id("embd-"),
            "object": "list",
            "model": body["model"],
            "data": data,
            "usage": {"prompt_tokens": tokens, "completion_tokens": 0, "total_tokens": tokens},
        }
    )


def _vector(text: str, dimension: int) -> list[float]:
    """A unit vector seeded by the text."""
    raw: list[float] = []
    counter = 0
    while len(raw) < dimension:
        digest = hashlib.sha256(f"{counter}:{text}".encode()).digest()
        raw.extend((byte - 127.5) / 127.5 for byte in digest)
        counter += 1
    raw = raw[:dimension]
    norm = math.sqrt(sum(v * v for v in raw)) or 1.0
    return [round(v / norm, 6) for v in raw]


def _encode(vector: list[float], dtype: str, as_base64: bool) -> Any:
    if dtype == "float":
        values: list[Any] = vector
        packed = struct.pack(f"<{len(vector)}f", *vector)
    elif dtype in ("int8", "uint8"):
        offset = 128 if dtype == "uint8" else 0
        values = [max(-128, min(127, round(v * 127))) + offset for v in vector]
        packed = bytes(v % 256 for v in values)
    else:
        bits = [1 if v > 0 else 0 for v in vector]
        octets = [
            int("".join(map(str, bits[i : i + 8])).ljust(8, "0"), 2) for i in range(0, len(bits), 8)
        ]
        values = octets if dtype == "ubinary" else [o - 256 if o > 127 else o for o in octets]
        packed = bytes(octets)
    return base64.b64encode(packed).decode() if as_base64 else values


def register(router: Router) -> None:
    router.add("POST", "/v1/embeddings", create, "embeddings_v1_embeddings_post")
