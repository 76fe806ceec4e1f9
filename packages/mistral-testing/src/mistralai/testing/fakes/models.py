"""The Models API (``/v1/models``, ``/v1/fine_tuning/models``): a seeded catalogue of base
models and two fine-tuned ones (a completion and a classifier model), per server.

Fine-tuned models can be renamed, archived, un-archived and deleted; base models answer 400
to those. Ids may be given URL-encoded (``ft%3A...``).
"""

from __future__ import annotations

import time
from typing import Any
from urllib.parse import unquote

from mistralai.testing._routing import (
    JSONResponse,
    Request,
    Response,
    Router,
    error_body,
    not_found,
)

BASE_MODELS = {
    "mistral-small-latest": {"completion_chat": True, "function_calling": True, "vision": True},
    "mistral-large-latest": {"completion_chat": True, "function_calling": True},
    "codestral-latest": {"completion_chat": True, "completion_fim": True},
    "mistral-embed": {},
    "mistral-ocr-latest": {"ocr": True},
    "voxtral-mini-latest": {"audio": True, "audio_transcription": True},
    "mistral-moderation-latest": {"moderation": True},
}
FT_COMPLETION_ID = "ft:open-mistral-7b:587a6b29:20240514:7e773925"
FT_CLASSIFIER_ID = "ft:ministral-3b-latest:587a6b29:20250101:c1a55e5f"
JOB_ID = "7e773925-0000-4000-8000-000000000001"
WORKSPACE_ID = "587a6b29-0000-4000-8000-000000000002"


def _catalogue(request: Request) -> dict[str, dict[str, Any]]:
    store = request.state.store("models")
    if "cards" not in store:
        store["cards"] = _seed()
    cards: dict[str, dict[str, Any]] = store["cards"]
    return cards


def _seed() -> dict[str, dict[str, Any]]:
    now = int(time.time())
    cards = {}
    for model_id, capabilities in BASE_MODELS.items():
        cards[model_id] = {
            "id": model_id,
            "object": "model",
            "created": now,
            "owned_by": "mistralai",
            "capabilities": capabilities,
            "name": model_id,
            "description": f"The {model_id} model",
            "max_context_length": 131072,
            "aliases": [],
            "deprecation": None,
            "deprecation_replacement_model": None,
            "default_model_temperature": 0.3,
            "type": "base",
        }
    for model_id, root, model_type in (
        (FT_COMPLETION_ID, "open-mistral-7b", "completion"),
        (FT_CLASSIFIER_ID, "ministral-3b-latest", "classifier"),
    ):
        capabilities = {"completion_chat": model_type == "completion"}
        capabilities["classification"] = model_type == "classifier"
        cards[model_id] = {
            "id": model_id,
            "object": "model",
            "created": now,
            "owned_by": WORKSPACE_ID,
            "capabilities": capabilities,
            "name": None,
            "description": None,
            "max_context_length": 32768,
            "aliases": [],
            "deprecation": None,
            "deprecation_replacement_model": None,
            "default_model_temperature": None,
            "type": "fine-tuned",
            "job": JOB_ID,
            "root": root,
            "archived": False,
            "_model_type": model_type,
        }
    return cards


def _public(card: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in card.items() if not k.startswith("_")}


def _find(request: Request) -> tuple[str, dict[str, Any] | None]:
    model_id = unquote(request.path_params["model_id"])
    cards = _catalogue(request)
    card = cards.get(model_id) or next(
        (c for c in cards.values() if model_id in c["aliases"]), None
    )
    return model_id, card


def _fine_tuned(request: Request) -> dict[str, Any] | JSONResponse:
    """The fine-tuned model named in the path, or the error answer."""
    model_id, card = _find(request)
    if card is None:
        return not_found(f"model {model_id!r}")
    if card["type"] != "fine-tuned":
        return JSONResponse(error_body(f"{model_id} is not a fine-tuned model"), 400)
    return card


def list_models(request: Request) -> Response:
    provider, model = request.arg("provider"), request.arg("model")
    cards = [
        _public(card)
        for card in _catalogue(request).values()
        if (provider is None or card["owned_by"] == provider)
        and (model is None or model == card["id"] or model in card["aliases"])
    ]
    return JSONResponse({"object": "list", "data": cards})


def retrieve(request: Request) -> Response:
    model_id, card = _find(request)
    return not_found(f"model {model_id!r}") if card is None else JSONResponse(_public(card))


def delete(request: Request) -> Response:
    card = _fine_tuned(request)
    if isinstance(card, JSONResponse):
        return card
    with request.state.lock:
        _catalogue(request).pop(card["id"], None)
    return JSONResponse({"id": card["id"], "object": "model", "deleted": True})


def update(request: Request) -> Response:
    card = _fine_tuned(request)
    if isinstance(card, JSONResponse):
        return card
    body = request.json()
    with request.state.lock:
        for field in ("name", "description"):
            if field in body:
                card[field] = body[field]
    return JSONResponse(_ft_model_out(card))


def _ft_model_out(card: dict[str, Any]) -> dict[str, Any]:
    model_type = card["_model_type"]
    out: dict[str, Any] = {
        "id": card["id"],
        "object": "model",
        "created": card["created"],
        "owned_by": card["owned_by"],
        "workspace_id": WORKSPACE_ID,
        "root": card["root"],
        "root_version": "0.1",
        "archived": card["archived"],
        "name": card["name"],
        "description": card["description"],
        "capabilities": {
            "completion_chat": model_type == "completion",
            "classification": model_type == "classifier",
        },
        "max_context_length": card["max_context_length"],
        "aliases": card["aliases"],
        "job": card["job"],
        "model_type": model_type,
    }
    if model_type == "classifier":
        out["classifier_targets"] = [
            {
                "name": "sentiment",
                "labels": ["positive", "negative"],
                "weight": 1.0,
                "loss_function": "single_class",
            }
        ]
    return out


def _set_archived(request: Request, archived: bool) -> Response:
    card = _fine_tuned(request)
    if isinstance(card, JSONResponse):
        return card
    with request.state.lock:
        card["archived"] = archived
    return JSONResponse({"id": card["id"], "object": "model", "archived": archived})


def archive(request: Request) -> Response:
    return _set_archived(request, True)


def unarchive(request: Request) -> Response:
    return _set_archived(request, False)


def register(router: Router) -> None:
    router.add("GET", "/v1/models", list_models, "list_models_v1_models_get")
    router.add("GET", "/v1/models/{model_id}", retrieve, "retrieve_model_v1_models__model_id__get")
    router.add(
        "DELETE", "/v1/models/{model_id}", delete, "delete_model_v1_models__model_id__delete"
    )
    ft = "/v1/fine_tuning/models/{model_id}"
    router.add("PATCH", ft, update, "jobs_api_routes_fine_tuning_update_fine_tuned_model")
    router.add(
        "POST", ft + "/archive", archive, "jobs_api_routes_fine_tuning_archive_fine_tuned_model"
    )
    router.add(
        "DELETE",
        ft + "/archive",
        unarchive,
        "jobs_api_routes_fine_tuning_unarchive_fine_tuned_model",
    )
