"""The deterministic "model" behind beta conversations: what one turn answers.

- With function tools offered (``tool_choice`` not ``none``) and a user message in the
  turn, it calls the first function, with arguments generated from its JSON schema; when
  the function results come back, it answers with a message that quotes them.
- ``[call:NAME]`` or ``[call:NAME {"city": "Paris"}]`` in the latest user message chooses
  the function and its arguments. Each marker is one round of calls, in order: after the
  results of one round, the next marker's calls are made, and once every marker is used
  the model answers. ``[call:a {...} & b]`` calls ``a`` and ``b`` in the same round. A
  marker may name a function that was not offered (the model calls what it likes).
- ``[keep-calling]`` makes it call again after every round, never answering: a model
  that loops on tools.
- ``response_format`` ``json_object`` / ``json_schema`` answers are JSON (valid for the
  schema) unless the user message contains ``[invalid-json]``.

Ids come from the server state (see :meth:`ServerState.new_id`), so each test sees the
same ids.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from mistralai.testing import _engine
from mistralai.testing._samples import sample

KEEP_CALLING_MARKER = "[keep-calling]"
_CALL = re.compile(r"\[call:")
_NAME = re.compile(r"\s*([A-Za-z0-9_.-]+)\s*")
_DECODER = json.JSONDecoder()


@dataclass(frozen=True)
class PlannedCall:
    """One function call the model makes: its name and arguments (None: generated)."""

    name: str
    arguments: dict[str, Any] | None = None


def call_rounds(text: str) -> list[list[PlannedCall]]:
    """The rounds of calls the ``[call:...]`` markers of ``text`` ask for; a marker that
    cannot be read is left as text.

    >>> call_rounds('[call:a {"x": 1} & b] then [call:c]')
    [[PlannedCall(name='a', arguments={'x': 1}), PlannedCall(name='b', arguments=None)], [PlannedCall(name='c', arguments=None)]]
    """
    rounds = []
    for found in _CALL.finditer(text):
        planned = _read_marker(text, found.end())
        if planned:
            rounds.append(planned)
    return rounds


def _read_marker(text: str, position: int) -> list[PlannedCall] | None:
    calls = []
    while True:
        name = _NAME.match(text, position)
        if name is None:
            return None
        position = name.end()
        arguments = None
        if text.startswith("{", position):
            try:
                arguments, position = _DECODER.raw_decode(text, position)
            except json.JSONDecodeError:
                return None
            if not isinstance(arguments, dict):
                return None
            while text[position : position + 1].isspace():
                position += 1
        calls.append(PlannedCall(name.group(1), arguments))
        if not text.startswith("&", position):
            return calls if text.startswith("]", position) else None
        position += 1


def answer(
    entries: list[dict[str, Any]],
    new: list[dict[str, Any]],
    tools: list[dict[str, Any]],
    completion_args: dict[str, Any],
    rounds_done: int,
    new_id: Callable[[str], str],
) -> list[dict[str, Any]]:
    """The output entries' fields (without ids and times) for a turn whose new inputs are
    ``new``, in a conversation whose entries (``new`` included) are ``entries``, after
    ``rounds_done`` rounds of function calls since the latest user message."""
    functions = {
        t["function"]["name"]: t["function"]
        for t in tools
        if isinstance(t, dict) and t.get("type", "function") == "function" and "function" in t
    }
    user_text = _latest_user_text(entries)
    results = [e for e in new if e.get("type") == "function.result"]
    calls = _planned(functions, completion_args, user_text, rounds_done, bool(results))
    if calls:
        return [_call_entry(call, functions, user_text, new_id) for call in calls]
    if results:
        text = "The tool answered: " + "; ".join(str(r.get("result")) for r in results)
    else:
        text = f"You said: {_engine.text_of(new[-1].get('content') if new else '')}"
    body = {"response_format": completion_args.get("response_format")}
    json_text = _engine._json_answer(body, {"content": user_text or text})
    return [{"type": "message.output", "role": "assistant", "content": json_text or text}]


def _planned(
    functions: dict[str, dict[str, Any]],
    completion_args: dict[str, Any],
    user_text: str,
    rounds_done: int,
    answering_results: bool,
) -> list[PlannedCall]:
    if completion_args.get("tool_choice") == "none":
        return []
    rounds = call_rounds(user_text)
    if rounds_done < len(rounds):
        return rounds[rounds_done]
    keep_calling = KEEP_CALLING_MARKER in user_text
    if rounds and keep_calling:
        return rounds[-1]
    if functions and (keep_calling or (not rounds and not answering_results)):
        return [PlannedCall(next(iter(functions)))]
    return []


def _call_entry(
    call: PlannedCall,
    functions: dict[str, dict[str, Any]],
    user_text: str,
    new_id: Callable[[str], str],
) -> dict[str, Any]:
    arguments = call.arguments
    if arguments is None:
        schema = (functions.get(call.name) or {}).get("parameters") or {"type": "object"}
        arguments = sample(schema, hint=user_text)
    return {
        "type": "function.call",
        "tool_call_id": new_id("call"),
        "name": call.name,
        "arguments": json.dumps(arguments),
    }


def _latest_user_text(entries: list[dict[str, Any]]) -> str:
    for entry in reversed(entries):
        if entry.get("type") == "message.input":
            return _engine.text_of(entry.get("content"))
    return ""


def argument_pieces(arguments: str) -> list[str]:
    """A function call's arguments as a stream sends them: in two pieces, so clients must
    join the deltas."""
    middle = len(arguments) // 2
    return [arguments[:middle], arguments[middle:]] if middle else [arguments]
