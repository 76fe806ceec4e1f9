"""Smoke test of one installed combination of packages, run inside a fresh environment.

    python smoke.py chat files          # the areas that must work; every other must be missing

Starts the local server (mistral-testing is installed beside the combination), calls one
operation of each expected area, and checks that every other first-party area is reported
as missing with its install hint. Exits non-zero on the first failure. Runs from outside the
source tree, so only installed wheels are used.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable
from typing import Any

from mistralai import Mistral
from mistralai.testing import MistralTestServer

AREAS = {
    "chat": ("mistral-chat", "mistralai.chat"),
    "agents": ("mistral-agents", "mistralai.agents"),
    "files": ("mistral-files", "mistralai.files"),
    "beta": ("mistral-beta", "mistralai.beta"),
    "embeddings": ("mistral-embeddings", "mistralai.embeddings"),
    "models": ("mistral-models", "mistralai.models_api"),
    "fim": ("mistral-fim", "mistralai.fim"),
    "ocr": ("mistral-ocr-client", "mistralai.ocr"),
    "classifiers": ("mistral-classifiers", "mistralai.classifiers"),
    "fine_tuning": ("mistral-fine-tuning", "mistralai.fine_tuning"),
    "batch": ("mistral-batch", "mistralai.batch"),
    "audio": ("mistral-audio", "mistralai.audio"),
}
MESSAGES = [{"role": "user", "content": "smoke"}]

CALLS: dict[str, Callable[[Any], object]] = {
    "chat": lambda c: (
        c.chat.complete(model="mistral-small-latest", messages=MESSAGES).choices[0].message.content
    ),
    "agents": lambda c: (
        c.agents.complete(agent_id="ag_test_agent", messages=MESSAGES).choices[0].message.content
    ),
    "files": lambda c: c.files.upload(file={"file_name": "a.jsonl", "content": b"{}\n"}).id,
    "beta": lambda c: c.beta.conversations.start(inputs="smoke").conversation_id,
    "embeddings": lambda c: len(c.embeddings.create(model="mistral-embed", inputs="smoke").data),
    "models": lambda c: len(c.models.list().data or []),
    "fim": lambda c: (
        c.fim.complete(model="codestral-latest", prompt="def f(").choices[0].message.content
    ),
    "ocr": lambda c: len(
        c.ocr.process(
            model="mistral-ocr-latest", document={"document_url": "https://x/a.pdf"}
        ).pages
    ),
    "classifiers": lambda c: len(c.classifiers.moderate(inputs=["smoke"]).results),
    "fine_tuning": lambda c: c.fine_tuning.jobs.list().object,
    "batch": lambda c: c.batch.jobs.list().object,
    "audio": lambda c: (
        c.audio.transcriptions.complete(
            model="voxtral-mini-latest", file_url="https://x/a.mp3"
        ).text
    ),
}


def check(condition: bool, message: str) -> None:
    if not condition:
        print(f"FAILED: {message}")
        sys.exit(1)


def main(expected: list[str]) -> None:
    unknown = set(expected) - set(AREAS)
    check(not unknown, f"unknown areas {sorted(unknown)}")
    with MistralTestServer() as server, Mistral(api_key="smoke", server_url=server.url) as client:
        mounted = set(dir(client)) & set(AREAS)
        check(mounted == set(expected), f"mounted {sorted(mounted)}, expected {sorted(expected)}")
        for area in expected:
            result = CALLS[area](client)
            print(f"ok: client.{area} -> {result!r}")
        for area, (distribution, module) in AREAS.items():
            if area in expected:
                continue
            try:
                getattr(client, area)
            except AttributeError as exc:
                check(
                    f"pip install {distribution}" in str(exc),
                    f"client.{area} error lacks the hint: {exc}",
                )
            else:
                check(False, f"client.{area} exists but {distribution} should not be installed")
            try:
                importlib.import_module(module)
            except ModuleNotFoundError:
                pass
            else:
                check(False, f"{module} imports but {distribution} should not be installed")
    print(f"smoke: OK ({', '.join(expected) or 'core only'})")


if __name__ == "__main__":
    main(sys.argv[1:])
