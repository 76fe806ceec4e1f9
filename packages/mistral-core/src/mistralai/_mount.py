"""Lazy mounting of API areas on the client: ``client.chat``, ``client.beta.conversations``."""

from __future__ import annotations

import dataclasses
import functools
import importlib
from typing import TYPE_CHECKING, Any, Union

# Re-exported for code that imports it from here, where it used to live.
from mistralai._areas import distribution_for, is_group
from mistralai.errors import AreaNotInstalledError as AreaNotInstalledError
from mistralai.hookspecs import ResourceSpec

if TYPE_CHECKING:
    from mistralai._runtime import ClientRuntime

MountTree = dict[str, Union[ResourceSpec, "MountTree"]]


def build_tree(specs: list[ResourceSpec]) -> MountTree:
    """Nest resource specs by their dotted paths; a later spec for the same path wins.

    Extensions (``extends=True``) are joined to the spec mounted at their path, in order.
    """
    extensions: dict[str, list[str]] = {}
    for spec in specs:
        if spec.extends:
            extensions.setdefault(spec.path, []).append(spec.target)
    tree: MountTree = {}
    for spec in specs:
        if spec.extends:
            continue
        if spec.path in extensions:
            spec = dataclasses.replace(spec, mixins=tuple(extensions[spec.path]))
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
        return _resource_class(node.target, node.mixins)(runtime)
    if node is not None or is_group(path):
        # An empty group still names, for each resource under it, the package to install.
        return ResourceGroup(node or {}, runtime, f"{path}.")
    candidates = distribution_for(path)
    if candidates:
        raise AreaNotInstalledError(path, candidates[0])
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


@functools.cache
def _resource_class(target: str, mixins: tuple[str, ...]) -> Any:
    """The class ``target`` names, with the extension classes ``mixins`` joined in front."""
    base = _import(target)
    if not mixins:
        return base
    bases = (*(_import(mixin) for mixin in mixins), base)
    return type(base.__name__, bases, {"__slots__": (), "__module__": base.__module__})


def _import(target: str) -> Any:
    module_name, _, class_name = target.partition(":")
    return getattr(importlib.import_module(module_name), class_name)
