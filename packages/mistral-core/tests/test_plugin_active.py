"""mistral_plugin_active: a plugin with nothing to do in a call is left out of all of it."""

from __future__ import annotations

from collections.abc import Generator
from typing import Any

import httpx
import pytest

import mistralai
from mistralai import errors
from mistralai.testing import Fault
from mistralai.utils import BackoffStrategy, RetryConfig

FAST = RetryConfig("backoff", BackoffStrategy(1, 5, 2.0, 2_000), True)


class Recorder:
    """Implements every per-call hook and records each call; ``active`` is its answer."""

    def __init__(self, active: Any) -> None:
        self.active = active
        self.seen: list[str] = []

    @mistralai.hookimpl
    def mistral_plugin_active(self) -> Any:
        self.seen.append("active?")
        return self.active

    @mistralai.hookimpl
    def mistral_wrap_call(self, request: httpx.Request) -> Generator[Any, Any, Any]:
        self.seen.append("wrap")
        return (yield request)

    @mistralai.hookimpl
    def mistral_before_request(self) -> None:
        self.seen.append("before")

    @mistralai.hookimpl
    def mistral_after_success(self) -> None:
        self.seen.append("success")

    @mistralai.hookimpl
    def mistral_after_error(self) -> None:
        self.seen.append("error")

    @mistralai.hookimpl
    def mistral_stream_event(self) -> None:
        self.seen.append("event")

    @mistralai.hookimpl
    def mistral_stream_end(self) -> None:
        self.seen.append("end")


def test_a_declining_plugin_runs_no_hook_of_the_call(
    make_client: Any, body: dict[str, Any], mistral_test_server: Any
) -> None:
    idle, busy = Recorder(False), Recorder(True)
    client = make_client(plugins=[idle, busy], retry_config=FAST)
    mistral_test_server.faults.add(Fault.status(503), times=1)
    client.probe.complete(body)
    with client.probe.stream({**body, "max_tokens": 3}) as events:
        assert len(list(events)) == 3
    mistral_test_server.faults.add(Fault.status(400), times=1)
    with pytest.raises(errors.SDKError):
        client.probe.complete(body)
    # Asked once per call, retries included; nothing else of the idle plugin ran.
    assert idle.seen == ["active?"] * 3
    assert busy.seen == [
        *["active?", "wrap", "before", "before", "success"],
        *["active?", "wrap", "before", "success", "event", "event", "event", "end"],
        *["active?", "wrap", "before", "error"],
    ]


async def test_answers_are_per_call_and_async_too(make_client: Any, body: dict[str, Any]) -> None:
    recorder = Recorder(None)  # None keeps the plugin in
    client = make_client(plugins=[recorder])
    await client.probe.complete_async(body)
    recorder.active = False
    await client.probe.complete_async(body)
    recorder.active = True
    events = await client.probe.stream_async({**body, "max_tokens": 2})
    async with events:
        assert len([event async for event in events]) == 2
    assert recorder.seen == [
        *["active?", "wrap", "before", "success"],
        "active?",
        *["active?", "wrap", "before", "success", "event", "event", "end"],
    ]


class Broken:
    @mistralai.hookimpl
    def mistral_plugin_active(self) -> bool:
        raise RuntimeError("no config")


def test_a_failing_check_fails_the_call_before_sending(
    make_client: Any, body: dict[str, Any], mistral_test_server: Any
) -> None:
    client = make_client(plugins=[Broken()])
    sent = len(mistral_test_server.requests)
    with pytest.raises(errors.PluginError, match="mistral_plugin_active") as info:
        client.probe.complete(body)
    assert info.value.hook == "mistral_plugin_active"
    assert len(mistral_test_server.requests) == sent


class Unhashable:
    """A plugin that defines equality and so cannot be hashed, with a pluggy wrapper."""

    __hash__ = None  # type: ignore[assignment]

    def __init__(self) -> None:
        self.seen: list[str] = []

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Unhashable)

    @mistralai.hookimpl(wrapper=True)
    def mistral_after_success(self) -> Generator[None, None, None]:
        self.seen.append("around success")
        return (yield)


def test_other_plugins_may_be_unhashable_or_wrappers(
    make_client: Any, body: dict[str, Any]
) -> None:
    idle, other = Recorder(False), Unhashable()
    client = make_client(plugins=[idle, other])
    client.probe.complete(body)
    client.probe.complete(body)
    assert idle.seen == ["active?", "active?"]
    assert other.seen == ["around success", "around success"]
