"""Plugin discovery (entry points, once per process) and each client's plugin manager."""

from __future__ import annotations

import functools
import os
import warnings
from collections.abc import Callable
from typing import Any

import pluggy

from mistralai import hookspecs
from mistralai._compat import check_core_version
from mistralai._installed import InstalledDistribution, entry_points, normalize
from mistralai._mount import MountTree, build_tree, distributions
from mistralai.errors import PluginError
from mistralai.hookspecs import HookContext, PluginLoadWarning, ResourceSpec

ENTRY_POINT_GROUP = "mistralai.plugins"
DISABLE_AUTOLOAD_ENV = "MISTRAL_DISABLE_PLUGIN_AUTOLOAD"


def _log_warning(message: str, *args: object) -> None:
    # logging is imported when there is something to log, not with every client.
    import logging

    logging.getLogger("mistralai").warning(message, *args)


# Plain classes: a dataclass costs more to define than everything else in this module.
class Mounts:
    """The resources a set of plugins mounts, nested by path, and their distributions."""

    __slots__ = ("distributions", "tree")

    def __init__(self, tree: MountTree, distributions: list[str]) -> None:
        self.tree = tree
        self.distributions = distributions


class LoadedPlugin:
    """A plugin found through an entry point."""

    __slots__ = ("distribution", "name", "plugin")

    def __init__(self, name: str, distribution: str, plugin: object) -> None:
        self.name = name
        self.distribution = distribution
        self.plugin = plugin


def autoload_disabled() -> bool:
    """Whether ``MISTRAL_DISABLE_PLUGIN_AUTOLOAD`` switches entry-point loading off."""
    return os.environ.get(DISABLE_AUTOLOAD_ENV, "").strip().lower() not in ("", "0", "false", "no")


def entry_point_plugins() -> tuple[LoadedPlugin, ...]:
    """The plugins of every installed distribution, unless autoload is disabled."""
    return () if autoload_disabled() else _load_entry_points()


def distribution_version(name: str) -> str | None:
    """The version of an installed distribution (read once; None if it is not installed)."""
    found = _plugin_distributions().get(normalize(name))
    if found is not None:
        return found.version
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(name)
    except PackageNotFoundError:
        return None


def _plugin_distributions() -> dict[str, InstalledDistribution]:
    """The distributions that provide entry-point plugins, by normalized name."""
    if autoload_disabled():
        return {}
    _load_entry_points()
    return _DISTRIBUTIONS


_DISTRIBUTIONS: dict[str, InstalledDistribution] = {}


@functools.cache
def _load_entry_points() -> tuple[LoadedPlugin, ...]:
    loaded = []
    for ep in entry_points(ENTRY_POINT_GROUP):
        distribution = ep.dist.name if ep.dist is not None else "unknown distribution"
        if ep.dist is not None:
            _DISTRIBUTIONS.setdefault(normalize(ep.dist.name), ep.dist)
            check_core_version(ep.dist)
        try:
            plugin = ep.load()
        except Exception as exc:
            message = (
                f"mistralai plugin {ep.name!r} from distribution {distribution!r} failed to load "
                f"and was skipped: {type(exc).__name__}: {exc}"
            )
            _log_warning(message)
            warnings.warn(message, PluginLoadWarning, stacklevel=2)
            continue
        loaded.append(LoadedPlugin(ep.name, distribution, plugin))
    return tuple(loaded)


def shared_host() -> PluginHost:
    """The plugins of every client that was given none of its own, built once per process.

    Entry points are discovered and registered once; a client constructed without plugins
    costs the same however many packages are installed.
    """
    key = autoload_disabled()
    host = _SHARED.get(key)
    if host is None:
        host = _SHARED.setdefault(key, PluginHost())
    return host


_SHARED: dict[bool, PluginHost] = {}


class CallHooks:
    """The hooks of one call, each a :class:`HookChain`, or None when no plugin in it has one."""

    __slots__ = (
        "after_error",
        "after_success",
        "before_request",
        "stream_end",
        "stream_event",
        "wrap_call",
    )

    def __init__(self, chain: Callable[[str], HookChain | None]) -> None:
        self.before_request = chain("mistral_before_request")
        self.after_success = chain("mistral_after_success")
        self.after_error = chain("mistral_after_error")
        self.stream_event = chain("mistral_stream_event")
        self.stream_end = chain("mistral_stream_end")
        self.wrap_call = chain("mistral_wrap_call")


class PluginHost:
    """A set of plugins: the entry-point ones plus those given to one client.

    Hooks that no plugin implements are None, so the request path skips them for free.
    ``plugins`` are the ones given beyond the entry points (empty for the shared host).
    :meth:`for_call` gives the hooks of one call, without the plugins that said (through
    ``mistral_plugin_active``) that they have nothing to do in it.
    """

    def __init__(self, plugins: list[object] | tuple[object, ...] = ()) -> None:
        self.plugins = tuple(plugins)
        self._mounts: Mounts | None = None
        self.manager = pluggy.PluginManager(hookspecs.PROJECT)
        self.manager.add_hookspecs(hookspecs)
        self._distributions: dict[str, str] = {}
        for found in entry_point_plugins():
            name = f"{found.distribution}:{found.name}"
            self._distributions[name] = found.distribution
            self.manager.register(found.plugin, name=name)
        for plugin in plugins:
            self.manager.register(plugin, name=self._free_name(plugin))
        self._refresh()

    def register(self, plugin: object, name: str | None = None) -> None:
        """Add a plugin to this set (never call it on the shared host)."""
        self.manager.register(plugin, name=name or self._free_name(plugin))
        self.plugins += (plugin,)
        self._refresh()

    def _free_name(self, plugin: object) -> str:
        """A readable name for a plugin given to one client (its module or class)."""
        base = getattr(plugin, "__name__", None) if isinstance(plugin, type(os)) else None
        if not isinstance(base, str):
            base = f"{type(plugin).__module__}.{type(plugin).__qualname__}"
        name, n = base, 1
        while self.manager.has_plugin(name):
            n += 1
            name = f"{base}#{n}"
        return name

    def resources(self) -> list[ResourceSpec]:
        """Every resource the registered plugins mount, in registration order."""
        found: list[ResourceSpec] = []
        for specs in reversed(self.manager.hook.mistral_resources()):
            found.extend(specs)
        return found

    @property
    def mounts(self) -> Mounts:
        """What these plugins mount on a client, computed once per set of plugins."""
        if self._mounts is None:
            specs = self.resources()
            self._mounts = Mounts(build_tree(specs), distributions(specs))
        return self._mounts

    def _refresh(self) -> None:
        self._mounts = None
        self.client_init = self._chain("mistral_client_init")
        self.active = self._chain("mistral_plugin_active")
        self.hooks = CallHooks(self._chain)
        self.before_request = self.hooks.before_request
        self.after_success = self.hooks.after_success
        self.after_error = self.hooks.after_error
        self.stream_event = self.hooks.stream_event
        self.stream_end = self.hooks.stream_end
        self.wrap_call = self.hooks.wrap_call
        self._without: dict[frozenset[str], CallHooks] = {}

    def for_call(self, context: HookContext) -> CallHooks:
        """The hooks of the call ``context`` describes: every plugin's, but those of plugins
        whose ``mistral_plugin_active`` answered False (asked once, here)."""
        active = self.active
        if active is None:
            return self.hooks
        declined = active.declined(context=context)
        if not declined:
            return self.hooks
        hooks = self._without.get(declined)
        if hooks is None:
            without = CallHooks(functools.partial(self._chain, leave_out=declined))
            hooks = self._without.setdefault(declined, without)
        return hooks

    def _chain(self, name: str, leave_out: frozenset[str] = frozenset()) -> HookChain | None:
        """Hook ``name`` of every plugin but those named in ``leave_out``; None if none has it."""
        caller: pluggy.HookCaller = getattr(self.manager.hook, name)
        impls = [impl for impl in caller.get_hookimpls() if impl.plugin_name not in leave_out]
        if not impls:
            return None
        firstresult = bool(caller.spec and caller.spec.opts.get("firstresult"))
        return HookChain(caller, impls, firstresult, self._distributions)


class HookChain:
    """Calls every implementation of one hook in pluggy's order, naming the one that fails.

    A plugin's exception becomes a :class:`~mistralai.errors.PluginError` that names the
    plugin, its distribution and the hook, with the plugin's exception as ``__cause__``. For a
    ``firstresult`` hook the first non-None answer is returned and the rest are skipped.
    Implementations written as pluggy wrappers are run by pluggy itself.
    """

    __slots__ = (
        "_caller",
        "_calls",
        "_distributions",
        "_firstresult",
        "_impls",
        "_whole",
        "members",
        "name",
    )

    def __init__(
        self,
        caller: pluggy.HookCaller,
        impls: list[pluggy.HookImpl],
        firstresult: bool,
        distributions: dict[str, str],
    ) -> None:
        self.name = caller.name
        self._caller = caller
        self._impls = impls
        self._whole = len(impls) == len(caller.get_hookimpls())
        self._firstresult = firstresult
        self._distributions = distributions
        self._calls: list[tuple[str, Callable[..., Any], tuple[str, ...]]] | None = None
        if not any(impl.hookwrapper or impl.wrapper for impl in impls):
            # pluggy calls the last registered implementation first.
            self._calls = [
                (impl.plugin_name, impl.function, tuple(impl.argnames)) for impl in reversed(impls)
            ]
        self.members = self._calls or []
        """Each implementation as (plugin name, function, argument names), in call order."""

    def __call__(self, **kwargs: Any) -> Any:
        calls = self._calls
        if calls is None:
            try:
                if self._whole:
                    return self._caller(**kwargs)
                # Some plugins sit this call out: pluggy runs the others' wrappers.
                return self._caller._hookexec(self.name, self._impls, kwargs, self._firstresult)
            except Exception as exc:
                names = [impl.plugin_name for impl in self._impls]
                raise self.error(" or ".join(names), exc) from exc
        for name, function, argnames in calls:
            try:
                result = function(*[kwargs[arg] for arg in argnames])
            except Exception as exc:
                raise self.error(name, exc) from exc
            if result is not None and self._firstresult:
                return result
        return None

    def declined(self, **kwargs: Any) -> frozenset[str]:
        """The plugins whose implementation answers False (for ``mistral_plugin_active``)."""
        declined: list[str] = []
        for name, function, argnames in self.members:
            try:
                answer = function(*[kwargs[arg] for arg in argnames])
            except Exception as exc:
                raise self.error(name, exc) from exc
            if answer is False:
                declined.append(name)
        return frozenset(declined)

    def error(self, plugin: str, exc: Exception) -> PluginError:
        """The :class:`PluginError` for ``exc`` raised by ``plugin`` in this hook."""
        distribution = self._distributions.get(plugin)
        where = f"plugin {plugin!r}" + (f" (from {distribution})" if distribution else "")
        detail = str(exc).splitlines()[0][:200] if str(exc) else ""
        return PluginError(
            f"{where} failed in {self.name}: {type(exc).__name__}"
            + (f": {detail}" if detail else ""),
            plugin=plugin,
            hook=self.name,
            distribution=distribution,
        )


def note_plugin_failure(error: BaseException, failure: PluginError) -> None:
    """Record on ``error`` that a plugin failed while observing it, and log the failure."""
    failure.sdk_error = error
    _log_warning("%s (while handling %s)", failure, type(error).__name__)
    notes = getattr(error, "__notes__", None)
    if notes is None:
        notes = []
        error.__notes__ = notes  # type: ignore[attr-defined]
    notes.append(f"a plugin failed while observing this error: {failure}")
