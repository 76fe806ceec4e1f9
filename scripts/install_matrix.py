"""Prove each distribution works alone: build every wheel, install combinations into fresh
virtual environments (wheels only, no source tree), and smoke-test each against the local
server. Every area is installed once beside mistral-core and nothing else.

    python scripts/install_matrix.py            # every combination
    python scripts/install_matrix.py core+agents

Also checks that ``mistral-core`` + ``mistral-agents`` pull in no other area and no
third-party dependency beyond httpx, pydantic and pluggy (and what those need).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import tomllib

ROOT = Path(__file__).resolve().parent.parent
SMOKE = ROOT / "tests" / "install" / "smoke.py"
PLUGIN_SMOKE = ROOT / "tests" / "install" / "plugin_smoke.py"
EXAMPLE_PLUGIN = ROOT / "examples" / "plugins" / "mistral-request-tagger"
DISTRIBUTION_OF = {
    "chat": "mistral-chat",
    "agents": "mistral-agents",
    "files": "mistral-files",
    "beta": "mistral-beta",
    "embeddings": "mistral-embeddings",
    "models": "mistral-models",
    "fim": "mistral-fim",
    "ocr": "mistral-ocr-client",
    "classifiers": "mistral-classifiers",
    "fine_tuning": "mistral-fine-tuning",
    "batch": "mistral-batch",
    "audio": "mistral-audio",
}
COMBINATIONS: dict[str, list[str]] = {
    "core": [],
    **{f"core+{area}": [area] for area in DISTRIBUTION_OF},
    "core+chat+files": ["chat", "files"],
    "core+chat+example-plugin": ["chat"],
    "umbrella": list(DISTRIBUTION_OF),
}
ALLOWED_SLIM_DEPENDENCIES = {
    "mistral-core",
    "mistral-agents",
    "httpx",
    "pydantic",
    "pluggy",
    "typing-extensions",
    # what httpx and pydantic themselves need
    "anyio",
    "certifi",
    "httpcore",
    "idna",
    "h11",
    "sniffio",
    "exceptiongroup",
    "pydantic-core",
    "annotated-types",
    "typing-inspection",
    "importlib-metadata",
    "zipp",
}
CLOSURE_CODE = """
import json, re
from importlib.metadata import PackageNotFoundError, distribution
seen, todo = set(), ["mistral-core", "mistral-agents"]
while todo:
    name = re.split(r"[ ;<>=!~\\[(]", todo.pop())[0].lower().replace("_", "-")
    if name in seen:
        continue
    try:
        requires = distribution(name).requires or []
    except PackageNotFoundError:  # excluded by an environment marker
        continue
    seen.add(name)
    for req in requires:
        if "extra ==" not in req:
            todo.append(req)
print(json.dumps(sorted(seen)))
"""


def uv() -> list[str]:
    found = os.environ.get("UV") or shutil.which("uv")
    return [found] if found else ["python3", "-m", "uv"]


def packages() -> dict[str, Path]:
    found = {}
    for pyproject in sorted(ROOT.glob("packages/*/pyproject.toml")):
        found[tomllib.loads(pyproject.read_text())["project"]["name"]] = pyproject.parent
    return found


def build_wheels(out: Path) -> dict[str, Path]:
    subprocess.run(
        [*uv(), "build", "--quiet", "--wheel", "--out-dir", str(out), str(EXAMPLE_PLUGIN)],
        check=True,
    )
    (plugin,) = out.glob("mistral_request_tagger-*.whl")
    wheels = {"mistral-request-tagger": plugin}
    for name in packages():
        subprocess.run(
            [*uv(), "build", "--quiet", "--wheel", "--package", name, "--out-dir", str(out)],
            cwd=ROOT,
            check=True,
        )
        (wheel,) = out.glob(f"{name.replace('-', '_')}-*.whl")
        wheels[name] = wheel
    return wheels


def install(env: Path, wheels: list[Path]) -> Path:
    subprocess.run([*uv(), "venv", "--quiet", "--python", sys.executable, str(env)], check=True)
    python = env / "bin" / "python"
    subprocess.run(
        [*uv(), "pip", "install", "--quiet", "--python", str(python), *map(str, wheels)], check=True
    )
    return python


def run_combination(name: str, wheels: dict[str, Path], work: Path) -> bool:
    areas = COMBINATIONS[name]
    if name == "umbrella":
        chosen = [wheels[d] for d in wheels if d not in ("mistral-otel", "mistral-request-tagger")]
    else:
        chosen = [
            wheels["mistral-core"],
            wheels["mistral-testing"],
            *(wheels[DISTRIBUTION_OF[a]] for a in areas),
        ]
    if name == "core+chat+example-plugin":
        chosen.append(wheels["mistral-request-tagger"])
    python = install(work / name, chosen)
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    script = [str(PLUGIN_SMOKE)] if name == "core+chat+example-plugin" else [str(SMOKE), *areas]
    result = subprocess.run([str(python), *script], cwd=work, env=env, check=False)
    ok = result.returncode == 0
    if ok and name == "core+agents":
        ok = check_slim_closure(python, work)
    print(f"{name}: {'OK' if ok else 'FAILED'}", flush=True)
    return ok


def check_slim_closure(python: Path, work: Path) -> bool:
    import json

    out = subprocess.run(
        [str(python), "-c", CLOSURE_CODE], cwd=work, capture_output=True, text=True, check=True
    )
    closure = set(json.loads(out.stdout))
    extra = closure - ALLOWED_SLIM_DEPENDENCIES
    if extra:
        print(f"mistral-core + mistral-agents pull in more than expected: {sorted(extra)}")
        return False
    print(f"core+agents dependency closure: {', '.join(sorted(closure))}")
    return True


def available(name: str, wheels: dict[str, Path]) -> bool:
    """Whether every distribution a combination needs exists in this workspace."""
    needed = {DISTRIBUTION_OF[a] for a in COMBINATIONS[name]} | (
        {"mistral-sdk"} if name == "umbrella" else set()
    )
    missing = needed - set(wheels)
    if missing:
        print(f"{name}: skipped, not in this workspace yet: {', '.join(sorted(missing))}")
    return not missing


def main(names: list[str]) -> int:
    names = names or list(COMBINATIONS)
    with tempfile.TemporaryDirectory(prefix="mistral-install-matrix-") as tmp:
        work = Path(tmp)
        wheels = build_wheels(work / "wheels")
        results = {
            name: run_combination(name, wheels, work) for name in names if available(name, wheels)
        }
    failed = [name for name, ok in results.items() if not ok]
    print(f"install matrix: {len(results) - len(failed)} passed, {len(failed)} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
