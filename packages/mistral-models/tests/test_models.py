"""client.models against the local test server, sync and async."""

from __future__ import annotations

import pytest

from mistralai.errors import BadRequestError, NotFoundError
from mistralai.models_api.models import (
    ArchiveFTModelOut,
    BaseModelCard,
    ClassifierFTModelOut,
    CompletionFTModelOut,
    DeleteModelOut,
    FTModelCard,
    ModelList,
    UnarchiveFTModelOut,
)
from mistralai.testing import Fault
from mistralai.types import UnknownVariant

FT_ID = "ft:open-mistral-7b:587a6b29:20240514:7e773925"
FT_CLASSIFIER_ID = "ft:ministral-3b-latest:587a6b29:20250101:c1a55e5f"


def test_list_and_retrieve(mistral_client, mistral_test_server):
    listed = mistral_client.models.list()

    assert isinstance(listed, ModelList)
    kinds = {card.id: type(card) for card in listed.data}
    assert kinds["mistral-small-latest"] is BaseModelCard
    assert kinds[FT_ID] is FTModelCard

    card = mistral_client.models.retrieve(model_id=FT_ID)
    assert isinstance(card, FTModelCard)
    assert card.root == "open-mistral-7b"
    # The id's colons are escaped in the path and decoded by the server.
    assert (
        mistral_test_server.requests[-1].path
        == "/v1/models/ft%3Aopen-mistral-7b%3A587a6b29%3A20240514%3A7e773925"
    )

    base = mistral_client.models.retrieve("mistral-small-latest")
    assert isinstance(base, BaseModelCard)
    assert base.capabilities.completion_chat is True


async def test_list_filters_async(mistral_async_client, mistral_test_server):
    listed = await mistral_async_client.models.list_async(model="codestral-latest")

    assert [card.id for card in listed.data] == ["codestral-latest"]
    assert mistral_test_server.requests[-1].query == {"model": ["codestral-latest"]}
    card = await mistral_async_client.models.retrieve_async(model_id="codestral-latest")
    assert card.capabilities.completion_fim is True


def test_update_archive_unarchive_delete(mistral_client, mistral_test_server, mistral_wire_body):
    models = mistral_client.models

    updated = models.update(model_id=FT_ID, name="support-bot", description=None)
    assert isinstance(updated, CompletionFTModelOut)
    assert (updated.name, updated.description) == ("support-bot", None)
    assert mistral_wire_body("UpdateFTModelIn") == {"name": "support-bot", "description": None}

    classifier = models.update(model_id=FT_CLASSIFIER_ID, description="sentiment")
    assert isinstance(classifier, ClassifierFTModelOut)
    assert classifier.classifier_targets[0].labels == ["positive", "negative"]
    assert mistral_wire_body("UpdateFTModelIn") == {"description": "sentiment"}

    archived = models.archive(model_id=FT_ID)
    assert isinstance(archived, ArchiveFTModelOut)
    assert archived.archived is True
    assert models.retrieve(model_id=FT_ID).archived is True
    unarchived = models.unarchive(model_id=FT_ID)
    assert isinstance(unarchived, UnarchiveFTModelOut)
    assert unarchived.archived is False

    deleted = models.delete(model_id=FT_ID)
    assert isinstance(deleted, DeleteModelOut)
    assert (deleted.id, deleted.deleted) == (FT_ID, True)
    with pytest.raises(NotFoundError):
        models.retrieve(model_id=FT_ID)
    with pytest.raises(BadRequestError):
        models.delete(model_id="mistral-small-latest")


async def test_update_archive_unarchive_delete_async(mistral_async_client, mistral_wire_body):
    models = mistral_async_client.models

    updated = await models.update_async(model_id=FT_ID, name="bot")
    assert updated.name == "bot"
    assert mistral_wire_body("UpdateFTModelIn") == {"name": "bot"}
    assert (await models.archive_async(model_id=FT_ID)).archived is True
    assert (await models.unarchive_async(model_id=FT_ID)).archived is False
    assert (await models.delete_async(model_id=FT_ID)).deleted is True
    with pytest.raises(NotFoundError):
        await models.retrieve_async(model_id=FT_ID)


@pytest.mark.parametrize("client_kind", ["sync", "async"])
async def test_spec_example_bare_array_parses(
    client_kind, mistral_client, mistral_async_client, mistral_test_server, mistral_spec_example
):
    example = mistral_spec_example("/v1/models", "get")
    assert isinstance(example, list)
    mistral_test_server.faults.add(Fault.status(200, body=example), path="/v1/models")

    if client_kind == "sync":
        listed = mistral_client.models.list()
    else:
        listed = await mistral_async_client.models.list_async()

    assert len(listed.data) == 1
    # The example spells the tag "TYPE"; it is still recognised.
    card = listed.data[0]
    assert isinstance(card, FTModelCard)
    assert (card.id, card.root, card.job) == ("<model_id>", "open-mistral-7b", "<job_id>")


def test_spec_example_of_retrieve_parses(mistral_client, mistral_test_server, mistral_spec_example):
    example = mistral_spec_example("/v1/models/{model_id}", "get")
    mistral_test_server.faults.add(Fault.status(200, body=example))

    card = mistral_client.models.retrieve(model_id="x")

    assert isinstance(card, FTModelCard)
    assert card.capabilities.completion_chat is True


def test_unknown_card_type_is_kept(mistral_client, mistral_test_server):
    body = {"object": "list", "data": [{"id": "h", "type": "hologram", "depth": 3}]}
    mistral_test_server.faults.add(Fault.status(200, body=body))

    card = mistral_client.models.list().data[0]

    assert isinstance(card, UnknownVariant)
    assert (card.tag, card.model_extra["depth"]) == ("hologram", 3)


def test_seed_signatures(mistral_client):
    models = mistral_client.models
    assert isinstance(models.list(), ModelList)
    assert models.retrieve(model_id="mistral-embed").id == "mistral-embed"
    assert models.delete(model_id=FT_ID).deleted is True
