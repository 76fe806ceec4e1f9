"""The deterministic "model" behind chat, agents and FIM: same request, same answer.

- The answer quotes the last user message; with ``max_tokens`` it has exactly that many
  words (tokens) and finishes with ``length``.
- With tools and a user message last (and ``tool_choice`` not ``none``), it calls a tool with
  arguments generated from the tool's JSON schema; after a tool message it quotes the result.
- ``response_format`` ``json_object`` / ``json_schema`` answers are JSON (valid for the
  schema) unless the last user message contains ``[invalid-json]``.
- ``n`` choices carry the same answer.
- Streams carry the same answer, one word per event (every choice in each event); joining
  the deltas gives the non-streamed message.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Iterator
from typing import Any

from mistralai.testing._samples import sample

INVALID_JSON_MARKER = "[invalid-json]"
_FILLER = [
    "the",
    "quick",
    "brown",
    "fox",
    "jumps",
    "over",
    "the",
    "lazy",
    "dog",
    "while",
    "the",
    "sun",
    "sets",
    "slowly",
]


def text_of(content: Any) -> str:
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return " ".join(str(c.get("text", "")) for c in content if isinstance(c, dict))
    return ""


def count_tokens(messages: list[dict[str, Any]]) -> int:
    return sum(len(text_of(m.get("content")).split()) or 1 for m in messages if isinstance(m, dict))


def _last(messages: list[dict[str, Any]]) -> dict[str, Any]:
    return messages[-1] if messages and isinstance(messages[-1], dict) else {}


def _words(text: str, max_tokens: int) -> list[str]:
    words = text.split()
    while len(words) < max_tokens:
        words.extend(_FILLER)
    return words[:max_tokens]


def answer(body: dict[str, Any], prompt: str | None = None) -> dict[str, Any]:
    """The assistant message and finish reason for a completion request."""
    messages = body.get("messages") or []
    last = _last(messages)
    max_tokens = body.get("max_tokens")
    tools = body.get("tools") or []
    choice = body.get("tool_choice", "auto")
    if tools and choice != "none" and last.get("role") == "user":
        return {
            "content": "",
            "tool_calls": [_tool_call(tools, choice, last)],
            "finish_reason": "tool_calls",
        }
    json_text = _json_answer(body, last)
    if json_text is not None:
        return {"content": json_text, "tool_calls": None, "finish_reason": "stop"}
    if last.get("role") == "tool":
        text = f"The tool answered: {text_of(last.get('content'))}"
    elif prompt is not None:
        text = f"# completion of {len(prompt)} characters\nreturn {json.dumps(prompt[-20:])}"
    else:
        text = f"You said: {text_of(last.get('content'))}"
    if max_tokens is None:
        return {"content": text, "tool_calls": None, "finish_reason": "stop"}
    content = " ".join(_words(text, max_tokens))
    finish = "length"
    return {"content": content, "tool_calls": None, "finish_reason": finish}


def _json_answer(body: dict[str, Any], last: dict[str, Any]) -> str | None:
    response_format = body.get("response_format") or {}
    kind = response_format.get("type")
    if kind not in ("json_object", "json_schema"):
        return None
    if INVALID_JSON_MARKER in text_of(last.get("content")):
        return '{"this is": not json'
    if kind == "json_object":
        return json.dumps({"answer": text_of(last.get("content"))})
    schema = (response_format.get("json_schema") or {}).get("schema") or {}
    return json.dumps(sample(schema))


def _tool_call(tools: list[dict[str, Any]], choice: Any, last: dict[str, Any]) -> dict[str, Any]:
    wanted = choice.get("function", {}).get("name") if isinstance(choice, dict) else None
    functions = [t.get("function", {}) for t in tools if isinstance(t, dict)]
    function = next(
        (f for f in functions if f.get("name") == wanted), functions[0] if functions else {}
    )
    schema = function.get("parameters") or {"type": "object"}
    arguments = sample(schema, hint=text_of(last.get("content")))
    digest = hashlib.sha256(json.dumps([function.get("name"), arguments]).encode()).hexdigest()
    return {
        "id": digest[:9],
        "type": "function",
        "function": {"name": function.get("name", "unknown"), "arguments": json.dumps(arguments)},
        "index": 0,
    }


def instance_for(
    schema: dict[str, Any], defs: dict[str, Any] | None = None, hint: str = "example"
) -> Any:
    """A deterministic value that validates against a JSON schema (see ``_samples``);
    ``defs`` adds ``$defs`` that ``#/$defs/...`` references may name."""
    if defs and defs is not schema.get("$defs"):
        schema = {**schema, "$defs": {**defs, **schema.get("$defs", {})}}
    return sample(schema, hint)


def completion(
    body: dict[str, Any], completion_id: str, prompt: str | None = None
) -> dict[str, Any]:
    """A full ``ChatCompletionResponse`` body."""
    count = max(int(body.get("n") or 1), 1)
    reply = answer(body, prompt)
    message: dict[str, Any] = {
        "role": "assistant",
        "content": reply["content"],
        "tool_calls": reply["tool_calls"],
        "prefix": False,
    }
    output_tokens = (
        len(reply["content"].split()) if reply["content"] else len(reply["tool_calls"] or ())
    )
    prompt_tokens = (
        count_tokens(body.get("messages") or []) if prompt is None else len(prompt.split())
    )
    return {
        "id": completion_id,
        "object": "chat.completion",
        "model": body.get("model") or "mistral-small-latest",
        "created": int(time.time()),
        "choices": [
            {"index": i, "message": message, "finish_reason": reply["finish_reason"]}
            for i in range(count)
        ],
        "usage": {
            "prompt_tokens": prompt_tokens,
            "completion_tokens": output_tokens * count,
            "total_tokens": prompt_tokens + output_tokens * count,
        },
    }


def chunks(
    body: dict[str, Any], completion_id: str, prompt: str | None = None
) -> Iterator[dict[str, Any]]:
    """The ``CompletionChunk`` bodies of the same answer, one word per event; the last
    content event has the finish reason and the usage."""
    full = completion(body, completion_id, prompt)
    model, created = full["model"], full["created"]
    count = len(full["choices"])
    reply = full["choices"][0]["message"]
    finish = full["choices"][0]["finish_reason"]

    def chunk(
        delta: dict[str, Any], reason: str | None = None, usage: Any = None
    ) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": completion_id,
            "object": "chat.completion.chunk",
            "model": model,
            "created": created,
            "choices": [
                {"index": i, "delta": delta, "finish_reason": reason} for i in range(count)
            ],
        }
        if usage is not None:
            out["usage"] = usage
        return out

    if reply["tool_calls"]:
        yield chunk({"role": "assistant", "content": ""})
        yield chunk({"tool_calls": reply["tool_calls"]}, finish, full["usage"])
        return
    pieces = _pieces(reply["content"])
    for i, piece in enumerate(pieces):
        delta = {"content": piece} if i else {"role": "assistant", "content": piece}
        last = i == len(pieces) - 1
        yield chunk(delta, finish if last else None, full["usage"] if last else None)


def _pieces(text: str) -> list[str]:
    """Split text into word pieces that join back to exactly ``text``."""
    if not text:
        return [""]
    pieces: list[str] = []
    current = ""
    for char in text:
        if char == " " and current.strip():
            pieces.append(current)
            current = ""
        current += char
    pieces.append(current)
    return pieces
