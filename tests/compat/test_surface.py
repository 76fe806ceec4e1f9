"""The import surface of the original ``mistralai`` SDK keeps working across packages."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def test_client_imports() -> None:
    from mistralai import Mistral
    from mistralai.client import Mistral as AliasMistral

    assert AliasMistral is Mistral


def test_shared_models_and_errors_import_from_models() -> None:
    from mistralai.models import (
        AssistantMessage,
        ChatCompletionResponse,
        CompletionEvent,
        FunctionTool,
        HTTPValidationError,
        SDKError,
        SystemMessage,
        ToolMessage,
        UserMessage,
    )

    assert issubclass(HTTPValidationError, SDKError)
    messages = [SystemMessage(content="s"), UserMessage(content="u"), AssistantMessage(content="a")]
    assert [m.role for m in messages] == ["system", "user", "assistant"]
    assert ToolMessage(content="t").role == "tool"
    assert {ChatCompletionResponse, CompletionEvent, FunctionTool}


def test_retry_config_imports_from_utils() -> None:
    from mistralai.utils import BackoffStrategy, RetryConfig

    config = RetryConfig("backoff", BackoffStrategy(1, 50, 1.1, 100), False)
    assert config.backoff.max_interval == 50


def test_area_models_resolve_lazily_through_the_catalog() -> None:
    import mistralai.models
    from mistralai.models._catalog import AREA_MODELS

    for name, (module, _distribution) in sorted(AREA_MODELS.items()):
        try:
            __import__(module)
        except ModuleNotFoundError:
            continue
        assert getattr(mistralai.models, name) is getattr(sys.modules[module], name), name


def test_missing_area_model_names_the_package(monkeypatch: pytest.MonkeyPatch) -> None:
    import mistralai.models
    from mistralai.models import ModelNotInstalledError
    from mistralai.models._catalog import AREA_MODELS

    monkeypatch.setitem(
        AREA_MODELS, "HologramOut", ("mistralai.holograms.models", "mistral-holograms")
    )
    with pytest.raises(ModelNotInstalledError, match=r"pip install mistral-holograms"):
        from mistralai.models import HologramOut  # noqa: F401
    assert isinstance(ModelNotInstalledError("X", "d"), ImportError)
    with pytest.raises(AttributeError):
        _ = mistralai.models.NoSuchModelAnywhere


def test_models_catalog_is_current() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "gen_models_catalog.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
