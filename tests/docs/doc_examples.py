"""Finding the examples of the documentation and running them.

Two kinds of examples are run, both against the local test server:

- ``>>>`` examples in the docstrings of every module of every package (what the API
  reference pages show), read by :mod:`doctest`'s finder and parser. An example that shows
  an output is compared with it by :class:`doctest.OutputChecker` (``ELLIPSIS`` and
  ``NORMALIZE_WHITESPACE`` on), one that raises must show the exception, as in doctest; an
  example that shows no output only has to run (``>>> res.choices[0].message.content``
  tells the reader what to look at, and what the local server answers there is not what the
  API would). An example may ``await``: the docstring's examples share one event loop.
- ```` ```python ```` blocks of the Markdown pages under ``docs/``, run in order, one
  namespace per page. A block preceded by ``<!-- docs-test: skip (reason) -->`` is not run.
"""

from __future__ import annotations

import ast
import asyncio
import contextlib
import doctest
import importlib
import inspect
import io
import re
import traceback
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
COMPILE_FLAGS = ast.PyCF_ALLOW_TOP_LEVEL_AWAIT
SKIP_MARK = re.compile(r"<!--\s*docs-test:\s*skip\s*\((.+?)\)\s*-->")


# -- docstrings -----------------------------------------------------------------------------


def source_modules() -> list[str]:
    """Every module of every distribution's ``src`` folder, by import name."""
    names = set()
    for src in ROOT.glob("packages/*/src"):
        for path in src.rglob("*.py"):
            parts = path.relative_to(src).with_suffix("").parts
            names.add(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return sorted(names)


@dataclass
class DocExamples:
    """The examples of one docstring (found once however many objects share it)."""

    name: str
    module: str
    filename: str
    lineno: int
    examples: list[doctest.Example]
    aliases: list[str] = field(default_factory=list)

    @property
    def skipped(self) -> bool:
        return any(example.options.get(doctest.SKIP) for example in self.examples)


def docstring_examples(modules: list[str]) -> list[DocExamples]:
    """The docstrings with ``>>>`` examples in ``modules``, one entry per distinct set of
    examples (an operation's sync and async methods share their builder's docstring)."""
    finder = doctest.DocTestFinder(exclude_empty=True)
    found: dict[tuple[str, ...], DocExamples] = {}
    for module_name in modules:
        module = importlib.import_module(module_name)
        for test in finder.find(module, module_name):
            if not test.examples:
                continue
            key = tuple(example.source for example in test.examples)
            entry = found.get(key)
            if entry is None:
                found[key] = DocExamples(
                    test.name,
                    module_name,
                    test.filename or module_name,
                    (test.lineno or 0) + 1,
                    test.examples,
                )
            else:
                entry.aliases.append(test.name)
                if _is_private(entry.name) and not _is_private(test.name):
                    entry.name = test.name
    return sorted(found.values(), key=lambda entry: entry.name)


def _is_private(name: str) -> bool:
    """``Chat._prepare`` is private, ``Chat.complete`` is not (whatever its module)."""
    return name.rsplit(".", 1)[-1].startswith("_")


def free_names(examples: list[doctest.Example]) -> list[str]:
    """Names the examples read before binding them, in order of first use.

    Per statement: what it reads, less what earlier statements bound and what it binds
    itself in loops, comprehensions and ``with``; the target of an assignment is bound
    after its value is read (``task = wait(task.id)`` reads ``task``).
    """
    bound: set[str] = set()
    free: dict[str, None] = {}
    for example in examples:
        try:
            tree = ast.parse(example.source)
        except SyntaxError:
            continue
        for statement in tree.body:
            loads, stores = _names(statement)
            targets: set[str] = set()
            if isinstance(statement, (ast.Assign, ast.AugAssign, ast.AnnAssign)):
                for target in getattr(statement, "targets", None) or [statement.target]:  # type: ignore[attr-defined]
                    targets |= _names(target)[1]
            free.update((name, None) for name in loads if name not in bound | (stores - targets))
            bound |= stores
    return list(free)


def _names(node: ast.AST) -> tuple[list[str], set[str]]:
    """The names ``node`` reads, in order, and those it binds."""
    loads: list[str] = []
    stores: set[str] = set()
    for child in ast.walk(node):
        if isinstance(child, ast.Name):
            if isinstance(child.ctx, ast.Load):
                loads.append(child.id)
            else:
                stores.add(child.id)
        elif isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            stores.add(child.name)
        elif isinstance(child, (ast.Import, ast.ImportFrom)):
            stores.update((alias.asname or alias.name).split(".")[0] for alias in child.names)
        elif isinstance(child, ast.arg):
            stores.add(child.arg)
    return loads, stores


# -- the public surface ----------------------------------------------------------------


def public_methods() -> dict[str, Any]:
    """``client.<path>.<method>``: every public method of every mounted resource."""
    from mistralai import Mistral
    from mistralai._mount import ResourceGroup
    from mistralai._resource import Resource

    methods: dict[str, Any] = {}

    def walk(node: Any, path: str) -> None:
        for name in dir(node):
            if name.startswith("_"):
                continue
            value = getattr(node, name)
            if isinstance(value, (Resource, ResourceGroup)):
                walk(value, f"{path}.{name}")
            elif isinstance(node, Resource) and callable(value):
                methods[f"{path}.{name}"] = value

    with Mistral(api_key="unused") as client:
        walk(client, "client")
    return methods


# -- running --------------------------------------------------------------------------------


class ExampleRunner:
    """Runs examples one after the other in ``namespace``, with one event loop for the
    examples that ``await``; ``failures`` says what went wrong, doctest-style."""

    def __init__(self, namespace: dict[str, Any], filename: str) -> None:
        self.namespace = namespace
        self.filename = filename
        self.failures: list[str] = []
        self.loop: asyncio.AbstractEventLoop | None = None
        self.checker = doctest.OutputChecker()

    def run_example(self, example: doctest.Example, lineno: int) -> None:
        if example.options.get(doctest.SKIP):
            return
        flags = FLAGS
        for flag, on in example.options.items():
            flags = flags | flag if on else flags & ~flag
        got, error = self._execute(example.source, "single")
        where = f"{self.filename}, line {lineno + example.lineno}"
        if error is None:
            if example.exc_msg is not None:
                self.failures.append(f"{where}: expected an exception\n{example.source}")
            elif example.want and not self.checker.check_output(example.want, got, flags):
                self.failures.append(
                    f"{where}:\n{example.source}"
                    + self.checker.output_difference(example, got, flags)
                )
            return
        message = traceback.format_exception_only(type(error), error)[-1]
        if example.exc_msg is not None and self.checker.check_output(
            example.exc_msg, message.split(": ", 1)[-1] if ": " in message else message, flags
        ):
            return
        if example.exc_msg is not None and self.checker.check_output(
            example.exc_msg, message, flags
        ):
            return
        self.failures.append(f"{where}:\n{example.source}{got}{_traceback(error)}")

    def run_block(self, source: str, lineno: int) -> None:
        """Run a code block of a page as a script (no output is compared)."""
        _, error = self._execute(source, "exec")
        if error is not None:
            self.failures.append(
                f"{self.filename}, block at line {lineno}:\n{source}{_traceback(error)}"
            )

    def _execute(self, source: str, mode: str) -> tuple[str, BaseException | None]:
        out = io.StringIO()
        try:
            with contextlib.redirect_stdout(out):
                code = compile(source, "<example>", mode, COMPILE_FLAGS, dont_inherit=True)
                if code.co_flags & inspect.CO_COROUTINE:
                    self._loop().run_until_complete(eval(code, self.namespace))
                else:
                    exec(code, self.namespace)
        except BaseException as error:
            if isinstance(error, (KeyboardInterrupt, SystemExit)):
                raise
            return out.getvalue(), error
        return out.getvalue(), None

    def _loop(self) -> asyncio.AbstractEventLoop:
        if self.loop is None:
            self.loop = asyncio.new_event_loop()
        return self.loop

    def run_async(self, awaitable: Any) -> Any:
        return self._loop().run_until_complete(awaitable)

    def close(self) -> None:
        if self.loop is not None:
            self.loop.run_until_complete(self.loop.shutdown_asyncgens())
            self.loop.close()


def _traceback(error: BaseException) -> str:
    """The end of the traceback: the example's line, the frames under it, the error."""
    lines = traceback.format_exception(type(error), error, error.__traceback__)
    start = max((i for i, line in enumerate(lines) if '"<example>"' in line), default=0)
    return "".join(lines[start:][-8:])


# -- Markdown pages -------------------------------------------------------------------------


@dataclass
class CodeBlock:
    lineno: int
    source: str
    skip: str | None


FENCE = re.compile(r"^(\s*)```(\w*)\s*$")


def code_blocks(page: Path) -> list[CodeBlock]:
    """The ```` ```python ```` blocks of a page, each with its skip reason if marked."""
    blocks: list[CodeBlock] = []
    lines = page.read_text(encoding="utf-8").splitlines()
    i = 0
    previous = ""
    while i < len(lines):
        match = FENCE.match(lines[i])
        if match and match.group(2):
            indent, language = match.groups()
            start = i
            i += 1
            body = []
            while i < len(lines) and lines[i].strip() != "```":
                body.append(lines[i][len(indent) :])
                i += 1
            if language == "python":
                skip = SKIP_MARK.search(previous)
                blocks.append(
                    CodeBlock(start + 1, "\n".join(body) + "\n", skip.group(1) if skip else None)
                )
        if lines[i].strip() if i < len(lines) else "":
            previous = lines[i]
        i += 1
    return blocks


def pages() -> list[Path]:
    return sorted(p for p in DOCS.rglob("*.md") if "_ext" not in p.parts)


def provide(
    names: list[str],
    providers: Mapping[str, Callable[[Callable[[str], Any]], Any]],
    namespace: dict[str, Any],
) -> list[str]:
    """Put into ``namespace`` what ``providers`` make for ``names``, and what those need;
    returns the names made."""
    made: list[str] = []

    def get(name: str) -> Any:
        if name not in namespace:
            namespace[name] = providers[name](get)
            made.append(name)
        return namespace[name]

    for name in names:
        if name in providers and name not in namespace:
            get(name)
    return made


__all__ = [
    "CodeBlock",
    "DocExamples",
    "ExampleRunner",
    "code_blocks",
    "docstring_examples",
    "free_names",
    "pages",
    "public_methods",
    "provide",
    "source_modules",
]
