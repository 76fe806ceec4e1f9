"""Entry points read from dist-info directories are the ones importlib.metadata finds."""

from __future__ import annotations

import sys
from importlib import metadata
from pathlib import Path

import pytest

from mistralai import _installed
from mistralai._installed import entry_points

GROUP = "mistralai.plugins"


def _described(found: list[_installed.EntryPoint]) -> list[tuple[object, ...]]:
    return [
        (ep.name, ep.value, ep.dist.name, ep.dist.version, ep.dist.requires)
        for ep in found
        if ep.dist is not None
    ]


def test_same_entry_points_as_importlib_metadata() -> None:
    expected = [
        (ep.name, ep.value, ep.dist.name, ep.dist.version, ep.dist.requires)
        for ep in metadata.entry_points(group=GROUP)
        if ep.dist is not None
    ]
    assert _described(entry_points(GROUP)) == expected
    assert expected  # the workspace installs the areas


def _install(root: Path, name: str, version: str, entries: str) -> None:
    info = root / f"{name.replace('-', '_')}-{version}.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(
        f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n"
        "Requires-Dist: mistral-core<1,>=0.1\nRequires-Dist: x; extra == 'y'\n\n"
        "Name: not-a-header\n"
    )
    (info / "entry_points.txt").write_text(entries)


def test_first_distribution_of_a_name_wins_and_sections_are_respected(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    _install(first, "Demo.Plugin", "2.0", "[mistralai.plugins]\ndemo = demo.plugin:hooks [extra]\n")
    _install(second, "demo_plugin", "1.0", "[mistralai.plugins]\nold = demo.old\n")
    _install(
        second, "other", "1.0", "[console_scripts]\nx = y\n# comment\n[mistralai.plugins]\no = o\n"
    )
    monkeypatch.setattr(sys, "path", [str(first), str(second), str(tmp_path / "missing")])
    found = entry_points(GROUP)
    assert _described(found) == _described(_installed._from_importlib_metadata(GROUP))
    assert [(ep.name, ep.value, ep.dist.name if ep.dist else None) for ep in found] == [
        ("demo", "demo.plugin:hooks [extra]", "Demo.Plugin"),
        ("o", "o", "other"),
    ]
    assert found[0].dist is not None
    assert found[0].dist.requires == ["mistral-core<1,>=0.1", "x; extra == 'y'"]


def test_a_zip_on_the_path_is_left_to_importlib_metadata(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    archive = tmp_path / "bundle.zip"
    archive.write_bytes(b"PK\x05\x06" + b"\0" * 18)
    monkeypatch.setattr(sys, "path", [str(archive)])
    assert not _installed._plain_layout()
    assert entry_points(GROUP) == []


def test_entry_point_load_follows_attributes() -> None:
    ep = _installed.EntryPoint("x", "mistralai.hookspecs:ResourceSpec.__name__", None)
    assert ep.load() == "ResourceSpec"


def test_distributions_named_unread_are_listed_by_their_directory_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _install(tmp_path, "mistral-widgets", "3.1", "[mistralai.plugins]\nw = widgets.plugin\n")
    _install(tmp_path, "other", "1.0", "[mistralai.plugins]\no = o\n")
    monkeypatch.setattr(sys, "path", [str(tmp_path)])
    found = _installed.scan(GROUP, {"mistral_widgets"})
    listed = [entry for entry in found if isinstance(entry, _installed.Listed)]
    assert [(entry.name, entry.version) for entry in listed] == [("mistral_widgets", "3.1")]
    assert [ep.name for ep in found if isinstance(ep, _installed.EntryPoint)] == ["o"]
    (entry,) = listed[0].entry_points(GROUP)
    assert (entry.name, entry.value, entry.dist.name if entry.dist else None) == (
        "w",
        "widgets.plugin",
        "mistral-widgets",
    )
    assert listed[0].entry_points("another.group") == []
    # Without unread names, the same distribution is read as any other.
    assert [ep.name for ep in entry_points(GROUP)] == ["w", "o"]


def test_directory_names_are_normalized_as_the_specifications_say(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for stem in ("Zope.Interface-5.0", "a__b-1.0", "plain_name-2.0"):
        (tmp_path / f"{stem}.dist-info").mkdir()
    monkeypatch.setattr(sys, "path", [str(tmp_path)])
    names = sorted(name for name, _ in _installed._distribution_directories())
    assert names == ["a_b", "plain_name", "zope_interface"]
