"""Moderation and classification (``/v1/moderations``, ``/v1/classifications`` and their
``/v1/chat/...`` variants): one deterministic result per input.

- Moderation flags a category when the text contains ``[flag:<category>]`` (score 0.99);
  other scores are small values derived from the text.
- Classification answers one ``sentiment`` target with ``positive`` / ``negative`` scores
  (``positive`` wins when the text contains "good", "great" or "love").
- A chat input is classified on the text of all its messages.
"""

from __future__ import annotations

import hashlib
from typing import Any

from mistralai.testing import _engine
from mistralai.testing._routing import JSONResponse, Request, Response, Router

CATEGORIES = (
    "sexual",
    "hate_and_discrimination",
    "violence_and_threats",
    "dangerous_and_criminal_content",
    "selfharm",
    "health",
    "financial",
    "law",
    "pii",
)
POSITIVE_WORDS = ("good", "great", "love")


def moderations(request: Request) -> Response:
    body = request.json()
    return _answer(request, body, [_moderation(text) for text in _texts(body["input"])])


def chat_moderations(request: Request) -> Response:
    body = request.json()
    conversations = body["input"]
    if conversations and isinstance(conversations[0], dict):
        conversations = [conversations]
    results = [_moderation(_conversation_text(messages)) for messages in conversations]
    return _answer(request, body, results)


def classifications(request: Request) -> Response:
    body = request.json()
    return _answer(request, body, [_classification(text) for text in _texts(body["input"])])


def chat_classifications(request: Request) -> Response:
    body = request.json()
    inputs = body["input"]
    instructs = [inputs] if isinstance(inputs, dict) else inputs
    results = [_classification(_conversation_text(i["messages"])) for i in instructs]
    return _answer(request, body, results)


def _answer(request: Request, body: dict[str, Any], results: list[Any]) -> JSONResponse:
    return JSONResponse(
        {"id": request.state.new_id("mod-"), "model": body["model"], "results": results}
    )


def _texts(value: Any) -> list[str]:
    return [value] if isinstance(value, str) else list(value)


def _conversation_text(messages: list[dict[str, Any]]) -> str:
    return "\n".join(_engine.text_of(m.get("content")) for m in messages)


def _small_score(text: str, salt: str) -> float:
    digest = hashlib.sha256(f"{salt}:{text}".encode()).digest()
    return round(digest[0] / 255 * 0.01, 6)


def _moderation(text: str) -> dict[str, Any]:
    flagged = {name: f"[flag:{name}]" in text for name in CATEGORIES}
    return {
        "categories": flagged,
        "category_scores": {
            name: 0.99 if flagged[name] else _small_score(text, name) for name in CATEGORIES
        },
    }


def _classification(text: str) -> dict[str, Any]:
    positive = 0.9 if any(word in text.lower() for word in POSITIVE_WORDS) else 0.2
    return {"sentiment": {"scores": {"positive": positive, "negative": round(1 - positive, 6)}}}


def register(router: Router) -> None:
    router.add("POST", "/v1/moderations", moderations, "moderations_v1_moderations_post")
    router.add(
        "POST",
        "/v1/chat/moderations",
        chat_moderations,
        "chat_moderations_v1_chat_moderations_post",
    )
    router.add(
        "POST", "/v1/classifications", classifications, "classifications_v1_classifications_post"
    )
    router.add(
        "POST",
        "/v1/chat/classifications",
        chat_classifications,
        "chat_classifications_v1_chat_classifications_post",
    )
