"""The package: where it mounts, what it imports when, and that it covers the spec's tag."""

from __future__ import annotations

import inspect
import subprocess
import sys

from mistralai import Mistral
from mistralai.connectors import _plugin, _resource
from mistralai.testing._validation import operations, spec
from mistralai.utils import Operation


def test_mounts_under_beta_connectors() -> None:
    (mount,) = _plugin.mistral_resources()
    assert (mount.path, mount.distribution) == ("beta.connectors", "mistral-connectors")
    assert mount.target == "mistralai.connectors._resource:Connectors"
    assert _plugin.mistral_models() == "mistralai.connectors.models"
    with Mistral(api_key="k") as client:
        from mistralai.connectors import Connectors

        assert isinstance(client.beta.connectors, Connectors)
        assert "connectors" in dir(client.beta)


def test_importing_and_building_a_client_loads_no_resource_code() -> None:
    code = (
        "import sys, mistralai.connectors, mistralai.connectors._plugin\n"
        "from mistralai import Mistral\n"
        "client = Mistral(api_key='k')\n"
        "loaded = sorted(m for m in sys.modules if m.startswith('mistralai.connectors.'))\n"
        "assert loaded == ['mistralai.connectors._plugin'], loaded\n"
        "client.beta.connectors\n"
        "assert 'mistralai.connectors._resource' in sys.modules\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def _spec_paths() -> dict[str, tuple[str, str]]:
    found = {}
    for path, item in spec()["paths"].items():
        for method, operation in item.items():
            if isinstance(operation, dict) and "beta.connectors" in operation.get("tags", ()):
                found[operation["operationId"]] = (method.upper(), path.split("#")[0])
    return found


def test_every_operation_of_the_tag_is_implemented_once() -> None:
    ours: dict[str, tuple[str, str]] = {}
    for value in vars(_resource).values():
        if isinstance(value, Operation):
            assert value.id not in ours, f"{value.id} is described twice"
            ours[value.id] = (value.method, value.path)
    assert len(ours) == 18
    assert ours == _spec_paths()
    assert set(ours) <= set(operations())


def test_every_method_has_an_async_twin_and_a_docstring() -> None:
    from mistralai.connectors import Connectors

    public = {n: v for n, v in vars(Connectors).items() if not n.startswith("_") and callable(v)}
    assert len(public) == 2 * (18 + 4)  # the operations and the four page walkers
    for name, method in public.items():
        assert (method.__doc__ or "").strip(), f"{name} has no docstring"
        if name.endswith("_async"):
            assert name.removesuffix("_async") in public, f"{name} has no blocking twin"
        else:
            twin = public[f"{name}_async"]
            sync_params = list(inspect.signature(method).parameters)
            assert sync_params == list(inspect.signature(twin).parameters), name


def test_credentials_methods_name_their_level() -> None:
    from mistralai.connectors import Connectors

    for level in ("organization", "workspace", "user"):
        listing = getattr(Connectors, f"list_{level}_credentials")
        assert listing.__name__ == f"list_{level}_credentials"
        summary = (listing.__doc__ or "").splitlines()[0]
        assert level in summary or (level == "user" and "calling user" in summary)
        saving = getattr(Connectors, f"create_or_update_{level}_credentials")
        assert str(inspect.signature(saving).return_annotation) == "MessageResponse"


def test_models_are_reexported_by_mistralai_models() -> None:
    import mistralai.models
    from mistralai.connectors import models

    assert mistralai.models.Connector is models.Connector
    assert mistralai.models.MCPToolCallResponse is models.MCPToolCallResponse
