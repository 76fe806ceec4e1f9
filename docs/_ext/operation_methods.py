"""Griffe extension: the API methods made by ``sync_operation(OP, builder)`` and its kin.

An area writes ``complete = sync_operation(COMPLETE, _prepare)``: read statically, that is a
class attribute with no docstring, so mkdocstrings would leave the method out. The method
users call has the builder's parameters, the builder's docstring (with the first line
replaced when ``summary=`` is given) and the operation's result as its return type
(``mistralai._resource._describe`` sets them as ``__signature__``, ``__doc__`` and
``__annotations__``). This extension turns each such attribute into the method it becomes:

- parameters: the builder's, read from the source, so their annotations and defaults are
  those of the code and link to the types' pages;
- docstring and return type: the live method's (its class is imported), so the page says
  exactly what ``help()`` and ``inspect.signature`` say;
- ``async`` for the methods made by ``async_operation`` and ``async_stream``.

A maker call may be wrapped by a function of the area that changes what the method answers,
``create = _audio_method(sync_stream(SPEECH_STREAM, _speech), "create", DOC)``: the maker
call is the wrapper's first argument, and the method is read the same way (the builder's
parameters; the live method's docstring and return type, which the wrapper sets).

A maker call whose builder cannot be found, or whose live method does not have the
builder's parameters, fails the build rather than rendering a wrong page.

The docstrings are written for ``help()`` and doctest, in reStructuredText's habits;
:class:`ReadableDocstrings` renders them as Markdown: ``>>>`` examples become highlighted
code blocks (without their ``# doctest:`` directives), ``::`` literal blocks become code
blocks, and Sphinx roles (``:class:`~mistralai.errors.SDKError```) become inline code.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import re
import textwrap
from typing import Any

import griffe

MAKERS = {
    "sync_operation": False,
    "async_operation": True,
    "sync_stream": False,
    "async_stream": True,
}
PAGING_MAKERS = ("sync_pages", "async_pages", "sync_items", "async_items")
"""Makers of a listing's walkers (``list_pages = sync_pages(list, PAGES, example=...)``):
their first argument is the listing method, whose parameters they take. Their methods are
not ``async def``: the async ones are iterated with ``async for``, never awaited."""


class OperationMethods(griffe.Extension):
    """Replace ``name = sync_operation(OP, builder)`` attributes by the methods they make."""

    def on_class_members(self, *, cls: griffe.Class, **kwargs: Any) -> None:
        for name, member in list(cls.members.items()):
            call = _maker_call(member)
            if call is None:
                continue
            maker, arguments = call
            builder = cls.members.get(_builder_name(cls, name, maker, arguments))
            if not isinstance(builder, griffe.Function):
                raise griffe.GriffeError(
                    f"{cls.path}.{name}: its builder is not a method of the class"
                )
            cls.set_member(name, _method(cls, name, builder, is_async=MAKERS.get(maker, False)))


def _maker_call(member: griffe.Object | griffe.Alias) -> tuple[str, list[Any]] | None:
    """The maker and its arguments, for ``maker(...)`` or ``wrapper(maker(...), ...)``."""
    if member.is_alias or not isinstance(member, griffe.Attribute):
        return None
    value = member.value
    if not isinstance(value, griffe.ExprCall):
        return None
    function = str(value.function)
    if function in MAKERS or function in PAGING_MAKERS:
        return function, list(value.arguments)
    wrapped = next((a for a in value.arguments if not isinstance(a, griffe.ExprKeyword)), None)
    if isinstance(wrapped, griffe.ExprCall) and str(wrapped.function) in MAKERS:
        return str(wrapped.function), list(wrapped.arguments)
    return None


def _builder_name(cls: griffe.Class, name: str, maker: str, arguments: list[Any]) -> str:
    positional = [arg for arg in arguments if not isinstance(arg, griffe.ExprKeyword)]
    if maker in PAGING_MAKERS:
        listing = cls.members.get(str(positional[0])) if positional else None
        if isinstance(listing, griffe.Function):
            return listing.name
        call = _maker_call(listing) if listing is not None else None
        if call is None:
            raise griffe.GriffeError(f"{cls.path}.{name}: expected {maker}(listing, PAGING)")
        return _builder_name(cls, str(positional[0]), *call)
    if len(positional) < 2:
        raise griffe.GriffeError(f"{cls.path}.{name}: expected maker(OPERATION, builder)")
    return str(positional[1])


def _method(
    cls: griffe.Class, name: str, builder: griffe.Function, *, is_async: bool
) -> griffe.Function:
    live = _live_method(cls, name)
    signature = inspect.signature(live)
    static_names = [p.name for p in builder.parameters if p.name != "self"]
    if static_names != list(signature.parameters)[1:]:
        raise griffe.GriffeError(
            f"{cls.path}.{name}: the live method's parameters {list(signature.parameters)} "
            f"are not its builder's {static_names}"
        )
    method = griffe.Function(
        name,
        lineno=builder.lineno,
        endlineno=builder.endlineno,
        parameters=builder.parameters,
        returns=_annotation(signature.return_annotation, cls),
        docstring=griffe.Docstring(
            markdown_of(inspect.cleandoc(live.__doc__ or "")),
            lineno=builder.docstring.lineno if builder.docstring else None,
            parser=builder.docstring.parser if builder.docstring else None,
            parser_options=builder.docstring.parser_options if builder.docstring else None,
        ),
    )
    method.labels |= {"method"} | ({"async"} if is_async else set())
    return method


def _live_method(cls: griffe.Class, name: str) -> Any:
    target: Any = importlib.import_module(cls.module.path)
    for part in cls.path[len(cls.module.path) + 1 :].split("."):
        target = getattr(target, part)
    return getattr(target, name)


def _annotation(annotation: Any, cls: griffe.Class) -> str | griffe.Expr | None:
    """The return annotation as an expression resolved in the class's scope (for links)."""
    if annotation is inspect.Signature.empty:
        return None
    text = annotation if isinstance(annotation, str) else inspect.formatannotation(annotation)
    try:
        node = ast.parse(text, mode="eval").body
    except SyntaxError:
        return text
    return griffe.safe_get_annotation(node, cls) or text


class ReadableDocstrings(griffe.Extension):
    """Render every docstring's doctest examples, literal blocks and roles as Markdown."""

    def on_instance(self, *, obj: griffe.Object, **kwargs: Any) -> None:
        if obj.docstring is not None:
            obj.docstring.value = markdown_of(obj.docstring.value)


_ROLE = re.compile(r":(?:py:)?(?:class|meth|func|mod|exc|attr|data|obj|const):`(~?)([^`]+)`")
_DIRECTIVE = re.compile(r"\s*#\s*doctest:.*$")


def markdown_of(text: str) -> str:
    """``text``, a docstring, with its doctest and literal blocks fenced and roles as code.

    >>> markdown_of("Raises :class:`~mistralai.errors.SDKError` (see :mod:`mistralai.errors`).")
    'Raises ``SDKError`` (see ``mistralai.errors``).'
    """
    lines = text.splitlines()
    out: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        stripped = line.lstrip()
        if stripped.startswith(">>>") and not _in_fence(out):
            indent = line[: len(line) - len(stripped)]
            block = []
            while i < len(lines) and lines[i].strip():
                block.append(_DIRECTIVE.sub("", lines[i][len(indent) :]))
                i += 1
            out += [f"{indent}```pycon", *(indent + b for b in block), f"{indent}```"]
            continue
        if line.rstrip().endswith("::") and not _in_fence(out):
            head = line.rstrip()[:-2].rstrip()
            literal, i = _literal_block(lines, i + 1, len(line) - len(stripped))
            if literal is not None:
                if head:
                    out.append(head + ":")
                out += ["", "```", *literal, "```"]
                continue
        out.append(_ROLE.sub(_code, line))
        i += 1
    return "\n".join(_text_before_fields(out))


_FIELD = re.compile(
    r":(param|parameter|arg|key|keyword|type|raises?|except|exception|returns?|rtype|var|ivar|cvar|vartype|yields?)\b"
)


def _text_before_fields(lines: list[str]) -> list[str]:
    """Move paragraphs that follow the ``:param ...:`` fields (an example, usually) before
    them: the Sphinx parser would read them as the last field's description."""
    fields: list[str] = []
    text: list[str] = []
    in_fields = False
    for index, line in enumerate(lines):
        if _FIELD.match(line):
            in_fields = True
        elif in_fields and line and not line[0].isspace() and not lines[index - 1].strip():
            in_fields = False
        (fields if in_fields else text).append(line)
    while text and not text[-1].strip():
        text.pop()
    return [*text, "", *fields] if fields else text


def _code(role: re.Match[str]) -> str:
    """A role as inline code: ``:class:`~a.b.C``` reads ``C``, as in Sphinx."""
    tilde, target = role.groups()
    return f"``{target.rsplit('.', 1)[-1] if tilde else target}``"


def _literal_block(lines: list[str], start: int, indent: int) -> tuple[list[str] | None, int]:
    """The indented block after a ``::`` line, dedented, and the index after it."""
    i = start
    while i < len(lines) and not lines[i].strip():
        i += 1
    body_start = i
    while i < len(lines) and (
        not lines[i].strip() or len(lines[i]) - len(lines[i].lstrip()) > indent
    ):
        i += 1
    if i == body_start:
        return None, start
    body = lines[body_start:i]
    while body and not body[-1].strip():
        body.pop()
        i -= 1
    return textwrap.dedent("\n".join(body)).splitlines(), i


def _in_fence(out: list[str]) -> bool:
    return sum(1 for line in out if line.lstrip().startswith("```")) % 2 == 1
