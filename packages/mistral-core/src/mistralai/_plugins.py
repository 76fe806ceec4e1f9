"""Plugin discovery (entry points, once per process) and each client's plugin manager."""

from __future__ import annotations

import functools
import logging
import os
import warnings
from dataclasses import dataclass
from importlib.metadata import entry_points
from typing import Any

import pluggy

from mistralai import hookspecs
from mistralai._compat import check_core_version
from mistralai.hookspecs import PluginLoadWarning, ResourceSpec

ENTRY_POINT_GROUP = "mistralai.plugins"
DISABLE_AUTOLOAD_ENV = "MISTRAL_DISABLE_PLUGIN_AUTOLOAD"

logger = logging.getLogger("mistralai")


@dataclass(frozen=True, slots=True)
class LoadedPlugin:
    """A plugin found through an entry point."""

    name: str
    distribution: str
    plugin: object


def autoload_disabled() -> bool:
    """Whether ``MISTRAL_DISABLE_PLUGIN_AUTOLOAD`` switches entry-point loading off."""
    return os.environ.get(DISABLE_AUTOLOAD_ENV, "").strip().lower() not in ("", "0", "false", "no")


def entry_point_plugins() -> tuple[LoadedPlugin, ...]:
    """The plugins of every installed distribution, unless autoload is disabled."""
    return () if autoload_disabled() else _load_entry_points()


@functools.cache
def _load_entry_points() -> tuple[LoadedPlugin, ...]:
    loaded = []
    for ep in entry_points(group=ENTRY_POINT_GROUP):
        distribution = ep.dist.name if ep.dist is not None else "unknown distribution"
        if ep.dist is not None:
            check_core_version(ep.dist)
        try:
            plugin = ep.load()
        except Exception as exc:
            message = (
                f"mistralai plugin {ep.name!r} from distribution {distribution!r} failed to load "
                f"and was skipped: {type(exc).__name__}: {exc}"
            )
            logger.warning(message)
            warnings.warn(message, PluginLoadWarning, stacklevel=2)
            continue
        loaded.append(LoadedPlugin(ep.name, distribution, plugin))
    return tuple(loaded)


class PluginHost:
    """One client's plugins: the entry-point ones plus those given to that client.

    Hooks that no plugin implements are None, so the request path skips them for free.
    """

    def __init__(self, plugins: list[object] | tuple[object, ...] = ()) -> None:
        self.manager = pluggy.PluginManager(hookspecs.PROJECT)
        self.manager.add_hookspecs(hookspecs)
        for found in entry_point_plugins():
            self.manager.register(found.plugin, name=f"{found.distribution}:{found.name}")
        for plugin in plugins:
            self.manager.register(plugin)
        self._refresh()

    def register(self, plugin: object, name: str | None = None) -> None:
        """Add a plugin to this client only."""
        self.manager.register(plugin, name=name)
        self._refresh()

    def unregister(self, plugin: object) -> None:
        """Remove a plugin from this client."""
        self.manager.unregister(plugin)
        self._refresh()

    def resources(self) -> list[ResourceSpec]:
        """Every resource the registered plugins mount, in registration order."""
        found: list[ResourceSpec] = []
        for specs in reversed(self.manager.hook.mistral_resources()):
            found.extend(specs)
        return found

    def _refresh(self) -> None:
        hook = self.manager.hook
        self.before_request = _implemented(hook.mistral_before_request)
        self.after_success = _implemented(hook.mistral_after_success)
        self.after_error = _implemented(hook.mistral_after_error)
        self.stream_event = _implemented(hook.mistral_stream_event)
        self.stream_end = _implemented(hook.mistral_stream_end)


def _implemented(caller: pluggy.HookCaller) -> Any:
    return caller if caller.get_hookimpls() else None
