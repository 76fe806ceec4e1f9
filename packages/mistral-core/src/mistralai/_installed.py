"""The installed distributions' plugin entry points, read once per process.

``importlib.metadata.entry_points(group=...)`` costs a large part of a cold start: importing
it pulls in ``email``, ``zipfile``, ``pathlib``, ``csv`` and more, and it parses the metadata
of every distribution it touches. Plugin discovery needs much less, so this module reads
what ``importlib.metadata`` would read, directly:

- the ``*.dist-info`` and ``*.egg-info`` directories of each directory on ``sys.path``, in
  order, the first of each normalized name winning;
- each one's ``entry_points.txt``, keeping the entries of one group;
- for the distributions that have such an entry, the ``Name``, ``Version`` and
  ``Requires-Dist`` headers of ``METADATA``.

Where the layout is one this does not read (a zip file or an egg on ``sys.path``, or an
import hook that lists distributions of its own), it asks ``importlib.metadata`` instead.

The SDK's own distributions need not even be read: :func:`scan` gives each one it is told
about by its directory's name alone (name and version), and reads its files when the
distribution is first needed.
"""

from __future__ import annotations

import importlib
import os
import re
import sys
from collections.abc import Container, Iterator
from typing import Any

_SUFFIXES = (".dist-info", ".egg-info")


# Plain classes rather than dataclasses: defining a dataclass costs more than reading
# every distribution's entry points.
class InstalledDistribution:
    """What plugin discovery knows of a distribution: its name, version and requirements.

    ``requires`` holds the ``Requires-Dist`` lines, as ``importlib.metadata`` gives them.
    """

    __slots__ = ("name", "requires", "version")

    def __init__(self, name: str, version: str, requires: list[str] | None) -> None:
        self.name = name
        self.version = version
        self.requires = requires

    def __repr__(self) -> str:
        return f"InstalledDistribution({self.name!r}, {self.version!r})"


class EntryPoint:
    """One ``name = module:attribute`` line of a distribution's entry points."""

    __slots__ = ("dist", "name", "value")

    def __init__(self, name: str, value: str, dist: InstalledDistribution | None) -> None:
        self.name = name
        self.value = value
        self.dist = dist

    def __repr__(self) -> str:
        return f"EntryPoint({self.name!r}, {self.value!r})"

    def load(self) -> Any:
        """Import the module and return the object the entry point names."""
        target = self.value.partition("[")[0]  # extras, if any, do not change what loads
        module_name, _, attributes = target.partition(":")
        found: Any = importlib.import_module(module_name.strip())
        for attribute in filter(None, attributes.strip().split(".")):
            found = getattr(found, attribute)
        return found


def normalize(name: str) -> str:
    """A distribution name as the packaging specifications compare them.

    >>> normalize("Mistral.Chat"), normalize("mistral_chat")
    ('mistral_chat', 'mistral_chat')
    """
    return re.sub(r"[-_.]+", "_", name).lower()


class Listed:
    """A distribution known by its ``*.dist-info`` directory only: nothing in it is read yet.

    ``name`` is normalized, ``version`` comes from the directory's name; :meth:`entry_points`
    reads its files when they are needed.
    """

    __slots__ = ("name", "path", "version")

    def __init__(self, name: str, version: str, path: str) -> None:
        self.name = name
        self.version = version
        self.path = path

    def __repr__(self) -> str:
        return f"Listed({self.name!r}, {self.version!r})"

    def entry_points(self, group: str) -> list[EntryPoint]:
        """The distribution's entry points of ``group``, read now."""
        lines = _entries(_read(os.path.join(self.path, "entry_points.txt")), group)
        if not lines:
            return []
        dist = _distribution(self.path)
        return [EntryPoint(name, value, dist) for name, value in lines]


def entry_points(group: str) -> list[EntryPoint]:
    """Every entry point of ``group`` of the installed distributions, in discovery order."""
    return [found for found in scan(group) if isinstance(found, EntryPoint)]


def scan(group: str, unread: Container[str] = ()) -> list[EntryPoint | Listed]:
    """The entry points of ``group``, in discovery order, reading no file of the distributions
    whose normalized names are in ``unread``: each of those is given as one :class:`Listed`,
    whether or not it has such entry points.

    Where this module does not read the layout (see :func:`_plain_layout`), or a directory's
    name carries no version, the distribution is read as any other.
    """
    if not _plain_layout():
        return list(_from_importlib_metadata(group))
    found: list[EntryPoint | Listed] = []
    for name, info in _distribution_directories():
        if name in unread and info[-10:].lower() == ".dist-info":
            version = info.rpartition(os.sep)[2][:-10].partition("-")[2]
            if version:
                found.append(Listed(name, version, info))
                continue
        lines = _entries(_read(os.path.join(info, "entry_points.txt")), group)
        if lines:
            dist = _distribution(info)
            found.extend(EntryPoint(name, value, dist) for name, value in lines)
    return found


def _plain_layout() -> bool:
    """Whether every distribution is a directory on ``sys.path`` (what this module reads)."""
    from importlib.machinery import PathFinder

    for finder in sys.meta_path:
        if finder is not PathFinder and hasattr(finder, "find_distributions"):
            return False
    for entry in sys.path:
        if not isinstance(entry, str):
            return False
        if entry.endswith(".egg") or os.path.isfile(entry):
            return False
    return True


def _distribution_directories() -> Iterator[tuple[str, str]]:
    """Each distribution's normalized name and metadata directory, the first of a name winning."""
    seen: set[str] = set()
    for entry in sys.path:
        root = entry or "."
        try:
            children = os.listdir(root)
        except OSError:
            continue
        prefix = os.path.join(root, "")
        for child in children:
            lowered = child.lower()
            if not lowered.endswith(_SUFFIXES):
                continue
            name = lowered.rpartition(".")[0].partition("-")[0]
            if "." in name or "__" in name:  # wheels write it normalized already
                name = normalize(name)
            if name in seen:
                continue
            seen.add(name)
            yield name, prefix + child


def _read(path: str) -> str | None:
    try:
        with open(path, encoding="utf-8") as file:
            return file.read()
    except (OSError, UnicodeDecodeError):
        return None


def _entries(text: str | None, group: str) -> list[tuple[str, str]]:
    """The ``name = value`` pairs of section ``[group]`` of an ``entry_points.txt``."""
    if not text or group not in text:
        return []
    found = []
    section = None
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line[0] in "#;":
            continue
        if line[0] == "[" and line[-1] == "]":
            section = line[1:-1].strip()
        elif section == group:
            name, equals, value = line.partition("=")
            if equals:
                found.append((name.strip(), value.strip()))
    return found


def _distribution(info: str) -> InstalledDistribution:
    if info.lower().endswith(".egg-info"):
        # Legacy metadata keeps requirements elsewhere; let importlib.metadata read them.
        from importlib.metadata import PathDistribution

        legacy = PathDistribution.at(info)
        return InstalledDistribution(legacy.name, legacy.version, legacy.requires)
    headers: dict[str, list[str]] = {}
    for line in (_read(os.path.join(info, "METADATA")) or "").splitlines():
        if not line:
            break  # the headers end at the first blank line; the description follows
        key, colon, value = line.partition(":")
        if colon and not key[:1].isspace():
            headers.setdefault(key.strip().lower(), []).append(value.strip())
    stem = os.path.basename(info).rpartition(".")[0]
    name = headers.get("name", [stem.partition("-")[0]])[0]
    version = headers.get("version", [stem.partition("-")[2]])[0]
    return InstalledDistribution(name, version, headers.get("requires-dist"))


def _from_importlib_metadata(group: str) -> list[EntryPoint]:
    from importlib.metadata import entry_points as metadata_entry_points

    found = []
    for ep in metadata_entry_points(group=group):
        dist = ep.dist
        installed = (
            InstalledDistribution(dist.name, dist.version, dist.requires)
            if dist is not None
            else None
        )
        found.append(EntryPoint(ep.name, ep.value, installed))
    return found
