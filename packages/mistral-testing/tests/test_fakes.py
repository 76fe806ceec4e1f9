"""Embeddings, models and classifiers fakes, checked against the spec's response schemas."""

from __future__ import annotations

import math
from typing import Any

import httpx
import pytest

from mistralai.testing import MistralTestServer

from .conftest import spec_errors

FT_MODEL = "ft:open-mistral-7b:587a6b29:20240514:7e773925"


def test_embeddings_are_deterministic_unit_vectors(http: httpx.Client) -> None:
    body = {"model": "mistral-embed", "input": ["alpha", "beta", "alpha"]}
    answer = http.post("/v1/embeddings", json=body).json()
    assert spec_errors("EmbeddingResponse", answer) == []
    vectors = [item["embedding"] for item in answer["data"]]
    assert [item["index"] for item in answer["data"]] == [0, 1, 2]
    assert vectors[0] == vectors[2] != vectors[1]
    assert math.isclose(sum(v * v for v in vectors[0]), 1.0, rel_tol=1e-4)
    again = http.post("/v1/embeddings", json=body).json()
    assert [item["embedding"] for item in again["data"]] == vectors


@pytest.mark.parametrize("dimension", [1, 8, 100, 1024])
def test_embeddings_honour_output_dimension(http: httpx.Client, dimension: int) -> None:
    body = {"model": "mistral-embed", "input": "text", "output_dimension": dimension}
    (item,) = http.post("/v1/embeddings", json=body).json()["data"]
    assert len(item["embedding"]) == dimension


def test_the_model_list_has_the_catalogue(http: httpx.Client) -> None:
    answer = http.get("/v1/models").json()
    assert spec_errors("ModelList", answer) == []
    ids = {card["id"] for card in answer["data"]}
    assert {
        "mistral-small-latest",
        "mistral-large-latest",
        "codestral-latest",
        "mistral-embed",
        "mistral-ocr-latest",
        "voxtral-mini-latest",
        "mistral-moderation-latest",
        FT_MODEL,
    } <= ids


def test_retrieve_and_unknown_model(http: httpx.Client) -> None:
    card = http.get("/v1/models/codestral-latest").json()
    assert card["capabilities"]["completion_fim"] is True
    missing = http.get("/v1/models/nope")
    assert missing.status_code == 404
    assert missing.json()["object"] == "error"


def test_fine_tuned_models_update_archive_and_delete(http: httpx.Client) -> None:
    path = f"/v1/fine_tuning/models/{FT_MODEL}"
    updated = http.patch(path, json={"name": "renamed"}).json()
    assert updated["name"] == "renamed"
    assert http.post(f"{path}/archive").json() == {
        "id": FT_MODEL,
        "object": "model",
        "archived": True,
    }
    assert http.delete(f"{path}/archive").json()["archived"] is False
    assert http.delete(f"/v1/models/{FT_MODEL}").json()["deleted"] is True
    assert http.get(f"/v1/models/{FT_MODEL}").status_code == 404


def test_base_models_cannot_be_deleted(http: httpx.Client) -> None:
    assert http.delete("/v1/models/mistral-small-latest").status_code == 400


def test_state_is_reset_between_tests(
    http: httpx.Client, mistral_test_server: MistralTestServer
) -> None:
    assert http.delete(f"/v1/models/{FT_MODEL}").status_code == 200
    mistral_test_server.reset()
    assert http.get(f"/v1/models/{FT_MODEL}").status_code == 200


def test_moderation_flags_the_marked_category(http: httpx.Client) -> None:
    body = {
        "model": "mistral-moderation-latest",
        "input": ["fine", "bad [flag:violence_and_threats]"],
    }
    answer = http.post("/v1/moderations", json=body).json()
    assert spec_errors("ModerationResponse", answer) == []
    clean, flagged = answer["results"]
    assert not any(clean["categories"].values())
    assert flagged["categories"]["violence_and_threats"] is True
    assert flagged["category_scores"]["violence_and_threats"] > 0.9


def test_chat_moderation(http: httpx.Client) -> None:
    conversation = [{"role": "user", "content": "hi [flag:pii]"}]
    body = {"model": "mistral-moderation-latest", "input": conversation}
    answer = http.post("/v1/chat/moderations", json=body).json()
    assert spec_errors("ModerationResponse", answer) == []
    assert answer["results"][0]["categories"]["pii"] is True


@pytest.mark.parametrize(
    ("path", "text_input"),
    [
        ("/v1/classifications", ["I love it", "meh"]),
        (
            "/v1/chat/classifications",
            [
                {"messages": [{"role": "user", "content": "I love it"}]},
                {"messages": [{"role": "user", "content": "meh"}]},
            ],
        ),
    ],
)
def test_classifications(http: httpx.Client, path: str, text_input: Any) -> None:
    body = {"model": FT_MODEL, "input": text_input}
    answer = http.post(path, json=body).json()
    assert spec_errors("ClassificationResponse", answer) == []
    loved, meh = (r["sentiment"]["scores"] for r in answer["results"])
    assert loved["positive"] > loved["negative"]
    assert meh["positive"] < meh["negative"]
