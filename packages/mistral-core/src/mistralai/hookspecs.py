"""The hooks a plugin can implement: this module is the plugin documentation.

A plugin is any object or module with functions decorated by :data:`hookimpl` and named
after the hooks below. It reaches every client by declaring an entry point in the
``mistralai.plugins`` group of its distribution::

    [project.entry-points."mistralai.plugins"]
    my_plugin = "my_package.plugin"

or one client only, with ``Mistral(plugins=[obj])`` or ``client.register_plugin(obj)``.
Setting ``MISTRAL_DISABLE_PLUGIN_AUTOLOAD=1`` skips entry points (plugins passed to a client
still load). A plugin that fails to import is reported with a :class:`PluginLoadWarning`
naming its distribution, and skipped.

When the module an entry point names is imported: a third-party plugin's, when the first
client of the process is built (so that its :func:`mistral_client_init` sets that client up);
keep that module light. The SDK's own packages, which mistral-core knows by name
(``mistralai._areas``), wait until they are needed: an API area's entry point when one of its
attributes is first touched (``client.chat`` imports mistral-chat's and no other area's),
mistral-run's with ``client.beta.conversations``, mistral-otel's at a client's first call (or
when a plugin is given to the client, so that the given plugin still comes after it).
Building a client therefore costs the same with every area installed as with one. These
first-party entry points implement :func:`mistral_resources` and :func:`mistral_models`, or,
for middleware, per-call hooks only; never :func:`mistral_client_init`.

A minimal middleware that adds a header to every request::

    import mistralai

    @mistralai.hookimpl
    def mistral_before_request(request, context):
        request.headers["x-team"] = "search"

Hook arguments are passed by name; an implementation may accept any subset of them. Unless a
hook says otherwise, every implementation is called, most recently registered first, and a
hook that no plugin implements costs nothing per request.

When a hook raises, the SDK raises :class:`mistralai.errors.PluginError` naming the plugin,
its distribution and the hook, with the plugin's exception as ``__cause__``; the remaining
implementations of that hook are skipped. What that does to the call depends on the hook:

- ``mistral_plugin_active`` and ``mistral_before_request``: the call fails before anything
  is sent (no retry).
- ``mistral_after_success``: the call fails; the response is closed, its connection released.
- ``mistral_stream_event``: the stream stops with the ``PluginError``; its connection is
  released.
- ``mistral_after_error``, and ``mistral_stream_end`` of a stream that failed: these only
  observe an error, so their failure never replaces it. The SDK's own error is raised; the
  plugin's failure is logged on the ``mistralai`` logger and added to the error's
  ``__notes__``.
"""

from __future__ import annotations

from collections.abc import Generator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pluggy

if TYPE_CHECKING:
    import httpx

    from mistralai._config import ClientConfig

PROJECT = "mistralai"

hookspec = pluggy.HookspecMarker(PROJECT)
hookimpl = pluggy.HookimplMarker(PROJECT)
"""Marks a function as the implementation of the hook it is named after."""


class PluginLoadWarning(UserWarning):
    """An entry-point plugin could not be loaded and was skipped."""


@dataclass(frozen=True, slots=True)
class ResourceSpec:
    """One attribute an API area mounts on the client.

    ``path`` is dotted for nested mounts (``"beta.conversations"``); ``target`` names the
    resource class as ``"module:Class"`` and is imported on first access only; ``distribution``
    is the package that provides it (for the User-Agent and error messages).

    ``extends=True`` adds methods to the resource another package mounts at ``path`` instead
    of mounting one: ``target`` is then a mixin class whose methods join that resource's
    (``client.beta.conversations.run_async`` from a package beside mistral-beta). Nothing is
    mounted when no package provides the resource itself.

    >>> ResourceSpec("chat", "mistralai.chat._resource:Chat", "mistral-chat").path
    'chat'
    """

    path: str
    target: str
    distribution: str
    extends: bool = False
    mixins: tuple[str, ...] = ()
    """The targets of the extensions joined to this resource (filled in when mounting)."""


@dataclass(frozen=True, slots=True)
class Wait:
    """What a :func:`mistral_wrap_call` wrapper yields to pause: ``yield Wait(0.5)``.

    The SDK sleeps (``time.sleep`` or the async library's sleep, whichever the call runs
    under) and resumes the wrapper with None. Never sleep inside a wrapper yourself: the same
    wrapper runs for blocking and for async calls.
    """

    seconds: float


WrapperSteps = Generator["httpx.Request | Wait", "httpx.Response | None", "httpx.Response | None"]
"""The generator a :func:`mistral_wrap_call` implementation is."""


@dataclass(slots=True)
class HookContext:
    """What a hook knows about the call in progress.

    ``operation_id`` is the API operation (the OpenAPI ``operationId``), ``base_url`` the
    server the call goes to, ``config`` the client's configuration, ``attempt`` the attempt
    number (1 for the first send). ``state`` is scratch space shared by every hook of one
    call: a tracing plugin keeps its span there between ``before_request`` and
    ``after_success``.
    """

    operation_id: str
    base_url: str
    config: ClientConfig
    attempt: int = 1
    streams: bool = False
    """Whether the call asks for a server-sent event stream (``chat.stream`` and the like)."""
    state: dict[str, Any] = field(default_factory=dict)


@hookspec
def mistral_resources() -> Sequence[ResourceSpec]:  # type: ignore[empty-body]
    """Declare the resources this plugin mounts on ``Mistral`` clients.

    Called once per set of plugins, the first time a client needs to know what is mounted
    (an area attribute, ``dir(client)``, its repr, the User-Agent of its first request).
    Return :class:`ResourceSpec` objects; their targets are imported lazily, on first
    attribute access. Keep the module that implements this hook light: a third-party
    plugin's is imported when the first client is built. Where two plugins mount the same
    path, the later one wins: entry points in discovery order, then the plugins given to the
    client.

    >>> @hookimpl
    ... def mistral_resources():
    ...     return [ResourceSpec("chat", "mistralai.chat._resource:Chat", "mistral-chat")]
    """


@hookspec
def mistral_models() -> str | None:
    """Name a module whose public names ``mistralai.models`` should re-export.

    Called the first time ``mistralai.models`` is asked for a name it does not hold itself.
    Return a dotted module name (imported only then), or None.
    """


@hookspec
def mistral_client_init(config: ClientConfig) -> None:
    """Adjust a client's configuration while it is being constructed.

    Called once per client, after the constructor arguments are resolved and before any
    request, for every plugin given to the client and every third-party entry point (the
    SDK's own packages, imported when first needed, never implement it). ``config`` may be
    changed in place: ``config.server_url``,
    ``config.headers`` (default headers of every request), ``config.client`` /
    ``config.async_client`` (httpx clients to use), ``config.timeout_ms``,
    ``config.retry_config``.
    """


@hookspec
def mistral_plugin_active(context: HookContext) -> bool | None:
    """Say whether this plugin has anything to do for the call that is starting.

    Called once per call, before every other hook of the call. Unlike the other hooks, the
    answer concerns only the plugin that gives it: a plugin that returns False is left out of
    that call, and none of its ``mistral_wrap_call``, ``mistral_before_request``,
    ``mistral_after_success``, ``mistral_after_error``, ``mistral_stream_event`` or
    ``mistral_stream_end`` implementations run for it. Any other answer (True, None), or not
    implementing this hook, keeps the plugin in. A plugin that is switched off (a tracer with
    no tracer provider configured) then costs one call of this hook per API call, and nothing
    per request attempt or streamed event. Keep it cheap: it runs on every call.

    >>> @hookimpl
    ... def mistral_plugin_active(context):
    ...     return metrics.enabled
    """


@hookspec(firstresult=True)
def mistral_before_request(request: httpx.Request, context: HookContext) -> httpx.Response | None:
    """See or change a request just before it is sent, once per attempt.

    ``request`` is the final ``httpx.Request`` (URL, headers including authorization, body);
    change it in place, e.g. ``request.headers["x-trace"] = ...``. Return None to let it go
    out, or an ``httpx.Response`` to answer it without the network (a cache); the first
    non-None answer wins and the remaining implementations are skipped.
    """


@hookspec
def mistral_after_success(response: httpx.Response, context: HookContext) -> None:
    """See a successful (2xx) response before the SDK parses it.

    Called once per call, after retries. For a JSON answer the body has been read already
    (reading it is part of the attempt): ``response.content`` is there, sync or async. An
    event stream's body and a download's are not read yet and belong to the caller: do not
    read them here; use the status and headers, :func:`mistral_stream_event` for a stream's
    events, or put a pass-through ``httpx.SyncByteStream``/``AsyncByteStream`` in
    ``response.stream`` to see a body as the caller reads it.
    """


@hookspec
def mistral_after_error(
    error: Exception, response: httpx.Response | None, context: HookContext
) -> None:
    """See a call's final failure, just before the SDK raises it.

    ``error`` is the :class:`mistralai.errors.MistralError` about to be raised;
    ``response`` is the error response (body read) or None when no response arrived.
    Called once, after retries gave up. Observing only: the error is raised afterwards.
    """


@hookspec
def mistral_stream_event(event: Any, context: HookContext) -> None:
    """See each typed event of a stream as the caller receives it.

    Called for every event before it is handed to the caller (not for the ``[DONE]`` marker).
    Keep it fast: it runs once per streamed token.
    """


@hookspec
def mistral_stream_end(error: BaseException | None, completed: bool, context: HookContext) -> None:
    """Learn that a stream finished.

    ``completed`` is True when the stream reached its end, False when the caller closed it
    early or it failed; ``error`` is the exception that ended it, if any. Called exactly once
    per stream.
    """


@hookspec
def mistral_wrap_call(request: httpx.Request, context: HookContext) -> WrapperSteps | None:
    """Wrap a whole call: every attempt and retry of the SDK happens inside the wrapper.

    Write it as a generator. ``response = yield request`` sends a request through the
    wrappers inside this one and the SDK's retry loop, and resumes with the final
    ``httpx.Response`` (whatever its status: a 401 or a 429 the SDK gave up on comes back
    here, its body read; for a streamed call the body is not read yet and must not be).
    ``yield Wait(seconds)`` pauses. Its ``return`` value is the call's response (``return``
    with nothing, or falling off the end, keeps the last response received). It may yield
    several requests (re-send after refreshing a token), change the request before
    yielding it (sign it, point it elsewhere), or return a response without sending
    anything (a cache, an open circuit breaker). When no response arrived at all, the
    SDK's :class:`~mistralai.errors.NoResponseError` is thrown in at the ``yield``; catch it
    to try again, or let it go. Returning None instead of a generator leaves the call alone.

    Called once per call, after the request is built. Wrappers nest in hook order: the one
    pluggy calls first (the most recently registered, or ``tryfirst=True``) is the
    outermost. One implementation serves blocking and async calls alike: it never does I/O
    itself, it yields. A :class:`~mistralai.errors.MistralError` the wrapper raises reaches
    the caller as it is (a refusal on purpose), and so do errors thrown in and not caught;
    any other exception fails the call with a :class:`~mistralai.errors.PluginError` naming
    the wrapper. The request's body is bytes for JSON calls (``request.content``); an
    upload's body is a stream read once per send.

    Refresh a short-lived token and re-send once on 401::

        @hookimpl
        def mistral_wrap_call(request, context):
            request.headers["authorization"] = f"Bearer {tokens.current()}"
            response = yield request
            if response.status_code == 401:
                request.headers["authorization"] = f"Bearer {tokens.refresh()}"
                response = yield request
            return response

    Hold a client-side rate limit across calls, honouring the server's headers::

        @hookimpl
        def mistral_wrap_call(request, context):
            while (wait := limiter.wait_time()) > 0:
                yield Wait(wait)
            limiter.take()
            response = yield request
            limiter.update(response.headers)   # x-ratelimit-remaining, Retry-After...

    Your own retry policy, or a circuit breaker::

        @hookimpl
        def mistral_wrap_call(request, context):
            if breaker.is_open():
                raise CircuitOpen("the Mistral API failed 5 times in a row; not calling it")
            try:
                response = yield request
            except NoResponseError:
                breaker.record_failure()
                raise
            breaker.record(response.status_code)
            return response

    Sign a request over its final body, or time the whole call, retries included::

        @hookimpl
        def mistral_wrap_call(request, context):
            request.headers["x-signature"] = sign(request.method, request.url.path, request.content)
            started = time.perf_counter()
            response = yield request
            metrics.observe(context.operation_id, time.perf_counter() - started)
            return response
    """
