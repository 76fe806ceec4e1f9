"""The pytest plugin in other users' set-ups: pytest-asyncio's strict mode, anyio, the
response check option, and what importing it costs. Each runs pytest in a subprocess on a
generated test file, outside this workspace's configuration (which uses auto mode)."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

pytest.importorskip("mistralai.models_api", reason="mistral-models is not installed")

ASYNC_TESTS = """
import pytest
import pytest_asyncio


@pytest_asyncio.fixture
async def listed(mistral_async_client):
    return await mistral_async_client.models.list_async()


@pytest.mark.asyncio
async def test_strict_asyncio(mistral_async_client, mistral_test_server, listed):
    again = await mistral_async_client.models.list_async()
    assert [m.id for m in again.data] == [m.id for m in listed.data]
    assert mistral_test_server.requests[-1].path == "/v1/models"


@pytest.fixture
def anyio_backend():
    return "asyncio"


@pytest.mark.anyio
async def test_anyio(mistral_async_client, mistral_test_server):
    listed = await mistral_async_client.models.list_async()
    assert any(m.id == "mistral-small-latest" for m in listed.data)


@pytest.mark.anyio
async def test_anyio_in_process(mistral_inprocess_client, mistral_inprocess_server):
    listed = await mistral_inprocess_client.models.list_async()
    assert listed.data
    assert mistral_inprocess_server.requests[-1].path == "/v1/models"
"""

DRIFT_TEST = """
from mistralai.testing import JSONResponse


def test_a_fake_that_drifts(mistral_test_server):
    import httpx

    mistral_test_server.router.add(
        "POST", "/v1/drift", lambda r: JSONResponse({"data": 1}),
        "embeddings_v1_embeddings_post",
    )
    answer = httpx.post(
        mistral_test_server.url + "/v1/drift",
        json={"model": "m", "input": "x"},
        headers={"authorization": "Bearer k"},
    )
    assert answer.status_code == 599
"""


def _pytest(tmp_path: Path, source: str, *options: str) -> subprocess.CompletedProcess[str]:
    (tmp_path / "pytest.ini").write_text("[pytest]\n")
    (tmp_path / "test_user.py").write_text(textwrap.dedent(source))
    return subprocess.run(
        [
            sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
            "-c", str(tmp_path / "pytest.ini"), "--rootdir", str(tmp_path),
            "-W", "error::pytest.PytestUnraisableExceptionWarning",
            *options, str(tmp_path / "test_user.py"),
        ],
        capture_output=True, text=True, timeout=120, cwd=tmp_path, check=False,
    )  # fmt: skip


def test_the_async_fixtures_work_in_strict_mode_and_under_anyio(tmp_path: Path) -> None:
    result = _pytest(tmp_path, ASYNC_TESTS, "-o", "asyncio_mode=strict")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "3 passed" in result.stdout
    assert "warning" not in result.stdout.lower(), result.stdout


def test_the_check_option_fails_a_test_whose_fake_drifts(tmp_path: Path) -> None:
    checked = _pytest(tmp_path, DRIFT_TEST, "-o", "mistral_check_responses=true")
    assert checked.returncode == 1, checked.stdout
    assert "1 passed, 1 error" in checked.stdout
    assert "ResponseCheckError" in checked.stdout
    assert "POST /v1/drift: $: 'id' is a required property" in checked.stdout
    unchecked = _pytest(tmp_path, DRIFT_TEST.replace("599", "200"))
    assert unchecked.returncode == 0, unchecked.stdout


def test_importing_the_plugin_loads_neither_jsonschema_nor_yaml() -> None:
    code = (
        "import sys, mistralai.testing.pytest_plugin\n"
        "print(sorted(m for m in ('jsonschema', 'yaml', 'mistralai.testing._server')"
        " if m in sys.modules))\n"
        "from mistralai.testing import MistralTestServer\n"
        "MistralTestServer().router\n"
        "print('jsonschema' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert result.stdout.split("\n")[:2] == ["[]", "False"]
