"""Google Cloud OAuth access tokens, refreshed when missing or about to expire.

The credentials are google-auth's (``google.auth.default()``, a service account's...) or
anything with the same ``token``, ``expiry`` (a naive UTC ``datetime``, or None for a token
that does not expire) and ``refresh(request)``. google-auth is imported only when it is
needed: to find the default credentials, or to build the transport ``refresh`` takes.
"""

from __future__ import annotations

import datetime
import importlib
import threading
from typing import Any, Protocol

from mistralai.errors import ConfigurationError
from mistralai.gcp._errors import GoogleCredentialError

CLOUD_PLATFORM_SCOPE = "https://www.googleapis.com/auth/cloud-platform"
_INSTALL = "pip install 'mistral-gcp[google-auth]'"


class GoogleCredentials(Protocol):
    """What :class:`GoogleTokens` needs of ``google.auth.credentials.Credentials``."""

    @property
    def token(self) -> str | None: ...

    @property
    def expiry(self) -> datetime.datetime | None: ...

    def refresh(self, request: Any) -> None: ...


def default_credentials() -> tuple[GoogleCredentials, str | None]:
    """``google.auth.default()`` for the cloud-platform scope: credentials and project id."""
    try:
        google_auth = importlib.import_module("google.auth")
    except ImportError:
        raise ConfigurationError(
            "no Google Cloud credentials: install google-auth to use Application Default "
            f"Credentials ({_INSTALL}), or pass access_token=..."
        ) from None
    try:
        credentials, project_id = google_auth.default(scopes=[CLOUD_PLATFORM_SCOPE])
    except Exception as exc:
        raise GoogleCredentialError(
            f"no Google Cloud credentials were found ({_describe(exc)}); run `gcloud auth "
            "application-default login`, set GOOGLE_APPLICATION_CREDENTIALS, or pass "
            "credentials=... or access_token=..."
        ) from exc
    return credentials, project_id


class GoogleTokens:
    """The current access token of ``credentials``, refreshed ``leeway`` seconds early.

    Thread-safe: one caller at a time refreshes, the others wait for its token. The refresh
    runs on the calling thread, for async calls too (about once an hour). ``request`` is the
    transport google-auth refreshes with; by default a ``google.auth.transport.requests``
    ``Request``, made on the first refresh.

    >>> tokens = GoogleTokens(credentials)  # doctest: +SKIP
    >>> tokens.current()  # doctest: +SKIP
    """

    def __init__(
        self, credentials: GoogleCredentials, leeway: float = 300.0, request: Any = None
    ) -> None:
        self._credentials = credentials
        self._leeway = datetime.timedelta(seconds=leeway)
        self._request = request
        self._lock = threading.Lock()

    def current(self) -> str:
        """A token valid for at least ``leeway`` more seconds (refreshed if need be)."""
        with self._lock:
            if self._expiring():
                self._refresh()
            return self._token()

    def after_rejection(self, rejected: str) -> str:
        """A new token after the server refused ``rejected`` (unless another call renewed it)."""
        with self._lock:
            if self._credentials.token in (None, rejected):
                self._refresh()
            return self._token()

    def _expiring(self) -> bool:
        if not self._credentials.token:
            return True
        expiry = self._credentials.expiry
        if expiry is None:
            return False
        if expiry.tzinfo is None:  # google-auth's expiry is naive UTC
            expiry = expiry.replace(tzinfo=datetime.timezone.utc)
        return datetime.datetime.now(datetime.timezone.utc) >= expiry - self._leeway

    def _refresh(self) -> None:
        if self._request is None:
            self._request = _transport_request()
        try:
            self._credentials.refresh(self._request)
        except Exception as exc:
            raise GoogleCredentialError(
                f"could not refresh the Google Cloud access token ({_describe(exc)})"
            ) from exc

    def _token(self) -> str:
        token = self._credentials.token
        if not token:
            raise GoogleCredentialError("the Google Cloud credentials gave no access token")
        return token


def _transport_request() -> Any:
    try:
        transport = importlib.import_module("google.auth.transport.requests")
    except ImportError:
        raise ConfigurationError(
            f"refreshing Google Cloud credentials needs google-auth and requests ({_INSTALL})"
        ) from None
    return transport.Request()


def _describe(exc: BaseException) -> str:
    detail = str(exc).splitlines()[0][:200] if str(exc) else ""
    return type(exc).__name__ + (f": {detail}" if detail else "")
