"""The package: where it mounts, what it imports when, and that it covers the spec."""

from __future__ import annotations

import inspect
import subprocess
import sys

import pytest

from mistralai import Mistral
from mistralai.observability import _plugin
from mistralai.testing._validation import operations
from mistralai.utils import Operation

TAGS = (
    "beta.observability.campaigns",
    "beta.observability.chat_completion_events",
    "beta.observability.chat_completion_events.fields",
    "beta.observability.datasets",
    "beta.observability.datasets.records",
    "beta.observability.judges",
)
MODULES = ("_campaigns", "_events", "_datasets", "_judges")


def _resource_classes() -> list[type]:
    from mistralai.observability import Campaigns, ChatEvents, Datasets, Fields, Judges, Records

    return [Campaigns, ChatEvents, Fields, Datasets, Records, Judges]


def test_mounts_under_beta_observability() -> None:
    specs = _plugin.mistral_resources()
    assert [s.path for s in specs] == [
        "beta.observability.campaigns",
        "beta.observability.chat_completion_events",
        "beta.observability.datasets",
        "beta.observability.judges",
    ]
    assert {s.distribution for s in specs} == {"mistral-observability"}
    assert _plugin.mistral_models() == "mistralai.observability.models"


def test_resources_and_sub_resources_on_a_client() -> None:
    from mistralai.observability import Campaigns, ChatEvents, Datasets, Fields, Judges, Records

    with Mistral(api_key="k") as client:
        observability = client.beta.observability
        assert {"campaigns", "chat_completion_events", "datasets", "judges"} <= set(
            dir(observability)
        )
        assert isinstance(observability.campaigns, Campaigns)
        assert isinstance(observability.judges, Judges)
        assert isinstance(observability.datasets, Datasets)
        assert isinstance(observability.datasets.records, Records)
        assert isinstance(observability.chat_completion_events, ChatEvents)
        assert isinstance(observability.chat_completion_events.fields, Fields)
        assert observability.datasets is observability.datasets


def test_importing_and_building_a_client_loads_no_resource_code() -> None:
    code = (
        "import sys, mistralai.observability, mistralai.observability._plugin\n"
        "from mistralai import Mistral\n"
        "client = Mistral(api_key='k')\n"
        "loaded = sorted(m for m in sys.modules if m.startswith('mistralai.observability.'))\n"
        "assert loaded == ['mistralai.observability._plugin'], loaded\n"
        "client.beta.observability.judges\n"
        "assert 'mistralai.observability._judges' in sys.modules\n"
        "assert 'mistralai.observability._datasets' not in sys.modules\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_every_operation_of_the_spec_tags_is_implemented_once() -> None:
    import importlib

    spec_ops = {
        op_id: (op["method"].upper(), path)
        for op_id, op in operations().items()
        for path in [_path_of(op_id)]
        if set(op.get("tags", ())) & set(TAGS)
    }
    assert len(spec_ops) == 41
    ours: dict[str, tuple[str, str]] = {}
    for name in MODULES:
        module = importlib.import_module(f"mistralai.observability.{name}")
        for value in vars(module).values():
            if isinstance(value, Operation):
                assert value.id not in ours, f"{value.id} is described twice"
                ours[value.id] = (value.method, value.path)
    assert ours == spec_ops


def _path_of(operation_id: str) -> str:
    from mistralai.testing._validation import spec

    for path, item in spec()["paths"].items():
        for operation in item.values():
            if isinstance(operation, dict) and operation.get("operationId") == operation_id:
                return str(path)
    raise AssertionError(operation_id)


@pytest.mark.parametrize("cls", _resource_classes(), ids=lambda c: c.__name__)
def test_every_method_has_an_async_twin_and_a_docstring(cls: type) -> None:
    public = {n: v for n, v in vars(cls).items() if not n.startswith("_") and callable(v)}
    for name, method in public.items():
        assert (method.__doc__ or "").strip(), f"{cls.__name__}.{name} has no docstring"
        if name.endswith("_async"):
            assert name.removesuffix("_async") in public, f"{name} has no blocking twin"
        else:
            assert f"{name}_async" in public, f"{cls.__name__}.{name} has no async twin"
            sync_params = inspect.signature(method).parameters
            async_params = inspect.signature(public[f"{name}_async"]).parameters
            assert list(sync_params) == list(async_params), name


def test_models_are_reexported_by_mistralai_models() -> None:
    import mistralai.models
    from mistralai.observability import models

    assert mistralai.models.DatasetRecord is models.DatasetRecord
    assert mistralai.models.JudgePreview is models.JudgePreview
