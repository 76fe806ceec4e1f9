"""Whether an installed area package accepts this version of mistral-core.

Each area declares the core series it was built against, such as
``mistral-core>=0.1.0,<0.2`` (lockstep while core is 0.x; ``scripts/release.py`` enforces
it). Plugin discovery reads that requirement from the area's metadata and warns, naming
both packages, when the installed core falls outside it (an area forced in with
``--no-deps``, or a core upgraded past it), instead of failing later with an obscure error.
"""

from __future__ import annotations

import re
import warnings
from typing import TYPE_CHECKING

from mistralai._version import __version__

if TYPE_CHECKING:
    from typing import Protocol

    from mistralai._installed import InstalledDistribution

    class _Distribution(Protocol):
        """An installed distribution: ``importlib.metadata.Distribution`` is one."""

        @property
        def name(self) -> str: ...
        @property
        def version(self) -> str: ...
        @property
        def requires(self) -> list[str] | None: ...


CORE = "mistral-core"
_REQUIREMENT = re.compile(r"^\s*mistral[-_.]core\s*(?P<spec>[^;]*)", re.IGNORECASE)
_CLAUSE = re.compile(r"^\s*(?P<op>>=|<=|==|!=|~=|>|<)\s*(?P<version>[0-9][0-9A-Za-z.*+-]*)\s*$")


class CoreVersionWarning(UserWarning):
    """An installed area package was built for another version of mistral-core."""


def version_tuple(version: str) -> tuple[int, ...]:
    """The release numbers of a version string (pre-release and local parts ignored).

    >>> version_tuple("1.10.0rc1")
    (1, 10, 0)
    """
    numbers = []
    for part in version.split("+")[0].split("."):
        digits = re.match(r"\d+", part)
        if digits is None:
            break
        numbers.append(int(digits.group()))
    return tuple(numbers)


def satisfies(version: str, specifier: str) -> bool:
    """Whether ``version`` meets a comma-separated specifier such as ``>=0.1,<1``.

    >>> satisfies("0.3.1", ">=0.1,<1"), satisfies("1.0", ">=0.1,<1")
    (True, False)
    """
    have = version_tuple(version)
    for clause in filter(None, (c.strip() for c in specifier.split(","))):
        match = _CLAUSE.match(clause)
        if match is None:
            continue
        if not _compare(have, match["op"], match["version"]):
            return False
    return True


def _compare(have: tuple[int, ...], op: str, version: str) -> bool:
    if version.endswith(".*"):
        prefix = version_tuple(version[:-2])
        same = have[: len(prefix)] == prefix
        return same if op == "==" else not same
    want = version_tuple(version)
    width = max(len(have), len(want))
    a = have + (0,) * (width - len(have))
    b = want + (0,) * (width - len(want))
    if op == "~=":
        return a >= b and a[: len(want) - 1] == b[: len(want) - 1]
    return {
        ">=": a >= b,
        "<=": a <= b,
        "==": a == b,
        "!=": a != b,
        ">": a > b,
        "<": a < b,
    }[op]


def core_requirement(distribution: _Distribution | InstalledDistribution) -> str | None:
    """The version specifier a distribution declares for mistral-core, if any."""
    for requirement in distribution.requires or ():
        match = _REQUIREMENT.match(requirement)
        if match and "extra ==" not in requirement:
            return match["spec"].strip().strip("()")
    return None


def check_core_version(
    distribution: _Distribution | InstalledDistribution, core_version: str = __version__
) -> bool:
    """Warn with :class:`CoreVersionWarning` if ``distribution`` rejects this core."""
    specifier = core_requirement(distribution)
    if not specifier or satisfies(core_version, specifier):
        return True
    name = distribution.name
    warnings.warn(
        f"{name} {distribution.version} requires {CORE}{specifier}, but {CORE} {core_version} is "
        f"installed; upgrade one of them (pip install -U {name} {CORE})",
        CoreVersionWarning,
        stacklevel=3,
    )
    return False
