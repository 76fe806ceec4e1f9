"""Mistral models deployed on Azure AI Foundry, through the modular SDK.

:class:`AzureAI` is a plugin for one client: it sends the client's calls to an Azure
deployment, authenticates them with the deployment's key or a Microsoft Entra ID token,
and refuses the operations Azure does not serve before anything is sent. Every installed
area that Azure serves (``client.chat``, ``client.ocr``) works unchanged::

    from mistralai import Mistral
    from mistralai.azure import AzureAI

    client = Mistral(plugins=[AzureAI("https://my-resource.services.ai.azure.com/models",
                                      api_key=os.environ["AZURE_API_KEY"])])
    client.chat.complete(model="mistral-large-2411",
                         messages=[{"role": "user", "content": "Hello!"}])

Code written for the official clients keeps its imports: ``from mistralai_azure import
MistralAzure`` (the 1.x constructor) and ``from mistralai.azure.client import MistralAzure``
(the 2.x and later constructor).
"""

from mistralai.azure._entra import DEFAULT_SCOPE, TokenCredential
from mistralai.azure._errors import AzureCredentialError, NotServedByAzureError
from mistralai.azure._plugin import FOUNDRY_API_VERSION, AzureAI

__all__ = [
    "DEFAULT_SCOPE",
    "FOUNDRY_API_VERSION",
    "AzureAI",
    "AzureCredentialError",
    "NotServedByAzureError",
    "TokenCredential",
]
