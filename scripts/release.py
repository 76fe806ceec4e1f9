"""Release one distribution of the monorepo, or check that changed packages were bumped.

    python scripts/release.py mistral-chat      # check, build its sdist + wheel, print the tag
    python scripts/release.py --check-changed   # CI: bumps, changelog entries, dependency ranges

A release of ``<distribution>`` is tagged ``<distribution>-v<version>``. The command checks
that the version has no tag yet, that CHANGELOG.md has a ``## <version>`` entry, that the
dependency ranges between our packages hold (below), builds only that package into
``dist/<distribution>/``, checks the built metadata, and prints the tag to push. It never
pushes anything itself.

Dependency ranges between our packages cannot mix incompatible parts. A package that
depends on another of ours (an area on mistral-core, the umbrella on every area) declares a
range that admits the workspace version of that dependency and, while it is 0.x, no version
outside its minor series (``mistral-core>=0.1.0,<0.2``): in 0.x a minor release may break
its dependents. From 1.0 the range stops below the next major. So a core whose version
leaves an area's range, or an area whose range excludes the workspace core, is refused, and
so is an area whose range admits no tagged release of core yet (release core first).
"""

from __future__ import annotations

import argparse
import email.message
import email.parser
import os
import re
import shutil
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path
from typing import NamedTuple

import tomllib
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import InvalidVersion, Version

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ROOT / "packages"


class ReleaseError(Exception):
    """A release precondition does not hold; the message says what to fix."""


class Package(NamedTuple):
    """One distribution of the workspace, as its pyproject.toml declares it."""

    name: str
    path: Path
    version: Version
    requires: list[Requirement]


def package_dir(distribution: str, packages_dir: Path = PACKAGES) -> Path:
    path = packages_dir / distribution
    if not (path / "pyproject.toml").is_file():
        known = ", ".join(
            sorted(p.name for p in packages_dir.iterdir() if (p / "pyproject.toml").is_file())
        )
        raise ReleaseError(f"no package {distribution!r} under packages/ (known: {known})")
    return path


def read_package(path: Path) -> Package:
    with (path / "pyproject.toml").open("rb") as file:
        project = tomllib.load(file)["project"]
    return Package(
        name=canonicalize_name(project["name"]),
        path=path,
        version=Version(str(project["version"])),
        requires=[Requirement(r) for r in project.get("dependencies", [])],
    )


def workspace(packages_dir: Path = PACKAGES) -> dict[str, Package]:
    """Every package under ``packages_dir``, by its normalized distribution name."""
    found = {}
    for pyproject in sorted(packages_dir.glob("*/pyproject.toml")):
        package = read_package(pyproject.parent)
        found[package.name] = package
    return found


def project_version(path: Path) -> str:
    return str(read_package(path).version)


def tags_of(distribution: str, root: Path = ROOT) -> list[str]:
    out = subprocess.run(
        ["git", "tag", "--list", f"{distribution}-v*", "--sort=-v:refname"],
        cwd=root,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return out.split()


def released_versions(distribution: str, root: Path = ROOT) -> list[Version]:
    """The versions of ``distribution`` that have a release tag."""
    versions = []
    for tag in tags_of(distribution, root):
        try:
            versions.append(Version(tag.removeprefix(f"{distribution}-v")))
        except InvalidVersion:
            continue
    return versions


def shown(requirement: Requirement) -> str:
    """A requirement as people write it: lower bounds first (``mistral-core>=0.1,<0.2``)."""
    clauses = sorted(map(str, requirement.specifier), key=lambda c: not c.startswith(">"))
    return requirement.name + ",".join(clauses)


def range_problem(dependent: str, requirement: Requirement, have: Version) -> str | None:
    """Why ``dependent``'s ``requirement`` on a package of ours at version ``have`` is unsafe.

    >>> range_problem("mistral-chat", Requirement("mistral-core>=0.1,<1"), Version("0.1.1"))[:73]
    'mistral-chat requires mistral-core>=0.1,<1, which admits mistral-core 0.2'
    """
    name, specifier = requirement.name, requirement.specifier
    if not specifier.contains(have, prereleases=True):
        return (
            f"{dependent} requires {shown(requirement)}, which excludes {name} {have} of this "
            f"workspace: move the range to the {name} it is built against"
        )
    if have.major == 0:
        probes = [Version(f"0.{have.minor + 1}.0"), Version("1.0.0")]
        if have.minor > 0:
            probes.append(Version(f"0.{have.minor - 1}.999999"))
        lockstep = f"{name}>=0.{have.minor}.0,<0.{have.minor + 1}"
    else:
        probes = [Version(f"{have.major + 1}.0.0")]
        lockstep = f"{name}>={have.major}.{have.minor},<{have.major + 1}"
    admitted = [p for p in probes if specifier.contains(p, prereleases=True)]
    if not admitted:
        return None
    return (
        f"{dependent} requires {shown(requirement)}, which admits {name} {admitted[0]}: a range "
        f"must stay within the series it was built against, e.g. {lockstep}"
    )


def dependency_problems(packages: dict[str, Package], only: str | None = None) -> list[str]:
    """Unsafe ranges between packages of the workspace; with ``only``, those it is part of."""
    problems = []
    for dependent in packages.values():
        for requirement in dependent.requires:
            dependency = packages.get(canonicalize_name(requirement.name))
            if dependency is None or only not in (None, dependent.name, dependency.name):
                continue
            problem = range_problem(dependent.name, requirement, dependency.version)
            if problem:
                problems.append(problem)
    return problems


def unreleased_dependencies(
    package: Package, packages: dict[str, Package], root: Path = ROOT
) -> list[str]:
    """Packages of ours that ``package`` needs in a range no release tag satisfies yet."""
    problems = []
    for requirement in package.requires:
        dependency = packages.get(canonicalize_name(requirement.name))
        if dependency is None:
            continue
        released = released_versions(dependency.name, root)
        if not any(requirement.specifier.contains(v, prereleases=True) for v in released):
            problems.append(
                f"{package.name} requires {shown(requirement)}, and no {dependency.name} release in "
                f"that range is tagged: release {dependency.name} {dependency.version} first"
            )
    return problems


def layout_problems(packages: dict[str, Package]) -> list[str]:
    """Package folders must carry their distribution's name: tags and commands use it."""
    return [
        f"packages/{p.path.name} holds distribution {p.name}: rename the folder to {p.name}"
        for p in packages.values()
        if p.path.name != p.name
    ]


def has_changelog_entry(path: Path, version: str) -> bool:
    changelog = path / "CHANGELOG.md"
    pattern = re.compile(rf"^##\s+\[?{re.escape(version)}\]?(\s|$)", re.MULTILINE)
    return changelog.is_file() and bool(pattern.search(changelog.read_text()))


def check_releasable(distribution: str, root: Path = ROOT) -> tuple[Path, str]:
    packages_dir = root / "packages"
    path = package_dir(distribution, packages_dir)
    version = project_version(path)
    tag = f"{distribution}-v{version}"
    if tag in tags_of(distribution, root):
        raise ReleaseError(f"{tag} already exists: bump the version in {path / 'pyproject.toml'}")
    if not has_changelog_entry(path, version):
        raise ReleaseError(f"{path / 'CHANGELOG.md'} has no '## {version}' entry")
    packages = workspace(packages_dir)
    package = read_package(path)
    problems = [
        *layout_problems({package.name: package}),
        *dependency_problems(packages, only=package.name),
        *unreleased_dependencies(package, packages, root),
    ]
    if problems:
        raise ReleaseError(f"{tag} would break the dependency ranges:\n  " + "\n  ".join(problems))
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
    if f"{normalized}-{version}.dist-info/licenses/LICENSE" not in names:
        raise ReleaseError("the wheel has no LICENSE: set license-files = ['LICENSE']")
    missing = metadata_problems(metadata)
    if missing:
        raise ReleaseError(f"the wheel metadata lacks {', '.join(missing)}")
    with tarfile.open(sdists[0]) as sdist:
        sdist_names = sdist.getnames()
    for required in ("pyproject.toml", "LICENSE"):
        if f"{normalized}-{version}/{required}" not in sdist_names:
            raise ReleaseError(f"the sdist has no {required}")


def metadata_problems(metadata: email.message.Message) -> list[str]:
    """What a user expects on the package's index page and does not find in ``metadata``."""
    classifiers = metadata.get_all("Classifier") or []
    urls = {url.split(",")[0] for url in metadata.get_all("Project-URL") or []}
    expected = {
        "License-Expression": metadata.get("License-Expression") == "Apache-2.0",
        "Author": bool(metadata.get("Author") or metadata.get("Author-email")),
        "Project-URL Source, Issues and Changelog": {"Source", "Issues", "Changelog"} <= urls,
        "a Development Status classifier": any(
            c.startswith("Development Status") for c in classifiers
        ),
        "Python version classifiers": any(
            c.startswith("Programming Language :: Python :: 3.") for c in classifiers
        ),
    }
    return [what for what, present in expected.items() if not present]


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
            packages = workspace()
            ranges = layout_problems(packages) + dependency_problems(packages)
            for problem in ranges:
                print(problem, file=sys.stderr)
            print(f"dependency ranges: {len(ranges)} problem(s) among {len(packages)} packages")
            return 1 if problems or ranges else 0
        if not args.distribution:
            parser.error("name a distribution or pass --check-changed")
        release(args.distribution)
    except ReleaseError as exc:
        print(f"release: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
