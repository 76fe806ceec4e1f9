"""How requests are authenticated, under the official SDK's name."""

from __future__ import annotations

from mistralai.types import MistralModel


class Security(MistralModel):
    """The API key a request is sent with (``Authorization: Bearer <api_key>``).

    The client builds the header itself from ``Mistral(api_key=...)``; this model exists for
    code that names the type. The key is never shown in its repr.
    """

    api_key: str | None = None

    def __repr_args__(self) -> list[tuple[str | None, object]]:
        return [("api_key", "***" if self.api_key else None)]
