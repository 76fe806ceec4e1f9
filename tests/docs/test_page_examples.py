"""Every ```` ```python ```` block of the documentation pages runs against the local server.

The blocks of a page run in order in one namespace, as a reader would paste them; a block
may use what an earlier one defined. ``Mistral(api_key="...")`` in a block is a client of
the local test server. A ``def test_...(mistral_client, mistral_test_server)`` that a block
defines is called with those, so the pytest examples run too. A block marked
``<!-- docs-test: skip (reason) -->`` is shown, not run.
"""

from __future__ import annotations

import doctest
import inspect
from pathlib import Path
from typing import Any

import pytest
from doc_examples import DOCS, ExampleRunner, code_blocks, free_names, pages, provide
from doc_namespace import PROVIDERS

from mistralai import Mistral
from mistralai.testing import MistralTestServer

PAGES = [page for page in pages() if code_blocks(page)]


def test_the_guides_have_examples() -> None:
    names = {page.relative_to(DOCS).as_posix() for page in PAGES}
    assert {"index.md", "getting-started.md", "guides/streaming.md", "guides/files.md"} <= names


@pytest.mark.parametrize("page", PAGES, ids=[p.relative_to(DOCS).as_posix() for p in PAGES])
@pytest.mark.usefixtures("docs_workdir", "docs_fast_waits")
def test_page_examples_run(
    page: Path,
    docs_client: Mistral,
    docs_mistral: type[Mistral],
    mistral_test_server: MistralTestServer,
) -> None:
    blocks = code_blocks(page)
    runnable = [block for block in blocks if block.skip is None]
    if not runnable:
        pytest.skip("; ".join(str(block.skip) for block in blocks))
    namespace: dict[str, Any] = {"__name__": "__main__", "client": docs_client}
    examples = [doctest.Example(block.source, "") for block in runnable]
    runner = ExampleRunner(namespace, str(page))
    made = provide(free_names(examples), PROVIDERS, namespace)
    try:
        for block in runnable:
            runner.run_block(block.source, block.lineno)
            if runner.failures:
                break
        fixtures = {"mistral_client": docs_client, "mistral_test_server": mistral_test_server}
        for name, value in list(namespace.items()):
            if name.startswith("test_") and inspect.isfunction(value) and not runner.failures:
                arguments = {p: fixtures[p] for p in inspect.signature(value).parameters}
                value(**arguments)
    finally:
        for name in made:
            close = getattr(namespace[name], "close", None)
            if callable(close):
                close()
        runner.close()
    assert not runner.failures, "\n\n".join(runner.failures)
