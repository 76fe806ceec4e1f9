"""``client.beta.connectors``: MCP connectors, their tools, and how they authenticate."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, TypeVar

import pydantic
from typing_extensions import Unpack

from mistralai.connectors.models import (
    AuthData,
    AuthUrlResponse,
    ConnectionCredentials,
    Connector,
    ConnectorMCPCreate,
    ConnectorMCPUpdate,
    ConnectorsQueryFilters,
    ConnectorToolListItem,
    ConnectorToolPage,
    CredentialsCreateOrUpdate,
    CredentialsResponse,
    MCPToolCallRequest,
    MCPToolCallResponse,
    MessageResponse,
    OutboundAuthenticationType,
    PaginatedConnectors,
    PublicAuthenticationMethod,
    ResourceVisibility,
)
from mistralai.errors import RequestValidationError
from mistralai.types import UNSET, OptionalNullable, UnsetType
from mistralai.utils import (
    Call,
    CallOptions,
    CursorPages,
    NumberedPages,
    Operation,
    Resource,
    async_items,
    async_operation,
    async_pages,
    request_body,
    sync_items,
    sync_operation,
    sync_pages,
    validate_arg,
)

M = TypeVar("M", bound=pydantic.BaseModel)

_BASE = "/v1/connectors"
_ONE = _BASE + "/{connector_id_or_name}"
_BY_ID = _BASE + "/{connector_id}"
_ORGANIZATION = _ONE + "/organization/credentials"
_WORKSPACE = _ONE + "/workspace/credentials"
_USER = _ONE + "/user/credentials"
_NAMED = "/{credentials_name}"

CREATE: Operation[Connector] = Operation("connector_create_v1", "POST", _BASE, Connector)
LIST: Operation[PaginatedConnectors] = Operation(
    "connector_list_v1", "GET", _BASE, PaginatedConnectors
)
GET: Operation[Connector] = Operation("connector_get_v1", "GET", _ONE, Connector)
UPDATE: Operation[Connector] = Operation("connector_update_v1", "PATCH", _BY_ID, Connector)
DELETE: Operation[MessageResponse] = Operation(
    "connector_delete_v1", "DELETE", _BY_ID, MessageResponse
)
GET_AUTH_URL: Operation[AuthUrlResponse] = Operation(
    "connector_get_auth_url_v1", "GET", _ONE + "/auth_url", AuthUrlResponse
)
GET_AUTHENTICATION_METHODS: Operation[list[PublicAuthenticationMethod]] = Operation(
    "connector_get_authentication_methods_v1",
    "GET",
    _ONE + "/authentication_methods",
    list[PublicAuthenticationMethod],
)
LIST_TOOLS: Operation[list[ConnectorToolListItem]] = Operation(
    "connector_list_tools_v1", "GET", _ONE + "/tools", list[ConnectorToolListItem]
)
CALL_TOOL: Operation[MCPToolCallResponse] = Operation(
    "connector_call_tool_v1", "POST", _ONE + "/tools/{tool_name}/call", MCPToolCallResponse
)
# Creating or updating named credentials twice with one body leaves them as once: an upsert
# may be sent again after a connection broke.
LIST_ORGANIZATION_CREDENTIALS: Operation[CredentialsResponse] = Operation(
    "connector_list_organization_credentials_v1", "GET", _ORGANIZATION, CredentialsResponse
)
CREATE_OR_UPDATE_ORGANIZATION_CREDENTIALS: Operation[MessageResponse] = Operation(
    "connector_create_or_update_organization_credentials_v1",
    "POST",
    _ORGANIZATION,
    MessageResponse,
    idempotent=True,
)
DELETE_ORGANIZATION_CREDENTIALS: Operation[MessageResponse] = Operation(
    "connector_delete_organization_credentials_v1",
    "DELETE",
    _ORGANIZATION + _NAMED,
    MessageResponse,
)
LIST_WORKSPACE_CREDENTIALS: Operation[CredentialsResponse] = Operation(
    "connector_list_workspace_credentials_v1", "GET", _WORKSPACE, CredentialsResponse
)
CREATE_OR_UPDATE_WORKSPACE_CREDENTIALS: Operation[MessageResponse] = Operation(
    "connector_create_or_update_workspace_credentials_v1",
    "POST",
    _WORKSPACE,
    MessageResponse,
    idempotent=True,
)
DELETE_WORKSPACE_CREDENTIALS: Operation[MessageResponse] = Operation(
    "connector_delete_workspace_credentials_v1", "DELETE", _WORKSPACE + _NAMED, MessageResponse
)
LIST_USER_CREDENTIALS: Operation[CredentialsResponse] = Operation(
    "connector_list_user_credentials_v1", "GET", _USER, CredentialsResponse
)
CREATE_OR_UPDATE_USER_CREDENTIALS: Operation[MessageResponse] = Operation(
    "connector_create_or_update_user_credentials_v1",
    "POST",
    _USER,
    MessageResponse,
    idempotent=True,
)
DELETE_USER_CREDENTIALS: Operation[MessageResponse] = Operation(
    "connector_delete_user_credentials_v1", "DELETE", _USER + _NAMED, MessageResponse
)

_CREDENTIALS_NAME = re.compile(r"[a-zA-Z0-9_-]{1,64}")
_FILTERS: pydantic.TypeAdapter[ConnectorsQueryFilters] = pydantic.TypeAdapter(
    ConnectorsQueryFilters
)


def _body(model: type[M], params: Mapping[str, Any]) -> M:
    """:func:`~mistralai.utils.request_body` whose errors never repeat what was given: these
    bodies carry client secrets, tokens and headers."""
    try:
        return request_body(model, params)
    except RequestValidationError as exc:
        refused = exc.cause
    # Raised outside the handler, so the error carries no trace of the refused values.
    problems = (
        "; ".join(
            f"{'.'.join(map(str, e['loc'])) or 'value'}: {e['msg']}"
            for e in refused.errors(include_url=False, include_input=False)[:3]
        )
        if refused is not None
        else "invalid value"
    )
    raise RequestValidationError(
        f"invalid arguments for {model.__name__}: {problems}; nothing was sent"
    )


def _credentials_name(value: str | None) -> str | None:
    if value is not None and not _CREDENTIALS_NAME.fullmatch(value):
        raise RequestValidationError(
            f"credentials_name {value!r} is not valid: use 1 to 64 letters, digits, '_' or '-'; "
            "nothing was sent"
        )
    return value


def _connector(connector_id_or_name: str) -> dict[str, str]:
    return {"connector_id_or_name": connector_id_or_name}


PAGES = CursorPages[PaginatedConnectors, Connector](
    lambda page: page.items, lambda page: page.pagination.next_cursor
)
"""How ``GET /v1/connectors`` pages: each page's ``pagination.next_cursor`` is sent back as
``cursor``."""
TOOL_PAGES = NumberedPages[ConnectorToolPage, ConnectorToolListItem](
    lambda page: page, first=1, default_size=100
)
"""How ``GET /v1/connectors/{connector_id_or_name}/tools`` pages: ``page`` from 1, 100 tools
a page; a page is a bare list, so a page shorter than the page size is the last."""


class Connectors(Resource):
    """Connectors to MCP servers (``client.beta.connectors``): create them, list and call
    their tools, and give them the credentials they sign in with (an OAuth2 flow started by
    :meth:`get_auth_url`, or tokens and headers stored for the organization, a workspace or
    a user).

    >>> connectors = client.beta.connectors
    >>> calc = connectors.create(name="calc", description="A calculator",
    ...                          server="https://mcp.example.com/calc")
    >>> [tool.name for tool in calc.tools]
    ['echo', 'add', 'fail']
    >>> connectors.create_or_update_user_credentials(
    ...     calc.id, name="mine", credentials={"bearer_token": "my-token"}).message
    "Credentials 'mine' created."
    >>> connectors.call_tool(calc.id, "add", arguments={"a": 3, "b": 4}).text
    '3 + 4 = 7'
    """

    __slots__ = ()

    # -- connectors -------------------------------------------------------------------------

    def _create(
        self,
        *,
        name: str,
        description: str,
        server: str,
        icon_url: OptionalNullable[str] = UNSET,
        visibility: ResourceVisibility | UnsetType = UNSET,
        headers: OptionalNullable[Mapping[str, Any]] = UNSET,
        auth_data: OptionalNullable[AuthData | Mapping[str, str]] = UNSET,
        system_prompt: OptionalNullable[str] = UNSET,
        **options: Unpack[CallOptions],
    ) -> Call:
        """Create a connector to an MCP server.

        :param name: up to 64 letters, digits, ``_`` or ``-``; unique.
        :param server: the URL of the MCP server.
        :param visibility: ``"private"``, ``"shared_workspace"`` or ``"shared_org"`` (the
            API's default).
        :param headers: headers sent to the MCP server with every request (organization-wide).
        :param auth_data: the OAuth2 client (``client_id``, ``client_secret``) users sign in
            with; see :meth:`get_auth_url`.
        :param system_prompt: instructions given to the model along with the tools.

        >>> wiki = client.beta.connectors.create(name="wiki", description="Team wiki",
        ...     server="https://mcp.example.com/wiki", visibility="private",
        ...     auth_data={"client_id": "wiki-app", "client_secret": "wiki-secret"})
        >>> wiki.auth_type
        'oauth2'
        """
        return Call(body=_body(ConnectorMCPCreate, locals()), options=options)

    def _list(
        self,
        *,
        query_filters: ConnectorsQueryFilters | Mapping[str, Any] | None = None,
        cursor: str | None = None,
        page_size: int | UnsetType = UNSET,
        **options: Unpack[CallOptions],
    ) -> Call:
        """One page of connectors (``page_size`` 1 to 1,000, 100 by default); pass a page's
        ``pagination.next_cursor`` as ``cursor`` for the next. :meth:`iter_all` walks every
        page.

        :param query_filters: ``ConnectorsQueryFilters(active=True)`` or its dict; sent as
            query parameters.

        >>> page = client.beta.connectors.list(query_filters={"active": True})
        >>> active = [c.id for c in page.items]
        >>> calc.id in active, wiki.id in active  # wiki needs its users to sign in first
        (True, False)
        """
        filters = (
            None
            if query_filters is None
            else validate_arg(_FILTERS, query_filters, "query_filters")
        )
        query: dict[str, Any] = filters.to_wire() if filters is not None else {}
        query.update(cursor=cursor, page_size=page_size)
        return Call(query=query, options=options)

    def _get(
        self,
        connector_id_or_name: str,
        *,
        fetch_customer_data: bool | UnsetType = UNSET,
        fetch_connection_secrets: bool | UnsetType = UNSET,
        **options: Unpack[CallOptions],
    ) -> Call:
        """A connector, by id or name.

        :param fetch_customer_data: include the customer data (secrets, configuration).
        :param fetch_connection_secrets: include the connection secrets. Either kind of
            secret is kept on the answer but never shown in its repr.

        >>> client.beta.connectors.get(wiki.name).server
        'https://mcp.example.com/wiki'
        """
        query = {
            "fetch_customer_data": fetch_customer_data,
            "fetch_connection_secrets": fetch_connection_secrets,
        }
        return Call(path_params=_connector(connector_id_or_name), query=query, options=options)

    def _update(
        self,
        connector_id: str,
        *,
        name: OptionalNullable[str] = UNSET,
        description: OptionalNullable[str] = UNSET,
        icon_url: OptionalNullable[str] = UNSET,
        system_prompt: OptionalNullable[str] = UNSET,
        connection_config: OptionalNullable[Mapping[str, Any]] = UNSET,
        connection_secrets: OptionalNullable[Mapping[str, Any]] = UNSET,
        server: OptionalNullable[str] = UNSET,
        headers: OptionalNullable[Mapping[str, Any]] = UNSET,
        auth_data: OptionalNullable[AuthData | Mapping[str, str]] = UNSET,
        **options: Unpack[CallOptions],
    ) -> Call:
        """Change a connector (by id); only the arguments given are sent.

        >>> client.beta.connectors.update(wiki.id, server="https://mcp2.example.com/wiki").server
        'https://mcp2.example.com/wiki'
        """
        body = _body(ConnectorMCPUpdate, locals())
        return Call(path_params={"connector_id": connector_id}, body=body, options=options)

    def _delete(self, connector_id: str, **options: Unpack[CallOptions]) -> Call:
        """Delete a connector (by id).

        >>> client.beta.connectors.delete(wiki.id).message
        'Connector ... deleted.'
        """
        return Call(path_params={"connector_id": connector_id}, options=options)

    create = sync_operation(CREATE, _create)
    create_async = async_operation(CREATE, _create)
    list = sync_operation(LIST, _list)
    list_async = async_operation(LIST, _list)
    list_pages = sync_pages(
        list,
        PAGES,
        example="""
        >>> calc.name, wiki.name
        ('calc', 'wiki')
        >>> [[c.name for c in page.items] for page in client.beta.connectors.list_pages(page_size=1)]
        [['calc'], ['wiki']]
        """,
    )
    list_pages_async = async_pages(
        list_async,
        PAGES,
        example="""
        >>> pages = client.beta.connectors.list_pages_async(page_size=1)
        >>> [page.items[0].id == calc.id async for page in pages]
        [True]
        """,
    )
    iter_all = sync_items(
        list,
        PAGES,
        example="""
        >>> by_name = {c.name: c for c in client.beta.connectors.iter_all()}
        >>> by_name[calc.name].server
        'https://mcp.example.com/calc'
        """,
    )
    iter_all_async = async_items(
        list_async,
        PAGES,
        example="""
        >>> [c.auth_type async for c in client.beta.connectors.iter_all_async() if c.id == wiki.id]
        ['oauth2']
        """,
    )
    get = sync_operation(GET, _get)
    get_async = async_operation(GET, _get)
    update = sync_operation(UPDATE, _update)
    update_async = async_operation(UPDATE, _update)
    delete = sync_operation(DELETE, _delete)
    delete_async = async_operation(DELETE, _delete)

    # -- tools ------------------------------------------------------------------------------

    def _list_tools(
        self,
        connector_id_or_name: str,
        *,
        page: int | UnsetType = UNSET,
        page_size: int | UnsetType = UNSET,
        refresh: bool | UnsetType = UNSET,
        pretty: bool | UnsetType = UNSET,
        credentials_name: str | None = None,
        **options: Unpack[CallOptions],
    ) -> Call:
        """One page of a connector's tools (``page`` counts from 1; 100 tools a page by
        default). :meth:`iter_tools` walks every page.

        :param refresh: ask the MCP server again instead of using the stored list.
        :param pretty: a short form of each tool: name, description, annotations and a
            compact input schema.
        :param credentials_name: the credentials to reach the MCP server with (default: the
            default ones).

        >>> [t.name for t in client.beta.connectors.list_tools(calc.name)]
        ['echo', 'add', 'fail']
        """
        query = {
            "page": page,
            "page_size": page_size,
            "refresh": refresh,
            "pretty": pretty,
            "credentials_name": _credentials_name(credentials_name),
        }
        return Call(path_params=_connector(connector_id_or_name), query=query, options=options)

    def _call_tool(
        self,
        connector_id_or_name: str,
        tool_name: str,
        *,
        arguments: Mapping[str, Any] | None = None,
        credentials_name: str | None = None,
        **options: Unpack[CallOptions],
    ) -> Call:
        """Call a tool of a connector with ``arguments``; a call is never sent twice.

        :param credentials_name: the credentials to call it with (default: the default ones).
        :returns: the tool's answer: ``.content`` (text, images, resources...), ``.text``,
            ``.is_error`` and ``.structured_content``.

        >>> answer = client.beta.connectors.call_tool(calc.name, "add", arguments={"a": 2, "b": 40})
        >>> answer.text, answer.structured_content
        ('2 + 40 = 42', {'result': 42})
        """
        body = _body(MCPToolCallRequest, {"arguments": arguments or {}})
        path = {**_connector(connector_id_or_name), "tool_name": tool_name}
        query = {"credentials_name": _credentials_name(credentials_name)}
        return Call(path_params=path, query=query, body=body, options=options)

    list_tools = sync_operation(LIST_TOOLS, _list_tools)
    list_tools_async = async_operation(LIST_TOOLS, _list_tools)
    list_tools_pages = sync_pages(
        list_tools,
        TOOL_PAGES,
        example="""
        >>> [len(page) for page in client.beta.connectors.list_tools_pages(calc.name, page_size=2)]
        [2, 1]
        """,
    )
    list_tools_pages_async = async_pages(
        list_tools_async,
        TOOL_PAGES,
        example="""
        >>> pages = client.beta.connectors.list_tools_pages_async(calc.name, page_size=2)
        >>> [[tool.name for tool in page] async for page in pages]
        [['echo', 'add'], ['fail']]
        """,
    )
    iter_tools = sync_items(
        list_tools,
        TOOL_PAGES,
        example="""
        >>> for tool in client.beta.connectors.iter_tools(calc.name, page_size=20):
        ...     print(tool.name, "-", tool.description)
        echo - Repeat a text
        add - Add two numbers
        fail - Always fails
        """,
    )
    iter_tools_async = async_items(
        list_tools_async,
        TOOL_PAGES,
        example="""
        >>> [tool.name async for tool in client.beta.connectors.iter_tools_async(calc.name)]
        ['echo', 'add', 'fail']
        """,
    )
    call_tool = sync_operation(CALL_TOOL, _call_tool)
    call_tool_async = async_operation(CALL_TOOL, _call_tool)

    # -- authentication ---------------------------------------------------------------------

    def _get_auth_url(
        self,
        connector_id_or_name: str,
        *,
        app_return_url: str | None = None,
        credentials_name: str | None = None,
        **options: Unpack[CallOptions],
    ) -> Call:
        """Start the OAuth2 sign-in to a connector: the URL to send the user to (valid for
        ``ttl`` seconds). Once they have signed in, the provider sends them back to the
        platform, which stores the token as their credentials and then redirects to
        ``app_return_url``.

        :param app_return_url: where the user lands when the sign-in is done.
        :param credentials_name: the name to store the token under (1 to 64 letters, digits,
            ``_`` or ``-``).

        >>> sign_in = client.beta.connectors.get_auth_url(
        ...     wiki.name, app_return_url="https://app.example.com/connected")
        >>> sign_in.auth_url
        'http://.../oauth2/authorize?client_id=wiki-app&state=...'
        >>> sign_in.ttl
        600
        """
        query = {
            "app_return_url": app_return_url,
            "credentials_name": _credentials_name(credentials_name),
        }
        return Call(path_params=_connector(connector_id_or_name), query=query, options=options)

    def _get_authentication_methods(
        self, connector_id_or_name: str, **options: Unpack[CallOptions]
    ) -> Call:
        """The ways a connector can authenticate, and the headers each needs (names only).

        >>> [m.method_type for m in client.beta.connectors.get_authentication_methods(wiki.name)]
        ['oauth2', 'bearer']
        """
        return Call(path_params=_connector(connector_id_or_name), options=options)

    get_auth_url = sync_operation(GET_AUTH_URL, _get_auth_url)
    get_auth_url_async = async_operation(GET_AUTH_URL, _get_auth_url)
    get_authentication_methods = sync_operation(
        GET_AUTHENTICATION_METHODS, _get_authentication_methods
    )
    get_authentication_methods_async = async_operation(
        GET_AUTHENTICATION_METHODS, _get_authentication_methods
    )

    # -- credentials of the organization, a workspace or a user -----------------------------

    def _list_credentials(
        self,
        connector_id_or_name: str,
        *,
        auth_type: OutboundAuthenticationType | None = None,
        fetch_default: bool | UnsetType = UNSET,
        **options: Unpack[CallOptions],
    ) -> Call:
        """List a connector's credentials at one level (names and kinds; never secrets).

        :param auth_type: only credentials of this kind (``"oauth2"``, ``"bearer"``, ``"none"``).
        :param fetch_default: include the default credentials.

        >>> client.beta.connectors.create_or_update_user_credentials(
        ...     calc.name, name="mine", credentials={"bearer_token": "my-token"}).message
        "Credentials 'mine' created."
        >>> client.beta.connectors.list_user_credentials(calc.name).credentials
        [AuthenticationConfiguration(name='mine', authentication_type='bearer', is_default=True)]
        """
        query = {"auth_type": auth_type, "fetch_default": fetch_default}
        return Call(path_params=_connector(connector_id_or_name), query=query, options=options)

    def _create_or_update_credentials(
        self,
        connector_id_or_name: str,
        *,
        name: str,
        is_default: OptionalNullable[bool] = UNSET,
        credentials: OptionalNullable[ConnectionCredentials | Mapping[str, Any]] = UNSET,
        **options: Unpack[CallOptions],
    ) -> Call:
        """Create or update named credentials of a connector at one level.

        :param name: what the credentials are called; use it to change or delete them.
        :param credentials: ``{"bearer_token": ...}``, ``{"headers": {...}}`` or
            ``{"oauth": {"access_token": ...}}`` (or :class:`ConnectionCredentials`).
        :param is_default: make them the default of their kind (see
            :class:`~mistralai.connectors.models.CredentialsCreateOrUpdate`).

        >>> client.beta.connectors.create_or_update_user_credentials(
        ...     calc.name, name="mine", credentials={"bearer_token": "my-token"}, is_default=True)
        MessageResponse(message="Credentials 'mine' created.")
        """
        body = _body(CredentialsCreateOrUpdate, locals())
        return Call(path_params=_connector(connector_id_or_name), body=body, options=options)

    def _delete_credentials(
        self, connector_id_or_name: str, credentials_name: str, **options: Unpack[CallOptions]
    ) -> Call:
        """Delete named credentials of a connector at one level.

        >>> client.beta.connectors.create_or_update_user_credentials(
        ...     calc.name, name="mine", credentials={"bearer_token": "my-token"}).message
        "Credentials 'mine' created."
        >>> client.beta.connectors.delete_user_credentials(calc.name, "mine")
        MessageResponse(message="Credentials 'mine' deleted.")
        """
        path = {
            **_connector(connector_id_or_name),
            "credentials_name": _credentials_name(credentials_name),
        }
        return Call(path_params=path, options=options)

    list_organization_credentials = sync_operation(
        LIST_ORGANIZATION_CREDENTIALS,
        _list_credentials,
        summary="List a connector's organization credentials (names and kinds; never secrets).",
    )
    list_organization_credentials_async = async_operation(
        LIST_ORGANIZATION_CREDENTIALS,
        _list_credentials,
        summary="List a connector's organization credentials (names and kinds; never secrets).",
    )
    create_or_update_organization_credentials = sync_operation(
        CREATE_OR_UPDATE_ORGANIZATION_CREDENTIALS,
        _create_or_update_credentials,
        summary="Create or update named credentials of a connector for the whole organization.",
    )
    create_or_update_organization_credentials_async = async_operation(
        CREATE_OR_UPDATE_ORGANIZATION_CREDENTIALS,
        _create_or_update_credentials,
        summary="Create or update named credentials of a connector for the whole organization.",
    )
    delete_organization_credentials = sync_operation(
        DELETE_ORGANIZATION_CREDENTIALS,
        _delete_credentials,
        summary="Delete named organization credentials of a connector.",
    )
    delete_organization_credentials_async = async_operation(
        DELETE_ORGANIZATION_CREDENTIALS,
        _delete_credentials,
        summary="Delete named organization credentials of a connector.",
    )
    list_workspace_credentials = sync_operation(
        LIST_WORKSPACE_CREDENTIALS,
        _list_credentials,
        summary="List a connector's workspace credentials (names and kinds; never secrets).",
    )
    list_workspace_credentials_async = async_operation(
        LIST_WORKSPACE_CREDENTIALS,
        _list_credentials,
        summary="List a connector's workspace credentials (names and kinds; never secrets).",
    )
    create_or_update_workspace_credentials = sync_operation(
        CREATE_OR_UPDATE_WORKSPACE_CREDENTIALS,
        _create_or_update_credentials,
        summary="Create or update named credentials of a connector for the workspace.",
    )
    create_or_update_workspace_credentials_async = async_operation(
        CREATE_OR_UPDATE_WORKSPACE_CREDENTIALS,
        _create_or_update_credentials,
        summary="Create or update named credentials of a connector for the workspace.",
    )
    delete_workspace_credentials = sync_operation(
        DELETE_WORKSPACE_CREDENTIALS,
        _delete_credentials,
        summary="Delete named workspace credentials of a connector.",
    )
    delete_workspace_credentials_async = async_operation(
        DELETE_WORKSPACE_CREDENTIALS,
        _delete_credentials,
        summary="Delete named workspace credentials of a connector.",
    )
    list_user_credentials = sync_operation(
        LIST_USER_CREDENTIALS,
        _list_credentials,
        summary="List a connector's credentials of the calling user (names and kinds).",
    )
    list_user_credentials_async = async_operation(
        LIST_USER_CREDENTIALS,
        _list_credentials,
        summary="List a connector's credentials of the calling user (names and kinds).",
    )
    create_or_update_user_credentials = sync_operation(
        CREATE_OR_UPDATE_USER_CREDENTIALS,
        _create_or_update_credentials,
        summary="Create or update named credentials of a connector for the calling user.",
    )
    create_or_update_user_credentials_async = async_operation(
        CREATE_OR_UPDATE_USER_CREDENTIALS,
        _create_or_update_credentials,
        summary="Create or update named credentials of a connector for the calling user.",
    )
    delete_user_credentials = sync_operation(
        DELETE_USER_CREDENTIALS,
        _delete_credentials,
        summary="Delete named credentials of the calling user for a connector.",
    )
    delete_user_credentials_async = async_operation(
        DELETE_USER_CREDENTIALS,
        _delete_credentials,
        summary="Delete named credentials of the calling user for a connector.",
    )
