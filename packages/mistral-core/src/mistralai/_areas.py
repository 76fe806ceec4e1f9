"""The first-party API areas: the one list every other place derives from or is checked against.

A missing area is reported with the distribution to install (``mistralai._mount``); the
install matrix, its smoke test, the umbrella distribution's dependencies, the local test
server's fakes and the client's type annotations are derived from this list or held to it
by a test (``tests/install/test_areas.py``). Adding an area means adding a line here.

Plugin discovery relies on these lists too: the entry point of a distribution listed here is
not imported when a client is built, only when what it provides is first needed (an area when
its attribute is first touched, middleware at a client's first call; see
``mistralai._plugins``). Their entry points implement no hook beyond what the lists say
(``tests/install/test_areas.py`` holds them to it).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Area:
    """One first-party area distribution and where it mounts on the client.

    ``name`` is its short name (the install matrix's and the test server's), ``package`` its
    import package, ``mounts`` the client paths it provides.
    """

    name: str
    distribution: str
    package: str
    mounts: tuple[str, ...]


AREAS: tuple[Area, ...] = (
    Area("chat", "mistral-chat", "mistralai.chat", ("chat",)),
    Area("agents", "mistral-agents", "mistralai.agents", ("agents",)),
    Area("files", "mistral-files", "mistralai.files", ("files",)),
    Area(
        "beta",
        "mistral-beta",
        "mistralai.beta",
        ("beta.conversations", "beta.agents", "beta.libraries"),
    ),
    Area("embeddings", "mistral-embeddings", "mistralai.embeddings", ("embeddings",)),
    Area("models", "mistral-models", "mistralai.models_api", ("models",)),
    Area("fim", "mistral-fim", "mistralai.fim", ("fim",)),
    Area("ocr", "mistral-ocr-client", "mistralai.ocr", ("ocr",)),
    Area("classifiers", "mistral-classifiers", "mistralai.classifiers", ("classifiers",)),
    Area("fine_tuning", "mistral-fine-tuning", "mistralai.fine_tuning", ("fine_tuning",)),
    Area("batch", "mistral-batch", "mistralai.batch", ("batch",)),
    Area("audio", "mistral-audio", "mistralai.audio", ("audio",)),
    Area(
        "observability",
        "mistral-observability",
        "mistralai.observability",
        ("beta.observability",),
    ),
    Area("workflows", "mistral-workflows", "mistralai.workflows", ("beta.workflows",)),
    Area("connectors", "mistral-connectors", "mistralai.connectors", ("beta.connectors",)),
)

EXTENDS: dict[str, tuple[str, ...]] = {"mistral-run": ("beta.conversations",)}
"""First-party distributions that add methods to areas instead of mounting their own, with
the client paths of the resources they extend."""

EXTENSIONS: tuple[str, ...] = tuple(EXTENDS)
"""The distributions of :data:`EXTENDS`."""

MIDDLEWARE: tuple[str, ...] = ("mistral-otel",)
"""First-party distributions whose plugin acts on calls only: it mounts nothing and does not
set clients up (no ``mistral_resources``, no ``mistral_client_init``)."""

UMBRELLA = "mistral-sdk"
"""The distribution that installs every area and extension."""


def distribution_for(path: str) -> list[str]:
    """The distributions that would mount something at client ``path`` (dotted), best first.

    >>> distribution_for("beta.observability.datasets")
    ['mistral-observability']
    >>> distribution_for("ocr")
    ['mistral-ocr-client']
    """
    best: list[tuple[int, str]] = []
    for area in AREAS:
        for mount in area.mounts:
            if path == mount or path.startswith(mount + "."):
                best.append((-len(mount), area.distribution))
            elif mount.startswith(path + "."):
                best.append((0, area.distribution))
    return list(dict.fromkeys(name for _, name in sorted(best)))


def is_group(path: str) -> bool:
    """Whether first-party areas mount resources under client ``path`` (``"beta"``)."""
    return any(mount.startswith(path + ".") for area in AREAS for mount in area.mounts)
