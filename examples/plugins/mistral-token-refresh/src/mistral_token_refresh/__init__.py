"""Short-lived bearer tokens for the Mistral SDK, as a ``mistral_wrap_call`` plugin.

Gateways and cloud deployments in front of the API often take tokens that expire within the
hour instead of a fixed API key. :class:`TokenRefresh` puts a current token on every call,
fetches a new one shortly before the old one expires, and when the server answers 401
anyway (the token was revoked, or clocks disagree) fetches a new one and sends the call
once more. The same plugin object serves blocking and async calls and any number of
threads::

    from mistralai import Mistral
    from mistral_token_refresh import TokenRefresh

    def fetch_token():
        token = identity_provider.issue(scope="mistral")   # your code
        return token.value, token.expires_at               # epoch seconds

    client = Mistral(server_url="https://gateway.example.com", plugins=[TokenRefresh(fetch_token)])
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Generator

import httpx

import mistralai

TokenSource = Callable[[], "tuple[str, float]"]
"""Returns a new token and the time it expires at (seconds since the epoch)."""


class TokenRefresh:
    """Sends ``Authorization: Bearer <token>`` from ``fetch``, refreshed when needed.

    ``leeway`` seconds before expiry the token counts as expired already, so that a call
    never leaves with a token that dies on the way. ``fetch`` is called under a lock, by one
    caller at a time; keep it quick (it runs on the calling thread, also for async calls).
    """

    def __init__(self, fetch: TokenSource, *, leeway: float = 30.0) -> None:
        self._fetch = fetch
        self._leeway = leeway
        self._lock = threading.Lock()
        self._token: str | None = None
        self._expires_at = 0.0
        self.refreshes = 0

    def token(self) -> str:
        """The current token, fetched anew when it is missing or about to expire."""
        with self._lock:
            if self._token is None or time.time() >= self._expires_at - self._leeway:
                self._renew()
            assert self._token is not None
            return self._token

    def refresh(self, rejected: str) -> str:
        """A new token after ``rejected`` was refused (unless another caller renewed it)."""
        with self._lock:
            if self._token == rejected:
                self._renew()
            assert self._token is not None
            return self._token

    def _renew(self) -> None:
        self._token, self._expires_at = self._fetch()
        self.refreshes += 1

    @mistralai.hookimpl
    def mistral_wrap_call(
        self, request: httpx.Request
    ) -> Generator[httpx.Request, httpx.Response, httpx.Response]:
        token = self.token()
        request.headers["authorization"] = f"Bearer {token}"
        response = yield request
        if response.status_code == 401:
            request.headers["authorization"] = f"Bearer {self.refresh(token)}"
            response = yield request
        return response


__all__ = ["TokenRefresh", "TokenSource"]
