"""The built documentation site, opened in a real headless browser.

The site in ``site/`` (built by ``bash scripts/docs.sh``; built here into a temporary
folder when there is none) is served over HTTP on 127.0.0.1 and opened in Debian's
Chromium, driven through chromedriver: the home page, a guide reached through the
navigation, and an API page with a method's signature and example must render with their
content. Without Chromium the test is skipped, except in CI (``CI=true``), where
``.ci/run`` installs it and the test must run.
"""

from __future__ import annotations

import functools
import http.server
import os
import re
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("DOCS_TEST_CHROMIUM", "/usr/bin/chromium"))
CHROMEDRIVER = Path(os.environ.get("DOCS_TEST_CHROMEDRIVER", "/usr/bin/chromedriver"))
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--window-size=1400,1000",
)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The built site: ``site/`` when ``scripts/docs.sh`` built it, else a fresh build."""
    built = ROOT / "site"
    if (built / "index.html").exists() and (built / "api" / "chat.html").exists():
        return built
    target = tmp_path_factory.mktemp("site")
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(target)],
        cwd=ROOT,
        check=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    return target


@pytest.fixture(scope="module")
def base_url(site: Path) -> Iterator[str]:
    """The site served over HTTP on 127.0.0.1, on a free port."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """Chromium, headless, with a profile of its own and nothing that calls home."""
    missing = [str(p) for p in (CHROMIUM, CHROMEDRIVER) if not p.exists()]
    if missing:
        reason = f"no {' or '.join(missing)}: apt-get install chromium chromium-driver"
        if os.environ.get("CI") == "true":
            pytest.fail(f"the browser test must run in CI; {reason}")
        pytest.skip(reason)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}")
    driver = webdriver.Chrome(options=options, service=Service(executable_path=str(CHROMEDRIVER)))
    driver.set_page_load_timeout(60)
    try:
        yield driver
    finally:
        driver.quit()


def _wait_for(browser: Any, css: str) -> Any:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(browser, 20).until(
        expected_conditions.presence_of_element_located((By.CSS_SELECTOR, css))
    )


def _text(browser: Any, css: str) -> str:
    return str(_wait_for(browser, css).text)


def test_every_public_method_has_its_entry_in_the_api_reference(site: Path) -> None:
    """A new area, or a method made in a way the griffe extension does not know, fails here
    rather than leaving a hole in the reference."""
    from doc_examples import public_methods

    ids = set()
    for page in (site / "api").glob("*.html"):
        ids.update(re.findall(r'id="(mistralai[.\w]+)"', page.read_text(encoding="utf-8")))
    entries = {".".join(entry.split(".")[-2:]) for entry in ids}
    missing = [
        path
        for path, method in public_methods().items()
        if f"{method.__qualname__.split('.')[0]}.{path.rsplit('.', 1)[1]}" not in entries
    ]
    assert not missing, f"no API entry for {sorted(missing)}"


def test_home_page_renders(browser: Any, base_url: str) -> None:
    browser.get(f"{base_url}/index.html")
    assert "Mistral AI Python SDK" in browser.title
    assert _text(browser, "article h1") == "Mistral AI Python SDK, modular"
    article = _text(browser, "article")
    assert "client.chat.complete" in article
    assert "mistral-ocr-client" in article
    nav = _text(browser, "nav.md-nav--primary")
    for entry in ("Getting started", "Streaming", "API reference", "Benchmark charts"):
        assert entry in nav


def test_a_guide_is_reached_through_the_navigation(browser: Any, base_url: str) -> None:
    from selenium.webdriver.common.by import By

    browser.get(f"{base_url}/index.html")
    link = _wait_for(browser, 'nav.md-nav--primary a[href$="guides/streaming.html"]')
    browser.execute_script("arguments[0].click();", link)
    _wait_for(browser, "article h1")
    assert browser.current_url.endswith("/guides/streaming.html")
    assert _text(browser, "article h1") == "Streaming"
    code = " ".join(block.text for block in browser.find_elements(By.CSS_SELECTOR, "article pre"))
    assert "client.chat.stream(" in code
    headings = [h.text for h in browser.find_elements(By.CSS_SELECTOR, "article h2")]
    assert "Stopping early" in headings


def test_an_api_page_shows_signatures_and_examples(browser: Any, base_url: str) -> None:
    from selenium.webdriver.common.by import By

    browser.get(f"{base_url}/index.html")
    link = _wait_for(browser, 'nav.md-nav--primary a[href$="api/chat.html"]')
    browser.execute_script("arguments[0].click();", link)
    method = _wait_for(browser, '[id="mistralai.chat.Chat.complete"]')
    assert browser.current_url.endswith("/api/chat.html")
    assert method.text.startswith("complete")
    # The generated method: its builder's parameters, the operation's result, its example.
    section = method.find_element(By.XPATH, "./ancestor::div[contains(@class, 'doc-object')][1]")
    signature = section.find_element(By.CSS_SELECTOR, ".doc-signature").text
    assert "model: str" in signature
    assert "messages: Sequence[MessageInput]" in signature
    assert signature.rstrip().endswith("-> ChatCompletionResponse")
    body = section.text
    assert "Create a chat completion." in body
    assert ">>> res = client.chat.complete(" in body
    assert "doctest" not in body
    stream = browser.find_element(By.CSS_SELECTOR, '[id="mistralai.chat.Chat.stream_async"]')
    assert stream.find_elements(By.CSS_SELECTOR, ".doc-label-async")
    stream_body = stream.find_element(
        By.XPATH, "./ancestor::div[contains(@class, 'doc-object')][1]"
    ).text
    # A long return type is wrapped over lines, as a formatter would.
    assert re.search(
        r"-> AsyncResponseStream\[\s*CompletionEvent, ChatCompletionResponse\s*\]", stream_body
    )
    assert stream_body.count("Stream a chat completion as typed events") == 1


def test_the_benchmark_charts_are_drawn(browser: Any, base_url: str) -> None:
    from selenium.webdriver.common.by import By

    browser.get(f"{base_url}/benchmark-charts.html")
    _wait_for(browser, "article img")
    images = browser.find_elements(By.CSS_SELECTOR, 'article img[src$=".svg"]')
    assert len(images) >= 5
    for image in images:
        width = browser.execute_script(
            "return arguments[0].complete ? arguments[0].naturalWidth : 0;", image
        )
        assert width > 0, f"{image.get_attribute('src')} did not load"
