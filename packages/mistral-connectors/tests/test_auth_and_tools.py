"""client.beta.connectors over loopback: signing in with OAuth2, stored credentials at each
level, and the tools they unlock."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from mistralai import errors
from mistralai.connectors.models import (
    AuthUrlResponse,
    ConnectionCredentials,
    CredentialsResponse,
    MCPTool,
    MCPToolCallResponse,
    OAuth2Token,
    PublicAuthenticationMethod,
    TextContent,
)
from mistralai.testing import Fault

TOKEN = "tok-very-secret"


@pytest.fixture
def signed(connectors: Any) -> Any:
    """A connector that signs users in with OAuth2."""
    return connectors.create(
        name="drive",
        description="Files",
        server="https://mcp.example.com",
        auth_data={"client_id": "app-1", "client_secret": "shh"},
    )


@pytest.fixture
def open_connector(connectors: Any) -> Any:
    """A connector that needs no sign-in."""
    return connectors.create(name="public", description="d", server="https://mcp.example.com")


def test_the_oauth2_flow_stores_user_credentials(
    connectors: Any, signed: Any, mistral_test_server: Any
) -> None:
    with pytest.raises(errors.PermissionDeniedError, match="OAuth2"):
        connectors.call_tool("drive", "echo", arguments={"text": "hi"})
    started = connectors.get_auth_url(
        "drive", app_return_url="https://app.example.com/done", credentials_name="mine"
    )
    assert isinstance(started, AuthUrlResponse)
    assert started.ttl == 600
    assert mistral_test_server.requests[-1].query == {
        "app_return_url": ["https://app.example.com/done"],
        "credentials_name": ["mine"],
    }
    assert "client_id=app-1" in started.auth_url
    # The user opens the URL in a browser: the provider signs them in, the platform stores
    # the token and sends them back to the app.
    landed = httpx.get(started.auth_url)
    assert landed.status_code == 302
    assert landed.headers["location"] == "https://app.example.com/done"
    assert httpx.get(started.auth_url).status_code == 400  # a sign-in URL works once
    stored = connectors.list_user_credentials("drive")
    assert isinstance(stored, CredentialsResponse)
    assert [(c.name, c.authentication_type, c.is_default) for c in stored.credentials] == [
        ("mine", "oauth2", True)
    ]
    assert stored.connector_preset_credentials_for_auth == ["oauth2"]
    answer = connectors.call_tool("drive", "echo", arguments={"text": "hi"})
    assert answer.text == "hi"


def test_auth_url_needs_an_oauth2_connector(connectors: Any, open_connector: Any) -> None:
    with pytest.raises(errors.BadRequestError, match="OAuth2"):
        connectors.get_auth_url("public")


def test_authentication_methods(connectors: Any, signed: Any, open_connector: Any) -> None:
    methods = connectors.get_authentication_methods("drive")
    assert all(isinstance(m, PublicAuthenticationMethod) for m in methods)
    assert [m.method_type for m in methods] == ["oauth2", "bearer"]
    assert (methods[1].headers or [])[0].name == "Authorization"
    assert [m.method_type for m in connectors.get_authentication_methods("public")] == [
        "bearer",
        "none",
    ]


@pytest.mark.parametrize("level", ["organization", "workspace", "user"])
def test_credentials_at_each_level(
    connectors: Any, open_connector: Any, mistral_test_server: Any, level: str
) -> None:
    save = getattr(connectors, f"create_or_update_{level}_credentials")
    listing = getattr(connectors, f"list_{level}_credentials")
    delete = getattr(connectors, f"delete_{level}_credentials")
    first = save("public", name="first", credentials={"bearer_token": TOKEN})
    sent = mistral_test_server.requests[-1]
    assert (sent.method, sent.path) == ("POST", f"/v1/connectors/public/{level}/credentials")
    assert sent.json() == {"name": "first", "credentials": {"bearer_token": TOKEN}}
    assert first.message == "Credentials 'first' created."
    save("public", name="second", credentials=ConnectionCredentials(bearer_token="t2"))
    assert [(c.name, c.is_default) for c in listing("public").credentials] == [
        ("first", True),
        ("second", False),
    ]
    assert save("public", name="second", is_default=True).message.endswith("updated.")
    defaults = listing("public", fetch_default=True, auth_type="bearer")
    assert [c.name for c in defaults.credentials] == ["second"]
    assert mistral_test_server.requests[-1].query == {
        "auth_type": ["bearer"],
        "fetch_default": ["true"],
    }
    with pytest.raises(errors.HTTPValidationError, match="is_default"):
        save("public", name="second", is_default=False)
    assert delete("public", "second").message == "Credentials 'second' deleted."
    assert mistral_test_server.requests[-1].path.endswith(f"/{level}/credentials/second")
    assert [(c.name, c.is_default) for c in listing("public").credentials] == [("first", True)]
    with pytest.raises(errors.NotFoundError):
        delete("public", "second")
    other_levels = {"organization", "workspace", "user"} - {level}
    for other in other_levels:
        assert getattr(connectors, f"list_{other}_credentials")("public").credentials == []


def test_credentials_never_show_their_secrets(connectors: Any, open_connector: Any) -> None:
    credentials = ConnectionCredentials(
        oauth=OAuth2Token(access_token=TOKEN, refresh_token="refresh-secret"),
        headers={"x-api-key": "header-secret"},
    )
    shown = repr(credentials)
    for secret in (TOKEN, "refresh-secret", "header-secret"):
        assert secret not in shown
    assert credentials.to_wire()["oauth"]["access_token"] == TOKEN
    connectors.create_or_update_user_credentials("public", name="mine", credentials=credentials)
    assert "oauth2" in repr(connectors.list_user_credentials("public"))


def test_credentials_names_are_checked_before_sending(
    connectors: Any, mistral_test_server: Any
) -> None:
    for call in (
        lambda: connectors.delete_user_credentials("public", "has space"),
        lambda: connectors.get_auth_url("public", credentials_name="x" * 65),
        lambda: connectors.call_tool("public", "echo", credentials_name="a/b"),
    ):
        with pytest.raises(errors.RequestValidationError, match="credentials_name"):
            call()
    assert mistral_test_server.requests == []


def test_tools_are_listed_and_called(
    connectors: Any, open_connector: Any, mistral_test_server: Any
) -> None:
    tools = connectors.list_tools("public", refresh=True)
    assert mistral_test_server.requests[-1].query == {"refresh": ["true"]}
    assert all(isinstance(t, MCPTool) for t in tools)
    assert [t.name for t in tools] == ["echo", "add", "fail"]
    assert tools[1].input_schema["required"] == ["a", "b"]
    assert tools[0].annotations.read_only_hint is True
    short = connectors.list_tools("public", pretty=True)
    assert isinstance(short[0], MCPTool)
    assert short[0].title is None
    added = connectors.call_tool("public", "add", arguments={"a": 3, "b": 4})
    sent = mistral_test_server.requests[-1]
    assert (sent.method, sent.path) == ("POST", "/v1/connectors/public/tools/add/call")
    assert sent.json() == {"arguments": {"a": 3, "b": 4}}
    assert isinstance(added, MCPToolCallResponse)
    assert isinstance(added.content[0], TextContent)
    assert (added.text, added.is_error, added.structured_content) == (
        "3 + 4 = 7",
        False,
        {"result": 7},
    )
    failed = connectors.call_tool("public", "fail")
    assert mistral_test_server.requests[-1].json() == {"arguments": {}}
    assert failed.is_error
    with pytest.raises(errors.NotFoundError):
        connectors.call_tool("public", "nope")


def test_a_tool_call_is_never_sent_twice_but_credentials_are(
    connectors: Any, open_connector: Any, mistral_test_server: Any
) -> None:
    mistral_test_server.faults.add(Fault.reset(), path="/v1/connectors/public/tools/echo/call")
    with pytest.raises(errors.APIConnectionError):
        connectors.call_tool("public", "echo", arguments={"text": "once"})
    calls = [r for r in mistral_test_server.requests if r.path.endswith("/call")]
    assert len(calls) == 1
    path = "/v1/connectors/public/user/credentials"
    mistral_test_server.faults.add(Fault.reset(), path=path)
    connectors.create_or_update_user_credentials("public", name="again")
    assert len([r for r in mistral_test_server.requests if r.path == path]) == 2


def test_named_credentials_choose_how_tools_are_called(connectors: Any, signed: Any) -> None:
    connectors.create_or_update_workspace_credentials(
        "drive", name="team", credentials={"oauth": {"access_token": TOKEN}}
    )
    assert connectors.call_tool("drive", "echo", arguments={"text": "x"}).text == "x"
    with pytest.raises(errors.NotFoundError, match="credentials"):
        connectors.list_tools("drive", credentials_name="other")
    assert [t.name for t in connectors.list_tools("drive", credentials_name="team")] == [
        "echo",
        "add",
        "fail",
    ]


def test_iter_tools_walks_numbered_pages(
    connectors: Any, open_connector: Any, mistral_test_server: Any
) -> None:
    mistral_test_server.requests.clear()
    assert [t.name for t in connectors.iter_tools("public", page_size=2)] == ["echo", "add", "fail"]
    assert [r.query["page"] for r in mistral_test_server.requests] == [["1"], ["2"]]
    assert [len(p) for p in connectors.list_tools_pages("public", page_size=3)] == [3, 0]


async def test_async_twins(aconnectors: Any) -> None:
    await aconnectors.create_async(name="a", description="d", server="https://mcp.example.com")
    assert [t.name async for t in aconnectors.iter_tools_async("a", page_size=2)] == [
        "echo",
        "add",
        "fail",
    ]
    assert [len(p) async for p in aconnectors.list_tools_pages_async("a")] == [3]
    echoed = await aconnectors.call_tool_async("a", "echo", arguments={"text": "async"})
    assert echoed.text == "async"
    await aconnectors.create_or_update_organization_credentials_async(
        "a", name="org", credentials={"headers": {"x-key": "v"}}
    )
    listed = await aconnectors.list_organization_credentials_async("a")
    assert [(c.name, c.authentication_type) for c in listed.credentials] == [("org", "none")]
    await aconnectors.delete_organization_credentials_async("a", "org")
    assert (await aconnectors.list_user_credentials_async("a")).credentials == []
    assert (await aconnectors.list_workspace_credentials_async("a")).credentials == []
    await aconnectors.create_or_update_workspace_credentials_async("a", name="w")
    await aconnectors.delete_workspace_credentials_async("a", "w")
    await aconnectors.create_or_update_user_credentials_async("a", name="u")
    await aconnectors.delete_user_credentials_async("a", "u")
    methods = await aconnectors.get_authentication_methods_async("a")
    assert methods[-1].method_type == "none"
    with pytest.raises(errors.BadRequestError):
        await aconnectors.get_auth_url_async("a")
    assert len(await aconnectors.list_tools_async("a")) == 3
