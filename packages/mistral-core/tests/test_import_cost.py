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


def _area_code(modules: set[str]) -> set[str]:
    """Modules of area packages other than their light entry-point modules."""
    core_prefixes = ("mistralai._", "mistralai.types", "mistralai.models", "mistralai.utils")
    return {
        m
        for m in modules
        if m.startswith("mistralai.")
        and not m.startswith(core_prefixes)
        and m.count(".") >= 2
        and not m.endswith("._plugin")
    }


def test_import_and_construct_import_no_models_and_no_area_code() -> None:
    modules = _modules_after("import mistralai; mistralai.Mistral(api_key='k')")
    assert "mistralai._client" in modules
    assert "mistralai.chat._plugin" in modules
    assert {m for m in modules if m.startswith(("pydantic", "httpx"))} == set()
    assert "mistralai.models" not in modules
    assert _area_code(modules) == set()


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
