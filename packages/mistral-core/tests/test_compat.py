"""Area packages declare the mistral-core range they accept; a mismatch is reported clearly."""

from __future__ import annotations

from importlib.metadata import PathDistribution
from pathlib import Path

import pytest

from mistralai._compat import CoreVersionWarning, check_core_version, satisfies, version_tuple


@pytest.mark.parametrize(
    ("version", "specifier", "expected"),
    [
        ("0.1.0", ">=0.1,<1", True),
        ("0.9.12", ">=0.1,<1", True),
        ("1.0.0", ">=0.1,<1", False),
        ("0.0.9", ">=0.1,<1", False),
        ("0.2.0rc1", ">=0.2", True),
        ("1.4.2", "~=1.4", True),
        ("2.0", "~=1.4", False),
        ("1.4.2", "==1.4.*", True),
        ("1.5.0", "==1.4.*", False),
        ("1.0", "!=1.0", False),
        ("3.1", "", True),
    ],
)
def test_specifiers(version: str, specifier: str, expected: bool) -> None:
    assert satisfies(version, specifier) is expected


def test_version_tuple_ignores_suffixes() -> None:
    assert version_tuple("0.10.3.dev4+local") == (0, 10, 3)


def _dist(tmp_path: Path, requires: str) -> PathDistribution:
    info = tmp_path / "mistral_widgets-2.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(
        f"Metadata-Version: 2.1\nName: mistral-widgets\nVersion: 2.0\nRequires-Dist: {requires}\n"
    )
    return PathDistribution(info)


def test_mismatch_warns_naming_both_packages(tmp_path: Path) -> None:
    dist = _dist(tmp_path, "mistral-core>=5.0,<6")
    with pytest.warns(
        CoreVersionWarning, match=r"mistral-widgets 2\.0 requires mistral-core>=5\.0,<6"
    ):
        assert check_core_version(dist, core_version="0.1.0") is False


def test_compatible_core_is_silent(tmp_path: Path, recwarn: pytest.WarningsRecorder) -> None:
    assert (
        check_core_version(_dist(tmp_path, "mistral-core (>=0.1,<1)"), core_version="0.4") is True
    )
    assert not recwarn.list


def test_core_checks_areas_against_its_installed_version() -> None:
    from importlib.metadata import version

    from mistralai import __version__

    assert __version__ == version("mistral-core")
