"""Code written for the official clients: their README examples and import paths.

The two examples are quoted from the official SDK's README ("Providers' SDKs Example Usage",
Google Cloud): ``mistralai`` 1.9.11 (``mistralai_gcp``) and 3.7.0 (``mistralai.gcp.client``).
They run as published, with the fake google-auth of conftest.py as Application Default
Credentials; only the Vertex AI endpoint (a module constant) and the project variable the
3.7.0 example reads point them at the local stand-in.
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
from mistralai.gcp import NotServedByVertexAIError
from mistralai.gcp import _plugin as vertex_plugin
from mistralai.testing import MistralTestServer

from .conftest import MESSAGES, FakeGoogleAuth, path_of

README_1_9 = """
import asyncio
from mistralai_gcp import MistralGoogleCloud

client = MistralGoogleCloud()


async def main() -> None:
    res = await client.chat.complete_async(
        model= "mistral-small-2402",
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
from mistralai.gcp.client import MistralGCP

# The SDK auto-detects credentials and builds the Vertex AI URL
client = MistralGCP(
    project_id=os.environ.get("GCP_PROJECT_ID"),  # Optional: auto-detected from credentials
    region="us-central1",  # Default: europe-west4
)

res = client.chat.complete(
    model="mistral-small-2503",
    messages=[
        {
            "role": "user",
            "content": "Hello there!",
        }
    ],
)
print(res.choices[0].message.content)
"""


@pytest.fixture
def local_vertex(vertex_server: MistralTestServer, monkeypatch: pytest.MonkeyPatch) -> str:
    """Vertex AI's regional endpoint, for every region, is the local stand-in."""
    monkeypatch.setattr(vertex_plugin, "REGIONAL_ENDPOINT", vertex_server.url)
    return vertex_server.url


def run_example(source: str) -> None:
    exec(compile(source, "<official README example>", "exec"), {"__name__": "__main__"})


def test_the_1_9_readme_example(
    vertex_server: MistralTestServer,
    local_vertex: str,
    google_auth: FakeGoogleAuth,
    capsys: pytest.CaptureFixture[str],
) -> None:
    run_example(README_1_9)
    assert "Hello there!" in capsys.readouterr().out
    (sent,) = vertex_server.requests
    assert (sent.method, sent.path, sent.query) == ("POST", path_of("mistral-small-2402"), {})
    assert sent.headers["authorization"] == "Bearer ya29.fake-token-1"
    assert sent.json() == {
        "model": "mistral-small-2402",
        "messages": [{"content": "Hello there!", "role": "user"}],
    }


def test_the_3_7_readme_example(
    vertex_server: MistralTestServer,
    local_vertex: str,
    google_auth: FakeGoogleAuth,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("GCP_PROJECT_ID", "readme-project")
    run_example(README_3_7)
    assert "Hello there!" in capsys.readouterr().out
    (sent,) = vertex_server.requests
    assert sent.path == (
        "/v1/projects/readme-project/locations/us-central1/publishers/mistralai/models/"
        "mistral-small-2503:rawPredict"
    )
    assert sent.headers["authorization"] == "Bearer ya29.fake-token-1"


def test_the_official_constructors_take_their_arguments_as_published() -> None:
    from mistralai.gcp.client import MistralGCP
    from mistralai_gcp import MistralGCP as FromPackage
    from mistralai_gcp import MistralGoogleCloud

    assert FromPackage is MistralGCP
    assert list(inspect.signature(MistralGoogleCloud).parameters) == [
        "region",
        "project_id",
        "access_token",
        "client",
        "async_client",
        "retry_config",
        "timeout_ms",
        "debug_logger",
    ]
    assert list(inspect.signature(MistralGCP).parameters) == [
        "project_id",
        "region",
        "access_token",
        "server",
        "server_url",
        "url_params",
        "client",
        "async_client",
        "retry_config",
        "timeout_ms",
        "debug_logger",
    ]


def test_positional_arguments_keep_their_official_order(
    vertex_server: MistralTestServer, local_vertex: str
) -> None:
    from mistralai.gcp.client import MistralGCP
    from mistralai_gcp import MistralGoogleCloud

    with MistralGoogleCloud("us-east5", "p-one", "ya29.fixed-token-one") as client:
        client.fim.complete(model="codestral-2501", prompt="def")
    with MistralGCP("p-two", "europe-west1", "ya29.fixed-token-two") as client:
        client.chat.complete(model="mistral-small-2503", messages=MESSAGES)
    first, second = vertex_server.requests
    assert first.path.startswith("/v1/projects/p-one/locations/us-east5/")
    assert first.headers["authorization"] == "Bearer ya29.fixed-token-one"
    assert second.path.startswith("/v1/projects/p-two/locations/europe-west1/")
    assert second.headers["authorization"] == "Bearer ya29.fixed-token-two"


def test_server_url_and_url_params_replace_the_regional_endpoint(
    vertex_server: MistralTestServer,
) -> None:
    from mistralai.gcp.client import MistralGCP

    host = vertex_server.url.removeprefix("http://")
    with MistralGCP(
        "p", access_token="ya29.t", server_url="http://{host}", url_params={"host": host}
    ) as client:
        client.chat.complete(model="m", messages=MESSAGES)
    assert vertex_server.requests[0].path.startswith("/v1/projects/p/locations/europe-west4/")
    with pytest.raises(errors.ConfigurationError, match="'global' is not a Vertex AI endpoint"):
        MistralGCP("p", access_token="ya29.t", server="global")


def test_areas_vertex_does_not_serve_are_not_there(vertex_server: MistralTestServer) -> None:
    from mistralai_gcp import MistralGoogleCloud

    with MistralGoogleCloud(project_id="p", access_token="ya29.secret-token") as client:
        with pytest.raises(NotServedByVertexAIError, match=r"does not serve client\.ocr"):
            client.ocr  # noqa: B018
        assert not hasattr(client, "files")
        assert {"chat", "fim"} <= set(dir(client))
        assert not {"files", "ocr", "agents", "embeddings"} & set(dir(client))
        assert "ya29" not in repr(client)
    assert vertex_server.requests == []


def test_models_and_retry_settings_import_from_the_official_paths() -> None:
    import mistralai.models
    import mistralai.utils
    from mistralai.gcp.client.models import UserMessage as FromClientModels
    from mistralai.gcp.client.utils import RetryConfig as FromClientUtils
    from mistralai_gcp import UserMessage as FromPackage
    from mistralai_gcp.models import FIMCompletionResponse, UserMessage
    from mistralai_gcp.utils import RetryConfig

    assert UserMessage is FromPackage is FromClientModels is mistralai.models.UserMessage
    assert FIMCompletionResponse.__name__ == "FIMCompletionResponse"
    assert RetryConfig is FromClientUtils is mistralai.utils.RetryConfig


def test_importing_the_official_homes_loads_neither_httpx_nor_google_auth() -> None:
    code = (
        "import sys, mistralai.gcp.client, mistralai_gcp; "
        "print('httpx' in sys.modules, 'google.auth' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert result.stdout.split() == ["False", "False"]


def test_the_official_packages_files_mixed_into_ours_are_refused_on_import(
    tmp_path: Path,
) -> None:
    import mistralai_gcp

    site = tmp_path / "site"
    package = site / "mistralai_gcp"
    shutil.copytree(
        Path(mistralai_gcp.__file__).parent, package, ignore=shutil.ignore_patterns("__pycache__")
    )
    code = "import mistralai_gcp"
    env = {**os.environ, "PYTHONPATH": str(site)}
    clean = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60
    )
    assert clean.returncode == 0, clean.stderr
    (package / "sdkconfiguration.py").write_text("# the official SDK\n")
    mixed = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60
    )
    assert mixed.returncode == 1
    assert "OfficialClientConflict" in mixed.stderr
    assert "pip uninstall mistralai mistral-gcp" in mixed.stderr
