"""Models of the connectors API: MCP connectors, their tools, and the credentials they are
called with.

Class names and fields follow the schemas of Mistral's OpenAPI document; the spec's
``integrations__schemas__api__tool__Tool`` is :class:`ConnectorTool` and its ``ToolLocale``
:class:`ConnectorToolLocale`. MCP's camelCase fields have snake_case names here and keep
their wire names as aliases (``MCPTool.input_schema`` is ``inputSchema``). Answers tolerate
what the server leaves out (defaults) and adds (extra fields kept, unknown content kinds kept
as :class:`~mistralai.types.UnknownVariant`); enumerations in answers stay plain strings.

Secrets never show in a repr or ``str()``: client secrets, tokens, header values and
connection secrets print as ``'***'``, and so does any field an answer adds whose name
speaks of a secret, a token, a password, credentials or customer data.

>>> AuthData(client_id="app", client_secret="s3cr3t")
AuthData(client_id='app', client_secret='***')
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime
from typing import Annotated, Any, ClassVar, Literal, TypeAlias, Union

from pydantic import Discriminator, Field, Tag

from mistralai.types import MistralModel, Nullable, UnknownVariant, tag_or_unknown

ResourceVisibility: TypeAlias = Literal[
    "shared_global", "shared_org", "shared_workspace", "private"
]
"""Who sees a connector."""

OutboundAuthenticationType: TypeAlias = Literal["oauth2", "bearer", "none"]
"""How a connector authenticates to its MCP server."""

ConnectorSupportedLanguage: TypeAlias = Literal[
    "en", "fr", "ar", "es", "de", "pl", "pt-BR", "it", "nl"
]
MCPSupportedLanguage: TypeAlias = Literal["en", "fr", "de", "es", "pl", "it", "ar", "pt-BR", "nl"]
ToolType: TypeAlias = Literal["rag", "image", "code", "event"]

HIDDEN = "***"
"""What a repr shows in place of a secret."""

_SECRET_NAME = re.compile(r"secret|token|password|credential|customer|api_?key|authori", re.I)


class _RedactedModel(MistralModel):
    """Base of the connectors models: a repr that never shows a secret.

    ``_secret_fields`` names the fields to hide; fields the server adds are hidden when their
    name looks like a secret's.
    """

    _secret_fields: ClassVar[frozenset[str]] = frozenset()

    def __repr_args__(self) -> Iterator[tuple[str | None, Any]]:
        extra = self.__pydantic_extra__ or {}
        for name, value in super().__repr_args__():
            secret = name in self._secret_fields or (name in extra and _SECRET_NAME.search(name))
            yield name, HIDDEN if secret and value is not None else value


# -- requests --------------------------------------------------------------------------------


class AuthData(_RedactedModel):
    """The OAuth2 client a connector signs users in with."""

    _secret_fields = frozenset({"client_secret"})

    client_id: str
    client_secret: str


class ConnectorMCPCreate(_RedactedModel):
    """The body of ``POST /v1/connectors``: a connector to an MCP server."""

    _secret_fields = frozenset({"headers"})

    name: str
    description: str
    icon_url: Nullable[str] = None
    visibility: ResourceVisibility | None = None
    server: str = Field(min_length=1, max_length=2083)
    headers: Nullable[dict[str, Any]] = None
    auth_data: Nullable[AuthData] = None
    system_prompt: Nullable[str] = None


class ConnectorMCPUpdate(_RedactedModel):
    """The body of ``PATCH /v1/connectors/{connector_id}``: only the fields given change."""

    _secret_fields = frozenset({"connection_secrets", "headers"})

    name: Nullable[str] = None
    description: Nullable[str] = None
    icon_url: Nullable[str] = None
    system_prompt: Nullable[str] = None
    connection_config: Nullable[dict[str, Any]] = None
    connection_secrets: Nullable[dict[str, Any]] = None
    server: Nullable[str] = Field(default=None, min_length=1, max_length=2083)
    headers: Nullable[dict[str, Any]] = None
    auth_data: Nullable[AuthData] = None


class ConnectorsQueryFilters(MistralModel):
    """Filters of the connector listing, sent as query parameters (extra ones too, e.g.
    ``fetch_user_data=True``)."""

    active: Nullable[bool] = None
    fetch_connection_secrets: bool = False


class MCPToolCallRequest(MistralModel):
    """The body of a tool call: the tool's arguments."""

    arguments: dict[str, Any] = Field(default_factory=dict)


class OAuth2Token(_RedactedModel):
    """An OAuth2 token obtained elsewhere, stored as credentials."""

    _secret_fields = frozenset({"access_token", "refresh_token"})

    access_token: str
    token_type: Literal["Bearer"] = "Bearer"
    expires_in: Nullable[int] = None
    scope: Nullable[str] = None
    refresh_token: Nullable[str] = None
    expires_at: Nullable[datetime] = None


class ConnectionCredentials(_RedactedModel):
    """What a connector sends its MCP server: an OAuth2 token, a bearer token or headers."""

    _secret_fields = frozenset({"headers", "bearer_token"})

    oauth: Nullable[OAuth2Token] = None
    headers: Nullable[dict[str, str]] = None
    bearer_token: Nullable[str] = None


class CredentialsCreateOrUpdate(_RedactedModel):
    """The body that creates or updates named credentials (organization, workspace or user).

    ``is_default``: on creation, the first credentials of an auth method become its default
    (``False`` is refused then); later ones become the default only with ``True``. On update,
    ``True`` promotes them, ``False`` is refused for the current default, and leaving it out
    keeps the default as it is.
    """

    name: str
    is_default: Nullable[bool] = None
    credentials: Nullable[ConnectionCredentials] = None


# -- connectors and their tools --------------------------------------------------------------


class ConnectorToolLocale(_RedactedModel):
    """A tool's name, description and usage sentence by language (``{"en": ..., "fr": ...}``)."""

    name: dict[str, str] = Field(default_factory=dict)
    description: dict[str, str] = Field(default_factory=dict)
    usage_sentence: dict[str, str] = Field(default_factory=dict)


class ExecutionConfig(_RedactedModel):
    """How a tool runs; its fields besides ``type`` depend on the kind of tool."""

    type: str = ""


class ConnectorTool(_RedactedModel):
    """A tool of a connector, as the platform stores it."""

    id: str
    name: str = ""
    description: str = ""
    system_prompt: str | None = None
    locale: ConnectorToolLocale | None = None
    jsonschema: dict[str, Any] | None = None
    execution_config: ExecutionConfig | None = None
    visibility: str | None = None
    created_at: str | None = None
    modified_at: str | None = None
    active: bool | None = None


class Connector(_RedactedModel):
    """A connector to an MCP server (``auth_type`` says how it signs in, e.g. ``"oauth2"``)."""

    id: str
    name: str
    description: str = ""
    created_at: str | None = None
    modified_at: str | None = None
    server: str | None = None
    auth_type: str | None = None
    tools: list[ConnectorTool] | None = None


class PaginationResponse(_RedactedModel):
    """Where a page of a keyset listing ends: send ``next_cursor`` back for the next page."""

    next_cursor: str | None = None
    page_size: int = 0


class PaginatedConnectors(_RedactedModel):
    """A page of connectors."""

    items: list[Connector] = Field(default_factory=list)
    pagination: PaginationResponse = Field(default_factory=PaginationResponse)


class MCPServerIcon(_RedactedModel):
    """An icon for display."""

    src: str = ""
    mime_type: str | None = Field(default=None, alias="mimeType")
    sizes: list[str] | None = None


class ToolAnnotations(_RedactedModel):
    """Hints about a tool's behaviour, as its MCP server describes it (not guarantees)."""

    title: str | None = None
    read_only_hint: bool | None = Field(default=None, alias="readOnlyHint")
    destructive_hint: bool | None = Field(default=None, alias="destructiveHint")
    idempotent_hint: bool | None = Field(default=None, alias="idempotentHint")
    open_world_hint: bool | None = Field(default=None, alias="openWorldHint")


class MCPUIToolMeta(_RedactedModel):
    """UI resources a tool refers to."""

    resource_uri: str | None = Field(default=None, alias="resourceUri")
    visibility: list[str] | None = None


class TurbineToolLocale(_RedactedModel):
    """Texts about a tool by language, for display while it runs."""

    name: dict[str, str] | None = None
    description: dict[str, str] | None = None
    usage_sentence: dict[str, str] | None = None
    working_description: dict[str, str] | None = None
    done_description: dict[str, str] | None = None


class TurbineToolMeta(_RedactedModel):
    """Mistral's metadata about a tool (``_meta["ai.mistral/turbine"]``)."""

    locale: TurbineToolLocale | None = None
    tool_type: str | None = None
    timeout: float | None = None
    private_execution: bool | None = None


class MCPToolMeta(_RedactedModel):
    """A tool's ``_meta``; keys other than these two are kept as extra fields."""

    ui: MCPUIToolMeta | None = None
    turbine: TurbineToolMeta | None = Field(default=None, alias="ai.mistral/turbine")


class ToolExecution(_RedactedModel):
    """Whether a tool runs as a task (``forbidden``, ``optional``, ``required``)."""

    task_support: str | None = Field(default=None, alias="taskSupport")


class MCPTool(_RedactedModel):
    """A tool as its MCP server lists it; ``input_schema`` is the JSON schema of its arguments."""

    name: str
    title: str | None = None
    description: str | None = None
    input_schema: dict[str, Any] = Field(default_factory=dict, alias="inputSchema")
    output_schema: dict[str, Any] | None = Field(default=None, alias="outputSchema")
    icons: list[MCPServerIcon] | None = None
    annotations: ToolAnnotations | None = None
    meta: MCPToolMeta | None = Field(default=None, alias="_meta")
    execution: ToolExecution | None = None


def _tool_kind(value: Any) -> str:
    keys = value.keys() if isinstance(value, dict) else getattr(value, "__dict__", {})
    if "inputSchema" in keys or "input_schema" in keys:
        return "mcp"
    return "stored" if "id" in keys else "other"


ConnectorToolListItem: TypeAlias = Annotated[
    Union[
        Annotated[MCPTool, Tag("mcp")],
        Annotated[ConnectorTool, Tag("stored")],
        Annotated[dict[str, Any], Tag("other")],
    ],
    Discriminator(_tool_kind),
]
"""One tool of ``list_tools``: an :class:`MCPTool` (also the short form ``pretty=True``
gives), a stored :class:`ConnectorTool`, or a dict when it is neither."""

ConnectorToolPage: TypeAlias = list[ConnectorToolListItem]
"""A page of ``list_tools``."""


# -- tool calls ------------------------------------------------------------------------------


class Annotations(_RedactedModel):
    """Who a piece of content is for and how much it matters (0 to 1)."""

    audience: list[str] | None = None
    priority: float | None = None


class TextContent(_RedactedModel):
    """Text returned by a tool."""

    type: Literal["text"] = "text"
    text: str = ""
    annotations: Annotations | None = None
    meta: dict[str, Any] | None = Field(default=None, alias="_meta")


class ImageContent(_RedactedModel):
    """An image returned by a tool (``data`` is base64)."""

    type: Literal["image"] = "image"
    data: str = ""
    mime_type: str = Field(default="", alias="mimeType")
    annotations: Annotations | None = None
    meta: dict[str, Any] | None = Field(default=None, alias="_meta")


class AudioContent(_RedactedModel):
    """Audio returned by a tool (``data`` is base64)."""

    type: Literal["audio"] = "audio"
    data: str = ""
    mime_type: str = Field(default="", alias="mimeType")
    annotations: Annotations | None = None
    meta: dict[str, Any] | None = Field(default=None, alias="_meta")


class ResourceLink(_RedactedModel):
    """A link to a resource the MCP server can read."""

    type: Literal["resource_link"] = "resource_link"
    name: str = ""
    title: str | None = None
    uri: str = ""
    description: str | None = None
    mime_type: str | None = Field(default=None, alias="mimeType")
    size: int | None = None
    icons: list[MCPServerIcon] | None = None
    annotations: Annotations | None = None
    meta: dict[str, Any] | None = Field(default=None, alias="_meta")


class TextResourceContents(_RedactedModel):
    """The text of a resource."""

    uri: str = ""
    mime_type: str | None = Field(default=None, alias="mimeType")
    meta: dict[str, Any] | None = Field(default=None, alias="_meta")
    text: str = ""


class BlobResourceContents(_RedactedModel):
    """The bytes of a resource (``blob`` is base64)."""

    uri: str = ""
    mime_type: str | None = Field(default=None, alias="mimeType")
    meta: dict[str, Any] | None = Field(default=None, alias="_meta")
    blob: str = ""


def _resource_kind(value: Any) -> str:
    keys = value.keys() if isinstance(value, dict) else getattr(value, "__dict__", {})
    return "blob" if "blob" in keys else "text"


class EmbeddedResource(_RedactedModel):
    """A resource's contents, embedded in a tool's answer."""

    type: Literal["resource"] = "resource"
    resource: Annotated[
        Union[
            Annotated[TextResourceContents, Tag("text")],
            Annotated[BlobResourceContents, Tag("blob")],
        ],
        Discriminator(_resource_kind),
    ]
    annotations: Annotations | None = None
    meta: dict[str, Any] | None = Field(default=None, alias="_meta")


_CONTENTS = (TextContent, ImageContent, AudioContent, ResourceLink, EmbeddedResource)
MCPContent: TypeAlias = Annotated[
    Union[
        Annotated[TextContent, Tag("text")],
        Annotated[ImageContent, Tag("image")],
        Annotated[AudioContent, Tag("audio")],
        Annotated[ResourceLink, Tag("resource_link")],
        Annotated[EmbeddedResource, Tag("resource")],
        Annotated[UnknownVariant, Tag("unknown")],
    ],
    Discriminator(tag_or_unknown("type", *_CONTENTS)),
]
"""One piece of a tool's answer, by its ``type``; a kind this SDK does not know is kept as
:class:`~mistralai.types.UnknownVariant`."""


class MCPResultMetadata(_RedactedModel):
    """What the MCP server said about the call: whether it failed, and structured output."""

    is_error: bool = Field(default=False, alias="isError")
    structured_content: dict[str, Any] | None = Field(default=None, alias="structuredContent")
    meta: dict[str, Any] | None = Field(default=None, alias="_meta")


class MCPToolCallMetadata(_RedactedModel):
    """Metadata of a tool call; the MCP server's part is ``mcp_meta``."""

    mcp_meta: MCPResultMetadata | None = None


class MCPToolCallResponse(_RedactedModel):
    """The answer of a tool: pieces of ``content`` and the call's ``metadata``.

    >>> answer = client.beta.connectors.call_tool(calc.id, "add", arguments={"a": 3, "b": 4})
    >>> answer.text, answer.is_error, answer.structured_content
    ('3 + 4 = 7', False, {'result': 7})
    """

    content: list[MCPContent] = Field(default_factory=list)
    metadata: MCPToolCallMetadata | None = None

    @property
    def text(self) -> str:
        """The text pieces of the answer, joined by line breaks."""
        return "\n".join(part.text for part in self.content if isinstance(part, TextContent))

    @property
    def is_error(self) -> bool:
        """Whether the MCP server reported the call as failed."""
        meta = self.metadata.mcp_meta if self.metadata is not None else None
        return meta is not None and meta.is_error

    @property
    def structured_content(self) -> dict[str, Any] | None:
        """The tool's structured output, when it gave one."""
        meta = self.metadata.mcp_meta if self.metadata is not None else None
        return meta.structured_content if meta is not None else None


# -- authentication and credentials ----------------------------------------------------------


class ConnectorAuthenticationHeader(_RedactedModel):
    """A header an authentication method needs (its name, never its value)."""

    name: str
    is_required: bool = True
    is_secret: bool = True


class PublicAuthenticationMethod(_RedactedModel):
    """An authentication method a connector supports, without secrets."""

    method_type: str
    headers: list[ConnectorAuthenticationHeader] | None = None


class AuthUrlResponse(_RedactedModel):
    """Where to send a user to sign in to a connector, and for how many seconds it works."""

    auth_url: str
    ttl: int = 0


class AuthenticationConfiguration(_RedactedModel):
    """Named credentials of a connector (their secrets are never returned)."""

    name: str
    authentication_type: str
    is_default: bool = False


class CredentialsResponse(_RedactedModel):
    """The credentials of one level, and the auth methods the connector has preset ones for."""

    credentials: list[AuthenticationConfiguration] = Field(default_factory=list)
    connector_preset_credentials_for_auth: list[str] = Field(default_factory=list)


class MessageResponse(_RedactedModel):
    """A short confirmation from the API."""

    message: str = ""


__all__ = [
    "Annotations",
    "AudioContent",
    "AuthData",
    "AuthUrlResponse",
    "AuthenticationConfiguration",
    "BlobResourceContents",
    "ConnectionCredentials",
    "Connector",
    "ConnectorAuthenticationHeader",
    "ConnectorMCPCreate",
    "ConnectorMCPUpdate",
    "ConnectorSupportedLanguage",
    "ConnectorTool",
    "ConnectorToolListItem",
    "ConnectorToolLocale",
    "ConnectorToolPage",
    "ConnectorsQueryFilters",
    "CredentialsCreateOrUpdate",
    "CredentialsResponse",
    "EmbeddedResource",
    "ExecutionConfig",
    "ImageContent",
    "MCPContent",
    "MCPResultMetadata",
    "MCPServerIcon",
    "MCPSupportedLanguage",
    "MCPTool",
    "MCPToolCallMetadata",
    "MCPToolCallRequest",
    "MCPToolCallResponse",
    "MCPToolMeta",
    "MCPUIToolMeta",
    "MessageResponse",
    "OAuth2Token",
    "OutboundAuthenticationType",
    "PaginatedConnectors",
    "PaginationResponse",
    "PublicAuthenticationMethod",
    "ResourceLink",
    "ResourceVisibility",
    "TextContent",
    "TextResourceContents",
    "ToolAnnotations",
    "ToolExecution",
    "ToolType",
    "TurbineToolLocale",
    "TurbineToolMeta",
]
