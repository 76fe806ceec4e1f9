"""``client.beta.connectors`` against the spec: every operation, with its smallest and its
fullest arguments."""

from __future__ import annotations

from typing import Any

import pytest

pytest.importorskip("mistralai.connectors", reason="mistral-connectors is not installed")

from contract_calls import ContractClient
from contract_spec import compare_model

from mistralai.connectors.models import (
    AuthData,
    AuthUrlResponse,
    ConnectionCredentials,
    Connector,
    ConnectorsQueryFilters,
    ConnectorTool,
    ConnectorToolLocale,
    CredentialsResponse,
    MCPToolCallResponse,
    MessageResponse,
    OAuth2Token,
    PaginatedConnectors,
    PublicAuthenticationMethod,
)

CONNECTOR = "7b1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d"
NAME = "team_wiki"
LEVELS = ("organization", "workspace", "user")


def test_create_minimal(contract: ContractClient) -> None:
    res = contract.check(
        contract.client.beta.connectors.create,
        name=NAME,
        description="Team wiki",
        server="https://mcp.example.com/sse",
    )
    assert isinstance(res, Connector)


def test_create_every_parameter(contract: ContractClient) -> None:
    contract.check(
        contract.client.beta.connectors.create,
        name=NAME,
        description="Team wiki",
        server="https://mcp.example.com/sse",
        icon_url="https://example.com/icon.png",
        visibility="shared_workspace",
        headers={"x-team": "docs"},
        auth_data=AuthData(client_id="app", client_secret="secret"),
        system_prompt="Search the wiki before answering.",
    )


def test_list_minimal_and_every_parameter(contract: ContractClient) -> None:
    connectors = contract.client.beta.connectors
    assert isinstance(contract.check(connectors.list), PaginatedConnectors)
    contract.check(
        connectors.list,
        query_filters=ConnectorsQueryFilters(active=True, fetch_connection_secrets=False),
        cursor="eyJpZCI6IDF9",
        page_size=50,
    )


def test_get(contract: ContractClient) -> None:
    connectors = contract.client.beta.connectors
    assert isinstance(contract.check(connectors.get, NAME), Connector)
    contract.check(
        connectors.get, CONNECTOR, fetch_customer_data=True, fetch_connection_secrets=True
    )


def test_update_and_delete(contract: ContractClient) -> None:
    connectors = contract.client.beta.connectors
    assert isinstance(contract.check(connectors.update, CONNECTOR, description="New"), Connector)
    contract.check(
        connectors.update,
        CONNECTOR,
        name=NAME,
        description="Team wiki",
        icon_url=None,
        system_prompt="Be brief.",
        connection_config={"timeout": 30},
        connection_secrets={"api_key": "secret"},
        server="https://mcp2.example.com/sse",
        headers={"x-team": "docs"},
        auth_data={"client_id": "app", "client_secret": "secret"},
    )
    assert isinstance(contract.check(connectors.delete, CONNECTOR), MessageResponse)


def test_auth_url_and_authentication_methods(contract: ContractClient) -> None:
    connectors = contract.client.beta.connectors
    assert isinstance(contract.check(connectors.get_auth_url, NAME), AuthUrlResponse)
    contract.check(
        connectors.get_auth_url,
        NAME,
        app_return_url="https://app.example.com/done",
        credentials_name="my-drive_1",
    )
    methods = contract.check(connectors.get_authentication_methods, NAME)
    assert all(isinstance(m, PublicAuthenticationMethod) for m in methods)


def test_tools(contract: ContractClient) -> None:
    connectors = contract.client.beta.connectors
    assert isinstance(contract.check(connectors.list_tools, NAME), list)
    contract.check(
        connectors.list_tools,
        NAME,
        page=2,
        page_size=10,
        refresh=True,
        pretty=True,
        credentials_name="mine",
    )
    answer = contract.check(connectors.call_tool, NAME, "search")
    assert isinstance(answer, MCPToolCallResponse)
    contract.check(
        connectors.call_tool,
        NAME,
        "search",
        arguments={"q": "vpn", "limit": 3},
        credentials_name="mine",
    )


@pytest.mark.parametrize("level", LEVELS)
def test_credentials(contract: ContractClient, level: str) -> None:
    connectors = contract.client.beta.connectors
    listing = getattr(connectors, f"list_{level}_credentials")
    assert isinstance(contract.check(listing, NAME), CredentialsResponse)
    contract.check(listing, NAME, auth_type="bearer", fetch_default=True)
    save = getattr(connectors, f"create_or_update_{level}_credentials")
    assert isinstance(contract.check(save, NAME, name="mine"), MessageResponse)
    contract.check(
        save,
        NAME,
        name="mine",
        is_default=True,
        credentials=ConnectionCredentials(
            oauth=OAuth2Token(
                access_token="token",
                expires_in=3600,
                scope="read",
                refresh_token="refresh",
                expires_at="2026-01-02T03:04:05Z",
            ),
            headers={"x-api-key": "key"},
            bearer_token="bearer",
        ),
    )
    delete = getattr(connectors, f"delete_{level}_credentials")
    assert isinstance(contract.check(delete, NAME, "mine"), MessageResponse)


@pytest.mark.parametrize(
    ("model", "schema"),
    [
        (ConnectorTool, "integrations__schemas__api__tool__Tool"),
        (ConnectorToolLocale, "integrations__schemas__turbine__ToolLocale"),
    ],
)
def test_models_named_apart_from_their_schema(
    spec: dict[str, Any], model: Any, schema: str
) -> None:
    drifts = [str(d) for d in compare_model(model, spec, schema)]
    # Answers tolerate a missing field (the reason of TOLERANT_RESPONSES in test_conformance).
    assert all("required by the spec, optional in the SDK" in d for d in drifts), drifts
