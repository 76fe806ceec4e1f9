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
        needs_items = typing.get_origin(args[0]) in (list, tuple, set, frozenset)
        if needs_items and any(getattr(meta, "min_length", 0) for meta in args[1:]):
            return [sample(typing.get_args(args[0])[0])]
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
        info.alias or name: sample(_annotated(info))
        for name, info in model.model_fields.items()
        if info.is_required()
    }


def _annotated(info: Any) -> Any:
    """The field's type, with its metadata (a discriminator, a length) put back."""
    import typing

    return typing.Annotated[(info.annotation, *info.metadata)] if info.metadata else info.annotation


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


# -- 1. every official model name, from each place it was imported from ------------------

OFFICIAL_NAMES = sorted(OFFICIAL["models"])
OFFICIAL_MODULES = sorted({entry["module"] for entry in OFFICIAL["models"].values()})


def test_the_official_surface_is_the_one_of_the_seeds() -> None:
    assert OFFICIAL["version"].startswith("1.9.")
    assert len(OFFICIAL_NAMES) > 600
    kinds = {entry["kind"] for entry in OFFICIAL["models"].values()}
    assert kinds == {"model", "typeddict", "alias", "literal", "error"}


def test_every_official_name_imports_from_the_top_level_and_mistralai_models() -> None:
    import mistralai
    import mistralai.models

    for name in OFFICIAL_NAMES:
        value = getattr(mistralai.models, name)
        assert getattr(mistralai, name) is value, name


def test_every_official_name_imports_from_its_official_module() -> None:
    import importlib

    import mistralai.models

    seen = set()
    for module_name in OFFICIAL_MODULES:
        module = importlib.import_module(f"mistralai.models.{module_name}")
        for name in module.__all__:
            assert getattr(module, name) is getattr(mistralai.models, name), (module_name, name)
            seen.add(name)
    assert seen >= set(OFFICIAL_NAMES)  # plus the 3.x names of the same modules


def test_every_official_name_imports_from_the_client_layout() -> None:
    import importlib

    import mistralai.client.models

    import mistralai.models

    assert mistralai.client.models is mistralai.models
    for name in OFFICIAL_NAMES:
        assert getattr(mistralai.client.models, name) is getattr(mistralai.models, name)
    usermessage = importlib.import_module("mistralai.client.models.usermessage")
    assert usermessage is importlib.import_module("mistralai.models.usermessage")


@pytest.mark.parametrize("name", OFFICIAL_NAMES)
def test_each_official_name_is_what_its_kind_says(name: str) -> None:
    import typing

    import pydantic
    import typing_extensions

    import mistralai.models

    kind = OFFICIAL["models"][name]["kind"]
    value = getattr(mistralai.models, name)
    if kind == "model":
        assert isinstance(value, type)
        assert issubclass(value, pydantic.BaseModel)
        # the official fields, under their name or their wire name
        fields = dict(value.model_fields.items())
        names = set(fields) | {i.alias for i in fields.values() if i.alias}
        official = set(OFFICIAL["models"][name]["fields"])
        missing = {f for f in official if f not in names and f.lower() not in names}
        assert missing <= {"size_bytes"}, missing  # a property here, see docs/migrating.md
    elif kind == "typeddict":
        assert typing_extensions.is_typeddict(value)
    elif kind == "error":
        assert issubclass(value, MistralError)
    else:
        assert value is not None
        assert typing.get_origin(value) is not None or isinstance(value, type), value
    if kind == "literal":
        official = set(OFFICIAL["models"][name]["values"]) - {"<str>"}
        ours = set(_literal_values(value))
        assert ours & official or str in _members(value), (ours, official)


def _members(annotation: Any) -> list[Any]:
    import typing

    if typing.get_origin(annotation) is typing.Union:
        return [m for a in typing.get_args(annotation) for m in _members(a)]
    return [annotation]


def _literal_values(annotation: Any) -> list[Any]:
    import typing

    values = []
    for member in _members(annotation):
        if typing.get_origin(member) is typing.Literal:
            values.extend(typing.get_args(member))
    return values


def test_model_modules_and_the_client_layout_are_lazy() -> None:
    out = fresh_python(
        "import sys\n"
        "import mistralai, mistralai.client\n"
        "from mistralai import Mistral\n"
        "Mistral(api_key='k')\n"
        "print(sorted(m for m in sys.modules if m.startswith(('pydantic', 'httpx'))))\n"
        "from mistralai.models.usermessage import UserMessage, UserMessageTypedDict\n"
        "from mistralai.models.assistantmessage import AssistantMessage\n"
        "from mistralai import File, TrainingFile\n"
        "from mistralai.client import models, errors, utils\n"
        "print(UserMessage(content='hi').role, TrainingFile.__module__, models.UserMessage is UserMessage)\n"
        "print(sorted(UserMessageTypedDict.__required_keys__), 'mistralai.chat.models' in sys.modules)\n"
    )
    lines = out.splitlines()
    assert lines[0] == "[]"
    assert lines[1] == "user mistralai.fine_tuning.models True"
    assert lines[2] == "['content'] False"


def test_a_module_the_official_sdk_never_had_is_not_invented() -> None:
    with pytest.raises(ModuleNotFoundError):
        __import__("mistralai.models.nosuchmodule")
    with pytest.raises(ModuleNotFoundError):
        __import__("mistralai.client.nosuchmodule")
    import mistralai.models.usermessage as usermessage

    with pytest.raises(AttributeError):
        _ = usermessage.AssistantMessage  # another module's name


def test_an_official_module_of_a_missing_area_names_the_package(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import importlib

    import mistralai.models
    from mistralai.models import ModelNotInstalledError
    from mistralai.models._catalog import AREA_MODELS

    monkeypatch.setitem(AREA_MODELS, "BatchError", ("mistralai.nowhere.models", "mistral-batch"))
    monkeypatch.delitem(vars(mistralai.models), "BatchError", raising=False)
    monkeypatch.delitem(sys.modules, "mistralai.models.batcherror", raising=False)
    module = importlib.import_module("mistralai.models.batcherror")
    with pytest.raises(ModelNotInstalledError, match=r"pip install mistral-batch"):
        _ = module.BatchError


def test_official_top_level_names() -> None:
    import mistralai
    from mistralai import SERVER_EU, SERVERS, UNSET, VERSION, OptionalNullable, RetryConfig

    assert mistralai.__version__ == VERSION
    assert SERVERS[SERVER_EU] == "https://api.mistral.ai"
    assert not UNSET
    assert RetryConfig("none").strategy == "none"
    assert OptionalNullable is not None
    with pytest.raises(AttributeError):
        _ = mistralai.NoSuchThing


def test_parameter_models_follow_our_methods() -> None:
    from mistralai.models import (
        FilesAPIRoutesListFilesRequest,
        JobsAPIRoutesFineTuningUpdateFineTunedModelRequest,
        LibrariesDocumentsUpdateV1Request,
        UpdateFTModelIn,
    )

    listing = FilesAPIRoutesListFilesRequest(page=2, purpose="batch")
    assert (listing.page, listing.purpose, listing.search) == (2, "batch", None)
    with pytest.raises(pydantic_validation_error()):
        FilesAPIRoutesListFilesRequest(page="many")
    update = JobsAPIRoutesFineTuningUpdateFineTunedModelRequest(
        model_id="ft:1", update_ft_model_in={"name": "better"}
    )
    assert isinstance(update.update_ft_model_in, UpdateFTModelIn)
    with pytest.raises(pydantic_validation_error()):
        LibrariesDocumentsUpdateV1Request(library_id="l")  # document_id is required


def pydantic_validation_error() -> type[Exception]:
    import pydantic

    return pydantic.ValidationError


# -- 2. TypedDicts: real ones, in step with the models ------------------------------------


def _exported_name(model: type[Any]) -> str | None:
    import mistralai.models

    name = model.__name__
    try:
        return name if getattr(mistralai.models, name) is model else None
    except (AttributeError, ImportError):
        return None


TYPED_MODELS = [
    (name, model)
    for model in MODELS
    if (name := _exported_name(model)) is not None and name != "UnknownVariant"
]


def test_every_exported_model_has_a_typeddict() -> None:
    assert len(TYPED_MODELS) > 150


@pytest.mark.parametrize(("name", "model"), TYPED_MODELS, ids=lambda v: getattr(v, "__name__", v))
def test_typeddict_matches_its_model(name: str, model: type[Any]) -> None:
    import typing

    import typing_extensions

    import mistralai.models

    typed = getattr(mistralai.models, name + "TypedDict")
    assert typing_extensions.is_typeddict(typed)
    required = {f for f, info in model.model_fields.items() if info.is_required()}
    optional = set(model.model_fields) - required
    assert set(typed.__required_keys__) == required
    assert set(typed.__optional_keys__) == optional
    typing.get_type_hints(typed)  # every referenced type resolves


def test_official_typeddict_keys_are_ours() -> None:
    import mistralai.models

    for name, entry in OFFICIAL["models"].items():
        if entry["kind"] != "typeddict":
            continue
        keys = set(getattr(mistralai.models, name).__annotations__)
        missing = set(entry["keys"]) - keys
        assert missing <= {"size_bytes"}, (name, missing)  # ``bytes`` here


def test_typeddicts_are_current() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "gen_typeddicts.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr


def test_a_typeddict_is_sent_as_the_model_would_be(
    mistral_client: Mistral, mistral_test_server: Any
) -> None:
    from mistralai.models import (
        ChatCompletionRequestTypedDict,
        ToolTypedDict,
        UserMessage,
        UserMessageTypedDict,
    )

    message: UserMessageTypedDict = {"role": "user", "content": "Hello"}
    tool: ToolTypedDict = {
        "type": "function",
        "function": {"name": "f", "parameters": {"type": "object"}},
    }
    request: ChatCompletionRequestTypedDict = {"model": "m", "messages": [message]}
    mistral_client.chat.complete(**request, tools=[tool])
    sent = mistral_test_server.requests[-1].json()
    assert sent["messages"] == [UserMessage(content="Hello").to_wire()]
    assert sent["tools"][0]["function"]["name"] == "f"


# -- 3. a misspelled keyword is refused, naming the right one ----------------------------


def test_misspelled_keyword_names_the_closest_one(mistral_client: Mistral) -> None:
    with pytest.raises(TypeError, match=r"temprature.*did you mean 'temperature'"):
        mistral_client.chat.complete(model="m", messages=MESSAGES, temprature=0.2)
    with pytest.raises(TypeError, match=r"did you mean 'file_id'"):
        mistral_client.files.retrieve(fileid="f")


async def test_misspelled_keyword_names_the_closest_one_async(
    mistral_async_client: Mistral,
) -> None:
    with pytest.raises(TypeError, match=r"did you mean 'max_tokens'"):
        await mistral_async_client.chat.complete_async(model="m", messages=MESSAGES, max_token=10)


# -- 6. every method against the official signatures --------------------------------------


OPTIONS = {"retries", "server_url", "timeout_ms", "http_headers"}


def _method(client: Mistral, path: str) -> Any:
    target: Any = client
    for part in path.split("."):
        target = getattr(target, part)
    return target


@pytest.mark.parametrize("path", sorted(OFFICIAL["methods"]))
def test_method_accepts_every_official_call(path: str) -> None:
    import inspect

    method = _method(Mistral(api_key="k"), path)
    ours = inspect.signature(method).parameters
    takes_options = any(p.kind is p.VAR_KEYWORD for p in ours.values())
    official = {name: (kind, required) for name, kind, required in OFFICIAL["methods"][path]}
    for name, (kind, _required) in official.items():
        if kind == "VAR_KEYWORD":
            continue
        if name not in ours:
            assert takes_options, (path, name)
            continue
        if kind == "POSITIONAL_OR_KEYWORD":
            assert ours[name].kind is ours[name].POSITIONAL_OR_KEYWORD, (path, name)
    for name, parameter in ours.items():
        required = parameter.default is parameter.empty and parameter.kind in (
            parameter.POSITIONAL_OR_KEYWORD,
            parameter.KEYWORD_ONLY,
        )
        if required:
            assert name in official, (path, name, "required here, absent there")
            assert official[name][1], (path, name, "required here, optional there")
    # The per-call options (retries, server_url...) are keyword arguments here, everywhere.
    positional = [
        n for n, (k, _) in official.items() if k == "POSITIONAL_OR_KEYWORD" and n not in OPTIONS
    ]
    assert [n for n in ours if n in positional] == positional, path


# -- 8. runtime signatures: help() shows the parameters and the result type ---------------


def _every_public_method(client: Mistral) -> list[tuple[str, Any]]:
    """Every public method of every mounted area (operations, and helpers such as wait)."""
    import inspect

    from mistralai._mount import ResourceGroup
    from mistralai.utils import Resource

    found = []

    def walk(prefix: str, resource: Any) -> None:
        for name in dir(resource):
            if name.startswith("_"):
                continue
            value = getattr(resource, name)
            if isinstance(value, (Resource, ResourceGroup)):
                walk(f"{prefix}.{name}", value)
            elif inspect.ismethod(value) and not hasattr(Resource, name):
                found.append((f"{prefix}.{name}", value))

    for area in dir(client):
        if not area.startswith("_") and area not in ("config", "register_plugin"):
            value = getattr(client, area)
            if isinstance(value, (Resource, ResourceGroup)):
                walk(area, value)
    return found


PUBLIC_METHODS = _every_public_method(Mistral(api_key="k"))
RESULT_NAMES_OK = {
    "EventStream", "AsyncEventStream", "ResponseStream", "AsyncResponseStream",
    "Iterator", "AsyncIterator", "Path", "M", "list",
    "BatchRun", "AsyncBatchRun", "RunResult", "RunResultEvents", "RunStreamItem",
    "Generator", "AsyncGenerator", "SpeechAudio", "AsyncSpeechAudio",
}  # fmt: skip
"""Result names that are not models: stream and iterator types, paths, run handles, speech
audio arriving in pieces."""


def test_every_official_method_is_checked() -> None:
    paths = {path for path, _ in PUBLIC_METHODS}
    assert set(OFFICIAL["methods"]) <= paths


@pytest.mark.parametrize(("path", "method"), PUBLIC_METHODS, ids=[p for p, _ in PUBLIC_METHODS])
def test_public_method_shows_its_parameters_result_and_docstring(path: str, method: Any) -> None:
    import inspect
    import re

    import mistralai.models

    signature = inspect.signature(method)
    result = signature.return_annotation
    assert result is not inspect.Signature.empty
    assert method.__doc__
    assert method.__doc__.strip()
    assert isinstance(result, str)
    assert result not in ("Annotated", "list", "Union")
    for name in re.findall(r"[A-Za-z_][A-Za-z0-9_.]*", result):
        if name in ("None", "Any", "str", "bytes", "int", "dict", "httpx.Response"):
            continue
        assert name in RESULT_NAMES_OK or hasattr(mistralai.models, name), name
    for parameter in signature.parameters.values():
        if parameter.kind is not parameter.VAR_KEYWORD:
            assert parameter.annotation is not parameter.empty, parameter.name


def test_help_shows_the_signature_and_the_result_type() -> None:
    import pydoc

    text = pydoc.render_doc(Mistral(api_key="k").files.retrieve, renderer=pydoc.plaintext)
    assert "file_id: 'str'" in text
    assert "-> 'RetrieveFileOut'" in text


# -- the 2.x/3.x layout: mistralai.client (issue 26, import layout) -----------------------

V3_NAMES = sorted(n for n in OFFICIAL["v3"]["models"] if n not in OFFICIAL["models"])


def test_the_3x_names_used_by_integrations() -> None:
    from mistralai.client.errors import MistralError as ClientMistralError
    from mistralai.client.errors import SDKError
    from mistralai.client.models import (
        ChatCompletionChoiceFinishReason,
        ChatCompletionRequestMessage,
        ChatCompletionRequestTool,
        ChatCompletionStreamRequestTool,
        Messages,
        ResourceChunk,
        ResourceLinkChunk,
        ResponseFormatTypedDict,
        Tool,
        ToolChoiceEnum,
        UnknownContentChunk,
    )
    from mistralai.client.models.assistantmessage import AssistantMessage, AssistantMessageContent
    from mistralai.client.models.thinkchunk import Thinking
    from mistralai.client.types import UNSET, OptionalNullable
    from mistralai.client.types.basemodel import Unset
    from mistralai.client.utils.eventstreaming import EventStream, EventStreamAsync

    from mistralai.client import Mistral as ClientMistral
    from mistralai.types import UnknownVariant

    assert ClientMistral is Mistral
    assert ClientMistralError is MistralError
    assert issubclass(SDKError, MistralError)
    assert ChatCompletionRequestMessage is Messages
    assert ChatCompletionRequestTool is Tool
    assert ChatCompletionStreamRequestTool is Tool
    assert ChatCompletionChoiceFinishReason is str
    assert UnknownContentChunk is UnknownVariant
    assert isinstance(UNSET, Unset)
    assert OptionalNullable is not None
    assert "auto" in _literal_values(ToolChoiceEnum)
    assert {"type", "json_schema"} <= set(ResponseFormatTypedDict.__annotations__)
    assert AssistantMessage(content="a").role == "assistant"
    assert str in _members(AssistantMessageContent)
    assert Thinking is not None
    chunk = ResourceChunk.model_validate({"uri": "u", "content": {"type": "text", "text": "t"}})
    assert chunk.content.text == "t"
    assert ResourceLinkChunk(uri="u").type == "resource_link"
    from mistralai._streaming import AsyncEventStream
    from mistralai._streaming import EventStream as OurEventStream

    assert EventStreamAsync is AsyncEventStream
    assert EventStream is OurEventStream


def test_every_recorded_3x_name_resolves() -> None:
    import mistralai.client.models

    assert OFFICIAL["v3"]["version"].startswith("3.")
    missing = set()
    for name in V3_NAMES:
        try:
            getattr(mistralai.client.models, name)
        except AttributeError:
            missing.add(name)
    assert missing == set()


def test_the_3x_parameter_types_are_those_of_the_spec() -> None:
    # agent_version is anyOf integer / string, order_by an enum of "created" / "-created"
    import typing

    from mistralai.client.models import (
        AgentsAPIV1AgentsGetAgentVersion,
        AgentsAPIV1AgentsGetAgentVersionTypedDict,
        AgentsAPIV1AgentsGetRequest,
        JobsAPIRoutesBatchGetBatchJobsOrderBy,
        JobsAPIRoutesBatchGetBatchJobsRequest,
    )
    from mistralai.client.models.agents_api_v1_agents_getop import (
        AgentsAPIV1AgentsGetAgentVersion as FromItsModule,
    )

    assert set(typing.get_args(AgentsAPIV1AgentsGetAgentVersion)) == {int, str}
    assert AgentsAPIV1AgentsGetAgentVersionTypedDict == AgentsAPIV1AgentsGetAgentVersion
    assert FromItsModule is AgentsAPIV1AgentsGetAgentVersion
    assert set(typing.get_args(JobsAPIRoutesBatchGetBatchJobsOrderBy)) == {"created", "-created"}
    request = AgentsAPIV1AgentsGetRequest(agent_id="a", agent_version=3)
    assert request.agent_version == 3
    listing = JobsAPIRoutesBatchGetBatchJobsRequest(order_by="created")
    assert listing.order_by == "created"


def test_3x_module_paths() -> None:
    import importlib

    import mistralai.models

    modules = {entry["module"] for entry in OFFICIAL["v3"]["models"].values()}
    for module_name in sorted(modules):
        module = importlib.import_module(f"mistralai.client.models.{module_name}")
        for name, entry in OFFICIAL["v3"]["models"].items():
            if entry["module"] == module_name:
                assert getattr(module, name) is getattr(mistralai.models, name), name


def test_a_content_chunk_of_a_kind_unknown_here_is_an_unknown_content_chunk() -> None:
    from mistralai.client.models import AssistantMessage, ResourceLinkChunk, UnknownContentChunk

    message = AssistantMessage.model_validate(
        {"content": [{"type": "resource_link", "uri": "u"}, {"type": "hologram", "depth": 2}]}
    )
    assert isinstance(message.content, list)
    link, unknown = message.content
    assert isinstance(link, ResourceLinkChunk)
    assert isinstance(unknown, UnknownContentChunk)


async def test_an_integration_written_for_the_3x_layout_streams(
    mistral_async_client: Mistral, mistral_test_server: Any
) -> None:
    from mistralai.client.models import CompletionEvent, TextChunk, Tool, UserMessage
    from mistralai.client.models.function import Function
    from mistralai.client.types import UNSET
    from mistralai.client.types.basemodel import Unset
    from mistralai.client.utils.eventstreaming import EventStreamAsync

    client = mistral_async_client
    tools = [Tool(function=Function(name="f", parameters={"type": "object"}))]
    answer = await client.chat.complete_async(
        model="m",
        messages=[UserMessage(content=[TextChunk(text="Hello")])],
        n=1,
        tools=tools,
        tool_choice="auto",
        stream=False,
        max_tokens=UNSET,
        temperature=UNSET,
        top_p=1,
        timeout_ms=None,
        random_seed=UNSET,
        presence_penalty=None,
        frequency_penalty=None,
        stop=None,
        reasoning_effort=UNSET,
        parallel_tool_calls=None,
        prompt_cache_key=UNSET,
        http_headers={"User-Agent": "integration/1.0"},
    )
    message = answer.choices[0].message
    assert not isinstance(message.content, Unset)
    assert message.tool_calls is not None
    assert message.tool_calls[0].function.name == "f"
    assert mistral_test_server.requests[-1].headers["user-agent"] == "integration/1.0"
    stream = await client.chat.stream_async(
        model="m",
        messages=[UserMessage(content="Tell me more")],
        n=UNSET,
        tools=UNSET,
        tool_choice=None,
        response_format=None,
        stream=True,
        top_p=None,
        max_tokens=UNSET,
    )
    assert isinstance(stream, EventStreamAsync)
    async with stream:
        events = [event async for event in stream]
    assert events
    assert all(isinstance(event, CompletionEvent) for event in events)
    assert stream.response.is_closed
    sent = mistral_test_server.requests[-1].json()
    assert sent["stream"] is True
    assert "response_format" not in sent
    assert "top_p" not in sent


def test_structured_output_helpers_of_mistralai_extra(
    mistral_client: Mistral, mistral_test_server: Any
) -> None:
    import pydantic

    from mistralai.extra import (
        ParsedChatCompletionResponse,
        convert_to_parsed_chat_completion_response,
        response_format_from_pydantic_model,
    )
    from mistralai.models import ChatCompletionResponse

    class City(pydantic.BaseModel):
        name: str

    assert response_format_from_pydantic_model(City).json_schema is not None
    raw = ChatCompletionResponse.model_validate(
        {"choices": [{"index": 0, "message": {"role": "assistant", "content": '{"name": "Lyon"}'}}]}
    )
    parsed = convert_to_parsed_chat_completion_response(raw, City)
    assert isinstance(parsed, ParsedChatCompletionResponse)
    assert parsed.choices[0].message.parsed == City(name="Lyon")
