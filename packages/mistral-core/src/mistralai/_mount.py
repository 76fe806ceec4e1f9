"""Lazy mounting of API areas on the client: ``client.chat``, ``client.beta.conversations``."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any, Union

from mistralai.errors import MistralError
from mistralai.hookspecs import ResourceSpec

if TYPE_CHECKING:
    from mistralai._runtime import ClientRuntime

KNOWN_AREAS: dict[str, str] = {
    "chat": "mistral-chat",
    "agents": "mistral-agents",
    "files": "mistral-files",
    "embeddings": "mistral-embeddings",
    "models": "mistral-models",
    "fim": "mistral-fim",
    "ocr": "mistral-ocr-client",
    "classifiers": "mistral-classifiers",
    "fine_tuning": "mistral-fine-tuning",
    "batch": "mistral-batch",
    "audio": "mistral-audio",
    "beta": "mistral-beta",
}
"""The first-party areas, so a missing one is reported with the package to install."""

MountTree = dict[str, Union[ResourceSpec, "MountTree"]]


class AreaNotInstalledError(MistralError, AttributeError):
    """An API area was accessed on the client but its package is not installed."""

    def __init__(self, path: str, distribution: str) -> None:
        super().__init__(
            f"client.{path} is not available because the {distribution} package is not installed; "
            f"install it with `pip install {distribution}` (or `pip install mistral-sdk` for every area)"
        )
        self.path = path
        self.distribution = distribution


def build_tree(specs: list[ResourceSpec]) -> MountTree:
    """Nest resource specs by their dotted paths; a later spec for the same path wins."""
    tree: MountTree = {}
    for spec in specs:
        node = tree
        *parents, leaf = spec.path.split(".")
        for part in parents:
            child = node.setdefault(part, {})
            if not isinstance(child, dict):
                raise ValueError(f"resource {spec.path!r} is nested under resource {part!r}")
            node = child
        node[leaf] = spec
    return tree


def resolve(tree: MountTree, runtime: ClientRuntime, prefix: str, name: str) -> Any:
    """Instantiate what ``tree`` mounts at ``name``, or explain why nothing is there."""
    node = tree.get(name)
    path = f"{prefix}{name}"
    if isinstance(node, ResourceSpec):
        module_name, _, class_name = node.target.partition(":")
        resource_cls = getattr(importlib.import_module(module_name), class_name)
        return resource_cls(runtime)
    if node is not None:
        return ResourceGroup(node, runtime, f"{path}.")
    distribution = KNOWN_AREAS.get(path.partition(".")[0])
    if distribution is not None:
        raise AreaNotInstalledError(path, distribution)
    raise AttributeError(f"client.{prefix}{name}: no installed package mounts a resource there")


class ResourceGroup:
    """A namespace of mounted resources, such as ``client.beta``."""

    def __init__(self, tree: MountTree, runtime: ClientRuntime, prefix: str) -> None:
        self._tree = tree
        self._runtime = runtime
        self._prefix = prefix

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        value = resolve(self._tree, self._runtime, self._prefix, name)
        setattr(self, name, value)
        return value

    def __dir__(self) -> list[str]:
        return sorted(set(super().__dir__()) | set(self._tree))

    def __repr__(self) -> str:
        return f"<ResourceGroup client.{self._prefix[:-1]}: {', '.join(sorted(self._tree))}>"


def distributions(specs: list[ResourceSpec]) -> list[str]:
    """The distinct distributions behind ``specs``, in order."""
    return list(dict.fromkeys(spec.distribution for spec in specs))
