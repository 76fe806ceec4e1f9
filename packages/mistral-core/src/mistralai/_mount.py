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
    from typing import Protocol

    from mistralai._runtime import ClientRuntime

    class MountSource(Protocol):
        """What mounts resources on a client: a :class:`mistralai._plugins.PluginHost`."""

        def mount_tree(self) -> MountTree: ...
        def ready(self, path: str) -> None: ...


class Pending:
    """A place where an installed first-party package mounts (or extends) a resource, held
    until its entry point is imported: the attribute is listed, nothing of it is loaded."""

    __slots__ = ("distribution", "extends", "path")

    def __init__(self, path: str, distribution: str, extends: bool = False) -> None:
        self.path = path
        self.distribution = distribution
        self.extends = extends

    def __repr__(self) -> str:
        return f"Pending({self.path!r}, {self.distribution!r})"


MountTree = dict[str, Union[ResourceSpec, Pending, "MountTree"]]


def build_tree(specs: list[ResourceSpec | Pending]) -> MountTree:
    """Nest resource specs by their dotted paths; a later spec for the same path wins.

    Extensions (``extends=True``) are joined to the spec mounted at their path, in order.
    A :class:`Pending` place gives way to the resources nested under it.
    """
    extensions: dict[str, list[str]] = {}
    for spec in specs:
        if spec.extends and isinstance(spec, ResourceSpec):
            extensions.setdefault(spec.path, []).append(spec.target)
    tree: MountTree = {}
    for spec in specs:
        if spec.extends:
            continue
        if isinstance(spec, ResourceSpec) and spec.path in extensions:
            spec = dataclasses.replace(spec, mixins=tuple(extensions[spec.path]))
        node = tree
        *parents, leaf = spec.path.split(".")
        for part in parents:
            child = node.get(part)
            if child is None or isinstance(child, Pending):
                child = node[part] = {}
            elif not isinstance(child, dict):
                raise ValueError(f"resource {spec.path!r} is nested under resource {part!r}")
            node = child
        if isinstance(spec, Pending) and isinstance(node.get(leaf), dict):
            continue
        node[leaf] = spec
    return tree


def lookup(tree: MountTree, path: str) -> ResourceSpec | Pending | MountTree | None:
    """What ``tree`` holds at dotted ``path``, if anything."""
    node: ResourceSpec | Pending | MountTree | None = tree
    for part in path.split("."):
        if not isinstance(node, dict):
            return None
        node = node.get(part)
    return node


def resolve(source: MountSource, runtime: ClientRuntime, prefix: str, name: str) -> Any:
    """Instantiate what ``source`` mounts at ``name``, or explain why nothing is there.

    The packages that provide something at that path are imported first (and only they).
    """
    path = f"{prefix}{name}"
    source.ready(path)
    node = lookup(source.mount_tree(), path)
    if isinstance(node, ResourceSpec):
        return _resource_class(node.target, node.mixins)(runtime)
    if isinstance(node, dict) or is_group(path):
        # An empty group still names, for each resource under it, the package to install.
        return ResourceGroup(source, runtime, f"{path}.")
    candidates = distribution_for(path)
    if candidates:
        raise AreaNotInstalledError(path, candidates[0])
    raise AttributeError(f"client.{prefix}{name}: no installed package mounts a resource there")


class ResourceGroup:
    """A namespace of mounted resources, such as ``client.beta``."""

    def __init__(self, source: MountSource, runtime: ClientRuntime, prefix: str) -> None:
        self._source = source
        self._runtime = runtime
        self._prefix = prefix

    def _names(self) -> list[str]:
        node = lookup(self._source.mount_tree(), self._prefix[:-1])
        return sorted(node) if isinstance(node, dict) else []

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        value = resolve(self._source, self._runtime, self._prefix, name)
        setattr(self, name, value)
        return value

    def __dir__(self) -> list[str]:
        return sorted(set(super().__dir__()) | set(self._names()))

    def __repr__(self) -> str:
        return f"<ResourceGroup client.{self._prefix[:-1]}: {', '.join(self._names())}>"


def distributions(specs: list[ResourceSpec | Pending]) -> list[str]:
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
