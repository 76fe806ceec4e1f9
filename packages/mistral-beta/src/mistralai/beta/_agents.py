"""``client.beta.agents``: create, version and alias agents."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from typing_extensions import Unpack

from mistralai.beta.models import (
    Agent,
    AgentAliasResponse,
    AgentCreationRequest,
    AgentListPage,
    AgentUpdateRequest,
    CompletionArgs,
)
from mistralai.models import GuardrailConfig
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
)

_BASE = "/v1/agents"
_ONE = _BASE + "/{agent_id}"
CREATE: Operation[Agent] = Operation("agents_api_v1_agents_create", "POST", _BASE, Agent)
LIST: Operation[list[Agent]] = Operation("agents_api_v1_agents_list", "GET", _BASE, list[Agent])
LIST_CURSOR_PAGE: Operation[AgentListPage] = Operation(
    "agents_api_v1_agents_list_pages", "GET", _BASE + "/pages", AgentListPage
)
GET: Operation[Agent] = Operation("agents_api_v1_agents_get", "GET", _ONE, Agent)
UPDATE: Operation[Agent] = Operation("agents_api_v1_agents_update", "PATCH", _ONE, Agent)
DELETE: Operation[None] = Operation("agents_api_v1_agents_delete", "DELETE", _ONE)
UPDATE_VERSION: Operation[Agent] = Operation(
    "agents_api_v1_agents_update_version", "PATCH", _ONE + "/version", Agent
)
LIST_VERSIONS: Operation[list[Agent]] = Operation(
    "agents_api_v1_agents_list_versions", "GET", _ONE + "/versions", list[Agent]
)
GET_VERSION: Operation[Agent] = Operation(
    "agents_api_v1_agents_get_version", "GET", _ONE + "/versions/{version}", Agent
)
SET_ALIAS: Operation[AgentAliasResponse] = Operation(
    "agents_api_v1_agents_create_or_update_alias", "PUT", _ONE + "/aliases", AgentAliasResponse
)
LIST_ALIASES: Operation[list[AgentAliasResponse]] = Operation(
    "agents_api_v1_agents_list_version_aliases", "GET", _ONE + "/aliases", list[AgentAliasResponse]
)
DELETE_ALIAS: Operation[None] = Operation(
    "agents_api_v1_agents_delete_alias", "DELETE", _ONE + "/aliases"
)
PAGES = CursorPages[AgentListPage, Agent](
    lambda page: page.data, lambda page: page.next_page_token, cursor="page_token"
)
"""How ``GET /v1/agents/pages`` pages: each page's ``next_page_token`` is sent back as
``page_token``."""
VERSION_PAGES = NumberedPages[list[Agent], Agent](lambda page: page, first=0, default_size=20)
"""How ``GET /v1/agents/{agent_id}/versions`` pages: ``page`` from 0, 20 versions a page; a
page is a bare list, so a page shorter than the page size is the last."""

Tools = Sequence[Any]
Guardrails = Sequence[GuardrailConfig | Mapping[str, Any]]


def _agent(agent_id: str) -> dict[str, str]:
    return {"agent_id": agent_id}


def _filters(
    deployment_chat: bool | None,
    sources: Sequence[str] | None,
    name: str | None,
    search: str | None,
    id: str | None,
    metadata: Mapping[str, Any] | None,
) -> dict[str, Any]:
    """The query filters shared by both agent listings (metadata goes as JSON)."""
    return {
        "deployment_chat": deployment_chat,
        "sources": list(sources) if sources else None,
        "name": name,
        "search": search,
        "id": id,
        "metadata": json.dumps(metadata) if metadata else None,
    }


class BetaAgents(Resource):
    """Agents management (``/v1/agents``); talk to an agent with ``client.agents`` or
    ``client.beta.conversations``.

    >>> agent = client.beta.agents.create(model="mistral-medium-latest", name="helper")
    """

    def _create(
        self,
        *,
        model: str,
        name: str,
        instructions: OptionalNullable[str] = UNSET,
        tools: Tools | UnsetType = UNSET,
        completion_args: CompletionArgs | Mapping[str, Any] | UnsetType = UNSET,
        guardrails: OptionalNullable[Guardrails] = UNSET,
        description: OptionalNullable[str] = UNSET,
        handoffs: OptionalNullable[Sequence[str]] = UNSET,
        metadata: OptionalNullable[Mapping[str, Any]] = UNSET,
        version_message: OptionalNullable[str] = UNSET,
        **options: Unpack[CallOptions],
    ) -> Call:
        """Create an agent (version 0).

        :param model: the model the agent uses.
        :param name: its name.
        :param instructions: its system instructions.
        :param tools: its tools (function, web_search, code_interpreter...).
        :param completion_args: its sampling settings.
        :param handoffs: ids of agents it may hand the conversation to.
        :param version_message: a note describing this version.

        >>> agent = client.beta.agents.create(model="mistral-medium-latest", name="helper",
        ...                                   instructions="Answer in one sentence.")
        >>> agent.version
        0
        """
        return Call(body=request_body(AgentCreationRequest, locals()), options=options)

    def _list(
        self,
        *,
        page: int | UnsetType = UNSET,
        page_size: int | UnsetType = UNSET,
        deployment_chat: bool | None = None,
        sources: Sequence[str] | None = None,
        name: str | None = None,
        search: str | None = None,
        id: str | None = None,
        metadata: Mapping[str, Any] | None = None,
        **options: Unpack[CallOptions],
    ) -> Call:
        """List agents; every filter is optional.

        >>> [a.name for a in client.beta.agents.list(page_size=20, search="helper")]
        """
        query = {
            "page": page,
            "page_size": page_size,
            **_filters(deployment_chat, sources, name, search, id, metadata),
        }
        return Call(query=query, options=options)

    def _list_cursor_page(
        self,
        *,
        page_size: int | UnsetType = UNSET,
        page_token: str | None = None,
        deployment_chat: bool | None = None,
        sources: Sequence[str] | None = None,
        name: str | None = None,
        search: str | None = None,
        id: str | None = None,
        metadata: Mapping[str, Any] | None = None,
        **options: Unpack[CallOptions],
    ) -> Call:
        """One page of the agents this key may see, paginated by cursor.

        :param page_size: agents per page (1 to 1000, 20 by default).
        :param page_token: the ``next_page_token`` of the previous page; leave it out for the
            first page.

        The other filters are those of :meth:`list`. :meth:`list_pages` and :meth:`iter_all`
        walk every page.

        >>> page = client.beta.agents.list_cursor_page(page_size=10)
        >>> [a.id for a in page.data], page.next_page_token
        """
        query = {
            "page_size": page_size,
            "page_token": page_token,
            **_filters(deployment_chat, sources, name, search, id, metadata),
        }
        return Call(query=query, options=options)

    def _get(
        self,
        agent_id: str,
        *,
        agent_version: int | str | None = None,
        **options: Unpack[CallOptions],
    ) -> Call:
        """An agent, at its current version or at ``agent_version`` (a number or an alias).

        >>> client.beta.agents.get(agent_id).name
        'helper'
        >>> first = client.beta.agents.get(agent_id, agent_version=0)
        """
        return Call(
            path_params=_agent(agent_id),
            query={"agent_version": agent_version},
            options=options,
        )

    def _update(
        self,
        agent_id: str,
        *,
        instructions: OptionalNullable[str] = UNSET,
        tools: Tools | UnsetType = UNSET,
        completion_args: CompletionArgs | Mapping[str, Any] | UnsetType = UNSET,
        guardrails: OptionalNullable[Guardrails] = UNSET,
        model: OptionalNullable[str] = UNSET,
        name: OptionalNullable[str] = UNSET,
        description: OptionalNullable[str] = UNSET,
        handoffs: OptionalNullable[Sequence[str]] = UNSET,
        deployment_chat: OptionalNullable[bool] = UNSET,
        metadata: OptionalNullable[Mapping[str, Any]] = UNSET,
        version_message: OptionalNullable[str] = UNSET,
        **options: Unpack[CallOptions],
    ) -> Call:
        """Change an agent; this creates a new version. Only the fields given change.

        >>> client.beta.agents.update(agent_id, instructions="Be very brief.").version
        1
        """
        body = request_body(AgentUpdateRequest, locals())
        return Call(path_params=_agent(agent_id), body=body, options=options)

    def _update_version(
        self, agent_id: str, *, version: int, **options: Unpack[CallOptions]
    ) -> Call:
        """Make ``version`` the agent's current version.

        >>> agent = client.beta.agents.update(agent_id, instructions="Be very brief.")
        >>> client.beta.agents.update_version(agent_id, version=0).version
        0
        """
        return Call(
            path_params=_agent(agent_id),
            query={"version": version},
            options=options,
        )

    def _delete(self, agent_id: str, **options: Unpack[CallOptions]) -> Call:
        """Delete an agent.

        >>> client.beta.agents.delete(agent_id)
        """
        return Call(path_params=_agent(agent_id), options=options)

    def _list_versions(
        self,
        agent_id: str,
        *,
        page: int | UnsetType = UNSET,
        page_size: int | UnsetType = UNSET,
        **options: Unpack[CallOptions],
    ) -> Call:
        """Every version of an agent.

        >>> agent = client.beta.agents.update(agent_id, instructions="Be very brief.")
        >>> [a.version for a in client.beta.agents.list_versions(agent_id)]
        """
        query = {"page": page, "page_size": page_size}
        return Call(path_params=_agent(agent_id), query=query, options=options)

    def _get_version(
        self, agent_id: str, *, version: int | str, **options: Unpack[CallOptions]
    ) -> Call:
        """One version of an agent.

        >>> client.beta.agents.get_version(agent_id, version=0).instructions
        'Be brief.'
        """
        return Call(
            path_params={"agent_id": agent_id, "version": str(version)},
            options=options,
        )

    def _create_version_alias(
        self, agent_id: str, *, alias: str, version: int, **options: Unpack[CallOptions]
    ) -> Call:
        """Point ``alias`` at ``version`` (creating or moving it).

        >>> client.beta.agents.create_version_alias(agent_id, alias="prod", version=0).alias
        'prod'
        """
        query = {"alias": alias, "version": version}
        return Call(path_params=_agent(agent_id), query=query, options=options)

    def _list_version_aliases(self, agent_id: str, **options: Unpack[CallOptions]) -> Call:
        """The aliases of an agent.

        >>> alias = client.beta.agents.create_version_alias(agent_id, alias="prod", version=0)
        >>> [(a.alias, a.version) for a in client.beta.agents.list_version_aliases(agent_id)]
        [('prod', 0)]
        """
        return Call(path_params=_agent(agent_id), options=options)

    def _delete_version_alias(
        self, agent_id: str, *, alias: str, **options: Unpack[CallOptions]
    ) -> Call:
        """Remove an alias.

        >>> alias = client.beta.agents.create_version_alias(agent_id, alias="prod", version=0)
        >>> client.beta.agents.delete_version_alias(agent_id, alias="prod")
        """
        return Call(path_params=_agent(agent_id), query={"alias": alias}, options=options)

    create = sync_operation(CREATE, _create)
    create_async = async_operation(CREATE, _create)
    list = sync_operation(LIST, _list)
    list_async = async_operation(LIST, _list)
    list_cursor_page = sync_operation(LIST_CURSOR_PAGE, _list_cursor_page)
    list_cursor_page_async = async_operation(LIST_CURSOR_PAGE, _list_cursor_page)
    list_pages = sync_pages(
        list_cursor_page,
        PAGES,
        example="""
        >>> [len(page.data) for page in client.beta.agents.list_pages(page_size=10)]
        """,
    )
    list_pages_async = async_pages(
        list_cursor_page_async,
        PAGES,
        example="""
        >>> [len(page.data) async for page in client.beta.agents.list_pages_async(page_size=10)]
        """,
    )
    iter_all = sync_items(
        list_cursor_page,
        PAGES,
        example="""
        >>> names = [a.name for a in client.beta.agents.iter_all(page_size=100)]
        """,
    )
    iter_all_async = async_items(
        list_cursor_page_async,
        PAGES,
        example="""
        >>> names = [a.name async for a in client.beta.agents.iter_all_async(page_size=100)]
        """,
    )
    get = sync_operation(GET, _get)
    get_async = async_operation(GET, _get)
    update = sync_operation(UPDATE, _update)
    update_async = async_operation(UPDATE, _update)
    update_version = sync_operation(UPDATE_VERSION, _update_version)
    update_version_async = async_operation(UPDATE_VERSION, _update_version)
    delete = sync_operation(DELETE, _delete)
    delete_async = async_operation(DELETE, _delete)
    list_versions = sync_operation(LIST_VERSIONS, _list_versions)
    list_versions_async = async_operation(LIST_VERSIONS, _list_versions)
    list_versions_pages = sync_pages(
        list_versions,
        VERSION_PAGES,
        example="""
        >>> [len(page) for page in client.beta.agents.list_versions_pages(agent_id, page_size=5)]
        """,
    )
    list_versions_pages_async = async_pages(
        list_versions_async,
        VERSION_PAGES,
        example="""
        >>> [len(page) async for page in client.beta.agents.list_versions_pages_async(agent_id)]
        """,
    )
    iter_versions = sync_items(
        list_versions,
        VERSION_PAGES,
        example="""
        >>> [a.version for a in client.beta.agents.iter_versions(agent_id)]
        """,
    )
    iter_versions_async = async_items(
        list_versions_async,
        VERSION_PAGES,
        example="""
        >>> [a.version async for a in client.beta.agents.iter_versions_async(agent_id)]
        """,
    )
    get_version = sync_operation(GET_VERSION, _get_version)
    get_version_async = async_operation(GET_VERSION, _get_version)
    create_version_alias = sync_operation(SET_ALIAS, _create_version_alias)
    create_version_alias_async = async_operation(SET_ALIAS, _create_version_alias)
    list_version_aliases = sync_operation(LIST_ALIASES, _list_version_aliases)
    list_version_aliases_async = async_operation(LIST_ALIASES, _list_version_aliases)
    delete_version_alias = sync_operation(DELETE_ALIAS, _delete_version_alias)
    delete_version_alias_async = async_operation(DELETE_ALIAS, _delete_version_alias)
