"""Prove each distribution works alone: build every wheel, install combinations into fresh
virtual environments (wheels only, no source tree), and smoke-test each against the local
server. Every area is installed once beside mistral-core and nothing else.

    python scripts/install_matrix.py            # every combination
    python scripts/install_matrix.py core+agents

Before installing, each combination is resolved the way a user's pip would: by name, with
our wheels in a find-links directory and the public index (PyPI, or ``$MISTRAL_PUBLIC_INDEX``)
reachable. Every distribution of ours in the result must come from our wheels: a name taken
on the index by someone else, now or later, would resolve to their package and fail the run.
The check prints where each of our distributions came from; it needs the index and fails,
saying so, when it cannot reach it. What gets installed is exactly what that resolution
chose from our wheels.

Also checks that ``mistral-core`` + ``mistral-agents`` pull in no other area and no
third-party dependency beyond httpx, pydantic and pluggy (and what those need).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, NamedTuple
from urllib.parse import unquote, urlparse

import tomllib
from packaging.utils import canonicalize_name

from mistralai._areas import AREAS, UMBRELLA

ROOT = Path(__file__).resolve().parent.parent
SMOKE = ROOT / "tests" / "install" / "smoke.py"
PLUGIN_SMOKE = ROOT / "tests" / "install" / "plugin_smoke.py"
CLOUD_SMOKE = ROOT / "tests" / "install" / "cloud_smoke.py"
EXAMPLE_PLUGINS = sorted((ROOT / "examples" / "plugins").glob("*/pyproject.toml"))
PUBLIC_INDEX = os.environ.get("MISTRAL_PUBLIC_INDEX", "https://pypi.org/simple")
DISTRIBUTION_OF = {area.name: area.distribution for area in AREAS}
COMBINATIONS: dict[str, list[str]] = {
    "core": [],
    **{f"core+{area}": [area] for area in DISTRIBUTION_OF},
    "core+chat+files": ["chat", "files"],
    "core+chat+example-plugin": ["chat"],
    "core+chat+clouds": ["chat"],
    "core+otel": [],
    "umbrella": list(DISTRIBUTION_OF),
}
BESIDE_THE_AREAS = {
    "core+chat+example-plugin": [
        tomllib.loads(p.read_text())["project"]["name"] for p in EXAMPLE_PLUGINS
    ],
    "core+chat+clouds": ["mistral-azure", "mistral-gcp"],
    "core+otel": ["mistral-otel"],
}
"""Distributions of ours that a combination installs but that mount no area."""
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
    wheels = {}
    for pyproject in EXAMPLE_PLUGINS:
        subprocess.run(
            [*uv(), "build", "--quiet", "--wheel", "--out-dir", str(out), str(pyproject.parent)],
            check=True,
        )
        name = tomllib.loads(pyproject.read_text())["project"]["name"]
        (wheels[name],) = out.glob(f"{name.replace('-', '_')}-*.whl")
    for name in packages():
        subprocess.run(
            [*uv(), "build", "--quiet", "--wheel", "--package", name, "--out-dir", str(out)],
            cwd=ROOT,
            check=True,
        )
        (wheel,) = out.glob(f"{name.replace('-', '_')}-*.whl")
        wheels[name] = wheel
    return wheels


class Origin(NamedTuple):
    """Where the resolver took one distribution of ours from."""

    name: str
    version: str
    url: str
    ours: bool

    def describe(self) -> str:
        source = (
            f"our wheel {Path(unquote(urlparse(self.url).path)).name}" if self.ours else self.url
        )
        warning = "" if self.ours else "   <-- NOT OUR WHEEL"
        return f"  {self.name} {self.version} from {source}{warning}"


def origins(report: dict[str, Any], ours: set[str], wheel_dir: Path) -> list[Origin]:
    """Where a ``pip install --report`` took each distribution named in ``ours`` from."""
    found = []
    for item in report["install"]:
        name = canonicalize_name(item["metadata"]["name"])
        if name in ours:
            url = item["download_info"]["url"]
            found.append(Origin(name, item["metadata"]["version"], url, in_dir(url, wheel_dir)))
    return sorted(found)


def in_dir(url: str, directory: Path) -> bool:
    """Whether ``url`` is a file directly inside ``directory`` (symlinks resolved)."""
    parsed = urlparse(url)
    if parsed.scheme != "file":
        return False
    return Path(unquote(parsed.path)).resolve().parent == directory.resolve()


class Resolver:
    """pip in a virtual environment of its own, set up only with what each call passes: the
    public index and our wheel directory (no pip.conf, no PIP_* variable, no constraints)."""

    def __init__(self, work: Path) -> None:
        env = work / "resolver"
        # --seed installs the current pip, the one a user would have (and it resolves faster
        # than the one ensurepip bundles)
        seeded = subprocess.run(
            [*uv(), "venv", "--quiet", "--seed", "--python", sys.executable, str(env)],
            capture_output=True,
            text=True,
            check=False,
        )
        if seeded.returncode != 0:
            raise RuntimeError(f"could not install pip for the name check: {seeded.stderr}")
        self.pip = [str(env / "bin" / "python"), "-m", "pip", "--isolated"]
        self.pip += ["--disable-pip-version-check", "--no-input"]
        if os.environ.get("PIP_CERT"):
            self.pip += ["--cert", os.environ["PIP_CERT"]]
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("PIP_")}
        self.env["PIP_CONFIG_FILE"] = os.devnull

    def unreachable(self) -> str | None:
        """Why the public index cannot be used, or None when it answers."""
        probe = subprocess.run(
            [*self.pip, "index", "versions", "--index-url", PUBLIC_INDEX, "pip"],
            capture_output=True,
            text=True,
            env=self.env,
            check=False,
        )
        if probe.returncode == 0:
            return None
        lines = (probe.stderr or probe.stdout).strip().splitlines()
        # pip reports a network failure as warnings before its final, vaguer error line
        network = [line for line in lines if "connection" in line.lower() or "fetch" in line]
        return (network or lines or [f"pip exited with {probe.returncode}"])[-1]

    def resolve(self, requirements: list[str], wheel_dir: Path, report: Path) -> dict[str, Any]:
        """What ``pip install REQUIREMENTS`` would install, as pip's JSON report."""
        result = subprocess.run(
            [
                *self.pip,
                "install",
                "--dry-run",
                "--ignore-installed",
                "--quiet",
                "--report",
                str(report),
                "--index-url",
                PUBLIC_INDEX,
                "--find-links",
                str(wheel_dir),
                *requirements,
            ],
            capture_output=True,
            text=True,
            env=self.env,
            check=False,
        )
        if result.returncode != 0:
            raise RuntimeError(result.stderr.strip() or f"pip exited with {result.returncode}")
        data: dict[str, Any] = json.loads(report.read_text())
        return data


class Resolution(NamedTuple):
    """What the name check says about one combination: lines to print, and our wheels to
    install, or None when a name of ours resolved elsewhere or pip failed."""

    lines: list[str]
    wheels: list[Path] | None


def requested(name: str) -> list[str]:
    """The distributions of ours a user asks pip for to get a combination."""
    if name == "umbrella":
        return [UMBRELLA, "mistral-testing"]
    areas = [DISTRIBUTION_OF[a] for a in COMBINATIONS[name]]
    return ["mistral-core", "mistral-testing", *areas, *BESIDE_THE_AREAS.get(name, [])]


def unchecked_names(resolutions: list[Resolution], wheels: dict[str, Path]) -> list[str]:
    """Distributions of ours that no combination resolved, so the name check missed them."""
    resolved = {Path(w).name for r in resolutions for w in r.wheels or []}
    return sorted(name for name, wheel in wheels.items() if wheel.name not in resolved)


def resolve_ours(name: str, resolver: Resolver, wheels: dict[str, Path], work: Path) -> Resolution:
    """Resolve a combination by name as a user would, and check where ours came from."""
    wheel_dir = next(iter(wheels.values())).parent
    try:
        report = resolver.resolve(requested(name), wheel_dir, work / f"{name}.report.json")
    except RuntimeError as exc:
        return Resolution(
            [f"{name}: pip could not resolve it against {PUBLIC_INDEX}:", str(exc)], None
        )
    found = origins(report, {canonicalize_name(n) for n in wheels}, wheel_dir)
    lines = [f"{name}: pip resolves our distributions, {PUBLIC_INDEX} reachable, to:"]
    lines += [origin.describe() for origin in found]
    foreign = [o.name for o in found if not o.ours]
    if foreign:
        lines.append(f"{name}: resolved from elsewhere than our wheels: {', '.join(foreign)}")
        return Resolution(lines, None)
    return Resolution(lines, [Path(unquote(urlparse(o.url).path)) for o in found])


def install(env: Path, wheels: list[Path]) -> Path:
    subprocess.run([*uv(), "venv", "--quiet", "--python", sys.executable, str(env)], check=True)
    python = env / "bin" / "python"
    subprocess.run(
        [*uv(), "pip", "install", "--quiet", "--python", str(python), *map(str, wheels)], check=True
    )
    return python


def run_combination(name: str, resolution: Resolution, work: Path) -> bool:
    areas = COMBINATIONS[name]
    print("\n".join(resolution.lines), flush=True)
    if resolution.wheels is None:
        print(f"{name}: FAILED", flush=True)
        return False
    python = install(work / name, resolution.wheels)
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    scripts = {"core+chat+example-plugin": PLUGIN_SMOKE, "core+chat+clouds": CLOUD_SMOKE}
    script = [str(scripts[name])] if name in scripts else [str(SMOKE), *areas]
    result = subprocess.run([str(python), *script], cwd=work, env=env, check=False)
    ok = result.returncode == 0
    if ok and name == "core+agents":
        ok = check_slim_closure(python, work)
    print(f"{name}: {'OK' if ok else 'FAILED'}", flush=True)
    return ok


def check_slim_closure(python: Path, work: Path) -> bool:
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
        {UMBRELLA} if name == "umbrella" else set()
    )
    missing = needed - set(wheels)
    if missing:
        print(f"{name}: skipped, not in this workspace yet: {', '.join(sorted(missing))}")
    return not missing


def main(args: list[str]) -> int:
    names = args or list(COMBINATIONS)
    with tempfile.TemporaryDirectory(prefix="mistral-install-matrix-") as tmp:
        work = Path(tmp)
        try:
            resolver = Resolver(work)
            reason = resolver.unreachable()
        except RuntimeError as exc:
            reason = str(exc).strip()
        if reason is not None:
            print(
                f"install matrix: FAILED, the public index {PUBLIC_INDEX} is unreachable "
                f"({reason}). The name check resolves every combination against it to prove "
                "that none of our distribution names resolves to someone else's package; "
                "it cannot run without it."
            )
            return 1
        wheels = build_wheels(work / "wheels")
        selected = [name for name in names if available(name, wheels)]
        with ThreadPoolExecutor(max_workers=4) as pool:  # pip waits on the network mostly
            resolving = pool.map(lambda n: resolve_ours(n, resolver, wheels, work), selected)
            resolutions: list[Resolution] = []
            results: dict[str, bool] = {}
            for name, resolution in zip(selected, resolving):
                resolutions.append(resolution)
                results[name] = run_combination(name, resolution, work)
        if not args:
            missing = unchecked_names(resolutions, wheels)
            results["name check covers every distribution"] = not missing
            print(
                f"name check: {', '.join(missing)} resolved in no combination: add one"
                if missing
                else f"name check: all {len(wheels)} distributions of ours came from our wheels"
            )
    failed = [name for name, ok in results.items() if not ok]
    print(f"install matrix: {len(results) - len(failed)} passed, {len(failed)} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
