"""A client's resolved configuration."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from mistralai._retries import RetryConfig
from mistralai.errors import ConfigurationError

if TYPE_CHECKING:
    import logging

    import httpx

DEFAULT_SERVER_URL = "https://api.mistral.ai"
SERVERS = {"eu": DEFAULT_SERVER_URL}
"""Named servers accepted by ``Mistral(server=...)``."""

ApiKey = str | Callable[[], str]

_HEADER_SAFE = re.compile(r"[\x20-\x7e]*")


@dataclass(eq=False)
class ClientConfig:
    """Everything a client was configured with; ``mistral_client_init`` hooks may change it.

    The API key is never shown in the repr.
    """

    server_url: str = DEFAULT_SERVER_URL
    api_key: ApiKey | None = field(default=None, repr=False)
    timeout_ms: int | None = None
    retry_config: RetryConfig = field(default_factory=RetryConfig)
    headers: dict[str, str] = field(default_factory=dict)
    client: httpx.Client | None = None
    async_client: httpx.AsyncClient | None = None
    debug_logger: logging.Logger | None = None
    stream_idle_timeout_ms: int | None = 120_000

    def resolve_api_key(self) -> str | None:
        """The key to send now (calling a key provider if one was given).

        Surrounding whitespace (a newline read from a file) is dropped; a key that still
        holds a character an HTTP header cannot carry is refused without being shown.
        """
        key = self.api_key
        if callable(key):
            key = key()
        if key is None:
            return None
        if not isinstance(key, str):
            raise ConfigurationError(
                f"the API key must be a string, not {type(key).__name__}; "
                "pass Mistral(api_key='...') or a function returning one"
            )
        key = key.strip()
        if not _HEADER_SAFE.fullmatch(key):
            raise ConfigurationError(
                "the API key contains a line break, a control character or a non-ASCII "
                "character, so it cannot be sent in a header (the key is not shown here); "
                "check how it is read, for example from a file or an environment variable"
            )
        return key


def resolve_server_url(
    server: str | None, server_url: str | None, url_params: Mapping[str, str] | None = None
) -> str:
    """Pick the base URL from ``server_url``, a named ``server``, ``MISTRAL_SERVER_URL``, or
    the default.

    ``url_params`` fill ``{name}`` placeholders of ``server_url``, as in the official SDK:

    >>> resolve_server_url(None, "https://{region}.example.com/", {"region": "eu"})
    'https://eu.example.com'
    """
    if not server_url and server is None:
        server_url = os.environ.get(SERVER_URL_ENV, "").strip() or None
    if server_url:
        if url_params:
            server_url = fill_url_params(server_url, url_params)
        return check_server_url(server_url)
    if server is None:
        return DEFAULT_SERVER_URL
    try:
        return SERVERS[server]
    except KeyError:
        names = ", ".join(repr(name) for name in SERVERS)
        raise ValueError(f"unknown server {server!r}; known servers: {names}") from None


def fill_url_params(url: str, params: Mapping[str, str]) -> str:
    """``url`` with each ``{name}`` replaced by ``params[name]``; other braces stay as they are."""
    if not isinstance(url, str):
        return url
    for name, value in params.items():
        url = url.replace("{" + str(name) + "}", str(value))
    return url


DEBUG_ENV = "MISTRAL_DEBUG"
LOG_ENV = "MISTRAL_LOG"
SERVER_URL_ENV = "MISTRAL_SERVER_URL"
_OFF = frozenset({"", "0", "false", "no", "off"})
_LEVELS = {"debug": 10, "info": 20}
"""``logging.DEBUG`` and ``logging.INFO``; logging itself is imported only when asked for."""


def debug_logger_from_env() -> logging.Logger | None:
    """The ``mistralai`` logger when ``MISTRAL_LOG`` (``debug`` or ``info``) or
    ``MISTRAL_DEBUG`` asks for it, else None.

    ``debug`` logs every attempt; ``info`` logs retries and failed calls only. When logging
    is not configured at all (no handler on the root logger), a handler printing on stderr
    is added once, so that ``MISTRAL_LOG=debug python app.py`` shows the lines.
    """
    level = os.environ.get(LOG_ENV, "").strip().lower()
    if level not in _LEVELS:
        if os.environ.get(DEBUG_ENV, "").strip().lower() in _OFF:
            return None
        level = "debug"
    import logging

    log = logging.getLogger("mistralai")
    log.setLevel(_LEVELS[level])
    if not logging.getLogger().handlers and not any(
        getattr(h, _DEBUG_HANDLER_MARK, False) for h in log.handlers
    ):
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(asctime)s %(name)s %(levelname)s %(message)s"))
        setattr(handler, _DEBUG_HANDLER_MARK, True)
        log.addHandler(handler)
    return log


_DEBUG_HANDLER_MARK = "_mistralai_debug_env"


def check_server_url(url: str) -> str:
    """``url`` without a trailing slash, refused if it cannot be a safe API base URL.

    Credentials in the URL (``https://user:password@host``) are refused: httpx would send
    them as Basic auth instead of the API key, and they would show up wherever the URL does.

    >>> check_server_url("http://127.0.0.1:8080/")
    'http://127.0.0.1:8080'
    """
    from urllib.parse import urlsplit

    if not isinstance(url, str):
        raise ConfigurationError(f"server_url must be a string, not {type(url).__name__}")
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        raise ConfigurationError(
            "server_url is not a valid URL; pass something like https://api.mistral.ai"
        ) from None
    if "@" in parts.netloc:
        raise ConfigurationError(
            f"server_url must not contain credentials ({redact_url(url)}); pass the API key "
            "with api_key=... (or MISTRAL_API_KEY) and a URL without user:password@"
        )
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ConfigurationError(
            f"server_url must be an http:// or https:// URL with a host, not {redact_url(url)!r}"
        )
    return url.strip().rstrip("/")


def redact_url(url: object) -> str:
    """``url`` as text with any ``user:password@`` part replaced.

    >>> redact_url("https://bob:hunter2@example.com/v1")
    'https://***@example.com/v1'
    """
    text = str(url)
    scheme, sep, rest = text.partition("://")
    if not sep:
        return text
    authority, slash, path = rest.partition("/")
    if "@" in authority:
        authority = "***@" + authority.rpartition("@")[2]
    return f"{scheme}://{authority}{slash}{path}"
