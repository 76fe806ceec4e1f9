"""The names the documentation's examples may use without creating them.

A method's example reads like a continuation of its class's example: ``client`` is a
``Mistral`` client (bound to the local test server), ``msgs`` a conversation, ``file_id`` an
uploaded file, ``judge`` a saved judge, ``ds`` a dataset... Each name is made, by the
function :data:`PROVIDERS` holds for it, only when an example reads it before assigning
it, against a server reset for the test.
"""

from __future__ import annotations

import struct
from collections.abc import Callable
from typing import Any

from mistralai import Mistral

Get = Callable[[str], Any]

TRAINING_LINE = (
    b'{"messages": [{"role": "user", "content": "Hi"}, '
    b'{"role": "assistant", "content": "Hello!"}]}\n'
)
JUDGE = {
    "name": "politeness",
    "description": "How polite the answer is",
    "model_name": "mistral-small-latest",
    "instructions": "Rate the politeness.",
    "tools": [],
    "output": {"type": "REGRESSION", "min_description": "rude", "max_description": "polite"},
}


def _file_id(get: Get) -> str:
    return (
        get("client")
        .files.upload(
            file={"file_name": "train.jsonl", "content": TRAINING_LINE}, purpose="fine-tune"
        )
        .id
    )


def _judge(get: Get) -> Any:
    return get("judges").create(**get("definition"))


def _campaign(get: Get) -> Any:
    return get("campaigns").create(
        search_params={"filters": None},
        judge_id=get("judge").id,
        name="tone review",
        description="Is the tone polite?",
        max_nb_events=10,
    )


def _dataset(get: Get) -> Any:
    return get("datasets").create(name="support chats", description="Hard support cases")


def _record(get: Get) -> Any:
    return get("datasets").create_record(
        dataset_id=get("ds").id,
        payload={"messages": [{"role": "user", "content": "Where is my order?"}]},
        properties={"topic": "orders"},
    )


def _task(get: Get) -> Any:
    return get("datasets").import_from_explorer(
        dataset_id=get("ds").id, completion_event_ids=get("ids")
    )


def _event_ids(get: Get) -> list[str]:
    page = get("events").search(search_params={"filters": None})
    return [event.event_id for event in page.completion_events.results]


def _preview(get: Get) -> Any:
    return get("events").search(search_params={"filters": None}).completion_events.results[0]


def _conversation_id(get: Get) -> str:
    return (
        get("client")
        .beta.conversations.start(model="mistral-small-latest", inputs="Hi")
        .conversation_id
    )


def _agent(get: Get) -> Any:
    return get("client").beta.agents.create(
        model="mistral-medium-latest", name="helper", instructions="Be brief."
    )


def _library(get: Get) -> Any:
    return get("client").beta.libraries.create(name="Manuals")


def _document(get: Get) -> Any:
    return get("client").beta.libraries.documents.upload(
        library_id=get("library_id"),
        file={"file_name": "guide.md", "content": b"# Guide\n\nRead me."},
    )


def _execution(get: Get) -> Any:
    return get("client").beta.workflows.execute("greeter", input={"name": "Ada"})


def _fine_tuning_job(get: Get) -> Any:
    return get("client").fine_tuning.jobs.create(
        model="open-mistral-7b",
        training_files=[{"file_id": get("file_id"), "weight": 1}],
        hyperparameters={"training_steps": 10, "learning_rate": 1e-4},
    )


def _fine_tuned_model(get: Get) -> str:
    """A fine-tuned model's id, as ``client.models.list()`` shows it."""
    return next(card.id for card in get("client").models.list().data if card.id.startswith("ft:"))


def _batch_job(get: Get) -> Any:
    return get("client").batch.jobs.create(
        endpoint="/v1/chat/completions",
        model="mistral-small-latest",
        requests=[{"custom_id": "1", "body": {"messages": [{"role": "user", "content": "Hi"}]}}],
    )


QUESTIONS = ["What is the capital of France?", "Name a French cheese."]
REQUESTS = [
    {"custom_id": f"q{i}", "body": {"messages": [{"role": "user", "content": question}]}}
    for i, question in enumerate(QUESTIONS)
]


def _batch_run(get: Get) -> Any:
    return get("client").batch.run(
        get("requests"), endpoint="/v1/chat/completions", model="mistral-small-latest"
    )


def get_weather(city: str) -> str:
    """The weather in a city.

    :param city: the city's name.
    """
    return f"Sunny in {city}"


def _voice(get: Get) -> Any:
    return get("client").audio.voices.create(name="Ada", file="ada.wav", languages=["en"])


def _connector(get: Get, name: str, **auth: Any) -> Any:
    return get("client").beta.connectors.create(
        name=name, description=f"The {name} MCP server", server=f"https://mcp.example.com/{name}",
        **auth,
    )  # fmt: skip


class AudioOut:
    """Where the examples play audio (a sound device's output stream, in real code)."""

    def __init__(self) -> None:
        self.received = 0

    def write(self, chunk: bytes) -> None:
        self.received += len(chunk)


def _run_ctx(get: Get) -> Any:
    from mistralai.extra.run.context import RunContext

    run_ctx = RunContext(model="mistral-medium-latest")
    run_ctx.register_func(get_weather)
    return run_ctx


PROVIDERS: dict[str, Callable[[Get], Any]] = {
    "get_weather": lambda get: get_weather,
    "run_ctx": _run_ctx,
    "questions": lambda get: list(QUESTIONS),
    "texts": lambda get: ["first document", "second document"],
    "requests": lambda get: [dict(request) for request in REQUESTS],
    "prompts": lambda get: [dict(request) for request in REQUESTS],
    "run": _batch_run,
    "save": lambda get: lambda result: None,
    "msgs": lambda get: [{"role": "user", "content": "Hello"}],
    "messages": lambda get: [{"role": "user", "content": "Hello"}],
    "file_id": _file_id,
    "conversation_id": _conversation_id,
    "conv_id": _conversation_id,
    "agent": _agent,
    "agent_id": lambda get: get("agent").id,
    "library_id": lambda get: _library(get).id,
    "document_id": lambda get: _document(get).id,
    "execution_id": lambda get: get("execution").execution_id,
    "execution": _execution,
    "run_id": lambda get: (
        get("client")
        .beta.workflows.events.list(workflow_exec_id=get("execution_id"))
        .events[0]
        .workflow_run_id
    ),
    "registration_id": lambda get: (
        get("client").beta.workflows.list_registrations(limit=1).workflow_registrations[0].id
    ),
    "schedule_id": lambda get: (
        get("client")
        .beta.workflows.schedules.create(
            workflow_identifier="greeter",
            schedule={"input": {"name": "Ada"}, "intervals": [{"every": "PT1H"}]},
        )
        .schedule_id
    ),
    "job_id": lambda get: _fine_tuning_job(get).id,
    "fine_tuned_model": _fine_tuned_model,
    "batch_job_id": lambda get: _batch_job(get).id,
    "judges": lambda get: get("client").beta.observability.judges,
    "definition": lambda get: dict(JUDGE),
    "judge": _judge,
    "campaigns": lambda get: get("client").beta.observability.campaigns,
    "campaign": _campaign,
    "c": _campaign,
    "datasets": lambda get: get("client").beta.observability.datasets,
    "records": lambda get: get("client").beta.observability.datasets.records,
    "ds": _dataset,
    "rec": _record,
    "task": _task,
    "events": lambda get: get("client").beta.observability.chat_completion_events,
    "fields": lambda get: get("client").beta.observability.chat_completion_events.fields,
    "ids": _event_ids,
    "preview": _preview,
    "voice": _voice,
    "speaker": lambda get: AudioOut(),
    "calc": lambda get: _connector(get, "calc"),
    "wiki": lambda get: _connector(
        get, "wiki", auth_data={"client_id": "wiki-app", "client_secret": "wiki-secret"}
    ),
}


def _silence_wav(seconds: float) -> bytes:
    """``seconds`` of silence as a 16-bit mono 24 kHz WAV file: a voice's recording."""
    data = bytes(int(24_000 * seconds) * 2)
    header = struct.pack("<4sI4s4sIHHIIHH4sI", b"RIFF", 36 + len(data), b"WAVE", b"fmt ", 16,
                         1, 1, 24_000, 48_000, 2, 16, b"data", len(data))  # fmt: skip
    return header + data


SAMPLE_FILES = {
    "train.jsonl": TRAINING_LINE * 3,
    "batch.jsonl": (
        b'{"custom_id": "1", "body": {"messages": [{"role": "user", "content": "Hi"}]}}\n'
        b'{"custom_id": "2", "body": {"messages": [{"role": "user", "content": "Bye"}]}}\n'
    ),
    "report.pdf": b"%PDF-1.4\n%%EOF\n",
    "meeting.mp3": b"ID3" + bytes(64),
    "ada.wav": _silence_wav(0.1),
    "notes.txt": b"Remember the milk.\n",
    "weather_server.py": (
        b"from mcp.server.mcpserver import MCPServer\n\n"
        b'server = MCPServer("weather")\n\n\n'
        b"@server.tool()\n"
        b"def get_weather(city: str) -> str:\n"
        b'    """The weather in a city."""\n'
        b'    return f"Sunny in {city}"\n\n\n'
        b'server.run("stdio")\n'
    ),
    "conversations.jsonl": (
        b'{"messages": [{"role": "user", "content": "Hi"}], "properties": {"topic": "greeting"}}\n'
    ),
}
"""Files the examples name by path; each test runs in a folder holding them."""


def local_mistral(url: str) -> type[Mistral]:
    """``Mistral`` as the examples meet it: sent to the local server unless told otherwise,
    so ``Mistral(api_key="...")`` in an example never reaches the network."""

    class LocalMistral(Mistral):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            if len(args) < 3 and kwargs.get("server") is None:
                kwargs.setdefault("server_url", url)
            super().__init__(*args, **kwargs)

    LocalMistral.__name__ = LocalMistral.__qualname__ = "Mistral"
    return LocalMistral


class Hurried:
    """A module as the waiting code sees it, with its ``sleep`` cut to a few milliseconds."""

    def __init__(self, module: Any) -> None:
        self._module = module

    def __getattr__(self, name: str) -> Any:
        return getattr(self._module, name)

    def sleep(self, seconds: float) -> Any:
        return self._module.sleep(min(seconds, 0.005))
