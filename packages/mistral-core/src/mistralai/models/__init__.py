"""Every model of the SDK under one name, as in ``from mistralai.models import UserMessage``.

The shared types (messages, content chunks, tools, completion responses) live here. The
models of each API area live with that area and are re-exported lazily: asking for
``UploadFileOut`` imports ``mistralai.files`` if mistral-files is installed, and raises an
``ImportError`` that names the package to install if it is not. Errors are re-exported too:
``from mistralai.models import SDKError, HTTPValidationError``.

Every name of the official SDK's ``mistralai.models`` works too, resolved on first use
(see :mod:`mistralai.models._catalog`): its TypedDicts (``UserMessageTypedDict``), its
other spellings (``JSONSchema``), field types (``UserMessageContent``), parameter models
(``FilesAPIRoutesRetrieveFileRequest``) and model modules
(``from mistralai.models.usermessage import UserMessage``).
"""

from __future__ import annotations

import importlib
import threading
from typing import TYPE_CHECKING, Any

from mistralai import _aliases
from mistralai.errors import (
    AreaNotInstalledError,
    AuthenticationError,
    BadRequestError,
    ClientClosedError,
    ConfigurationError,
    ConflictError,
    HTTPValidationError,
    MissingAPIKeyError,
    MistralError,
    NoResponseError,
    NotFoundError,
    PermissionDeniedError,
    PluginError,
    RateLimitError,
    RequestValidationError,
    ResponseValidationError,
    SDKError,
    ServerError,
    StreamError,
    WaitTimeoutError,
)
from mistralai.errors import __all__ as _error_names
from mistralai.models._completion import (
    ChatCompletionChoice,
    ChatCompletionResponse,
    CompletionChunk,
    CompletionEvent,
    CompletionResponseStreamChoice,
    DeltaMessage,
    FinishReason,
    PromptTokensDetails,
    UsageInfo,
    completion_event,
)
from mistralai.models._content import (
    AssistantMessage,
    AudioChunk,
    Content,
    ContentChunk,
    DocumentURLChunk,
    FileChunk,
    ImageDetail,
    ImageURL,
    ImageURLChunk,
    MessageInput,
    Messages,
    ReferenceChunk,
    ResourceChunk,
    ResourceChunkContent,
    ResourceLinkChunk,
    SystemMessage,
    SystemMessageContentChunk,
    TextChunk,
    ThinkChunk,
    ToolMessage,
    ToolReferenceChunk,
    UserMessage,
    text_of,
)
from mistralai.models._file import File, FileContent, FileTypedDict
from mistralai.models._security import Security
from mistralai.models._tools import (
    Function,
    FunctionCall,
    FunctionName,
    FunctionTool,
    GuardrailConfig,
    JsonSchema,
    MistralPromptMode,
    ModerationLLMAction,
    ModerationLLMV1Config,
    ModerationLLMV2Config,
    Prediction,
    ReasoningEffort,
    ResponseFormat,
    ResponseFormats,
    Tool,
    ToolCall,
    ToolChoice,
    ToolChoiceEnum,
    ToolTypes,
    response_format_from_pydantic_model,
)
from mistralai.models._training import ClassifierTargetOut
from mistralai.models._validation import HTTPValidationErrorData, Loc, ValidationError
from mistralai.types import UnknownVariant

_aliases.install()  # mistralai.models.usermessage and the other official module paths
_BUILDING = threading.Lock()

if TYPE_CHECKING:
    from mistralai.errors import APIConnectionError, APITimeoutError


class ModelNotInstalledError(ImportError):
    """A model of an API area whose package is not installed was asked for."""

    def __init__(self, name: str, distribution: str) -> None:
        super().__init__(
            f"{name} belongs to the {distribution} package, which is not installed; "
            f"install it with `pip install {distribution}`",
            name=name,
        )
        self.distribution = distribution


def __getattr__(name: str) -> Any:
    if name.startswith("_"):
        raise AttributeError(name)
    if name in _error_names:
        # APIConnectionError and APITimeoutError are created on first use (they import httpx).
        import mistralai.errors

        return getattr(mistralai.errors, name)
    from mistralai.models import _catalog

    where = _catalog.AREA_MODELS.get(name)
    if where is not None:
        module_name, distribution = where
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name is not None and module_name.startswith(exc.name):
                raise ModelNotInstalledError(name, distribution) from None
            raise
        value = getattr(module, name)
    elif name in _catalog.ALIASES:
        target = _catalog.ALIASES[name]
        value = globals()[target] if target in globals() else __getattr__(target)
    elif name in _catalog.FIELD_TYPES:
        from mistralai.models._compat import field_type

        value = field_type(*_catalog.FIELD_TYPES[name])
    elif name in _catalog.OPERATION_MODELS:
        from mistralai.models._compat import operation_model

        with _BUILDING:  # one class per name, even when two threads ask at once
            if name in globals():
                return globals()[name]
            value = operation_model(name, *_catalog.OPERATION_MODELS[name])
    else:
        value = _from_plugin_modules(name)
    globals()[name] = value
    return value


def _from_plugin_modules(name: str) -> Any:
    from mistralai._plugins import model_modules

    for module_name in model_modules():
        module = importlib.import_module(module_name)
        if hasattr(module, name):
            return getattr(module, name)
    raise AttributeError(f"module 'mistralai.models' has no attribute {name!r}")


__all__ = [
    "APIConnectionError",
    "APITimeoutError",
    "AreaNotInstalledError",
    "AssistantMessage",
    "AudioChunk",
    "AuthenticationError",
    "BadRequestError",
    "ChatCompletionChoice",
    "ChatCompletionResponse",
    "ClassifierTargetOut",
    "ClientClosedError",
    "CompletionChunk",
    "CompletionEvent",
    "CompletionResponseStreamChoice",
    "ConfigurationError",
    "ConflictError",
    "Content",
    "ContentChunk",
    "DeltaMessage",
    "DocumentURLChunk",
    "File",
    "FileChunk",
    "FileContent",
    "FileTypedDict",
    "FinishReason",
    "Function",
    "FunctionCall",
    "FunctionName",
    "FunctionTool",
    "GuardrailConfig",
    "HTTPValidationError",
    "HTTPValidationErrorData",
    "ImageDetail",
    "ImageURL",
    "ImageURLChunk",
    "JsonSchema",
    "Loc",
    "MessageInput",
    "Messages",
    "MissingAPIKeyError",
    "MistralError",
    "MistralPromptMode",
    "ModelNotInstalledError",
    "ModerationLLMAction",
    "ModerationLLMV1Config",
    "ModerationLLMV2Config",
    "NoResponseError",
    "NotFoundError",
    "PermissionDeniedError",
    "PluginError",
    "Prediction",
    "PromptTokensDetails",
    "RateLimitError",
    "ReasoningEffort",
    "ReferenceChunk",
    "ResourceChunk",
    "ResourceChunkContent",
    "ResourceLinkChunk",
    "RequestValidationError",
    "ResponseFormat",
    "ResponseFormats",
    "ResponseValidationError",
    "SDKError",
    "Security",
    "ServerError",
    "StreamError",
    "SystemMessage",
    "SystemMessageContentChunk",
    "TextChunk",
    "ThinkChunk",
    "Tool",
    "ToolCall",
    "ToolChoice",
    "ToolChoiceEnum",
    "ToolMessage",
    "ToolReferenceChunk",
    "ToolTypes",
    "UnknownVariant",
    "UsageInfo",
    "UserMessage",
    "ValidationError",
    "WaitTimeoutError",
    "completion_event",
    "response_format_from_pydantic_model",
    "text_of",
]
