"""The release and install scripts are plain files under scripts/, loaded here by path."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parent.parent


def load_script(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        f"_script_{name}", ROOT / "scripts" / f"{name}.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def release() -> ModuleType:
    return load_script("release")


@pytest.fixture(scope="session")
def install_matrix() -> ModuleType:
    return load_script("install_matrix")


@pytest.fixture(scope="session")
def integrations() -> ModuleType:
    return load_script("integrations")
