"""The errors of the Azure plugin, both :class:`mistralai.errors.MistralError` subclasses."""

from __future__ import annotations

from mistralai.errors import MistralError

SERVED = "chat completions (client.chat) and OCR (client.ocr) only"
"""What Mistral deployments on Azure AI answer, as the messages say it."""


class NotServedByAzureError(MistralError, AttributeError):
    """The operation is not one that Azure AI serves; nothing was sent.

    A :class:`~mistralai.azure.client.MistralAzure` client raises it on access to an area
    Azure does not serve (``client.files``). A plain ``Mistral`` client with the
    :class:`~mistralai.azure.AzureAI` plugin raises it when such an operation is called.
    ``what`` names the area or operation.
    """

    def __init__(self, what: str) -> None:
        super().__init__(
            f"Azure AI does not serve {what}; it serves {SERVED}. Nothing was sent "
            "(use a client without the Azure plugin for the Mistral API's other operations)"
        )
        self.what = what


class AzureCredentialError(MistralError):
    """No Microsoft Entra ID token could be obtained; nothing was sent.

    The credential's own exception is ``__cause__``.
    """
