"""``import mistralai`` refuses to run when the official SDK's files are mixed into the package.

The environments here are fakes built in a temporary directory: a copy of mistral-core's
``mistralai`` package, as pip would leave it in site-packages, plus the files that the
official ``mistralai`` distribution would add. The real official SDK is never installed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import mistralai
from mistralai._conflicts import OfficialSDKConflictError, official_sdk_files, refuse_official_sdk

CORE_PACKAGE = Path(mistralai._conflicts.__file__).parent

OFFICIAL_3X = [
    "client/__init__.py",
    "client/sdk.py",
    "client/sdkconfiguration.py",
    "client/_hooks/__init__.py",
    "extra/__init__.py",
]
OFFICIAL_1X = ["__init__.py", "sdk.py", "basesdk.py", "_hooks/__init__.py", "models/__init__.py"]
OFFICIAL_0X = [
    "__init__.py",
    "client.py",
    "async_client.py",
    "client_base.py",
    "models/__init__.py",
]


def _site(tmp_path: Path, official: list[str], *, with_core: bool = True) -> Path:
    """A site-packages directory with mistral-core's package and the official files."""
    site = tmp_path / "site"
    package = site / "mistralai"
    if with_core:
        shutil.copytree(CORE_PACKAGE, package, ignore=shutil.ignore_patterns("__pycache__"))
    for name in official:
        path = package / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.exists():  # where both ship a file, ours was installed last
            path.write_text("# the official SDK\n")
    return site


def _import_mistralai(site: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(site), "MISTRAL_DISABLE_PLUGIN_AUTOLOAD": "1"}
    code = "import mistralai; print(mistralai.__file__)"
    return subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize(
    ("official", "marker"),
    [
        (OFFICIAL_3X, "client/sdkconfiguration.py"),
        (OFFICIAL_1X, "sdk.py"),
        (OFFICIAL_0X, "async_client.py"),
    ],
    ids=["3.x", "1.x", "0.x"],
)
def test_each_official_layout_is_found(tmp_path: Path, official: list[str], marker: str) -> None:
    package = _site(tmp_path, official) / "mistralai"
    assert official_sdk_files([str(package)]) == [str(package / marker)]


def test_our_own_files_are_not_mistaken_for_the_official_sdk(tmp_path: Path) -> None:
    package = _site(tmp_path, []) / "mistralai"
    assert (package / "client" / "__init__.py").is_file()
    assert official_sdk_files([str(package), *mistralai.__path__]) == []
    refuse_official_sdk(mistralai.__path__)


def test_import_fails_in_a_site_packages_mixed_with_the_official_sdk(tmp_path: Path) -> None:
    site = _site(tmp_path, OFFICIAL_3X)
    result = _import_mistralai(site)
    assert result.returncode != 0
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith(
        "mistralai._conflicts.OfficialSDKConflictError: the official `mistralai`"
    )
    assert str(site / "mistralai" / "client" / "sdkconfiguration.py") in last
    assert "`pip uninstall mistralai`" in last
    assert "--force-reinstall --no-deps mistral-core" in last
    assert "its own virtual environment" in last


def test_the_same_copy_without_the_official_files_imports(tmp_path: Path) -> None:
    site = _site(tmp_path, [])
    result = _import_mistralai(site)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(site / "mistralai" / "__init__.py")


def test_the_official_sdk_on_another_path_entry_is_found_too(tmp_path: Path) -> None:
    """Official 3.x ships no ``mistralai/__init__.py``: elsewhere on sys.path it is a portion
    of the same package, and its ``client`` would shadow or be shadowed by ours."""
    site = _site(tmp_path, OFFICIAL_3X, with_core=False)
    result = _import_mistralai(site)
    assert "OfficialSDKConflictError" in result.stderr


def test_the_error_is_an_import_error_naming_the_package() -> None:
    error = OfficialSDKConflictError("/site/mistralai/sdk.py")
    assert isinstance(error, ImportError)
    assert error.name == "mistralai"
    assert error.found == "/site/mistralai/sdk.py"
