"""The ``Mistral`` client."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterable, Mapping
from types import TracebackType
from typing import TYPE_CHECKING, Any

from mistralai._config import (
    ClientConfig,
    check_server_url,
    debug_logger_from_env,
    resolve_server_url,
)
from mistralai._mount import resolve
from mistralai._plugins import PluginHost, shared_host
from mistralai._retries import RetryConfig
from mistralai._sentinel import UNSET, UnsetType

if TYPE_CHECKING:
    import logging

    import httpx
    from typing_extensions import Self

    from mistralai._runtime import ClientRuntime

    # Areas are separate distributions; when one is installed its type is known here.
    from mistralai.agents import Agents  # type: ignore[import, unused-ignore]
    from mistralai.audio import Audio  # type: ignore[import, unused-ignore]
    from mistralai.batch import Batch  # type: ignore[import, unused-ignore]
    from mistralai.beta import Beta  # type: ignore[import, unused-ignore]
    from mistralai.chat import Chat  # type: ignore[import, unused-ignore]
    from mistralai.classifiers import Classifiers  # type: ignore[import, unused-ignore]
    from mistralai.embeddings import Embeddings  # type: ignore[import, unused-ignore]
    from mistralai.files import Files  # type: ignore[import, unused-ignore]
    from mistralai.fim import Fim  # type: ignore[import, unused-ignore]
    from mistralai.fine_tuning import FineTuning  # type: ignore[import, unused-ignore]
    from mistralai.models_api import Models  # type: ignore[import, unused-ignore]
    from mistralai.ocr import Ocr  # type: ignore[import, unused-ignore]
    from mistralai.sdkconfiguration import SDKConfiguration


class Mistral:
    """Client for the Mistral AI API.

    Every installed API area is mounted as an attribute (``client.chat``,
    ``client.files``, ``client.beta.conversations``...), imported on first use.

    :param api_key: the key, or a function returning it (called once per call; retries reuse its answer);
        defaults to the ``MISTRAL_API_KEY`` environment variable.
    :param server: a named server (``"eu"``).
    :param server_url: the API base URL; overrides ``server``.
    :param url_params: values for ``{name}`` placeholders in ``server_url``
        (``Mistral(server_url="https://{region}.example.com", url_params={"region": "eu"})``).
    :param client: an ``httpx.Client`` to send blocking requests with; never closed by the SDK.
        Another HTTP client with ``build_request`` and ``send`` (an ``httpx2.Client``...)
        works too, as in the official SDK (see :mod:`mistralai._foreign_http`).
    :param async_client: an ``httpx.AsyncClient`` (or another async HTTP client, such as an
        ``httpx2.AsyncClient``) for async requests; never closed by the SDK.
    :param retry_config: how to retry; defaults to a small exponential backoff.
        ``RetryConfig("none")`` turns retries off.
    :param timeout_ms: default timeout of each attempt, in milliseconds: it bounds sending the
        request and reading the whole answer (for a stream: until its first byte arrives).
    :param stream_idle_timeout_ms: how long a stream may go without receiving data before it
        fails with :class:`~mistralai.errors.StreamError` (default two minutes; None: never).
    :param debug_logger: a logger that receives one line per attempt (method, URL, status,
        time, retries); the API key is never logged. Without one, setting the
        ``MISTRAL_DEBUG`` environment variable (``MISTRAL_DEBUG=1``) sends those lines to
        the ``mistralai`` logger at DEBUG level, printed on stderr unless logging is
        already configured.
    :param plugins: plugin objects for this client only (see :mod:`mistralai.hookspecs`).

    >>> from mistralai import Mistral
    >>> with Mistral(api_key="...") as client:
    ...     reply = client.chat.complete(model="mistral-small-latest",
    ...                                  messages=[{"role": "user", "content": "Hi"}])
    """

    if TYPE_CHECKING:
        agents: Agents
        audio: Audio
        batch: Batch
        beta: Beta
        chat: Chat
        classifiers: Classifiers
        embeddings: Embeddings
        files: Files
        fim: Fim
        fine_tuning: FineTuning
        models: Models
        ocr: Ocr

    def __init__(
        self,
        api_key: str | Callable[[], str] | None = None,
        server: str | None = None,
        server_url: str | None = None,
        url_params: Mapping[str, str] | None = None,
        client: httpx.Client | None = None,
        async_client: httpx.AsyncClient | None = None,
        retry_config: RetryConfig | None = None,
        timeout_ms: int | None = None,
        debug_logger: logging.Logger | None = None,
        plugins: Iterable[object] | None = None,
        stream_idle_timeout_ms: int | None = 120_000,
    ) -> None:
        if api_key is None:
            api_key = os.environ.get("MISTRAL_API_KEY")
        if debug_logger is None:
            debug_logger = debug_logger_from_env()
        if client is not None or async_client is not None:
            # Any HTTP client with build_request() and send(), as the official SDK takes
            # (pydantic-ai passes an httpx2 one), is put behind an httpx client.
            from mistralai import _foreign_http

            client = _foreign_http.sync_client(client)
            async_client = _foreign_http.async_client(async_client)
        self._lock = threading.Lock()
        self._closed = False
        self._config = ClientConfig(
            server_url=resolve_server_url(server, server_url, url_params),
            api_key=api_key,
            timeout_ms=timeout_ms,
            retry_config=retry_config if retry_config is not None else RetryConfig(),
            client=client,
            async_client=async_client,
            debug_logger=debug_logger,
            stream_idle_timeout_ms=stream_idle_timeout_ms,
        )
        given = tuple(plugins or ())
        self._plugins = PluginHost(given) if given else shared_host()
        if self._plugins.client_init:
            self._plugins.client_init(config=self._config)
            self._config.server_url = check_server_url(self._config.server_url)
        self._runtime_instance: ClientRuntime | None = None

    def with_options(
        self,
        *,
        api_key: str | Callable[[], str] | UnsetType = UNSET,
        server_url: str | UnsetType = UNSET,
        timeout_ms: int | UnsetType | None = UNSET,
        retry_config: RetryConfig | UnsetType = UNSET,
        http_headers: Mapping[str, str] | UnsetType = UNSET,
        stream_idle_timeout_ms: int | UnsetType | None = UNSET,
    ) -> Mistral:
        """A client with other defaults that shares this one's connection pools and plugins.

        Only what is given changes; ``http_headers`` are added to this client's default
        headers. The pools stay this client's: closing the new client leaves them open,
        closing this one closes them for both.

        >>> fast = client.with_options(timeout_ms=2_000, retry_config=RetryConfig("none"))
        >>> fast.chat.complete(model="mistral-small-latest", messages=msgs)
        """
        import dataclasses

        runtime = self._runtime
        changes: dict[str, Any] = {
            "client": runtime.http,
            "async_client": runtime.async_http,
            "headers": {**self._config.headers, **dict(http_headers or {})},
        }
        if not isinstance(api_key, UnsetType):
            changes["api_key"] = api_key
        if not isinstance(server_url, UnsetType):
            changes["server_url"] = check_server_url(server_url)
        if not isinstance(timeout_ms, UnsetType):
            changes["timeout_ms"] = timeout_ms
        if not isinstance(retry_config, UnsetType):
            changes["retry_config"] = retry_config
        if not isinstance(stream_idle_timeout_ms, UnsetType):
            changes["stream_idle_timeout_ms"] = stream_idle_timeout_ms
        derived = object.__new__(type(self))
        derived._lock = threading.Lock()
        derived._closed = False
        derived._config = dataclasses.replace(self._config, **changes)
        derived._plugins = self._plugins
        derived._runtime_instance = None
        return derived

    @property
    def config(self) -> ClientConfig:
        """This client's configuration (the API key is hidden from its repr)."""
        return self._config

    @property
    def sdk_configuration(self) -> SDKConfiguration:
        """This client's configuration under the official SDK's names, for code written for
        it: ``get_server_details()``, ``server_url``, ``client`` / ``async_client``
        (assignable), ``retry_config``, ``timeout_ms``... (see :mod:`mistralai.sdkconfiguration`).
        """
        from mistralai.sdkconfiguration import SDKConfiguration

        return SDKConfiguration(self)

    def _use_http_client(self, given: Any, *, asynchronous: bool) -> None:
        """Send the next requests with ``given`` (``sdk_configuration.client = ...``)."""
        from mistralai import _foreign_http

        with self._lock:
            if asynchronous:
                self._config.async_client = _foreign_http.async_client(given)
            else:
                self._config.client = _foreign_http.sync_client(given)
            runtime = self._runtime_instance
        if runtime is not None:
            runtime.use_http_client(
                self._config.async_client if asynchronous else self._config.client,
                asynchronous=asynchronous,
            )

    def register_plugin(self, plugin: object, name: str | None = None) -> None:
        """Add a plugin to this client only; resources it mounts become attributes.

        >>> import mistralai
        >>> class Tagger:
        ...     @mistralai.hookimpl
        ...     def mistral_before_request(self, request):
        ...         request.headers["x-team"] = "search"
        >>> client.register_plugin(Tagger())
        """
        host = self._plugins
        if host is shared_host():
            host = PluginHost(host.plugins)
        host.register(plugin, name)
        self._plugins = host
        if self._runtime_instance is not None:
            self._runtime_instance.use_plugins(host)

    @property
    def _runtime(self) -> ClientRuntime:
        # Created on first use so that constructing a client imports neither httpx nor pydantic.
        runtime = self._runtime_instance
        if runtime is None:
            with self._lock:
                if self._runtime_instance is None:
                    from mistralai._runtime import ClientRuntime

                    created = ClientRuntime(self._config, self._plugins)
                    created.closed = self._closed
                    self._runtime_instance = created
                runtime = self._runtime_instance
        return runtime

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        value = resolve(self._plugins, self._runtime, "", name)
        setattr(self, name, value)
        return value

    def __dir__(self) -> list[str]:
        return sorted(set(super().__dir__()) | set(self._plugins.mounts.tree))

    def __repr__(self) -> str:
        areas = ", ".join(sorted(self._plugins.mounts.tree)) or "none"
        return f"<Mistral server_url={self._config.server_url!r} areas=[{areas}]>"

    def close(self) -> None:
        """Close the blocking HTTP client this client created (never one passed in).

        A closed client refuses further calls with :class:`~mistralai.errors.ClientClosedError`.
        An async client is closed by :meth:`aclose` (or ``async with``).
        """
        with self._lock:
            self._closed = True
            runtime = self._runtime_instance
        if runtime is not None:
            runtime.close()

    async def aclose(self) -> None:
        """Async twin of :meth:`close`; closes both HTTP clients this client created."""
        with self._lock:
            self._closed = True
            runtime = self._runtime_instance
        if runtime is not None:
            await runtime.aclose()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()
