"""Every model of the SDK under one name, as in ``from mistralai.models import UserMessage``.

The shared types (messages, content chunks, tools, completion responses) live here. The
models of each API area live with that area and are re-exported lazily: asking for
``UploadFileOut`` imports ``mistralai.files`` if mistral-files is installed, and raises an
``ImportError`` that names the package to install if it is not. Errors are re-exported too:
``from mistralai.models import SDKError, HTTPValidationError``.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

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
    from mistralai.models._catalog import AREA_MODELS

    where = AREA_MODELS.get(name)
    if where is not None:
        module_name, distribution = where
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name is not None and module_name.startswith(exc.name):
                raise ModelNotInstalledError(name, distribution) from None
            raise
        value = getattr(module, name)
    else:
        value = _from_plugin_modules(name)
    globals()[name] = value
    return value


def _from_plugin_modules(name: str) -> Any:
    from mistralai._plugins import PluginHost

    for module_name in PluginHost().manager.hook.mistral_models():
        if module_name:
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
    "RequestValidationError",
    "ResponseFormat",
    "ResponseFormats",
    "ResponseValidationError",
    "SDKError",
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
