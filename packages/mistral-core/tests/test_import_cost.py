"""Importing the SDK and building a client stays cheap: no pydantic, no area code."""

from __future__ import annotations

import json
import subprocess
import sys


def _modules_after(code: str) -> set[str]:
    script = f"{code}\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))"
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=True
    )
    return set(json.loads(result.stdout.splitlines()[-1]))


_CORE = ("mistralai._", "mistralai.types", "mistralai.models", "mistralai.utils", "mistralai.extra")


def _area_code(modules: set[str]) -> set[str]:
    """Modules of area packages other than their light entry-point modules."""
    return {
        m
        for m in modules
        if m.startswith("mistralai.")
        and not m.startswith(_CORE)
        and m.count(".") >= 2
        and not m.endswith("._plugin")
    }


def _area_packages(modules: set[str]) -> set[str]:
    """The first-party packages (areas, extensions, middleware) of which anything is imported,
    entry-point modules included."""
    return {
        m.split(".")[1]
        for m in modules
        if m.startswith("mistralai.")
        and m.count(".") >= 1
        and not m.startswith(_CORE)
        and m not in ("mistralai.hookspecs", "mistralai.errors", "mistralai.client")
        and not m.startswith("mistralai.sdkconfiguration")
    } | {"extra" for m in modules if m.startswith("mistralai.extra.")}


def test_import_and_construct_import_no_models_and_no_area_code() -> None:
    modules = _modules_after("import mistralai; mistralai.Mistral(api_key='k')")
    assert "mistralai._client" in modules
    assert {m for m in modules if m.startswith(("pydantic", "httpx"))} == set()
    assert "mistralai.models" not in modules
    assert _area_code(modules) == set()


def test_construct_imports_no_first_party_entry_point() -> None:
    # The installed areas (and mistral-run, mistral-otel) are known by name: building a
    # client costs the same with every one of them installed as with one.
    modules = _modules_after("import mistralai; c = mistralai.Mistral(api_key='k'); dir(c)")
    assert _area_packages(modules) == set()


def test_import_and_construct_skip_what_discovery_and_the_first_call_do_not_need() -> None:
    modules = _modules_after("import mistralai; mistralai.Mistral(api_key='k')")
    # Entry points are read without importlib.metadata (and its email, zipfile, csv);
    # the package path without pkgutil; logging and random wait for a log line or a retry.
    unwanted = {"importlib.metadata", "email", "pkgutil", "zipfile", "csv", "logging", "random"}
    assert modules & unwanted == set()


def test_first_attribute_access_imports_only_that_area() -> None:
    modules = _modules_after("import mistralai; c = mistralai.Mistral(api_key='k'); c.chat")
    assert "mistralai.chat._resource" in modules
    assert {m.split(".")[1] for m in _area_code(modules)} == {"chat"}
    assert _area_packages(modules) == {"chat"}


def test_a_resource_brings_its_extensions_and_a_group_imports_nothing() -> None:
    modules = _modules_after(
        "import mistralai; c = mistralai.Mistral(api_key='k'); dir(c.beta); c.beta.conversations"
    )
    assert _area_packages(modules) == {"beta", "extra"}
    modules = _modules_after("import mistralai; c = mistralai.Mistral(api_key='k'); dir(c.beta)")
    assert _area_packages(modules) == set()
