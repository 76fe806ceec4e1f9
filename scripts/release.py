"""Release one distribution of the monorepo, or check that changed packages were bumped.

    python scripts/release.py mistral-chat      # check, build its sdist + wheel, print the tag
    python scripts/release.py --check-changed   # CI: changed since its last tag => new version + entry

A release of ``<distribution>`` is tagged ``<distribution>-v<version>``. The command checks
that the version has no tag yet, that CHANGELOG.md has a ``## <version>`` entry, builds only
that package into ``dist/<distribution>/``, checks the built metadata, and prints the tag
to push. It never pushes anything itself.
"""

from __future__ import annotations

import argparse
import email.parser
import os
import re
import shutil
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import tomllib

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ROOT / "packages"


class ReleaseError(Exception):
    """A release precondition does not hold; the message says what to fix."""


def package_dir(distribution: str) -> Path:
    path = PACKAGES / distribution
    if not (path / "pyproject.toml").is_file():
        known = ", ".join(
            sorted(p.name for p in PACKAGES.iterdir() if (p / "pyproject.toml").is_file())
        )
        raise ReleaseError(f"no package {distribution!r} under packages/ (known: {known})")
    return path


def project_version(path: Path) -> str:
    with (path / "pyproject.toml").open("rb") as file:
        return str(tomllib.load(file)["project"]["version"])


def tags_of(distribution: str) -> list[str]:
    out = subprocess.run(
        ["git", "tag", "--list", f"{distribution}-v*", "--sort=-v:refname"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return out.split()


def has_changelog_entry(path: Path, version: str) -> bool:
    changelog = path / "CHANGELOG.md"
    pattern = re.compile(rf"^##\s+\[?{re.escape(version)}\]?(\s|$)", re.MULTILINE)
    return changelog.is_file() and bool(pattern.search(changelog.read_text()))


def check_releasable(distribution: str) -> tuple[Path, str]:
    path = package_dir(distribution)
    version = project_version(path)
    tag = f"{distribution}-v{version}"
    if tag in tags_of(distribution):
        raise ReleaseError(f"{tag} already exists: bump the version in {path / 'pyproject.toml'}")
    if not has_changelog_entry(path, version):
        raise ReleaseError(f"{path / 'CHANGELOG.md'} has no '## {version}' entry")
    return path, version


def uv_command() -> list[str]:
    """uv itself: the one running this script (``$UV``), the one on PATH, or the module."""
    found = os.environ.get("UV") or shutil.which("uv")
    return [found] if found else ["python3", "-m", "uv"]


def build(distribution: str) -> list[Path]:
    out_dir = ROOT / "dist" / distribution
    shutil.rmtree(out_dir, ignore_errors=True)
    subprocess.run(
        [*uv_command(), "build", "--package", distribution, "--out-dir", str(out_dir)],
        cwd=ROOT,
        check=True,
    )
    return sorted(out_dir.iterdir())


def check_metadata(artifacts: list[Path], distribution: str, version: str) -> None:
    normalized = distribution.replace("-", "_")
    wheels = [a for a in artifacts if a.suffix == ".whl"]
    sdists = [a for a in artifacts if a.name.endswith(".tar.gz")]
    if len(wheels) != 1 or len(sdists) != 1:
        raise ReleaseError(f"expected one wheel and one sdist, got {[a.name for a in artifacts]}")
    with zipfile.ZipFile(wheels[0]) as wheel:
        metadata_name = f"{normalized}-{version}.dist-info/METADATA"
        metadata = email.parser.Parser().parsestr(wheel.read(metadata_name).decode())
        names = wheel.namelist()
    if metadata["Name"] != distribution or metadata["Version"] != version:
        raise ReleaseError(f"wheel metadata says {metadata['Name']} {metadata['Version']}")
    if distribution != "mistral-core" and "mistralai/__init__.py" in names:
        raise ReleaseError("only mistral-core may ship mistralai/__init__.py")
    if not (metadata.get("Description") or metadata.get_payload()):
        raise ReleaseError("the wheel has no long description (README.md)")
    with tarfile.open(sdists[0]) as sdist:
        if not any(n.endswith("/pyproject.toml") for n in sdist.getnames()):
            raise ReleaseError("the sdist has no pyproject.toml")


def release(distribution: str) -> str:
    _, version = check_releasable(distribution)
    artifacts = build(distribution)
    check_metadata(artifacts, distribution, version)
    tag = f"{distribution}-v{version}"
    for artifact in artifacts:
        print(f"built {artifact.relative_to(ROOT)}")
    print(f"ready: git tag {tag} && git push origin {tag}")
    return tag


def changed_without_bump() -> list[str]:
    """Packages whose sources changed since their last tag but whose version did not move."""
    problems = []
    for path in sorted(p for p in PACKAGES.iterdir() if (p / "pyproject.toml").is_file()):
        tags = tags_of(path.name)
        if not tags:
            continue
        last = tags[0]
        changed = (
            subprocess.run(
                ["git", "diff", "--quiet", last, "--", str(path / "src")], cwd=ROOT, check=False
            ).returncode
            != 0
        )
        version = project_version(path)
        if changed and f"{path.name}-v{version}" == last:
            problems.append(
                f"{path.name}: src changed since {last} but the version is still {version}"
            )
        elif changed and not has_changelog_entry(path, version):
            problems.append(f"{path.name}: version {version} has no CHANGELOG.md entry")
    return problems


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "distribution", nargs="?", help="the distribution to release, e.g. mistral-chat"
    )
    parser.add_argument("--check-changed", action="store_true", help="CI check over every package")
    args = parser.parse_args(argv)
    try:
        if args.check_changed:
            problems = changed_without_bump()
            for problem in problems:
                print(problem, file=sys.stderr)
            print(f"release check: {len(problems)} package(s) need a version bump")
            return 1 if problems else 0
        if not args.distribution:
            parser.error("name a distribution or pass --check-changed")
        release(args.distribution)
    except ReleaseError as exc:
        print(f"release: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
