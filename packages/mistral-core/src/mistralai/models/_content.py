"""Messages and content chunks, shared by every area that talks to a model."""

from __future__ import annotations

from typing import Annotated, Any, Literal, TypeAlias, Union

from pydantic import Discriminator, Tag

from mistralai.models._tools import ToolCall
from mistralai.types import MistralModel, Nullable, UnknownVariant, tag_or_unknown

ImageDetail: TypeAlias = Literal["low", "auto", "high"]


class TextChunk(MistralModel):
    """Plain text content."""

    text: str
    type: Literal["text"] = "text"


class ImageURL(MistralModel):
    """An image address (``https://`` or a ``data:`` URL) with an optional detail level."""

    url: str
    detail: Nullable[ImageDetail] = None


class ImageURLChunk(MistralModel):
    """An image, by URL string or :class:`ImageURL`."""

    image_url: Union[ImageURL, str]
    type: Literal["image_url"] = "image_url"


class DocumentURLChunk(MistralModel):
    """A document (PDF...) by URL."""

    document_url: str
    document_name: Nullable[str] = None
    type: Literal["document_url"] = "document_url"


class FileChunk(MistralModel):
    """A file uploaded through the Files API, by id."""

    file_id: str
    type: Literal["file"] = "file"


class AudioChunk(MistralModel):
    """Audio input: base64 data or a URL."""

    input_audio: str
    type: Literal["input_audio"] = "input_audio"


class ReferenceChunk(MistralModel):
    """References to sources, by id."""

    reference_ids: list[int]
    type: Literal["reference"] = "reference"


class ToolReferenceChunk(MistralModel):
    """A source found by a built-in tool (web search...)."""

    tool: str
    title: str
    url: Nullable[str] = None
    favicon: Nullable[str] = None
    description: Nullable[str] = None
    type: Literal["tool_reference"] = "tool_reference"


ThinkingContent: TypeAlias = Annotated[
    Union[
        Annotated[TextChunk, Tag("text")],
        Annotated[ToolReferenceChunk, Tag("tool_reference")],
        Annotated[ReferenceChunk, Tag("reference")],
        Annotated[UnknownVariant, Tag("unknown")],
    ],
    Discriminator(tag_or_unknown("type", TextChunk, ToolReferenceChunk, ReferenceChunk)),
]


class ThinkChunk(MistralModel):
    """The model's reasoning, as produced by reasoning models."""

    thinking: list[ThinkingContent]
    closed: bool = True
    type: Literal["thinking"] = "thinking"


ResourceChunkContent: TypeAlias = Annotated[
    Union[
        Annotated[TextChunk, Tag("text")],
        Annotated[ImageURLChunk, Tag("image_url")],
        Annotated[UnknownVariant, Tag("unknown")],
    ],
    Discriminator(tag_or_unknown("type", TextChunk, ImageURLChunk)),
]


class ResourceChunk(MistralModel):
    """A resource embedded in a message: its URI and its content (text or an image)."""

    uri: str
    content: ResourceChunkContent
    type: Literal["resource"] = "resource"


class ResourceLinkChunk(MistralModel):
    """A link to a resource, by URI, with optional metadata."""

    uri: str
    metadata: Nullable[dict[str, Union[str, int, float, bool]]] = None
    type: Literal["resource_link"] = "resource_link"


ContentChunk: TypeAlias = Annotated[
    Union[
        Annotated[TextChunk, Tag("text")],
        Annotated[ImageURLChunk, Tag("image_url")],
        Annotated[DocumentURLChunk, Tag("document_url")],
        Annotated[ReferenceChunk, Tag("reference")],
        Annotated[FileChunk, Tag("file")],
        Annotated[ThinkChunk, Tag("thinking")],
        Annotated[AudioChunk, Tag("input_audio")],
        Annotated[ResourceChunk, Tag("resource")],
        Annotated[ResourceLinkChunk, Tag("resource_link")],
        Annotated[UnknownVariant, Tag("unknown")],
    ],
    Discriminator(
        tag_or_unknown(
            "type",
            TextChunk,
            ImageURLChunk,
            DocumentURLChunk,
            ReferenceChunk,
            FileChunk,
            ThinkChunk,
            AudioChunk,
            ResourceChunk,
            ResourceLinkChunk,
        )
    ),
]
"""Any kind of message content; an unknown ``type`` becomes :class:`UnknownVariant`."""

SystemMessageContentChunk: TypeAlias = Annotated[
    Union[
        Annotated[TextChunk, Tag("text")],
        Annotated[ThinkChunk, Tag("thinking")],
        Annotated[UnknownVariant, Tag("unknown")],
    ],
    Discriminator(tag_or_unknown("type", TextChunk, ThinkChunk)),
]

Content: TypeAlias = Union[str, list[ContentChunk]]


class SystemMessage(MistralModel):
    """Instructions for the model.

    >>> SystemMessage(content="Answer in French.").to_wire()
    {'content': 'Answer in French.', 'role': 'system'}
    """

    content: Union[str, list[SystemMessageContentChunk]]
    role: Literal["system"] = "system"


class UserMessage(MistralModel):
    """What the user says: text or a list of chunks (text, images, documents, audio).

    >>> UserMessage(content="Hello").to_wire()
    {'content': 'Hello', 'role': 'user'}
    """

    content: Nullable[Content]
    role: Literal["user"] = "user"


class AssistantMessage(MistralModel):
    """A model answer, or a prefix the model must continue (``prefix=True``)."""

    content: Nullable[Content] = None
    tool_calls: Nullable[list[ToolCall]] = None
    prefix: bool = False
    role: Literal["assistant"] = "assistant"


class ToolMessage(MistralModel):
    """The result of a tool call, sent back to the model."""

    content: Nullable[Content]
    tool_call_id: Nullable[str] = None
    name: Nullable[str] = None
    role: Literal["tool"] = "tool"


def _role_of(message: Any) -> Any:
    if isinstance(message, dict):
        return message.get("role")
    return getattr(message, "role", None)


# A function, not Discriminator("role"): pydantic would read each model's ``role`` schema for
# the tags, and MistralModel wraps defaulted fields (a null role gives the default).
Messages: TypeAlias = Annotated[
    Union[
        Annotated[SystemMessage, Tag("system")],
        Annotated[UserMessage, Tag("user")],
        Annotated[AssistantMessage, Tag("assistant")],
        Annotated[ToolMessage, Tag("tool")],
    ],
    Discriminator(_role_of),
]
"""One message of a conversation, chosen by its ``role``."""

MessageInput: TypeAlias = Union[
    SystemMessage, UserMessage, AssistantMessage, ToolMessage, dict[str, Any]
]
"""A message as a model or as a plain dict (``{"role": "user", "content": "..."}``)."""


def text_of(content: Content | None) -> str:
    """The text of a message's content, joining text chunks.

    >>> text_of([TextChunk(text="a"), TextChunk(text="b")])
    'ab'
    """
    if content is None:
        return ""
    if isinstance(content, str):
        return content
    return "".join(chunk.text for chunk in content if isinstance(chunk, TextChunk))
