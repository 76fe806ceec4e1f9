"""client.embeddings against the local test server, sync and async."""

from __future__ import annotations

import pytest

from mistralai.embeddings.models import EmbeddingRequest, EmbeddingResponse
from mistralai.errors import RequestValidationError
from mistralai.testing import Fault


def test_create_sends_inputs_as_input(mistral_client, mistral_test_server, mistral_wire_body):
    res = mistral_client.embeddings.create(model="mistral-embed", inputs=["one", "two"])

    assert isinstance(res, EmbeddingResponse)
    assert [d.index for d in res.data] == [0, 1]
    assert all(isinstance(d.embedding, list) and d.embedding for d in res.data)
    assert mistral_test_server.requests[-1].path == "/v1/embeddings"
    assert mistral_wire_body("EmbeddingRequest") == {
        "model": "mistral-embed",
        "input": ["one", "two"],
    }


async def test_create_async_with_every_field(mistral_async_client, mistral_wire_body):
    res = await mistral_async_client.embeddings.create_async(
        model="codestral-embed",
        inputs="one text",
        output_dimension=256,
        output_dtype="int8",
        encoding_format="float",
        metadata={"team": "search"},
    )

    assert len(res.data) == 1
    assert mistral_wire_body("EmbeddingRequest") == {
        "model": "codestral-embed",
        "input": "one text",
        "output_dimension": 256,
        "output_dtype": "int8",
        "encoding_format": "float",
        "metadata": {"team": "search"},
    }


def test_seed_signature_with_explicit_nones(mistral_client, mistral_wire_body):
    mistral_client.embeddings.create(
        model="mistral-embed",
        inputs="Embed this sentence.",
        output_dimension=None,
        output_dtype=None,
        encoding_format=None,
    )

    # None is sent only where the API accepts null.
    assert mistral_wire_body("EmbeddingRequest") == {
        "model": "mistral-embed",
        "input": "Embed this sentence.",
        "output_dimension": None,
    }


def test_invalid_arguments_are_refused_before_sending(mistral_client, mistral_test_server):
    with pytest.raises(RequestValidationError, match="output_dtype"):
        mistral_client.embeddings.create(model="m", inputs="x", output_dtype="float64")
    assert mistral_test_server.requests == []


@pytest.mark.parametrize("client_kind", ["sync", "async"])
async def test_spec_example_without_id_parses(
    client_kind, mistral_client, mistral_async_client, mistral_test_server, mistral_spec_example
):
    example = mistral_spec_example("/v1/embeddings", "post")
    assert "id" not in example
    mistral_test_server.faults.add(Fault.status(200, body=example), path="/v1/embeddings")

    if client_kind == "sync":
        res = mistral_client.embeddings.create(model="mistral-embed", inputs=["a", "b"])
    else:
        res = await mistral_async_client.embeddings.create_async(
            model="mistral-embed", inputs=["a", "b"]
        )

    assert res.id is None
    assert res.model == "mistral-embed"
    assert res.data[1].embedding[0] == pytest.approx(-0.0230560302734375)
    assert res.usage is not None
    assert res.usage.prompt_tokens == 15


def test_base64_embeddings_are_kept_as_text(mistral_test_server, mistral_client):
    body = {"id": "e", "data": [{"object": "embedding", "embedding": "AACAPw==", "index": 0}]}
    mistral_test_server.faults.add(Fault.status(200, body=body), path="/v1/embeddings")

    res = mistral_client.embeddings.create(model="m", inputs="x", encoding_format="base64")

    assert res.data[0].embedding == "AACAPw=="


def test_request_model_round_trip():
    request = EmbeddingRequest(model="mistral-embed", input=["a"])
    assert request.inputs == ["a"]
    assert request.to_wire() == {"model": "mistral-embed", "input": ["a"]}
