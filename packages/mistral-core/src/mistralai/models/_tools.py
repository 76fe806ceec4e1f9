"""Tools, tool calls and the ways to choose them."""

from __future__ import annotations

from typing import Any, Literal, TypeAlias, Union

import pydantic
from pydantic import Field

from mistralai.types import MistralModel

ToolTypes: TypeAlias = Literal["function"]
ToolChoiceEnum: TypeAlias = Literal["auto", "none", "any", "required"]


class Function(MistralModel):
    """A function the model may call: its name, description and JSON-schema parameters."""

    name: str
    parameters: dict[str, Any]
    description: str = ""
    strict: bool = False


class Tool(MistralModel):
    """A function tool offered to the model.

    >>> Tool(function=Function(name="f", parameters={"type": "object"})).to_wire()["type"]
    'function'
    """

    function: Function
    type: Literal["function"] = "function"


class FunctionTool(Tool):
    """The same as :class:`Tool`; the name the agents and conversations APIs use."""


class FunctionCall(MistralModel):
    """A call the model wants made: the function name and its arguments (JSON text or object)."""

    name: str
    arguments: Union[dict[str, Any], str]


class ToolCall(MistralModel):
    """One tool call of an assistant message."""

    function: FunctionCall
    id: str | None = None
    type: str = "function"
    index: int = 0


class FunctionName(MistralModel):
    """Names the function ``tool_choice`` forces."""

    name: str


class ToolChoice(MistralModel):
    """Forces a specific function: ``ToolChoice(function=FunctionName(name="f"))``."""

    function: FunctionName
    type: Literal["function"] = "function"


ResponseFormats: TypeAlias = Literal["text", "json_object", "json_schema"]


class JsonSchema(MistralModel):
    """A named JSON schema the answer must follow (``schema`` on the wire)."""

    name: str
    schema_definition: dict[str, Any] = Field(alias="schema")
    description: str | None = None
    strict: bool = False


class ResponseFormat(MistralModel):
    """The format of the answer: ``text``, ``json_object`` or ``json_schema``.

    >>> ResponseFormat(type="json_object").to_wire()
    {'type': 'json_object'}
    """

    type: ResponseFormats = "text"
    json_schema: JsonSchema | None = None


class Prediction(MistralModel):
    """Expected output, to speed up answers that will mostly repeat it."""

    content: str = ""
    type: Literal["content"] = "content"


MistralPromptMode: TypeAlias = Literal["reasoning"]
ReasoningEffort: TypeAlias = Literal["high", "none"]


ModerationLLMAction: TypeAlias = Literal["none", "block"]


class ModerationLLMV1Config(MistralModel):
    """Moderation guardrail with the 2411 moderation model."""

    model_name: str = "mistral-moderation-2411"
    custom_category_thresholds: dict[str, float | None] | None = None
    ignore_other_categories: bool = False
    action: ModerationLLMAction = "none"


class ModerationLLMV2Config(MistralModel):
    """Moderation guardrail with the 2603 moderation model."""

    model_name: str = "mistral-moderation-2603"
    custom_category_thresholds: dict[str, float | None] | None = None
    ignore_other_categories: bool = False
    action: ModerationLLMAction = "none"


class GuardrailConfig(MistralModel):
    """A guardrail applied to a completion (``block_on_error`` answers 403 on guardrail failure)."""

    block_on_error: bool = False
    moderation_llm_v1: ModerationLLMV1Config | None = None
    moderation_llm_v2: ModerationLLMV2Config | None = None


def response_format_from_pydantic_model(model: type[pydantic.BaseModel]) -> ResponseFormat:
    """The strict ``json_schema`` response format that asks for ``model``.

    Every object of the schema is closed (``additionalProperties: false``), as strict mode
    expects.

    >>> class Book(pydantic.BaseModel):
    ...     name: str
    >>> response_format_from_pydantic_model(Book).json_schema.name
    'Book'
    """
    if not (isinstance(model, type) and issubclass(model, pydantic.BaseModel)):
        raise TypeError(f"expected a pydantic model class, not {model!r}")
    schema = _closed(model.model_json_schema())
    return ResponseFormat(
        type="json_schema",
        json_schema=JsonSchema(name=model.__name__, schema_definition=schema, strict=True),
    )


def _closed(schema: Any) -> Any:
    if isinstance(schema, list):
        return [_closed(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    closed = {key: _closed(sub) for key, sub in schema.items()}
    if closed.get("type") == "object":
        closed.setdefault("additionalProperties", False)
    return closed
