"""Read a function's description and parameter descriptions from its docstring.

Two styles are understood, and may not be mixed within one docstring:

Google::

    Short description.

    Args:
        city (str): The city.
        days: How many days,
            on two lines.

reST (Sphinx)::

    Short description.

    :param city: The city.
    :param int days: How many days.

The description is the text before the first section (``Args:``, ``Returns:``,
``Raises:``...) or field (``:param ...:``, ``:returns:``...).
"""

from __future__ import annotations

import inspect
import re
from dataclasses import dataclass, field

_GOOGLE_PARAMETER_SECTIONS = frozenset(
    {
        "args",
        "arguments",
        "params",
        "parameters",
        "keyword args",
        "keyword arguments",
        "kwargs",
        "other parameters",
    }
)
_GOOGLE_SECTIONS = _GOOGLE_PARAMETER_SECTIONS | frozenset(
    {
        "returns",
        "return",
        "yields",
        "yield",
        "raises",
        "raise",
        "examples",
        "example",
        "note",
        "notes",
        "warning",
        "warnings",
        "see also",
        "attributes",
        "references",
        "todo",
    }
)
_GOOGLE_HEADER = re.compile(r"^([A-Za-z][A-Za-z ]*):\s*$")
_GOOGLE_PARAMETER = re.compile(r"^\*{0,2}(\w+)\s*(?:\([^)]*\))?\s*:\s*(.*)$")
_REST_FIELD = re.compile(r"^:(\w+)((?:\s+[^:]+?)?)\s*:\s*(.*)$")
_REST_PARAMETER_FIELDS = frozenset({"param", "parameter", "arg", "argument", "key", "keyword"})


@dataclass(frozen=True)
class ParsedDocstring:
    """A docstring's description and its parameters' descriptions, by parameter name."""

    description: str = ""
    parameters: dict[str, str] = field(default_factory=dict)


def parse_docstring(doc: str | None) -> ParsedDocstring:
    """The description and parameter descriptions of a Google or reST docstring.

    >>> parse_docstring("Add.\\n\\nArgs:\\n    a (int): First.\\n").parameters
    {'a': 'First.'}
    """
    if not doc:
        return ParsedDocstring()
    lines = inspect.cleandoc(doc).splitlines()
    start = next((i for i, line in enumerate(lines) if _starts_a_section(line)), len(lines))
    description = "\n".join(lines[:start]).strip()
    rest = lines[start:]
    if any(_REST_FIELD.match(line) for line in rest):
        return ParsedDocstring(description, _rest_parameters(rest))
    return ParsedDocstring(description, _google_parameters(rest))


def _starts_a_section(line: str) -> bool:
    header = _GOOGLE_HEADER.match(line)
    if header is not None and header.group(1).strip().lower() in _GOOGLE_SECTIONS:
        return True
    return _REST_FIELD.match(line) is not None


def _google_parameters(lines: list[str]) -> dict[str, str]:
    parameters: dict[str, list[str]] = {}
    in_parameters = False
    current: list[str] | None = None
    item_indent = 0
    for line in lines:
        header = _GOOGLE_HEADER.match(line)
        if header is not None and header.group(1).strip().lower() in _GOOGLE_SECTIONS:
            in_parameters = header.group(1).strip().lower() in _GOOGLE_PARAMETER_SECTIONS
            current, item_indent = None, 0
            continue
        if not in_parameters or not line.strip():
            continue
        indent = len(line) - len(line.lstrip())
        parameter = _GOOGLE_PARAMETER.match(line.strip())
        if parameter is not None and (current is None or indent <= item_indent):
            current = parameters.setdefault(parameter.group(1), [])
            current.append(parameter.group(2))
            item_indent = indent
        elif current is not None:
            current.append(line.strip())
    return {name: _join(words) for name, words in parameters.items()}


def _rest_parameters(lines: list[str]) -> dict[str, str]:
    parameters: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in lines:
        found = _REST_FIELD.match(line)
        if found is not None:
            kind, target, text = found.group(1), found.group(2).split(), found.group(3)
            current = None
            if kind in _REST_PARAMETER_FIELDS and target:
                current = parameters.setdefault(target[-1].lstrip("*"), [])
                current.append(text)
        elif current is not None and line.strip():
            current.append(line.strip())
    return {name: _join(words) for name, words in parameters.items()}


def _join(parts: list[str]) -> str:
    return " ".join(part for part in parts if part).strip()
