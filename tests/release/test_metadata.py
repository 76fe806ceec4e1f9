"""Every distribution carries the license and the metadata a user expects on its index page."""

from __future__ import annotations

import email.parser
import io
import tarfile
import zipfile
from pathlib import Path
from types import ModuleType

import pytest
import tomllib

ROOT = Path(__file__).resolve().parents[2]
PYPROJECTS = sorted(ROOT.glob("packages/*/pyproject.toml"))
LICENSED = [*PYPROJECTS, *ROOT.glob("examples/plugins/*/pyproject.toml")]


def _project(pyproject: Path) -> dict[str, object]:
    project: dict[str, object] = tomllib.loads(pyproject.read_text())["project"]
    return project


def test_the_root_license_is_the_apache_2_text() -> None:
    text = (ROOT / "LICENSE").read_text()
    assert text.split()[:4] == ["Apache", "License", "Version", "2.0,"]
    assert "END OF TERMS AND CONDITIONS" in text
    assert len(text) > 10_000


@pytest.mark.parametrize("pyproject", LICENSED, ids=lambda p: p.parent.name)
def test_each_distribution_ships_the_root_license(pyproject: Path) -> None:
    project = _project(pyproject)
    assert project["license"] == "Apache-2.0"
    assert project["license-files"] == ["LICENSE"]
    assert (pyproject.parent / "LICENSE").read_bytes() == (ROOT / "LICENSE").read_bytes()


@pytest.mark.parametrize("pyproject", PYPROJECTS, ids=lambda p: p.parent.name)
def test_each_package_has_the_metadata_users_expect(pyproject: Path) -> None:
    project = _project(pyproject)
    classifiers = project["classifiers"]
    assert isinstance(classifiers, list)
    assert project["authors"]
    urls = project["urls"]
    assert isinstance(urls, dict)
    assert {"Homepage", "Source", "Issues", "Changelog"} <= set(urls)
    assert f"packages/{pyproject.parent.name}/CHANGELOG.md" in urls["Changelog"]
    assert "Development Status :: 3 - Alpha" in classifiers
    lowest = str(project["requires-python"]).removeprefix(">=3.")
    versions = [
        c.rsplit(":: ", 1)[1]
        for c in classifiers
        if c.startswith("Programming Language :: Python :: 3.")
    ]
    assert versions[0] == f"3.{lowest}"
    assert versions == [f"3.{n}" for n in range(int(lowest), int(lowest) + len(versions))]


def _artifacts(
    tmp_path: Path, *, wheel_license: bool = True, sdist_license: bool = True
) -> list[Path]:
    metadata = (
        "Metadata-Version: 2.4\nName: mistral-chat\nVersion: 0.1.1\n"
        "Author: mistral-sdk contributors\nLicense-Expression: Apache-2.0\n"
        "Project-URL: Source, https://example.invalid/src\n"
        "Project-URL: Issues, https://example.invalid/issues\n"
        "Project-URL: Changelog, https://example.invalid/changes\n"
        "Classifier: Development Status :: 3 - Alpha\n"
        "Classifier: Programming Language :: Python :: 3.10\n\n# mistral-chat\n"
    )
    wheel = tmp_path / "mistral_chat-0.1.1-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w") as archive:
        archive.writestr("mistral_chat-0.1.1.dist-info/METADATA", metadata)
        if wheel_license:
            archive.writestr("mistral_chat-0.1.1.dist-info/licenses/LICENSE", "Apache")
    sdist = tmp_path / "mistral_chat-0.1.1.tar.gz"
    with tarfile.open(sdist, "w:gz") as archive:
        for name in ["pyproject.toml", *(["LICENSE"] if sdist_license else [])]:
            info = tarfile.TarInfo(f"mistral_chat-0.1.1/{name}")
            info.size = 1
            archive.addfile(info, io.BytesIO(b"x"))
    return [wheel, sdist]


def test_release_accepts_artifacts_with_license_and_metadata(
    release: ModuleType, tmp_path: Path
) -> None:
    release.check_metadata(_artifacts(tmp_path), "mistral-chat", "0.1.1")


def test_release_refuses_a_wheel_without_license(release: ModuleType, tmp_path: Path) -> None:
    with pytest.raises(release.ReleaseError, match="the wheel has no LICENSE"):
        release.check_metadata(_artifacts(tmp_path, wheel_license=False), "mistral-chat", "0.1.1")


def test_release_refuses_an_sdist_without_license(release: ModuleType, tmp_path: Path) -> None:
    with pytest.raises(release.ReleaseError, match="the sdist has no LICENSE"):
        release.check_metadata(_artifacts(tmp_path, sdist_license=False), "mistral-chat", "0.1.1")


def test_release_names_the_missing_metadata(release: ModuleType) -> None:
    bare = email.parser.Parser().parsestr("Name: x\nVersion: 1\nClassifier: Typing :: Typed\n\n")
    assert release.metadata_problems(bare) == [
        "License-Expression",
        "Author",
        "Project-URL Source, Issues and Changelog",
        "a Development Status classifier",
        "Python version classifiers",
    ]
