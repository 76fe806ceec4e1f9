"""Mistral models on Google Cloud Vertex AI, through the modular SDK.

:class:`VertexAI` is a plugin for one client: it sends the client's calls to Vertex AI's
``rawPredict`` / ``streamRawPredict`` path of their model, authenticates them with OAuth
tokens from google-auth (refreshed before they expire, and once on 401), and refuses the
operations Vertex AI does not serve before anything is sent. Every installed area that
Vertex serves (``client.chat``, ``client.fim``) works unchanged::

    from mistralai import Mistral
    from mistralai.gcp import VertexAI

    client = Mistral(plugins=[VertexAI(project_id="my-project", region="europe-west4")])
    client.chat.complete(model="mistral-small-2503",
                         messages=[{"role": "user", "content": "Hello!"}])

Code written for the official clients keeps its imports: ``from mistralai_gcp import
MistralGoogleCloud`` (the 1.x constructor) or ``MistralGCP``, and ``from
mistralai.gcp.client import MistralGCP`` (the 2.x and later constructor).
"""

from mistralai.gcp._errors import GoogleCredentialError, NotServedByVertexAIError
from mistralai.gcp._google import CLOUD_PLATFORM_SCOPE, GoogleCredentials
from mistralai.gcp._plugin import DEFAULT_REGION, VertexAI, vertex_model

__all__ = [
    "CLOUD_PLATFORM_SCOPE",
    "DEFAULT_REGION",
    "GoogleCredentialError",
    "GoogleCredentials",
    "NotServedByVertexAIError",
    "VertexAI",
    "vertex_model",
]
