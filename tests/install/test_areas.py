"""The list of areas in mistralai._areas is the only one: everything else agrees with it."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import tomllib

from mistralai._areas import AREAS, EXTENDS, EXTENSIONS, MIDDLEWARE, UMBRELLA, distribution_for
from mistralai.hookspecs import ResourceSpec
from mistralai.testing import fakes

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ROOT / "packages"


def _project(distribution: str) -> dict[str, object]:
    return tomllib.loads((PACKAGES / distribution / "pyproject.toml").read_text())["project"]  # type: ignore[no-any-return]


def _requirement_names(requirements: list[str]) -> set[str]:
    return {req.split(">")[0].split("<")[0].split("=")[0].strip() for req in requirements}


def _plugin_modules(distribution: str) -> list[object]:
    entry_points = _project(distribution).get("entry-points", {})
    targets = entry_points.get("mistralai.plugins", {}).values()  # type: ignore[union-attr]
    return [importlib.import_module(target) for target in targets]


def _mounted_specs(distribution: str) -> list[ResourceSpec]:
    found: list[ResourceSpec] = []
    for module in _plugin_modules(distribution):
        hook = getattr(module, "mistral_resources", None)
        if hook is not None:
            found.extend(hook())
    return found


def _hooks(distribution: str) -> set[str]:
    """The hooks the entry points of ``distribution`` implement."""
    return {
        name
        for module in _plugin_modules(distribution)
        for name, value in vars(module).items()
        if getattr(value, "mistralai_impl", None) is not None
    }


def test_the_umbrella_depends_on_core_and_every_area() -> None:
    wanted = {"mistral-core", *EXTENSIONS} | {area.distribution for area in AREAS}
    assert _requirement_names(_project(UMBRELLA)["dependencies"]) == wanted  # type: ignore[arg-type]


def test_each_area_mounts_what_the_list_says() -> None:
    for area in AREAS:
        assert _project(area.distribution)["name"] == area.distribution
        specs = [spec for spec in _mounted_specs(area.distribution) if not spec.extends]
        paths = {spec.path for spec in specs}
        for path in paths:
            assert any(path == m or path.startswith(m + ".") for m in area.mounts), path
        for mount in area.mounts:
            assert any(p == mount or p.startswith(mount + ".") for p in paths), mount
        assert all(spec.target.startswith(area.package + ".") for spec in specs), area.name
        importlib.import_module(area.package)


def test_every_package_that_mounts_an_area_is_listed() -> None:
    listed = {area.distribution for area in AREAS}
    for pyproject in sorted(PACKAGES.glob("*/pyproject.toml")):
        distribution = tomllib.loads(pyproject.read_text())["project"]["name"]
        owned = [spec for spec in _mounted_specs(distribution) if not spec.extends]
        assert not owned or distribution in listed, f"{distribution} mounts areas but is not listed"


def test_the_test_server_has_a_fake_for_every_area() -> None:
    assert {area.name for area in AREAS} <= set(fakes.AREAS)


def test_the_client_is_annotated_with_every_top_level_area() -> None:
    source = (PACKAGES / "mistral-core/src/mistralai/_client.py").read_text()
    mistral = next(
        node
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.ClassDef) and node.name == "Mistral"
    )
    annotated = {
        node.target.id
        for node in ast.walk(mistral)
        if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name)
    }
    top_level = {mount.split(".")[0] for area in AREAS for mount in area.mounts}
    assert top_level <= annotated


def test_missing_areas_name_their_distribution() -> None:
    for area in AREAS:
        for mount in area.mounts:
            assert distribution_for(mount)[0] == area.distribution
            assert distribution_for(mount + ".anything")[0] == area.distribution


def test_first_party_entry_points_implement_only_what_discovery_defers() -> None:
    # Core imports these entry points when first needed, not when a client is built: an
    # area's or an extension's when its path is touched, middleware's at the first call.
    # None of them may set clients up (mistral_client_init) or act on calls unannounced.
    mounting = {"mistral_resources", "mistral_models"}
    for area in AREAS:
        assert _hooks(area.distribution) <= mounting, area.distribution
        assert {spec.distribution for spec in _mounted_specs(area.distribution)} == {
            area.distribution
        }
    for distribution, paths in EXTENDS.items():
        assert _hooks(distribution) <= mounting, distribution
        specs = _mounted_specs(distribution)
        assert specs
        assert all(spec.extends for spec in specs)
        assert {spec.path for spec in specs} == set(paths)
        assert {spec.distribution for spec in specs} == {distribution}
    assert set(EXTENSIONS) == set(EXTENDS)
    for distribution in MIDDLEWARE:
        hooks = _hooks(distribution)
        assert hooks, distribution
        assert not hooks & {"mistral_resources", "mistral_client_init"}, distribution
    for distribution in ("mistral-core", UMBRELLA):  # discovery does not even read these
        assert not _plugin_modules(distribution), distribution
