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
from mistralai._areas import AREAS as _AREAS
from mistralai.testing import MistralTestServer

AREAS = {area.name: area for area in _AREAS}
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
        ).text,
        sum(map(len, c.audio.speech.create(input="smoke", voice_id="ava"))),
        len(c.audio.voices.list().items),
    ),
    "observability": lambda c: c.beta.observability.judges.list().judges.count,
    "workflows": lambda c: c.beta.workflows.get("greeter").workflow.name,
    "connectors": lambda c: (
        c.beta.connectors.create(name="smoke", description="d", server="https://mcp.example.com")
        .tools[0]
        .name
    ),
}


def check(condition: bool, message: str) -> None:
    if not condition:
        print(f"FAILED: {message}")
        sys.exit(1)


def attribute(client: Mistral, path: str) -> Any:
    value: Any = client
    for part in path.split("."):
        value = getattr(value, part)
    return value


def mounted(client: Mistral, path: str) -> bool:
    try:
        attribute(client, path)
    except AttributeError:
        return False
    return True


def main(expected: list[str]) -> None:
    unknown = set(expected) - set(AREAS)
    check(not unknown, f"unknown areas {sorted(unknown)}")
    missing_calls = set(AREAS) - set(CALLS)
    check(not missing_calls, f"no smoke call for {sorted(missing_calls)}")
    with MistralTestServer() as server, Mistral(api_key="smoke", server_url=server.url) as client:
        present = {
            name for name, area in AREAS.items() if all(mounted(client, m) for m in area.mounts)
        }
        check(present == set(expected), f"mounted {sorted(present)}, expected {sorted(expected)}")
        for name in expected:
            result = CALLS[name](client)
            print(f"ok: {name} -> {result!r}")
        for name, area in AREAS.items():
            if name in expected:
                continue
            try:
                attribute(client, area.mounts[0])
            except AttributeError as exc:
                check(
                    f"pip install {area.distribution}" in str(exc),
                    f"client.{area.mounts[0]} error lacks the hint: {exc}",
                )
            else:
                check(
                    False,
                    f"client.{area.mounts[0]} exists but {area.distribution} is not installed",
                )
            try:
                importlib.import_module(area.package)
            except ModuleNotFoundError:
                pass
            else:
                check(
                    False, f"{area.package} imports but {area.distribution} should not be installed"
                )
    print(f"smoke: OK ({', '.join(expected) or 'core only'})")


if __name__ == "__main__":
    main(sys.argv[1:])
