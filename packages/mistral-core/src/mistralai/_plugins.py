"""Plugin discovery (entry points, once per process) and each client's plugin manager.

Discovery lists the installed distributions once per process. A third-party plugin's entry
point is imported and registered when the first client is built, as its
``mistral_client_init`` may set that client up. The first-party packages that
``mistralai._areas`` lists are known without reading them: an area's entry point is imported
the first time one of its attributes is touched (``client.chat`` imports mistral-chat's and
no other), an extension's with the resource it extends, and middleware's (mistral-otel) at a
client's first call. Building the first client of a process then costs the same with every
area installed as with one.
"""

from __future__ import annotations

import functools
import os
import threading
import warnings
from collections.abc import Callable
from typing import Any

import pluggy

from mistralai import _areas, hookspecs
from mistralai._compat import check_core_version
from mistralai._installed import EntryPoint, InstalledDistribution, Listed, normalize, scan
from mistralai._mount import MountTree, Pending, build_tree, distributions
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


AREA, EXTENSION, MIDDLEWARE, NO_PLUGIN = "area", "extension", "middleware", "none"
"""What a first-party distribution's entry point provides, and so when it is imported
(``NO_PLUGIN``: mistral-core and the umbrella, which have none, so nothing is read)."""


class Deferred:
    """An installed first-party distribution whose entry points are not imported yet.

    ``kind`` says when they are needed: an ``AREA`` when a client path in ``paths`` (its
    mounts) is touched, an ``EXTENSION`` with the resources at ``paths`` it extends,
    ``MIDDLEWARE`` at a client's first call. ``rank`` is its place in discovery order, which
    decides which plugin wins where two mount the same path. :meth:`plugins` imports them,
    once per process.
    """

    __slots__ = ("_plugins", "distribution", "kind", "listed", "paths", "rank")

    def __init__(
        self, listed: Listed, distribution: str, kind: str, paths: tuple[str, ...], rank: int
    ) -> None:
        self.listed = listed
        self.distribution = distribution
        self.kind = kind
        self.paths = paths
        self.rank = rank
        self._plugins: tuple[LoadedPlugin, ...] | None = None

    def __repr__(self) -> str:
        return f"Deferred({self.distribution!r}, {self.kind!r})"

    def covers(self, path: str) -> bool:
        """Whether this distribution mounts or extends something at client ``path``."""
        return self.kind != MIDDLEWARE and any(
            path == mine or path.startswith(mine + ".") for mine in self.paths
        )

    def placeholders(self) -> list[Pending]:
        """Where it mounts (or which resources it extends), until it is imported."""
        if self.kind == MIDDLEWARE:
            return []
        extends = self.kind == EXTENSION
        return [Pending(path, self.distribution, extends) for path in self.paths]

    def plugins(self) -> tuple[LoadedPlugin, ...]:
        """Its entry points' plugins, imported on the first call (a failure is warned of)."""
        if self._plugins is None:
            with _IMPORTING:
                if self._plugins is None:
                    entries = self.listed.entry_points(ENTRY_POINT_GROUP)
                    self._plugins = _load_all(entries)
        return self._plugins


_IMPORTING = threading.RLock()


@functools.cache
def _first_party() -> dict[str, tuple[str, str, tuple[str, ...]]]:
    """The distributions of ``mistralai._areas``, by normalized name: (name, kind, paths)."""
    known = {normalize(a.distribution): (a.distribution, AREA, a.mounts) for a in _areas.AREAS}
    for name, paths in _areas.EXTENDS.items():
        known[normalize(name)] = (name, EXTENSION, paths)
    for name in _areas.MIDDLEWARE:
        known[normalize(name)] = (name, MIDDLEWARE, ())
    for name in ("mistral-core", _areas.UMBRELLA):
        known[normalize(name)] = (name, NO_PLUGIN, ())
    return known


def autoload_disabled() -> bool:
    """Whether ``MISTRAL_DISABLE_PLUGIN_AUTOLOAD`` switches entry-point loading off."""
    return os.environ.get(DISABLE_AUTOLOAD_ENV, "").strip().lower() not in ("", "0", "false", "no")


class Discovery:
    """The installed plugins, in discovery order, found once per process.

    ``loaded`` are the imported ones, each with its place in that order; ``deferred`` the
    first-party distributions whose entry points are not imported yet; ``size`` the number
    of places.
    """

    __slots__ = ("deferred", "loaded", "middleware", "size")

    def __init__(self, loaded: list[tuple[int, LoadedPlugin]], deferred: list[Deferred]) -> None:
        self.loaded = tuple(loaded)
        self.deferred = tuple(deferred)
        self.size = len(loaded) + len(deferred)
        self.middleware = any(entry.kind == MIDDLEWARE for entry in deferred)


_NOTHING = Discovery([], [])


def entry_point_plugins() -> Discovery:
    """The plugins of every installed distribution, unless autoload is disabled."""
    return _NOTHING if autoload_disabled() else _load_entry_points()


def distribution_version(name: str) -> str | None:
    """The version of an installed distribution (read once; None if it is not installed)."""
    key = normalize(name)
    found = _plugin_distributions().get(key)
    if found is not None:
        return found.version
    if not autoload_disabled():
        for entry in _load_entry_points().deferred:
            if entry.listed.name == key:
                return entry.listed.version  # as its directory's name gives it, until read
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(name)
    except PackageNotFoundError:
        return None


def _plugin_distributions() -> dict[str, InstalledDistribution]:
    """The distributions whose plugin entry points were read, by normalized name."""
    if autoload_disabled():
        return {}
    _load_entry_points()
    return _DISTRIBUTIONS


_DISTRIBUTIONS: dict[str, InstalledDistribution] = {}


@functools.cache
def _load_entry_points() -> Discovery:
    first_party = _first_party()
    loaded: list[tuple[int, LoadedPlugin]] = []
    deferred: list[Deferred] = []
    for entry in scan(ENTRY_POINT_GROUP, first_party):
        rank = len(loaded) + len(deferred)
        if isinstance(entry, Listed):
            name, kind, paths = first_party[entry.name]
            if kind != NO_PLUGIN:
                deferred.append(Deferred(entry, name, kind, paths, rank))
        else:
            loaded.extend((rank, plugin) for plugin in _load_all([entry]))
    return Discovery(loaded, deferred)


def _load_all(entries: list[EntryPoint]) -> tuple[LoadedPlugin, ...]:
    """Import the plugins ``entries`` name; one that fails is warned of and left out."""
    loaded = []
    for ep in entries:
        distribution = ep.dist.name if ep.dist is not None else "unknown distribution"
        if ep.dist is not None:
            _DISTRIBUTIONS[normalize(ep.dist.name)] = ep.dist
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


def model_modules() -> list[str]:
    """The modules every installed plugin names for ``mistralai.models`` to re-export."""
    host = shared_host()
    host.load_pending()
    return [name for name in host.manager.hook.mistral_models() if name]


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

    First-party entry points (:class:`Deferred`) are registered when first needed:
    :meth:`ready` for an area's path, :meth:`for_call` for middleware,
    :meth:`load_pending` for all of them.
    """

    def __init__(self, plugins: list[object] | tuple[object, ...] = ()) -> None:
        self.plugins = tuple(plugins)
        self._mounts: Mounts | None = None
        self.manager = pluggy.PluginManager(hookspecs.PROJECT)
        self.manager.add_hookspecs(hookspecs)
        self._distributions: dict[str, str] = {}
        self._ranks: dict[str, int] = {}
        self._lock = threading.RLock()
        found = entry_point_plugins()
        for rank, loaded in found.loaded:
            self._add(loaded, rank)
        self._pending: tuple[Deferred, ...] = found.deferred
        self._middleware_pending = found.middleware
        self._given_rank = found.size
        if plugins:
            self._load_middleware()
        for plugin in plugins:
            self.manager.register(plugin, name=self._free_name(plugin))
        self._refresh()

    def _add(self, found: LoadedPlugin, rank: int) -> None:
        name = f"{found.distribution}:{found.name}"
        self._distributions[name] = found.distribution
        self._ranks[name] = rank
        self.manager.register(found.plugin, name=name)

    def register(self, plugin: object, name: str | None = None) -> None:
        """Add a plugin to this set (never call it on the shared host)."""
        self._load_middleware()
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

    def ready(self, path: str) -> None:
        """Register the first-party packages that mount or extend something at client
        ``path`` (dotted), if they are not yet: ``client.chat`` imports mistral-chat only."""
        if self._pending:
            self._load(lambda entry: entry.covers(path))

    def load_pending(self) -> None:
        """Register every first-party package that is not yet."""
        if self._pending:
            self._load(lambda entry: True)

    def _load_middleware(self) -> None:
        """Register first-party middleware not yet registered.

        Done at the first call, and before a plugin is given to this set: pluggy calls the
        most recently registered plugin first, and a plugin given to a client comes after the
        entry-point ones, as it always has.
        """
        if self._middleware_pending:
            self._load(lambda entry: entry.kind == MIDDLEWARE)

    def _load(self, wanted: Callable[[Deferred], bool]) -> None:
        with self._lock:
            chosen = [entry for entry in self._pending if wanted(entry)]
            if not chosen:
                return
            for entry in chosen:
                for found in entry.plugins():
                    self._add(found, entry.rank)
            self._pending = tuple(entry for entry in self._pending if entry not in chosen)
            self._refresh()
            self._middleware_pending = any(entry.kind == MIDDLEWARE for entry in self._pending)

    def resources(self) -> list[ResourceSpec]:
        """Every resource the registered plugins mount: entry points in discovery order, then
        the plugins given to the client."""
        return [spec for spec in self._ranked() if isinstance(spec, ResourceSpec)]

    def _ranked(self) -> list[ResourceSpec | Pending]:
        """What the registered plugins mount and the places first-party packages not yet
        registered will, in the order that decides which wins where two mount one path."""
        caller = self.manager.hook.mistral_resources
        impls = caller.get_hookimpls()
        given = self._given_rank
        ranked: list[tuple[int, list[ResourceSpec | Pending]]] = []
        if any(impl.hookwrapper or impl.wrapper for impl in impls):
            # A wrapper may change what the others answer: let pluggy run them all, and let
            # what they mount win over the places of packages not registered yet.
            found = [spec for specs in reversed(caller()) for spec in specs]
            ranked.append((given, found))
        else:
            for impl in impls:
                specs: Any = impl.function()
                if specs is not None:
                    ranked.append((self._ranks.get(impl.plugin_name, given), [*specs]))
        for entry in self._pending:
            ranked.append((entry.rank, [*entry.placeholders()]))
        ranked.sort(key=lambda item: item[0])
        return [spec for _, specs in ranked for spec in specs]

    @property
    def mounts(self) -> Mounts:
        """What these plugins mount on a client, computed once per set of plugins (and again
        when a first-party package is registered)."""
        mounts = self._mounts
        if mounts is None:
            with self._lock:
                specs = self._ranked()
                mounts = self._mounts = Mounts(build_tree(specs), distributions(specs))
        return mounts

    def mount_tree(self) -> MountTree:
        """The tree of :attr:`mounts`."""
        return self.mounts.tree

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
        if self._middleware_pending:
            self._load_middleware()
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
