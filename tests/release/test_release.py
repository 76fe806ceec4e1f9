"""scripts/release.py refuses a release whose dependency ranges could mix incompatible parts."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from types import ModuleType

import pytest
from packaging.requirements import Requirement
from packaging.version import Version


@pytest.mark.parametrize(
    ("requirement", "have", "expected"),
    [
        ("mistral-core>=0.1.0,<0.2", "0.1.1", None),
        ("mistral-core~=0.1.0", "0.1.4", None),
        ("mistral-core>=0.1,<1", "0.1.1", "admits mistral-core 0.2.0"),
        ("mistral-core>=0.1", "0.1.1", "admits mistral-core 0.2.0"),
        ("mistral-core>=0.0.5,<0.2", "0.1.1", "admits mistral-core 0.0.999999"),
        ("mistral-core>=0.2.0,<0.3", "0.1.1", "excludes mistral-core 0.1.1"),
        ("mistral-core>=0.1.2,<0.2", "0.1.1", "excludes mistral-core 0.1.1"),
        ("mistral-core>=1.2,<2", "1.4.0", None),
        ("mistral-core>=1.2", "1.4.0", "admits mistral-core 2.0.0"),
    ],
)
def test_range_rule(release: ModuleType, requirement: str, have: str, expected: str | None) -> None:
    problem = release.range_problem("mistral-chat", Requirement(requirement), Version(have))
    if expected is None:
        assert problem is None
    else:
        assert expected in problem
        assert problem.startswith(f"mistral-chat requires {requirement.replace(' ', '')}")


def test_problems_suggest_the_lockstep_range(release: ModuleType) -> None:
    problem = release.range_problem(
        "mistral-chat", Requirement("mistral-core>=0.1,<1"), Version("0.3.2")
    )
    assert "e.g. mistral-core>=0.3.0,<0.4" in problem


def _git(root: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid", *args],
        cwd=root,
        check=True,
        capture_output=True,
    )


def _package(root: Path, folder: str, version: str, requires: list[str], name: str = "") -> None:
    path = root / "packages" / folder
    path.mkdir(parents=True)
    deps = ", ".join(f'"{r}"' for r in requires)
    (path / "pyproject.toml").write_text(
        f'[project]\nname = "{name or folder}"\nversion = "{version}"\ndependencies = [{deps}]\n'
    )
    (path / "CHANGELOG.md").write_text(f"# Changelog\n\n## {version}\n\n- a change\n")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A workspace where mistral-core 0.1.0 is released and mistral-chat pins its series."""
    _package(tmp_path, "mistral-core", "0.1.0", ["httpx>=0.27"])
    _package(tmp_path, "mistral-chat", "0.1.0", ["mistral-core>=0.1.0,<0.2"])
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "add", ".")
    _git(tmp_path, "commit", "-q", "-m", "init")
    _git(tmp_path, "tag", "mistral-core-v0.1.0")
    return tmp_path


def _set_version(root: Path, folder: str, version: str, requires: list[str]) -> None:
    shutil.rmtree(root / "packages" / folder)
    _package(root, folder, version, requires)


def test_a_consistent_area_release_passes(release: ModuleType, repo: Path) -> None:
    path, version = release.check_releasable("mistral-chat", repo)
    assert (path.name, version) == ("mistral-chat", "0.1.0")


def test_core_leaving_an_areas_range_is_refused(release: ModuleType, repo: Path) -> None:
    _set_version(repo, "mistral-core", "0.2.0", ["httpx>=0.27"])
    with pytest.raises(release.ReleaseError) as info:
        release.check_releasable("mistral-core", repo)
    message = str(info.value)
    assert "mistral-core-v0.2.0 would break the dependency ranges" in message
    assert "mistral-chat requires mistral-core>=0.1.0,<0.2, which excludes mistral-core 0.2.0" in (
        message
    )


def test_an_area_whose_range_excludes_the_workspace_core_is_refused(
    release: ModuleType, repo: Path
) -> None:
    _set_version(repo, "mistral-chat", "0.1.1", ["mistral-core>=0.2.0,<0.3"])
    with pytest.raises(release.ReleaseError, match=r"excludes mistral-core 0\.1\.0"):
        release.check_releasable("mistral-chat", repo)


def test_an_area_open_to_the_next_core_series_is_refused(release: ModuleType, repo: Path) -> None:
    _set_version(repo, "mistral-chat", "0.1.1", ["mistral-core>=0.1,<1"])
    with pytest.raises(release.ReleaseError, match=r"admits mistral-core 0\.2\.0"):
        release.check_releasable("mistral-chat", repo)


def test_an_area_needing_an_unreleased_core_waits_for_it(release: ModuleType, repo: Path) -> None:
    _set_version(repo, "mistral-core", "0.2.0", ["httpx>=0.27"])
    _set_version(repo, "mistral-chat", "0.2.0", ["mistral-core>=0.2.0,<0.3"])
    with pytest.raises(release.ReleaseError, match=r"release mistral-core 0\.2\.0 first"):
        release.check_releasable("mistral-chat", repo)
    release.check_releasable("mistral-core", repo)
    _git(repo, "add", ".")
    _git(repo, "commit", "-q", "-m", "core 0.2.0")
    _git(repo, "tag", "mistral-core-v0.2.0")
    assert release.check_releasable("mistral-chat", repo)[1] == "0.2.0"


def test_a_folder_must_carry_its_distribution_name(release: ModuleType, tmp_path: Path) -> None:
    _package(tmp_path, "mistralai", "0.1.0", [], name="mistral-sdk")
    problems = release.layout_problems(release.workspace(tmp_path / "packages"))
    assert problems == [
        "packages/mistralai holds distribution mistral-sdk: rename the folder to mistral-sdk"
    ]


def test_the_umbrella_is_held_to_the_same_rule(release: ModuleType, tmp_path: Path) -> None:
    _package(tmp_path, "mistral-chat", "0.2.0", ["mistral-core>=0.1.0,<0.2"])
    _package(tmp_path, "mistral-core", "0.1.3", [])
    _package(tmp_path, "mistral-sdk", "0.1.0", ["mistral-chat>=0.1,<0.2", "mistral-core>=0.1,<0.2"])
    problems = release.dependency_problems(release.workspace(tmp_path / "packages"))
    assert problems == [
        "mistral-sdk requires mistral-chat>=0.1,<0.2, which excludes mistral-chat 0.2.0 of this "
        "workspace: move the range to the mistral-chat it is built against"
    ]


def test_the_workspace_holds_the_rule(release: ModuleType) -> None:
    packages = release.workspace()
    assert release.dependency_problems(packages) == []
    assert release.layout_problems(packages) == []
    dependents = [
        p.name for p in packages.values() if any(r.name == "mistral-core" for r in p.requires)
    ]
    assert {"mistral-chat", "mistral-ocr-client", "mistral-sdk", "mistral-otel"} <= set(dependents)
