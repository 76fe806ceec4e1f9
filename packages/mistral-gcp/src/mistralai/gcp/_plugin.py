"""The Vertex AI plugin: where each call goes, how it authenticates, what is refused.

Vertex AI serves Mistral's models under one path per model, ``...:rawPredict`` for an answer
and ``...:streamRawPredict`` for a stream, with the Mistral API's bodies. :class:`VertexAI`
configures one client (``mistral_client_init``: the regional endpoint, the token source)
and wraps each call (``mistral_wrap_call``): it reads the model from the body and moves the
request to its Vertex path, refuses an operation Vertex does not serve before anything is
sent, and sends a call answered 401 once more with a refreshed token.
"""

from __future__ import annotations

import json
import re
import weakref
from collections.abc import Generator
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

import mistralai
from mistralai.errors import ConfigurationError, RequestValidationError
from mistralai.gcp._errors import NotServedByVertexAIError
from mistralai.gcp._google import GoogleCredentials, GoogleTokens, default_credentials

if TYPE_CHECKING:
    import httpx

    from mistralai import HookContext
    from mistralai._config import ClientConfig

CHAT = "chat_completion_v1_chat_completions_post"
FIM = "fim_completion_v1_fim_completions_post"
SERVED_OPERATIONS = frozenset({CHAT, FIM})

DEFAULT_REGION = "europe-west4"
REGIONAL_ENDPOINT = "https://{region}-aiplatform.googleapis.com"
GLOBAL_ENDPOINT = "https://aiplatform.googleapis.com"
"""Vertex AI's endpoint for the ``global`` location, which has no regional host."""

LEGACY_MODEL_IDS = {
    "codestral-2405": "codestral@2405",
    "mistral-large-2407": "mistral-large@2407",
    "mistral-nemo-2407": "mistral-nemo@2407",
}
"""Models Vertex AI published as ``name@version`` before it took Mistral's own ids."""

_REGION = re.compile(r"[a-z0-9-]+")


def vertex_endpoint(region: str) -> str:
    """The Vertex AI endpoint of ``region``.

    >>> vertex_endpoint("us-central1")
    'https://us-central1-aiplatform.googleapis.com'
    """
    return GLOBAL_ENDPOINT if region == "global" else REGIONAL_ENDPOINT.format(region=region)


def vertex_model(model: str) -> tuple[str, str]:
    """The model as the body names it, and as the Vertex AI path names it.

    Mistral's ids are Vertex's, except for the first models Vertex published as
    ``name@version``: those go in the path that way and by their name alone in the body.

    >>> vertex_model("mistral-small-2503")
    ('mistral-small-2503', 'mistral-small-2503')
    >>> vertex_model("mistral-large-2407")
    ('mistral-large', 'mistral-large@2407')
    >>> vertex_model("codestral@2405")
    ('codestral', 'codestral@2405')
    """
    path_id = LEGACY_MODEL_IDS.get(model, model)
    body_model = path_id.partition("@")[0] if "@" in path_id else model
    return body_model, path_id


class VertexAI:
    """Points one client at Mistral's models on Google Cloud Vertex AI.

    Calls go to ``https://<region>-aiplatform.googleapis.com/v1/projects/<project_id>/
    locations/<region>/publishers/mistralai/models/<model>:rawPredict`` (``:streamRawPredict``
    for a stream), or under ``server_url`` when given. ``model`` is the Mistral model id
    (``mistral-small-2503``, ``codestral-2501``), mapped to Vertex's id where it differs.

    Authentication, sent as ``Authorization: Bearer <token>``: ``access_token``, a fixed
    token; else ``credentials`` (google-auth credentials); else google-auth's Application
    Default Credentials (``google.auth.default()``, which also gives the project when
    ``project_id`` is None; ``pip install 'mistral-gcp[google-auth]'``). Tokens from
    credentials are refreshed ``token_leeway`` seconds before they expire, and once more
    when a call is answered 401. The client's own ``api_key`` and ``server_url`` are
    replaced: a Mistral key is never sent to Google.

    Operations other than chat and FIM completions raise
    :class:`~mistralai.gcp.NotServedByVertexAIError` before anything is sent.

    >>> client = Mistral(plugins=[VertexAI("my-project", "europe-west4")])  # doctest: +SKIP
    >>> client.chat.complete(model="mistral-small-2503", messages=messages)  # doctest: +SKIP
    """

    def __init__(
        self,
        project_id: str | None = None,
        region: str = DEFAULT_REGION,
        *,
        credentials: GoogleCredentials | None = None,
        access_token: str | None = None,
        server_url: str | None = None,
        token_leeway: float = 300.0,
    ) -> None:
        if not isinstance(region, str) or not _REGION.fullmatch(region):
            raise ConfigurationError(
                f"region must be a Google Cloud location such as {DEFAULT_REGION!r}, not {region!r}"
            )
        self.region = region
        # the clients this plugin set up: a plugin registered on a client afterwards must
        # not send that client's own key to Google
        self._configured: weakref.WeakSet[ClientConfig] = weakref.WeakSet()
        self._access_token = access_token or None
        self.tokens: GoogleTokens | None = None
        if self._access_token is None:
            if credentials is None:
                credentials, detected = default_credentials()
                project_id = project_id or detected
            self.tokens = GoogleTokens(credentials, token_leeway)
        if not project_id:
            raise ConfigurationError(
                "no Google Cloud project: pass project_id=... (Application Default "
                "Credentials name none here)"
            )
        self.project_id = project_id
        self.server_url = (server_url or vertex_endpoint(region)).rstrip("/")
        self._models_path = (
            f"/v1/projects/{quote(project_id, safe='')}/locations/{region}"
            "/publishers/mistralai/models/"
        )

    def __repr__(self) -> str:
        auth = "access token" if self.tokens is None else "google-auth credentials"
        return (
            f"VertexAI(project_id={self.project_id!r}, region={self.region!r}, "
            f"server_url={self.server_url!r}, auth={auth!r})"
        )

    @mistralai.hookimpl
    def mistral_client_init(self, config: ClientConfig) -> None:
        self._configured.add(config)
        config.server_url = self.server_url
        config.api_key = self._access_token if self.tokens is None else self.tokens.current

    def _check_set_up(self, config: ClientConfig) -> None:
        """Refuse a client this plugin did not set up, or that another plugin redirected."""
        if config not in self._configured or config.server_url != self.server_url:
            raise ConfigurationError(
                "VertexAI sets up a client as it is built: pass it as "
                "Mistral(plugins=[VertexAI(...)]); registered later, or beside another cloud's "
                "plugin, it would send the client's own credentials. Nothing was sent"
            )

    @mistralai.hookimpl
    def mistral_wrap_call(
        self, request: httpx.Request, context: HookContext
    ) -> Generator[httpx.Request, httpx.Response, httpx.Response]:
        self._check_set_up(context.config)
        if context.operation_id not in SERVED_OPERATIONS:
            raise NotServedByVertexAIError(
                f"{context.operation_id} ({request.method} {request.url.path})"
            )
        request = self._to_vertex(request, context.base_url)
        response = yield request
        if response.status_code == 401 and self.tokens is not None:
            rejected = request.headers.get("authorization", "").removeprefix("Bearer ")
            request.headers["authorization"] = f"Bearer {self.tokens.after_rejection(rejected)}"
            response = yield request
        return response

    def _to_vertex(self, request: httpx.Request, base_url: str) -> httpx.Request:
        """``request`` sent to the Vertex AI path of its model (a copy if the body changes)."""
        body = _json_object(request.content)
        model = body.get("model")
        if not isinstance(model, str) or not model:
            raise RequestValidationError("Vertex AI needs the model: pass model=...")
        body_model, path_id = vertex_model(model)
        method = "streamRawPredict" if body.get("stream") is True else "rawPredict"
        url = f"{base_url}{self._models_path}{quote(path_id, safe='@')}:{method}"
        if body_model == model:
            retarget(request, url)
            return request
        content = json.dumps({**body, "model": body_model}, separators=(",", ":")).encode()
        return rebuilt(request, url, content)


VertexAI.__module__ = "mistralai.gcp"


def retarget(request: httpx.Request, url: str) -> None:
    """Send ``request`` to ``url`` instead."""
    import httpx

    request.url = httpx.URL(url)
    request.headers["host"] = request.url.netloc.decode("ascii")


def rebuilt(request: httpx.Request, url: str, content: bytes) -> httpx.Request:
    """A copy of ``request`` for ``url`` with another body (its length recomputed)."""
    import httpx

    headers = [
        (name, value)
        for name, value in request.headers.multi_items()
        if name.lower() not in ("host", "content-length")
    ]
    return httpx.Request(
        request.method, url, headers=headers, content=content, extensions=dict(request.extensions)
    )


def _json_object(content: bytes) -> dict[str, Any]:
    try:
        body = json.loads(content)
    except ValueError:
        body = None
    if not isinstance(body, dict):
        raise RequestValidationError("Vertex AI takes a JSON object body naming the model")
    return body
