"""client.beta.connectors over loopback: create, list, get, update, delete."""

from __future__ import annotations

import logging
from typing import Any

import pytest

from mistralai import errors
from mistralai.connectors.models import (
    AuthData,
    Connector,
    ConnectorsQueryFilters,
    ConnectorTool,
    MessageResponse,
)

SECRET = "s3cr3t-client-secret"


def new_connector(connectors: Any, name: str = "wiki", **changes: Any) -> Connector:
    definition = {"name": name, "description": "Team wiki", "server": "https://mcp.example.com/sse"}
    connector: Connector = connectors.create(**{**definition, **changes})
    return connector


def test_create_sends_the_definition_and_parses_the_connector(
    connectors: Any, mistral_test_server: Any
) -> None:
    connector = new_connector(
        connectors,
        visibility="private",
        headers={"x-team": "docs"},
        auth_data=AuthData(client_id="app", client_secret=SECRET),
        system_prompt=None,
    )
    sent = mistral_test_server.requests[-1]
    assert (sent.method, sent.path) == ("POST", "/v1/connectors")
    assert sent.json() == {
        "name": "wiki",
        "description": "Team wiki",
        "server": "https://mcp.example.com/sse",
        "visibility": "private",
        "headers": {"x-team": "docs"},
        "auth_data": {"client_id": "app", "client_secret": SECRET},
        "system_prompt": None,
    }
    assert isinstance(connector, Connector)
    assert connector.id == "00000000-0000-4000-8000-000000000001"
    assert connector.auth_type == "oauth2"
    assert [t.name for t in connector.tools or []] == ["echo", "add", "fail"]
    assert isinstance((connector.tools or [])[0], ConnectorTool)
    assert connectors.get(connector.id) == connectors.get("wiki") == connector


def test_left_out_arguments_are_not_sent(connectors: Any, mistral_test_server: Any) -> None:
    connector = new_connector(connectors)
    assert set(mistral_test_server.requests[-1].json()) == {"name", "description", "server"}
    assert connector.auth_type == "none"


def test_invalid_arguments_are_refused_without_repeating_secrets(
    connectors: Any, mistral_test_server: Any
) -> None:
    with pytest.raises(errors.RequestValidationError) as refused:
        new_connector(connectors, auth_data={"client_id": 7, "client_secret": SECRET})
    assert "auth_data.client_id" in str(refused.value)
    with pytest.raises(errors.RequestValidationError) as refused_again:
        new_connector(connectors, auth_data=[SECRET])
    assert "auth_data" in str(refused_again.value)
    for error in (refused.value, refused_again.value):
        assert SECRET not in str(error)
        assert SECRET not in repr(error)
        assert error.cause is None
        assert error.__context__ is None
        assert error.__cause__ is None
    with pytest.raises(errors.RequestValidationError, match="server"):
        new_connector(connectors, server="")
    assert mistral_test_server.requests == []


def test_secrets_never_show_in_a_repr(connectors: Any, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="mistralai")
    connector = new_connector(
        connectors,
        headers={"authorization": "Bearer h-secret"},
        auth_data={"client_id": "app", "client_secret": SECRET},
    )
    fetched = connectors.get(connector.id, fetch_connection_secrets=True, fetch_customer_data=True)
    assert fetched.connection_secrets["headers"] == {"authorization": "Bearer h-secret"}
    assert fetched.customer_data["auth_data"]["client_secret"] == SECRET
    for text in (repr(fetched), str(fetched), caplog.text):
        assert SECRET not in text
        assert "h-secret" not in text
    assert "connection_secrets='***'" in repr(fetched)
    assert repr(AuthData(client_id="app", client_secret=SECRET)) == (
        "AuthData(client_id='app', client_secret='***')"
    )


def test_get_flags_reach_the_query(connectors: Any, mistral_test_server: Any) -> None:
    new_connector(connectors)
    connectors.get("wiki", fetch_customer_data=True, fetch_connection_secrets=False)
    sent = mistral_test_server.requests[-1]
    assert sent.path == "/v1/connectors/wiki"
    assert sent.query == {"fetch_customer_data": ["true"], "fetch_connection_secrets": ["false"]}
    connectors.get("wiki")
    assert mistral_test_server.requests[-1].query == {}


def test_update_sends_only_what_is_given(connectors: Any, mistral_test_server: Any) -> None:
    connector = new_connector(connectors)
    updated = connectors.update(connector.id, description="The wiki", icon_url=None)
    sent = mistral_test_server.requests[-1]
    assert (sent.method, sent.path) == ("PATCH", f"/v1/connectors/{connector.id}")
    assert sent.json() == {"description": "The wiki", "icon_url": None}
    assert updated.description == "The wiki"
    assert updated.name == "wiki"
    updated = connectors.update(connector.id, auth_data={"client_id": "a", "client_secret": "b"})
    assert updated.auth_type == "oauth2"


def test_delete_and_the_errors_of_a_missing_or_duplicate_connector(connectors: Any) -> None:
    connector = new_connector(connectors)
    with pytest.raises(errors.ConflictError, match="already exists"):
        new_connector(connectors)
    with pytest.raises(errors.HTTPValidationError) as not_an_id:
        connectors.delete("wiki")
    assert not_an_id.value.detail[0]["loc"] == ["path", "connector_id"]
    deleted = connectors.delete(connector.id)
    assert isinstance(deleted, MessageResponse)
    assert connector.id in deleted.message
    with pytest.raises(errors.NotFoundError):
        connectors.get("wiki")


def test_ids_that_would_change_the_endpoint_are_refused(
    connectors: Any, mistral_test_server: Any
) -> None:
    with pytest.raises(errors.RequestValidationError):
        connectors.get("..")
    with pytest.raises(errors.NotFoundError):
        connectors.get("a/b")
    assert mistral_test_server.requests[-1].path == "/v1/connectors/a%2Fb"


def test_list_filters_go_as_query_parameters(connectors: Any, mistral_test_server: Any) -> None:
    new_connector(connectors, "open")
    new_connector(connectors, "signed", auth_data={"client_id": "a", "client_secret": "b"})
    active = connectors.list(query_filters=ConnectorsQueryFilters(active=True), page_size=10)
    assert [c.name for c in active.items] == ["open"]
    assert mistral_test_server.requests[-1].query == {"active": ["true"], "page_size": ["10"]}
    inactive = connectors.list(query_filters={"active": False, "fetch_user_data": True})
    assert [c.name for c in inactive.items] == ["signed"]
    assert mistral_test_server.requests[-1].query == {
        "active": ["false"],
        "fetch_user_data": ["true"],
    }
    with pytest.raises(errors.RequestValidationError, match="query_filters"):
        connectors.list(query_filters={"active": "maybe"})


def test_iter_all_follows_the_cursor(connectors: Any, mistral_test_server: Any) -> None:
    made = [new_connector(connectors, f"c{i}") for i in range(5)]
    mistral_test_server.requests.clear()
    assert [c.id for c in connectors.iter_all(page_size=2)] == [c.id for c in made]
    cursors = [r.query.get("cursor") for r in mistral_test_server.requests]
    assert cursors == [None, [made[1].id], [made[3].id]]
    pages = list(connectors.list_pages(page_size=2, cursor=made[0].id))
    assert [[c.name for c in p.items] for p in pages] == [["c1", "c2"], ["c3", "c4"]]
    assert pages[-1].pagination.next_cursor is None


def test_page_size_out_of_range_is_an_api_error(connectors: Any) -> None:
    with pytest.raises(errors.HTTPValidationError):
        connectors.list(page_size=0)


async def test_async_twins(aconnectors: Any, mistral_test_server: Any) -> None:
    connector = await aconnectors.create_async(
        name="async", description="d", server="https://mcp.example.com"
    )
    assert (await aconnectors.get_async("async")).id == connector.id
    updated = await aconnectors.update_async(connector.id, name="renamed")
    assert updated.name == "renamed"
    assert [c.name async for c in aconnectors.iter_all_async(page_size=1)] == ["renamed"]
    assert [len(p.items) async for p in aconnectors.list_pages_async()] == [1]
    assert (await aconnectors.list_async()).items[0].id == connector.id
    await aconnectors.delete_async(connector.id)
    assert mistral_test_server.requests[-1].method == "DELETE"
    assert (await aconnectors.list_async()).items == []
