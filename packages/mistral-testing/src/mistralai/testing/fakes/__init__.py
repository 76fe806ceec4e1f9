"""The fake API areas. Each module has ``register(router)``; add a new area by listing it here.

A fake reads and writes ``request.state`` (a :class:`~mistralai.testing.ServerState`) and
returns ``JSONResponse``, ``RawResponse`` or ``EventStreamResponse``. Give ``Router.add`` the
spec's ``operation_id`` so JSON bodies are validated against the spec before the fake runs.
The package README ("Extending the server") shows a whole area module.

>>> router = Router()
>>> register_all(router)
>>> router.match("POST", "/v1/chat/completions")[0].operation_id
'chat_completion_v1_chat_completions_post'
"""

from __future__ import annotations

import importlib

from mistralai.testing._routing import Router

AREAS = (
    "chat",
    "agents",
    "files",
    "ocr",
    "embeddings",
    "models",
    "fim",
    "classifiers",
    "batch",
    "fine_tuning",
    "beta",
    "audio",
    "speech",
    "voices",
    "libraries",
    "observability",
    "workflows",
    "connectors",
)


def register_all(router: Router) -> None:
    """Register every fake area on ``router``."""
    for name in AREAS:
        importlib.import_module(f"mistralai.testing.fakes.{name}").register(router)
