"""Code written for the official clients: their README examples and import paths.

The two examples are quoted from the official SDK's README ("Providers' SDKs Example Usage",
Azure AI): ``mistralai`` 1.9.11 (``mistralai_azure``) and 3.7.0 (``mistralai.azure.client``).
They run as published (less a space at the end of a line); only the environment variables
they read point them at the local Azure stand-in.
"""

from __future__ import annotations

import inspect
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from mistralai import errors
from mistralai.azure import FOUNDRY_API_VERSION, NotServedByAzureError
from mistralai.testing import MistralTestServer

from .conftest import KEY, MESSAGES

README_1_9 = """
import asyncio
import os

from mistralai_azure import MistralAzure

client = MistralAzure(
    azure_api_key=os.getenv("AZURE_API_KEY", ""),
    azure_endpoint=os.getenv("AZURE_ENDPOINT", "")
)

async def main() -> None:
    res = await client.chat.complete_async(
        max_tokens= 100,
        temperature= 0.5,
        messages= [
            {
                "content": "Hello there!",
                "role": "user"
            }
        ]
    )
    print(res)

asyncio.run(main())
"""

README_3_7 = """
import os
from mistralai.azure.client import MistralAzure

# The SDK automatically injects api-version as a query parameter
client = MistralAzure(
    api_key=os.environ["AZURE_API_KEY"],
    server_url=os.environ["AZURE_ENDPOINT"],
    api_version="2024-05-01-preview",  # Optional, this is the default
)

res = client.chat.complete(
    model=os.environ["AZURE_MODEL"],
    messages=[
        {
            "role": "user",
            "content": "Hello there!",
        }
    ],
)
print(res.choices[0].message.content)
"""


def run_example(source: str) -> None:
    exec(compile(source, "<official README example>", "exec"), {"__name__": "__main__"})


def test_the_1_9_readme_example(
    azure_server: MistralTestServer,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("AZURE_API_KEY", KEY)
    monkeypatch.setenv("AZURE_ENDPOINT", azure_server.url)
    run_example(README_1_9)
    assert "Hello there!" in capsys.readouterr().out
    (sent,) = azure_server.requests
    assert (sent.method, sent.path, sent.query) == ("POST", "/v1/chat/completions", {})
    assert sent.headers["authorization"] == f"Bearer {KEY}"
    assert sent.json() == {
        "model": "azureai",
        "max_tokens": 100,
        "temperature": 0.5,
        "messages": [{"content": "Hello there!", "role": "user"}],
    }


def test_the_3_7_readme_example(
    azure_server: MistralTestServer,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("AZURE_API_KEY", KEY)
    monkeypatch.setenv("AZURE_ENDPOINT", azure_server.url)
    monkeypatch.setenv("AZURE_MODEL", "Mistral-Large-2411")
    run_example(README_3_7)
    assert "Hello there!" in capsys.readouterr().out
    (sent,) = azure_server.requests
    assert (sent.path, sent.query) == (
        "/models/chat/completions",
        {"api-version": ["2024-05-01-preview"]},
    )
    assert sent.headers["authorization"] == f"Bearer {KEY}"
    assert sent.json()["model"] == "Mistral-Large-2411"


def test_both_official_constructors_take_their_arguments_as_published() -> None:
    from mistralai.azure.client import MistralAzure as MistralAzure3
    from mistralai_azure import MistralAzure as MistralAzure1

    assert list(inspect.signature(MistralAzure1).parameters) == [
        "azure_api_key",
        "azure_endpoint",
        "url_params",
        "client",
        "async_client",
        "retry_config",
        "timeout_ms",
        "debug_logger",
    ]
    assert list(inspect.signature(MistralAzure3).parameters) == [
        "api_key",
        "server",
        "server_url",
        "url_params",
        "client",
        "async_client",
        "retry_config",
        "timeout_ms",
        "debug_logger",
        "api_version",
        # the 1.x names, which llama-index passes to this class; keyword-only
        "azure_api_key",
        "azure_endpoint",
    ]
    parameters = inspect.signature(MistralAzure3).parameters
    assert parameters["azure_endpoint"].kind is inspect.Parameter.KEYWORD_ONLY


def test_url_params_template_the_endpoint_and_ocr_goes_to_azures_path(
    azure_server: MistralTestServer,
) -> None:
    from mistralai.azure.client import MistralAzure
    from mistralai_azure import MistralAzure as MistralAzure1

    host = azure_server.url.removeprefix("http://")
    document = {"type": "document_url", "document_url": "https://example.com/a.pdf"}
    with MistralAzure(KEY, server_url="http://{host}", url_params={"host": host}) as client:
        client.ocr.process(model="mistral-ocr-2503", document=document)
    with MistralAzure1(KEY, "http://{host}/", url_params={"host": host}) as client:
        client.ocr.process(model="mistral-ocr-2503", document=document)
    assert [(r.path, r.query) for r in azure_server.requests] == [
        ("/providers/mistral/azure/ocr", {"api-version": [FOUNDRY_API_VERSION]}),
        ("/v1/ocr", {}),
    ]


def test_chat_names_the_azureai_model_unless_told_otherwise(
    azure_server: MistralTestServer,
) -> None:
    from mistralai_azure import MistralAzure

    with MistralAzure(KEY, azure_server.url) as client:
        client.chat.complete(messages=MESSAGES)
        client.chat.complete(model="mistral-small", messages=MESSAGES)
        with client.chat.stream(messages=MESSAGES) as stream:
            assert list(stream)
        signature = inspect.signature(client.chat.complete)
    assert [r.json()["model"] for r in azure_server.requests] == [
        "azureai",
        "mistral-small",
        "azureai",
    ]
    assert signature.parameters["model"].default == "azureai"
    assert client.chat.complete.__doc__


def test_areas_azure_does_not_serve_are_not_there(azure_server: MistralTestServer) -> None:
    from mistralai.azure.client import MistralAzure

    with MistralAzure(KEY, server_url=azure_server.url) as client:
        with pytest.raises(NotServedByAzureError, match=r"Azure AI does not serve client\.files"):
            client.files  # noqa: B018
        assert not hasattr(client, "fim")
        assert {"chat", "ocr"} <= set(dir(client))
        assert not {"files", "fim", "agents", "embeddings"} & set(dir(client))
        assert KEY not in repr(client)
    assert azure_server.requests == []


def test_the_3_x_class_takes_the_1_x_keywords_as_llama_index_passes_them(
    azure_server: MistralTestServer,
) -> None:
    from mistralai.azure.client import MistralAzure

    # llama-index's MistralAI(azure_endpoint=..., azure_api_key=...) does exactly this
    serverless = MistralAzure(azure_endpoint=azure_server.url, azure_api_key=KEY)
    foundry = MistralAzure(azure_endpoint=f"{azure_server.url}/models", azure_api_key=KEY)
    with serverless, foundry:
        serverless.chat.complete(model="mistral-large-latest", messages=MESSAGES)
        with foundry.chat.stream(messages=MESSAGES) as stream:
            assert list(stream)
        with pytest.raises(NotServedByAzureError):
            serverless.fim  # noqa: B018
    first, second = azure_server.requests
    assert (first.path, first.query) == ("/v1/chat/completions", {})
    assert (second.path, second.query) == (
        "/models/chat/completions",
        {"api-version": [FOUNDRY_API_VERSION]},
    )
    assert {first.headers["authorization"], second.headers["authorization"]} == {f"Bearer {KEY}"}
    assert [first.json()["model"], second.json()["model"]] == ["mistral-large-latest", "azureai"]


def test_azure_models_are_the_classes_answers_are_made_of(azure_server: MistralTestServer) -> None:
    # llama-index checks the answers of an Azure client with isinstance against
    # mistralai.azure.client.models
    from mistralai.azure.client import MistralAzure
    from mistralai.azure.client import models as azure_models

    tools = [{"type": "function", "function": {"name": "f", "parameters": {"type": "object"}}}]
    with MistralAzure(azure_endpoint=azure_server.url, azure_api_key=KEY) as client:
        answer = client.chat.complete(
            messages=[azure_models.UserMessage(content=[azure_models.TextChunk(text="hi")])],
            tools=tools,
        )
    (call,) = answer.choices[0].message.tool_calls or []
    assert isinstance(call, azure_models.ToolCall)
    assert isinstance(answer.choices[0].message, azure_models.AssistantMessage)


def test_the_3_x_class_refuses_two_keys_or_two_endpoints() -> None:
    from mistralai.azure.client import MistralAzure

    with pytest.raises(errors.ConfigurationError, match="api_key or azure_api_key"):
        MistralAzure(KEY, azure_api_key=KEY, azure_endpoint="https://m.eastus2.models.ai.azure.com")
    with pytest.raises(errors.ConfigurationError, match=r"server_url .* or azure_endpoint"):
        MistralAzure(
            KEY,
            server_url="https://acme.services.ai.azure.com",
            azure_endpoint="https://m.eastus2.models.ai.azure.com",
        )
    with pytest.raises(errors.ConfigurationError, match="needs api_key"):
        MistralAzure(server_url="https://acme.services.ai.azure.com")


def test_the_3_x_constructor_needs_the_azure_endpoint() -> None:
    from mistralai.azure.client import MistralAzure

    with pytest.raises(errors.ConfigurationError, match="server_url"):
        MistralAzure(KEY)
    with pytest.raises(errors.ConfigurationError, match="'global' is not an Azure endpoint"):
        MistralAzure(KEY, server="global")


def test_models_and_retry_settings_import_from_the_official_paths() -> None:
    import mistralai.models
    import mistralai.utils
    from mistralai.azure.client.models import UserMessage as FromClientModels
    from mistralai.azure.client.utils import RetryConfig as FromClientUtils
    from mistralai_azure import UserMessage as FromPackage
    from mistralai_azure.models import ChatCompletionResponse, UserMessage
    from mistralai_azure.utils import BackoffStrategy, RetryConfig

    assert UserMessage is FromPackage is FromClientModels is mistralai.models.UserMessage
    assert ChatCompletionResponse is mistralai.models.ChatCompletionResponse
    assert RetryConfig is FromClientUtils is mistralai.utils.RetryConfig
    assert BackoffStrategy is mistralai.utils.BackoffStrategy


def test_importing_the_3_x_home_loads_no_client_yet() -> None:
    code = (
        "import sys, mistralai.azure.client; "
        "print('httpx' in sys.modules, 'azure.identity' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert result.stdout.split() == ["False", "False"]


def test_the_official_packages_files_mixed_into_ours_are_refused_on_import(
    tmp_path: Path,
) -> None:
    import mistralai_azure

    site = tmp_path / "site"
    package = site / "mistralai_azure"
    shutil.copytree(
        Path(mistralai_azure.__file__).parent,
        package,
        ignore=shutil.ignore_patterns("__pycache__"),
    )
    code = "import mistralai_azure"
    env = {**os.environ, "PYTHONPATH": str(site)}
    clean = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60
    )
    assert clean.returncode == 0, clean.stderr
    (package / "basesdk.py").write_text("# the official SDK\n")
    mixed = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60
    )
    assert mixed.returncode == 1
    assert "OfficialClientConflict" in mixed.stderr
    assert "pip uninstall mistralai mistral-azure" in mixed.stderr
