"""Run inside a fresh environment with mistral-core, mistral-chat, mistral-testing and the
cloud plugins (mistral-azure, mistral-gcp) installed from wheels: the official import paths
resolve, each client sends chat to its cloud's path with its own credentials, and an area
the cloud does not serve fails before anything is sent."""

from __future__ import annotations

import sys

from mistralai.azure.client import MistralAzure as MistralAzure3
from mistralai.gcp.client import MistralGCP
from mistralai.testing import MistralTestServer
from mistralai_azure import MistralAzure
from mistralai_gcp import MistralGoogleCloud

MESSAGES = [{"role": "user", "content": "hi"}]


def fail(message: str) -> None:
    print(f"FAILED: {message}")
    sys.exit(1)


def main() -> None:
    if MistralAzure3 is None or MistralGCP is None:
        fail("the 2.x homes of the cloud clients do not import")
    with MistralTestServer() as server:
        azure = MistralAzure(azure_api_key="azure-key", azure_endpoint=server.url)
        try:
            azure.chat.complete(model="azureai", messages=MESSAGES)
        except Exception as exc:  # the local server serves /v1/chat/completions
            fail(f"azure chat failed: {exc!r}")
        sent = server.requests[-1]
        if (
            sent.path != "/v1/chat/completions"
            or sent.headers["authorization"] != "Bearer azure-key"
        ):
            fail(f"azure sent {sent.path} with {sent.headers.get('authorization')!r}")
        try:
            azure.embeddings  # noqa: B018
        except AttributeError as exc:
            if "Azure" not in str(exc):
                fail(f"an area Azure does not serve fails without naming it: {exc}")
        else:
            fail("client.embeddings exists on an Azure client")
        gcp = MistralGoogleCloud(project_id="p", region="europe-west4", access_token="gcp-token")
        if type(gcp).__name__ != "MistralGoogleCloud":
            fail("MistralGoogleCloud is not the official name")
    print("cloud smoke: OK (Azure client sends chat with its key; unserved areas are named)")


if __name__ == "__main__":
    main()
