"""The errors of the Vertex AI plugin, both :class:`mistralai.errors.MistralError` subclasses."""

from __future__ import annotations

from mistralai.errors import MistralError

SERVED = "chat completions (client.chat) and FIM completions (client.fim) only"
"""What Mistral models on Vertex AI answer, as the messages say it."""


class NotServedByVertexAIError(MistralError, AttributeError):
    """The operation is not one that Vertex AI serves; nothing was sent.

    A :class:`~mistralai.gcp.client.MistralGCP` client raises it on access to an area
    Vertex AI does not serve (``client.files``). A plain ``Mistral`` client with the
    :class:`~mistralai.gcp.VertexAI` plugin raises it when such an operation is called.
    ``what`` names the area or operation.
    """

    def __init__(self, what: str) -> None:
        super().__init__(
            f"Google Cloud Vertex AI does not serve {what}; it serves {SERVED}. Nothing was "
            "sent (use a client without the Vertex AI plugin for the Mistral API's other "
            "operations)"
        )
        self.what = what


class GoogleCredentialError(MistralError):
    """No Google Cloud access token could be obtained; nothing was sent.

    google-auth's own exception is ``__cause__``.
    """
