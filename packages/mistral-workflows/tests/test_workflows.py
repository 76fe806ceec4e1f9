"""client.beta.workflows over loopback: workflows, registrations, starting executions, the
mount itself."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

import pytest

from mistralai import Mistral, errors
from mistralai.workflows.models import (
    WorkflowExecutionResponse,
    WorkflowExecutionSyncResponse,
    WorkflowRegistrationListResponse,
)

GREETER_ID = "0f1e0000-0000-4000-8000-000000000001"
GREETER_REGISTRATION = "2e900000-0000-4000-8000-000000000001"


def test_get_update_archive_unarchive(mistral_client: Any, mistral_test_server: Any) -> None:
    workflows = mistral_client.beta.workflows
    got = workflows.get("greeter").workflow
    assert (got.id, got.name, got.active, got.archived) == (GREETER_ID, "greeter", True, False)
    assert workflows.get(GREETER_ID).workflow.name == "greeter"
    assert workflows.get("nightly-report").workflow.active is False

    updated = workflows.update("greeter", display_name="Greeter v2", description=None)
    assert mistral_test_server.requests[-1].method == "PUT"
    assert mistral_test_server.requests[-1].json() == {
        "display_name": "Greeter v2",
        "description": None,
    }
    assert (updated.workflow.display_name, updated.workflow.description) == ("Greeter v2", None)

    assert workflows.archive("greeter").workflow.archived is True
    assert mistral_test_server.requests[-1].path == "/v1/workflows/greeter/archive"
    with pytest.raises(errors.ConflictError, match="archived"):
        workflows.execute("greeter", input={"name": "Ada"})
    assert workflows.unarchive("greeter").workflow.archived is False
    with pytest.raises(errors.NotFoundError):
        workflows.get("no-such-workflow")


def test_execute_sends_the_spec_body(mistral_client: Any, mistral_test_server: Any) -> None:
    run = mistral_client.beta.workflows.execute(
        "greeter",
        input={"name": "Ada"},
        execution_id="greet-ada",
        custom_tracing_attributes={"team": "qa"},
        deployment_name="default",
        timeout_seconds=None,
    )
    assert isinstance(run, WorkflowExecutionResponse)
    assert (run.execution_id, run.status, run.done) == ("greet-ada", "RUNNING", False)
    sent = mistral_test_server.requests[-1]
    assert (sent.method, sent.path) == ("POST", "/v1/workflows/greeter/execute")
    assert sent.json() == {
        "input": {"name": "Ada"},
        "execution_id": "greet-ada",
        "custom_tracing_attributes": {"team": "qa"},
        "deployment_name": "default",
        "timeout_seconds": None,
    }
    with pytest.raises(errors.ConflictError):
        mistral_client.beta.workflows.execute("greeter", execution_id="greet-ada")


def test_execute_waiting_for_the_result(mistral_client: Any, mistral_test_server: Any) -> None:
    done = mistral_client.beta.workflows.execute(
        "greeter", input={"name": "Bo"}, wait_for_result=True
    )
    assert isinstance(done, WorkflowExecutionSyncResponse)
    assert done.result == {"greeting": "Hello, Bo!"}
    assert mistral_test_server.requests[-1].json() == {
        "input": {"name": "Bo"},
        "wait_for_result": True,
    }


def test_execute_with_an_encoded_input(mistral_client: Any, mistral_test_server: Any) -> None:
    encoded = {"b64payload": "eyJuYW1lIjogIkN5In0=", "encoding_options": []}
    done = mistral_client.beta.workflows.execute(
        "greeter", encoded_input=encoded, wait_for_result=True
    )
    assert done.result == {"greeting": "Hello, Cy!"}
    assert mistral_test_server.requests[-1].json()["encoded_input"] == encoded


def test_invalid_arguments_send_nothing(mistral_client: Any, mistral_test_server: Any) -> None:
    workflows = mistral_client.beta.workflows
    with pytest.raises(errors.RequestValidationError, match="execution_id"):
        workflows.execute("greeter", execution_id="x" * 257)
    with pytest.raises(errors.RequestValidationError, match="encoding_options"):
        workflows.execute(
            "greeter", encoded_input={"b64payload": "e30=", "encoding_options": ["zip"]}
        )
    with pytest.raises(TypeError, match="did you mean 'wait_for_result'"):
        workflows.execute("greeter", wait_for_results=True)
    assert mistral_test_server.requests == []


def test_execute_registration(mistral_client: Any, mistral_test_server: Any) -> None:
    run = mistral_client.beta.workflows.execute_registration(
        GREETER_REGISTRATION, input={"name": "Di"}
    )
    assert run.workflow_name == "greeter"
    assert mistral_test_server.requests[-1].path == (
        f"/v1/workflows/registrations/{GREETER_REGISTRATION}/execute"
    )


def test_registrations_filters_reach_the_wire(
    mistral_client: Any, mistral_test_server: Any
) -> None:
    page = mistral_client.beta.workflows.list_registrations(
        active_only=True, include_shared=False, with_workflow=True, limit=5, archived=False
    )
    assert isinstance(page, WorkflowRegistrationListResponse)
    assert [r.workflow.name for r in page.workflow_registrations] == ["greeter"]
    assert page.workflow_versions == page.workflow_registrations
    assert page.next_cursor is None
    assert mistral_test_server.requests[-1].query == {
        "active_only": ["true"],
        "include_shared": ["false"],
        "with_workflow": ["true"],
        "limit": ["5"],
        "archived": ["false"],
    }
    registration = mistral_client.beta.workflows.get_registration(
        GREETER_REGISTRATION, with_workflow=True
    ).workflow_registration
    assert (registration.active, registration.workflow.id) == (True, GREETER_ID)
    assert [s.name for s in registration.definition.signals] == ["approve"]
    assert mistral_test_server.requests[-1].query == {"with_workflow": ["true"]}


def test_registrations_pages_and_iteration(mistral_client: Any, mistral_test_server: Any) -> None:
    workflows = mistral_client.beta.workflows
    pages = list(workflows.list_registrations_pages(limit=2))
    assert [len(p.workflow_registrations) for p in pages] == [2, 1]
    assert "cursor" not in mistral_test_server.requests[-2].query
    assert mistral_test_server.requests[-1].query["cursor"] == [pages[0].next_cursor]
    resumed = list(workflows.list_registrations_pages(limit=2, cursor=pages[0].next_cursor))
    assert [len(p.workflow_registrations) for p in resumed] == [1]
    mistral_test_server.requests.clear()
    ids = [r.workflow_id for r in workflows.iter_registrations(limit=1)]
    assert ids == [f"0f1e0000-0000-4000-8000-00000000000{i}" for i in (1, 2, 3)]
    assert len(mistral_test_server.requests) == 3


def test_iteration_fetches_lazily(mistral_client: Any, mistral_test_server: Any) -> None:
    first = next(mistral_client.beta.workflows.iter_registrations(limit=1))
    assert first.id == GREETER_REGISTRATION
    assert len(mistral_test_server.requests) == 1


async def test_async_twins(mistral_async_client: Any, mistral_test_server: Any) -> None:
    workflows = mistral_async_client.beta.workflows
    assert (await workflows.get_async("translator")).workflow.shared_namespace == (
        "shared:translator"
    )
    run = await workflows.execute_async("translator", input={"text": "hola"})
    assert run.workflow_name == "translator"
    done = await workflows.execute_registration_async(
        GREETER_REGISTRATION, input={"name": "Ed"}, wait_for_result=True
    )
    assert done.result == {"greeting": "Hello, Ed!"}
    names = [r.workflow_id async for r in workflows.iter_registrations_async(limit=2)]
    assert len(names) == 3
    pages = [p async for p in workflows.list_registrations_pages_async(limit=2)]
    assert [len(p.workflow_registrations) for p in pages] == [2, 1]
    assert (await workflows.list_registrations_async(workflow_search="night")).next_cursor is None
    assert (await workflows.update_async("greeter", display_name="G")).workflow.display_name == "G"
    assert (await workflows.archive_async("greeter")).workflow.archived
    assert not (await workflows.unarchive_async("greeter")).workflow.archived
    reg = await workflows.get_registration_async(GREETER_REGISTRATION)
    assert reg.workflow_registration.workflow is None


def test_mounted_without_mistral_beta(
    mistral_test_server: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Alone, client.beta is a group holding workflows; the other beta areas are missing."""
    monkeypatch.setenv("MISTRAL_DISABLE_PLUGIN_AUTOLOAD", "1")
    from mistralai.workflows import _plugin

    with Mistral(api_key="k", server_url=mistral_test_server.url, plugins=[_plugin]) as client:
        assert "workflows" in dir(client.beta)
        assert client.beta.workflows.get("greeter").workflow.name == "greeter"
        with pytest.raises(AttributeError, match="mistral-beta"):
            client.beta.conversations  # noqa: B018


def test_mounted_beside_mistral_beta(mistral_test_server: Any) -> None:
    pytest.importorskip("mistralai.beta", reason="mistral-beta is not installed")
    with Mistral(api_key="k", server_url=mistral_test_server.url) as client:
        assert {"conversations", "workflows"} <= set(dir(client.beta))
        assert client.beta.workflows is client.beta.workflows
        assert client.beta.workflows.workers.get_info().namespace == "default"


def test_importing_the_package_imports_no_resource_code() -> None:
    code = (
        "import sys, mistralai.workflows, mistralai.workflows._plugin;"
        "print(sorted(m for m in sys.modules if m.startswith('mistralai.workflows')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "['mistralai.workflows', 'mistralai.workflows._plugin']"
