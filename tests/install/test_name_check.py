"""The install matrix's name check: where pip took each of our distributions from.

These tests read pip reports written here; the install matrix itself runs pip against the
public index (scripts/install_matrix.py), tests never touch the network.
"""

from __future__ import annotations

from pathlib import Path
from types import ModuleType
from typing import Any

import tomllib

ROOT = Path(__file__).resolve().parents[2]
OURS = {"mistral-core", "mistral-ocr-client", "mistral-sdk"}


def _item(name: str, version: str, url: str) -> dict[str, Any]:
    return {"metadata": {"name": name, "version": version}, "download_info": {"url": url}}


def test_a_stranger_taking_one_of_our_names_is_caught(
    install_matrix: ModuleType, tmp_path: Path
) -> None:
    wheels = tmp_path / "wheels"
    report = {
        "install": [
            _item("mistral-sdk", "0.1.1", f"{wheels.as_uri()}/mistral_sdk-0.1.1-py3-none-any.whl"),
            _item(
                "Mistral_Core", "0.1.1", f"{wheels.as_uri()}/mistral_core-0.1.1-py3-none-any.whl"
            ),
            _item(
                "mistral-ocr-client", "9.0.0", "https://files.example/mistral_ocr_client-9.0.0.whl"
            ),
            _item("httpx", "0.28.1", "https://files.example/httpx-0.28.1-py3-none-any.whl"),
        ]
    }
    found = install_matrix.origins(report, OURS, wheels)
    assert [(o.name, o.ours) for o in found] == [
        ("mistral-core", True),
        ("mistral-ocr-client", False),
        ("mistral-sdk", True),
    ]
    assert found[0].describe() == (
        "  mistral-core 0.1.1 from our wheel mistral_core-0.1.1-py3-none-any.whl"
    )
    assert "NOT OUR WHEEL" in found[1].describe()
    assert "https://files.example/mistral_ocr_client-9.0.0.whl" in found[1].describe()


def test_a_look_alike_directory_is_not_ours(install_matrix: ModuleType, tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    elsewhere = f"{tmp_path.as_uri()}/wheels-other/mistral_core-0.1.1-py3-none-any.whl"
    report = {"install": [_item("mistral-core", "0.1.1", elsewhere)]}
    (origin,) = install_matrix.origins(report, OURS, wheels)
    assert origin.ours is False


def test_the_umbrella_is_resolved_by_name_as_users_install_it(install_matrix: ModuleType) -> None:
    assert install_matrix.requested("umbrella") == ["mistral-sdk", "mistral-testing"]
    assert install_matrix.requested("core+ocr") == [
        "mistral-core",
        "mistral-testing",
        "mistral-ocr-client",
    ]


def test_every_distribution_of_ours_is_in_some_combination(install_matrix: ModuleType) -> None:
    """What the matrix checks at run time, here from the pyproject files alone."""
    umbrella = tomllib.loads((ROOT / "packages/mistral-sdk/pyproject.toml").read_text())
    through_umbrella = {dep.split(">")[0] for dep in umbrella["project"]["dependencies"]}
    requested = {d for name in install_matrix.COMBINATIONS for d in install_matrix.requested(name)}
    pyprojects = [
        *ROOT.glob("packages/*/pyproject.toml"),
        *ROOT.glob("examples/plugins/*/pyproject.toml"),
    ]
    ours = {tomllib.loads(p.read_text())["project"]["name"] for p in pyprojects}
    assert ours - requested - through_umbrella == set()


def test_unchecked_names_lists_what_no_combination_resolved(
    install_matrix: ModuleType, tmp_path: Path
) -> None:
    core, otel = tmp_path / "mistral_core-0.1.1.whl", tmp_path / "mistral_otel-0.1.1.whl"
    resolutions = [
        install_matrix.Resolution(["core: ..."], [core]),
        install_matrix.Resolution(["core+x: FAILED"], None),
    ]
    wheels = {"mistral-core": core, "mistral-otel": otel}
    assert install_matrix.unchecked_names(resolutions, wheels) == ["mistral-otel"]


def test_a_wheel_dir_reached_through_a_symlink_is_ours(
    install_matrix: ModuleType, tmp_path: Path
) -> None:
    real = tmp_path / "real"
    real.mkdir()
    (tmp_path / "link").symlink_to(real)
    url = f"{real.as_uri()}/mistral_core-0.1.1-py3-none-any.whl"
    report = {"install": [_item("mistral-core", "0.1.1", url)]}
    (origin,) = install_matrix.origins(report, OURS, tmp_path / "link")
    assert origin.ours is True
