"""Plugin discovery through real entry points (a dist-info directory on sys.path)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import mistralai
from mistralai import Mistral, ResourceSpec
from mistralai._mount import AreaNotInstalledError

PLUGIN = """
import mistralai
from mistralai import ResourceSpec

@mistralai.hookimpl
def mistral_resources():
    return [
        ResourceSpec("widgets", "widgetplug.resource:Widgets", "widget-plugin"),
        ResourceSpec("lab.gadgets", "widgetplug.resource:Widgets", "widget-plugin"),
    ]

@mistralai.hookimpl
def mistral_client_init(config):
    config.headers["x-widget"] = "on"
"""

RESOURCE = """
from mistralai.utils import Resource

class Widgets(Resource):
    def hello(self):
        return "widgets at " + self._runtime.config.server_url
"""


def _dist_info(root: Path, name: str, entry_points: str) -> None:
    info = root / f"{name.replace('-', '_')}-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text(f"[mistralai.plugins]\n{entry_points}\n")


@pytest.fixture
def plugin_path(tmp_path: Path) -> Path:
    package = tmp_path / "widgetplug"
    package.mkdir()
    (package / "__init__.py").write_text(PLUGIN)
    (package / "resource.py").write_text(RESOURCE)
    _dist_info(tmp_path, "widget-plugin", "widgets = widgetplug")
    _dist_info(tmp_path, "broken-plugin", "broken = widgetplug_missing_module")
    return tmp_path


def run_python(code: str, path: Path, **env: str) -> dict[str, object]:
    """Run ``code`` in a fresh interpreter that sees ``path``; it prints one JSON line."""
    environ = {**os.environ, "PYTHONPATH": os.pathsep.join([str(path), *sys.path]), **env}
    if "MISTRAL_DISABLE_PLUGIN_AUTOLOAD" not in env:
        environ.pop("MISTRAL_DISABLE_PLUGIN_AUTOLOAD", None)
    result = subprocess.run(
        [sys.executable, "-W", "always", "-c", textwrap.dedent(code)],
        env=environ,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout.strip().splitlines()[-1])
    out["stderr"] = result.stderr
    return out


def test_entry_point_plugin_is_discovered_and_mounted_lazily(plugin_path: Path) -> None:
    out = run_python(
        """
        import json, sys
        from mistralai import Mistral
        client = Mistral(api_key="k", server_url="http://127.0.0.1:9")
        before = "widgetplug.resource" in sys.modules
        listed = "widgets" in dir(client)
        hello = client.widgets.hello()
        nested = client.lab.gadgets.hello()
        print(json.dumps({"before": before, "listed": listed, "hello": hello, "nested": nested,
                          "after": "widgetplug.resource" in sys.modules,
                          "header": client.config.headers.get("x-widget")}))
        """,
        plugin_path,
    )
    assert out["before"] is False
    assert out["after"] is True
    assert out["listed"] is True
    assert out["hello"] == out["nested"] == "widgets at http://127.0.0.1:9"
    assert out["header"] == "on"


def test_broken_plugin_is_reported_with_its_distribution_and_skipped(plugin_path: Path) -> None:
    out = run_python(
        """
        import json
        from mistralai import Mistral
        client = Mistral(api_key="k")
        print(json.dumps({"hello": client.widgets.hello()}))
        """,
        plugin_path,
    )
    assert out["hello"] == "widgets at https://api.mistral.ai"
    assert "broken-plugin" in str(out["stderr"])
    assert "PluginLoadWarning" in str(out["stderr"])


def test_autoload_switch_disables_entry_points(plugin_path: Path) -> None:
    out = run_python(
        """
        import json
        from mistralai import Mistral
        client = Mistral(api_key="k")
        try:
            client.widgets
            found = True
        except AttributeError:
            found = False
        print(json.dumps({"found": found, "dir": "widgets" in dir(client)}))
        """,
        plugin_path,
        MISTRAL_DISABLE_PLUGIN_AUTOLOAD="1",
    )
    assert out == {"found": False, "dir": False, "stderr": ""}


class _Gadgets:
    def __init__(self, runtime: object) -> None:
        self.runtime = runtime


class _MountsGadgets:
    @mistralai.hookimpl
    def mistral_resources(self) -> list[ResourceSpec]:
        return [ResourceSpec("gadgets", f"{__name__}:_Gadgets", "gadget-plugin")]


def test_per_client_plugins_do_not_leak_to_other_clients() -> None:
    with_plugin = Mistral(api_key="k", plugins=[_MountsGadgets()])
    without = Mistral(api_key="k")
    assert isinstance(with_plugin.gadgets, _Gadgets)
    with pytest.raises(AttributeError):
        _ = without.gadgets
    late = Mistral(api_key="k")
    late.register_plugin(_MountsGadgets())
    assert isinstance(late.gadgets, _Gadgets)


def test_missing_first_party_area_names_its_distribution(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MISTRAL_DISABLE_PLUGIN_AUTOLOAD", "1")
    client = Mistral(api_key="k")
    with pytest.raises(AreaNotInstalledError, match=r"pip install mistral-chat") as info:
        _ = client.chat
    assert isinstance(info.value, AttributeError)
    assert info.value.distribution == "mistral-chat"
    with pytest.raises(AreaNotInstalledError, match=r"client\.beta\.conversations .*mistral-beta"):
        _ = client.beta.conversations
    with pytest.raises(AreaNotInstalledError, match=r"pip install mistral-observability`"):
        _ = client.beta.observability.datasets
    assert dir(client.beta) == sorted(set(dir(client.beta)) - {"conversations", "observability"})
    with pytest.raises(AreaNotInstalledError, match=r"pip install mistral-ocr-client`") as ocr:
        _ = client.ocr
    assert "`pip install mistral-sdk` for every area" in str(ocr.value)
    with pytest.raises(AttributeError, match="no installed package mounts"):
        _ = client.not_an_area


class _AddsHeader:
    @mistralai.hookimpl
    def mistral_before_request(self, request: object) -> None:
        return None


def test_hooks_nobody_implements_are_skipped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MISTRAL_DISABLE_PLUGIN_AUTOLOAD", "1")
    client = Mistral(api_key="k")
    plugins = client._plugins
    assert plugins.before_request is None
    assert plugins.after_success is None
    assert plugins.stream_event is None
    client.register_plugin(_AddsHeader())
    assert plugins.before_request is None  # the shared plugins of other clients are untouched
    plugins = client._plugins
    assert plugins.before_request is not None
    assert plugins.after_success is None


def test_clients_without_plugins_share_one_discovery() -> None:
    first, second = Mistral(api_key="k"), Mistral(api_key="k")
    shared = second._plugins
    assert first._plugins is shared
    shared.load_pending()  # first-party middleware (mistral-otel) joins at the first call
    implementers = len(shared.manager.hook.mistral_before_request.get_hookimpls())
    first.register_plugin(_AddsHeader())
    assert first._plugins is not shared
    assert (
        len(first._plugins.manager.hook.mistral_before_request.get_hookimpls()) == implementers + 1
    )
    assert len(shared.manager.hook.mistral_before_request.get_hookimpls()) == implementers
    assert Mistral(api_key="k")._plugins is shared


class ProbeExtras:
    """Methods another package adds to the probe resource."""

    __slots__ = ()

    def shout(self, body: dict[str, object]) -> str:
        reply = self.complete(body)  # type: ignore[attr-defined]
        return str(reply.choices[0].message.content).upper()


class ExtendsProbe:
    @mistralai.hookimpl
    def mistral_resources(self) -> list[ResourceSpec]:
        return [ResourceSpec("probe", f"{__name__}:ProbeExtras", "probe-extras", extends=True)]


def test_an_extension_adds_methods_to_another_packages_resource(
    make_client: object, body: dict[str, object]
) -> None:
    client = make_client(plugins=[ExtendsProbe()])  # type: ignore[operator]
    assert (
        client.probe.shout(body) == client.probe.complete(body).choices[0].message.content.upper()
    )
    assert type(client.probe).__name__ == "Probe"


def test_an_extension_alone_mounts_nothing() -> None:
    client = Mistral(api_key="k", plugins=[ExtendsProbe()])
    with pytest.raises(AttributeError, match="no installed package mounts"):
        client.probe  # noqa: B018


def test_an_unhashable_plugin_beside_one_that_sits_out(
    make_client: object, mistral_test_server: object, body: dict[str, object]
) -> None:
    import dataclasses

    @dataclasses.dataclass
    class Recorder:  # a dataclass: not hashable
        seen: list[str] = dataclasses.field(default_factory=list)

        @mistralai.hookimpl
        def mistral_before_request(self, context: mistralai.HookContext) -> None:
            self.seen.append(context.operation_id)

    class SitsOut:
        @mistralai.hookimpl
        def mistral_plugin_active(self) -> bool:
            return False

        @mistralai.hookimpl
        def mistral_before_request(self) -> None:
            raise AssertionError("a plugin that sat out was called")

    recorder = Recorder()
    client = make_client(plugins=[recorder, SitsOut()])  # type: ignore[operator]
    assert client.probe.complete(body).choices
    assert recorder.seen == ["chat_completion_v1_chat_completions_post"]


SHADOW_FIM = """
import mistralai
from mistralai import ResourceSpec

@mistralai.hookimpl
def mistral_resources():
    return [ResourceSpec("fim", "widgetplug.resource:Widgets", "mistral-fim")]
"""


@pytest.fixture
def first_party_path(tmp_path: Path) -> Path:
    """A distribution named mistral-fim, first on the path, built for another core."""
    package = tmp_path / "fimshadow"
    package.mkdir()
    (package / "__init__.py").write_text(SHADOW_FIM)
    widgets = tmp_path / "widgetplug"
    widgets.mkdir()
    (widgets / "__init__.py").write_text("")
    (widgets / "resource.py").write_text(RESOURCE)
    info = tmp_path / "mistral_fim-9.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: mistral-fim\nVersion: 9.0\n"
        "Requires-Dist: mistral-core>=5.0,<6\n"
    )
    (info / "entry_points.txt").write_text("[mistralai.plugins]\nfim = fimshadow\n")
    return tmp_path


def test_a_first_party_area_is_imported_and_checked_when_first_touched(
    first_party_path: Path,
) -> None:
    out = run_python(
        """
        import json, sys, warnings
        from mistralai import Mistral
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            client = Mistral(api_key="k", server_url="http://127.0.0.1:9")
            built = "fimshadow" in sys.modules
            listed = "fim" in dir(client)
            agent = client._runtime.user_agent()
            warned_before = [str(w.message) for w in caught]
            hello = client.fim.hello()
        print(json.dumps({"built": built, "listed": listed, "agent": agent, "hello": hello,
                          "before": warned_before, "after": [str(w.message) for w in caught],
                          "imported": "fimshadow" in sys.modules}))
        """,
        first_party_path,
    )
    assert out["built"] is False
    assert out["listed"] is True
    assert "mistral-fim/9.0" in str(out["agent"])  # the version, from the directory's name
    assert out["before"] == []
    assert out["hello"] == "widgets at http://127.0.0.1:9"
    assert out["imported"] is True
    (warning,) = out["after"]  # type: ignore[misc]
    assert "mistral-fim 9.0 requires mistral-core>=5.0,<6" in warning


class _MountsChat:
    @mistralai.hookimpl
    def mistral_resources(self) -> list[ResourceSpec]:
        return [ResourceSpec("chat", f"{__name__}:_Gadgets", "gadget-plugin")]


def test_a_given_plugin_mounts_over_a_first_party_area_whenever_that_is_loaded() -> None:
    pytest.importorskip("mistralai.chat._plugin")
    before = Mistral(api_key="k", plugins=[_MountsChat()])
    assert isinstance(before.chat, _Gadgets)
    after = Mistral(api_key="k", plugins=[_MountsChat()])
    after._plugins.load_pending()
    assert isinstance(after.chat, _Gadgets)
    order = [spec.distribution for spec in after._plugins.resources()]
    assert order.index("gadget-plugin") > order.index("mistral-chat")


def test_first_party_areas_are_listed_before_they_are_imported() -> None:
    pytest.importorskip("mistralai.chat._plugin")
    out = run_python(
        """
        import json, sys
        from mistralai import Mistral
        client = Mistral(api_key="k")
        top = dir(client)
        group = dir(client.beta)
        shown = repr(client)
        agent = client._runtime.user_agent()
        print(json.dumps({"top": top, "group": group, "repr": shown, "agent": agent,
                          "imported": sorted(m for m in sys.modules
                                             if m.startswith(("mistralai.chat", "mistralai.beta")))}))
        """,
        Path(__file__).parent,
    )
    assert {"chat", "beta", "files"} <= set(out["top"])  # type: ignore[arg-type]
    assert {"conversations", "agents", "libraries"} <= set(out["group"])  # type: ignore[arg-type]
    assert "chat" in str(out["repr"])
    assert "mistral-chat/" in str(out["agent"])
    assert out["imported"] == []
