"""Code written for the official ``mistralai`` SDK (1.9, and the 2.x/3.x import layout) runs
unchanged.

The official surface is read from ``scripts/official_surface.json`` (written by
``scripts/extract_official_surface.py`` from mistralai 1.9.11), so these tests need neither
the official SDK nor the network. Calls go to the local test server.
"""

from __future__ import annotations

import json
import os
import pickle
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

import httpx
import pytest

from mistralai import Mistral
from mistralai.errors import (
    APIConnectionError,
    APITimeoutError,
    HTTPValidationError,
    MistralError,
    NoResponseError,
)
from mistralai.testing import Fault
from mistralai.utils import RetryConfig

ROOT = Path(__file__).resolve().parents[2]
OFFICIAL: dict[str, Any] = json.loads((ROOT / "scripts" / "official_surface.json").read_text())
NO_RETRY = RetryConfig("none")
MESSAGES = [{"role": "user", "content": "Hello"}]


def fresh_python(code: str) -> str:
    """Run ``code`` in a new interpreter (nothing imported yet); its stdout."""
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def refused_url() -> str:
    """A local URL on which nothing listens: connecting to it is refused."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"


# -- 4. errors: catchable as the httpx exceptions they wrap; 422 detail as objects ---------


def test_refused_connection_is_caught_as_httpx_connect_error() -> None:
    with Mistral(api_key="k", server_url=refused_url(), retry_config=NO_RETRY) as client:
        with pytest.raises(httpx.ConnectError) as info:
            client.chat.complete(model="m", messages=MESSAGES)
    error = info.value
    assert isinstance(error, APIConnectionError)
    assert isinstance(error, NoResponseError)
    assert isinstance(error, MistralError)
    assert isinstance(error, httpx.TransportError)
    assert isinstance(error, httpx.HTTPError)
    assert error.request.url.path == "/v1/chat/completions"
    assert "check the server URL" in str(error)


async def test_refused_connection_is_caught_as_httpx_connect_error_async() -> None:
    async with Mistral(api_key="k", server_url=refused_url(), retry_config=NO_RETRY) as client:
        with pytest.raises(httpx.ConnectError) as info:
            await client.chat.complete_async(model="m", messages=MESSAGES)
    assert isinstance(info.value, APIConnectionError)


def test_dropped_connection_is_caught_as_httpx_transport_error(
    mistral_client: Mistral, mistral_test_server: Any
) -> None:
    mistral_test_server.faults.add(Fault.reset())
    with pytest.raises(httpx.TransportError) as info:
        mistral_client.chat.complete(model="m", messages=MESSAGES, retries=NO_RETRY)
    error = info.value
    assert isinstance(error, APIConnectionError)
    assert not isinstance(error, httpx.ConnectError)  # the request was sent, not refused
    assert isinstance(error, (httpx.ReadError, httpx.RemoteProtocolError))


def test_timeout_is_caught_as_httpx_timeout_exception(
    mistral_client: Mistral, mistral_test_server: Any
) -> None:
    mistral_test_server.faults.add(Fault.slow(1.0))
    with pytest.raises(httpx.TimeoutException) as info:
        mistral_client.chat.complete(model="m", messages=MESSAGES, timeout_ms=150, retries=NO_RETRY)
    assert isinstance(info.value, APITimeoutError)
    assert isinstance(info.value, httpx.ReadTimeout)
    assert "timeout_ms" in str(info.value)


async def test_timeout_is_caught_as_httpx_timeout_exception_async(
    mistral_async_client: Mistral, mistral_test_server: Any
) -> None:
    mistral_test_server.faults.add(Fault.slow(1.0))
    with pytest.raises(httpx.TimeoutException) as info:
        await mistral_async_client.chat.complete_async(
            model="m", messages=MESSAGES, timeout_ms=150, retries=NO_RETRY
        )
    assert isinstance(info.value, APITimeoutError)


def test_transport_errors_pickle_without_the_request() -> None:
    secret = "sk-do-not-leak"
    with Mistral(api_key=secret, server_url=refused_url(), retry_config=NO_RETRY) as client:
        with pytest.raises(APIConnectionError) as info:
            client.models.list()
    data = pickle.dumps(info.value)
    assert secret.encode() not in data
    copy = pickle.loads(data)
    assert type(copy) is type(info.value)
    assert isinstance(copy, httpx.ConnectError)
    assert str(copy) == str(info.value)
    with pytest.raises(RuntimeError):
        _ = copy.request  # the request (and its Authorization header) stayed behind


def test_transport_error_classes_are_created_without_importing_httpx_early() -> None:
    out = fresh_python(
        "import sys, mistralai.errors, mistralai.models\n"
        "print('httpx' in sys.modules)\n"
        "from mistralai.errors import APIConnectionError\n"
        "import httpx\n"
        "print(issubclass(APIConnectionError, httpx.TransportError))"
    )
    assert out.split() == ["False", "True"]


def test_validation_error_detail_entries_are_objects(
    mistral_client: Mistral, mistral_test_server: Any
) -> None:
    detail = [
        {"loc": ["body", "messages", 0, "role"], "msg": "Input tag 'x' is wrong", "type": "x"},
        {"loc": ["body", "model"], "msg": "Field required", "type": "missing", "input": None},
    ]
    mistral_test_server.faults.add(Fault.status(422, {"detail": detail}))
    with pytest.raises(HTTPValidationError) as info:
        mistral_client.chat.complete(model="m", messages=MESSAGES)
    data = info.value.data
    assert data.detail is not None
    assert data.detail[0].msg == "Input tag 'x' is wrong"
    assert data.detail[0].loc == ["body", "messages", 0, "role"]
    assert data.detail[1].type == "missing"
    assert info.value.detail == detail  # the raw entries stay available


def test_validation_error_from_the_server_checks(mistral_client: Mistral) -> None:
    with pytest.raises(HTTPValidationError) as info:
        mistral_client.chat.complete(model="m", messages=MESSAGES, top_p=7.0)
    data = info.value.data
    assert data.detail
    assert data.detail[0].loc == ["body", "top_p"]
    assert data.detail[0].msg


# -- 7. null in an optional response field gives its default ------------------------------


def _model_modules() -> list[Any]:
    import importlib

    import mistralai.models
    from mistralai.models._catalog import AREA_MODELS

    modules = [mistralai.models]
    for module_name in sorted({module for module, _ in AREA_MODELS.values()}):
        modules.append(importlib.import_module(module_name))
    return modules


def every_model() -> list[type[Any]]:
    """Every model class of core and of every area, and every model their fields hold."""
    import typing

    from mistralai.types import MistralModel

    found: dict[str, type[Any]] = {}

    def visit(annotation: Any) -> None:
        if isinstance(annotation, type) and issubclass(annotation, MistralModel):
            key = f"{annotation.__module__}.{annotation.__qualname__}"
            if key in found or annotation.__pydantic_generic_metadata__["parameters"]:
                return
            found[key] = annotation
            for info in annotation.model_fields.values():
                visit(info.annotation)
            for sub in annotation.__subclasses__():
                visit(sub)
            return
        for arg in typing.get_args(annotation):
            visit(arg)

    for module in _model_modules():
        for name in module.__all__:
            visit(getattr(module, name))
    return sorted(found.values(), key=lambda m: f"{m.__module__}.{m.__qualname__}")


def sample(annotation: Any) -> Any:
    """A JSON value that validates as ``annotation`` (for required fields)."""
    import datetime
    import enum
    import typing

    from mistralai.types import MistralModel

    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is typing.Annotated:
        return sample(args[0])
    if origin is typing.Literal:
        return args[0]
    if origin in (list, tuple, set, frozenset):
        return []
    if origin is dict:
        return {}
    if origin is typing.Union or type(annotation).__name__ == "UnionType":
        return sample(next(a for a in args if a is not type(None)))
    if isinstance(annotation, type):
        if issubclass(annotation, MistralModel):
            return required_sample(annotation)
        if issubclass(annotation, enum.Enum):
            return next(iter(annotation)).value
        for kind, value in (
            (bool, True), (int, 1), (float, 1.5), (str, "x"), (bytes, "eA=="),
            (datetime.datetime, "2025-01-01T00:00:00Z"),
        ):  # fmt: skip
            if issubclass(annotation, kind):
                return value
    return "x"


def required_sample(model: type[Any]) -> dict[str, Any]:
    return {
        info.alias or name: sample(info.annotation)
        for name, info in model.model_fields.items()
        if info.is_required()
    }


UPLOAD_ONLY = {"File"}
"""Models that hold bytes or a file object to upload: they never come from JSON."""
MODELS = [model for model in every_model() if model.__name__ not in UPLOAD_ONLY]


def test_the_walk_reaches_the_models_of_every_area() -> None:
    modules = {model.__module__.split(".")[1] for model in MODELS}
    assert {"models", "chat", "files", "beta", "fine_tuning", "models_api", "ocr"} <= modules
    assert len(MODELS) > 150


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__qualname__)
def test_every_optional_field_accepts_null(model: type[Any]) -> None:
    optional = {name: info for name, info in model.model_fields.items() if not info.is_required()}
    payload = required_sample(model)
    payload.update({info.alias or name: None for name, info in optional.items()})
    parsed = model.model_validate_json(json.dumps(payload))
    for name, info in optional.items():
        default = info.get_default(call_default_factory=True)
        assert getattr(parsed, name) in (default, None), name


def test_null_in_optional_fields_of_a_chat_answer(
    mistral_client: Mistral, mistral_test_server: Any
) -> None:
    answer = {
        "id": "c-1", "object": None, "model": "m", "created": 1,
        "usage": {"prompt_tokens": 1, "completion_tokens": 2, "total_tokens": None},
        "choices": [{
            "index": 0, "finish_reason": "stop",
            "message": {"role": None, "content": "hi", "prefix": None, "tool_calls": None},
        }],
    }  # fmt: skip
    mistral_test_server.faults.add(Fault.status(200, answer))
    res = mistral_client.chat.complete(model="m", messages=MESSAGES)
    message = res.choices[0].message
    assert (message.content, message.prefix, message.role) == ("hi", False, "assistant")
    assert res.usage is not None
    assert res.usage.total_tokens == 0
    assert res.object is None


def test_null_in_optional_fields_of_a_model_card(
    mistral_client: Mistral, mistral_test_server: Any
) -> None:
    card = {
        "id": "m-1", "object": None, "max_context_length": None, "aliases": None,
        "capabilities": {"completion_chat": True, "vision": None}, "type": "base",
    }  # fmt: skip
    mistral_test_server.faults.add(Fault.status(200, {"object": "list", "data": [card]}))
    models = mistral_client.models.list()
    assert models.data is not None
    first = models.data[0]
    assert first.id == "m-1"
    assert first.aliases == []
    assert first.capabilities.vision is False
    assert first.capabilities.completion_chat is True
    assert isinstance(first.max_context_length, int)


def test_requests_still_send_null_only_where_the_spec_allows_it(
    mistral_client: Mistral, mistral_test_server: Any
) -> None:
    mistral_client.chat.complete(
        model="m", messages=MESSAGES, max_tokens=None, top_p=None, safe_prompt=None
    )
    sent = mistral_test_server.requests[-1].json()
    assert sent["max_tokens"] is None  # nullable: sent as null
    assert "top_p" not in sent
    assert "safe_prompt" not in sent


# -- 5. constructor and environment: url_params, MISTRAL_DEBUG -----------------------------


def test_constructor_takes_the_official_parameters_in_their_order() -> None:
    import inspect

    ours = list(inspect.signature(Mistral).parameters)
    official = [name for name, _kind, _required in OFFICIAL["client"]]
    assert ours[: len(official)] == official


def test_url_params_fill_the_server_url(mistral_test_server: Any) -> None:
    host = mistral_test_server.url.split("://", 1)[1]
    with Mistral(
        api_key="k", server_url="http://{host}/{prefix}", url_params={"host": host, "prefix": ""}
    ) as client:
        assert client.config.server_url == f"http://{host}"
        assert client.models.list().data
    assert mistral_test_server.requests[-1].path == "/v1/models"


def test_url_params_positionally_as_in_the_official_sdk() -> None:
    client = Mistral("k", None, "https://{region}.example.com", {"region": "eu"})
    assert client.config.server_url == "https://eu.example.com"


@pytest.fixture
def debug_logger_state() -> Any:
    import logging

    logger = logging.getLogger("mistralai")
    level, handlers = logger.level, list(logger.handlers)
    yield logger
    logger.setLevel(level)
    logger.handlers[:] = handlers


def test_mistral_debug_logs_each_attempt(
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    mistral_test_server: Any,
    debug_logger_state: Any,
) -> None:
    monkeypatch.setenv("MISTRAL_DEBUG", "1")
    with Mistral(api_key="sk-hidden", server_url=mistral_test_server.url) as client:
        client.chat.complete(model="m", messages=MESSAGES)
    lines = [r.getMessage() for r in caplog.records if r.name == "mistralai"]
    assert any("POST" in line and "/v1/chat/completions" in line for line in lines), lines
    assert not any("sk-hidden" in line for line in lines)


@pytest.mark.parametrize("value", ["", "0", "false"])
def test_mistral_debug_off(
    value: str,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    mistral_test_server: Any,
    debug_logger_state: Any,
) -> None:
    monkeypatch.setenv("MISTRAL_DEBUG", value)
    with Mistral(api_key="k", server_url=mistral_test_server.url) as client:
        client.chat.complete(model="m", messages=MESSAGES)
    assert not [r for r in caplog.records if r.name == "mistralai" and r.levelname == "DEBUG"]


def test_mistral_debug_prints_on_stderr_without_logging_set_up(mistral_test_server: Any) -> None:
    code = (
        "from mistralai import Mistral\n"
        f"c = Mistral(api_key='k', server_url={mistral_test_server.url!r})\n"
        "c.models.list()\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
        env={**os.environ, "MISTRAL_DEBUG": "1"},
    )
    assert "GET" in result.stderr
    assert "/v1/models" in result.stderr


# -- 6. signatures and result types that differed ------------------------------------------

USER = "6f2c3c55-2d29-4a0b-9c4e-2f1f3f1b0a11"


def test_accesses_delete_without_level_as_the_official_call(
    mistral_client: Mistral, mistral_test_server: Any
) -> None:
    libraries = mistral_client.beta.libraries
    library = libraries.create(name="handbook")
    libraries.accesses.update_or_create(
        library_id=library.id, share_with_uuid=USER, share_with_type="User", level="Viewer"
    )
    revoked = libraries.accesses.delete(
        library_id=library.id, share_with_uuid=USER, share_with_type="User"
    )
    assert revoked.share_with_uuid == USER
    assert "level" not in mistral_test_server.requests[-1].json()
    assert libraries.accesses.list(library_id=library.id).data == []


def test_fine_tuning_job_fields_are_objects(mistral_client: Mistral) -> None:
    jobs = mistral_client.fine_tuning.jobs
    job = jobs.create(
        model="open-mistral-7b",
        training_files=[{"file_id": USER, "weight": 1}],
        hyperparameters={"training_steps": 10, "learning_rate": 0.0001, "epochs": 2.5},
        integrations=[{"project": "demo", "api_key": "k" * 40}],
        repositories=[{"name": "sdk", "owner": "mistral", "token": "t" * 20}],
        auto_start=True,
    )
    assert job.hyperparameters.epochs == 2.5
    assert job.hyperparameters.training_steps == 10
    assert job.hyperparameters.fim_ratio is None
    assert job.integrations is not None
    assert (job.integrations[0].project, job.integrations[0].type) == ("demo", "wandb")
    assert job.repositories[0].owner == "mistral"
    done = jobs.wait(job.id, poll_interval=0.01)
    assert done.checkpoints[0].metrics.train_loss == 0.5
    assert done.checkpoints[0].metrics.valid_loss is None
    assert jobs.get(job_id=job.id).hyperparameters.learning_rate == 0.0001


def test_classifier_job_targets_are_objects(mistral_client: Mistral) -> None:
    job = mistral_client.fine_tuning.jobs.create(
        model="ministral-3b-latest",
        training_files=[USER],
        hyperparameters={"training_steps": 5},
        job_type="classifier",
        classifier_targets=[{"name": "mood", "labels": ["up", "down"]}],
    )
    detailed = mistral_client.fine_tuning.jobs.get(job_id=job.id)
    assert detailed.classifier_targets[0].labels == ["up", "down"]
    assert detailed.hyperparameters.training_steps == 5


def test_file_size_under_its_official_name(mistral_client: Mistral) -> None:
    uploaded = mistral_client.files.upload(file={"file_name": "a.jsonl", "content": b"{}\n"})
    assert uploaded.size_bytes == uploaded.bytes == 3
    assert mistral_client.files.retrieve(file_id=uploaded.id).size_bytes == 3
    assert mistral_client.files.list().data[0].size_bytes == 3


def test_conversation_outputs_keep_tool_files_and_sources(
    mistral_client: Mistral, mistral_test_server: Any
) -> None:
    from mistralai.models import ToolFileChunk, ToolReferenceChunk

    answer = {
        "object": "conversation.response", "conversation_id": "c-1",
        "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
        "outputs": [{
            "object": "entry", "type": "message.output", "role": "assistant", "id": "e-1",
            "content": [
                {"type": "text", "text": "Here is the chart"},
                {"type": "tool_file", "tool": "image_generation", "file_id": "f-1",
                 "file_name": "chart.png", "file_type": "png"},
                {"type": "tool_reference", "tool": "web_search", "title": "Source"},
            ],
        }],
    }  # fmt: skip
    mistral_test_server.faults.add(Fault.status(200, answer))
    res = mistral_client.beta.conversations.start(inputs="draw", model="mistral-medium-latest")
    content = res.outputs[0].content
    assert isinstance(content, list)
    assert isinstance(content[1], ToolFileChunk)
    assert content[1].file_id == "f-1"
    assert isinstance(content[2], ToolReferenceChunk)


def test_a_stream_delta_may_carry_one_chunk() -> None:
    from mistralai.models import MessageOutputEvent, ToolFileChunk

    event = MessageOutputEvent.model_validate_json(
        '{"type": "message.output.delta", "id": "e", "content": '
        '{"type": "tool_file", "tool": "image_generation", "file_id": "f"}}'
    )
    assert isinstance(event.content, ToolFileChunk)
