"""scripts/integrations.py: what it installs, how it keeps the official SDK out, and that the
README names what it checks. The script itself installs from the package index and runs in
.ci/run; these tests touch no network."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from types import ModuleType

from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parents[2]


def test_every_library_is_pinned_and_never_asks_for_the_official_sdk(
    integrations: ModuleType,
) -> None:
    names = set()
    for library in integrations.LIBRARIES:
        names.add(library.name)
        assert library.pins
        for pin in library.pins:
            requirement = Requirement(pin)
            assert str(requirement.specifier).startswith("=="), pin  # reproducible
            assert requirement.name != "mistralai", pin
            assert not requirement.extras, pin  # pydantic-ai-slim[mistral] would pull it in
        assert "mistral-core" in library.ours
        assert "mistral-testing" in library.ours  # the checks start its server
    assert names == {"pydantic-ai", "llama-index"}


def test_the_check_scripts_exist_and_stay_out_of_the_pytest_run(integrations: ModuleType) -> None:
    for library in integrations.LIBRARIES:
        script = integrations.CHECKS / library.check
        assert script.is_file(), script
        assert not script.name.startswith("test_")
        assert "loopback_only()" in script.read_text()


def test_the_readme_names_each_library_version_checked(integrations: ModuleType) -> None:
    readme = (ROOT / "README.md").read_text()
    section = readme.split("## Works with", 1)[1].split("\n## ", 1)[0]
    for library in integrations.LIBRARIES:
        for pin in library.pins:
            name, version = pin.split("==")
            assert f"{name} {version}" in section, pin
    assert "python scripts/integrations.py" in section


def test_ci_runs_it_after_the_install_matrix() -> None:
    lines = (ROOT / ".ci" / "run").read_text().splitlines()
    matrix = next(i for i, line in enumerate(lines) if "scripts/install_matrix.py" in line)
    assert "scripts/integrations.py" in lines[matrix + 1]


def test_an_installed_official_sdk_fails_the_environment_check(
    integrations: ModuleType, tmp_path: Path
) -> None:
    info = tmp_path / "mistralai-1.9.11.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: mistralai\nVersion: 1.9.11\n")
    result = subprocess.run(
        [sys.executable, "-c", integrations.VERIFY_CODE],
        env={"PYTHONPATH": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode != 0
    assert "the official mistralai 1.9.11 is installed" in result.stderr


def test_the_never_official_constraint_admits_no_version(integrations: ModuleType) -> None:
    constraint = Requirement(integrations.NEVER_OFFICIAL.strip())
    assert constraint.name == "mistralai"
    assert not list(constraint.specifier.filter(["0.0.1", "1.9.11", "3.7.0", "99.0"]))
