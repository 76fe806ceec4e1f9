"""The package: what ``client.audio`` holds, and that it covers the spec's audio tags."""

from __future__ import annotations

import inspect

import pytest

from mistralai import Mistral
from mistralai.audio import _resource, _speech, _voices
from mistralai.testing._validation import spec
from mistralai.utils import Operation

TAGS = ("audio.transcriptions", "audio.speech", "audio.voices")


def test_audio_holds_transcriptions_speech_and_voices() -> None:
    from mistralai.audio import Speech, Transcriptions, Voices

    with Mistral(api_key="k") as client:
        assert isinstance(client.audio.transcriptions, Transcriptions)
        assert isinstance(client.audio.speech, Speech)
        assert isinstance(client.audio.voices, Voices)


def test_every_operation_of_the_audio_tags_is_implemented() -> None:
    wanted = {
        operation["operationId"]: (method.upper(), path.split("#")[0])
        for path, item in spec()["paths"].items()
        for method, operation in item.items()
        if isinstance(operation, dict) and set(operation.get("tags", ())) & set(TAGS)
    }
    ours = {
        value.id: (value.method, value.path)
        for module in (_resource, _speech, _voices)
        for value in vars(module).values()
        if isinstance(value, Operation)
    }
    assert len(wanted) == 9
    assert ours == wanted


def _classes() -> list[type]:
    from mistralai.audio import Speech, Transcriptions, Voices

    return [Transcriptions, Speech, Voices]


@pytest.mark.parametrize("cls", _classes(), ids=lambda c: c.__name__)
def test_every_method_has_an_async_twin_and_a_docstring(cls: type) -> None:
    public = {n: v for n, v in vars(cls).items() if not n.startswith("_") and callable(v)}
    for name, method in public.items():
        assert (method.__doc__ or "").strip(), f"{cls.__name__}.{name} has no docstring"
        if not name.endswith("_async"):
            twin = public[f"{name}_async"]
            params = list(inspect.signature(method).parameters)
            assert params == list(inspect.signature(twin).parameters), name


def test_create_shows_the_parameters_and_what_it_answers() -> None:
    from mistralai.audio import Speech

    create = inspect.signature(Speech.create)
    assert list(create.parameters)[:3] == ["self", "input", "voice_id"]
    assert create.return_annotation == "SpeechAudio"
    assert inspect.signature(Speech.create_async).return_annotation == "AsyncSpeechAudio"
    assert (Speech.create.__qualname__, Speech.create_async.__name__) == (
        "Speech.create",
        "create_async",
    )
    assert "write_to" in (Speech.create.__doc__ or "")


def test_models_are_reexported_by_mistralai_models() -> None:
    import mistralai.models
    from mistralai.audio import models

    assert mistralai.models.SpeechResponse is models.SpeechResponse
    assert mistralai.models.VoiceResponse is models.VoiceResponse
