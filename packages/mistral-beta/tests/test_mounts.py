"""Where mistral-beta mounts: each resource on its own path under ``client.beta``, so other
packages can mount their beta APIs beside them and extend them by path."""

from __future__ import annotations

from typing import Any

from mistralai import Mistral
from mistralai.beta import BetaAgents, Conversations
from mistralai.beta._libraries import Libraries
from mistralai.hookspecs import ResourceSpec, hookimpl


class Sibling:
    """A resource another package mounts under ``client.beta``."""

    def __init__(self, runtime: Any) -> None:
        self.runtime = runtime


class Greeting:
    """An extension of ``client.beta.conversations`` from another package."""

    __slots__ = ()

    def greeting(self) -> str:
        return "hello"


class OtherPackage:
    @hookimpl
    def mistral_resources(self) -> list[ResourceSpec]:
        return [
            ResourceSpec("beta.sibling.things", f"{__name__}:Sibling", "other-package"),
            ResourceSpec("beta.conversations", f"{__name__}:Greeting", "other", extends=True),
        ]


def test_each_resource_is_mounted_under_beta() -> None:
    with Mistral(api_key="k") as client:
        assert {"agents", "conversations", "libraries"} <= set(dir(client.beta))
        assert isinstance(client.beta.conversations, Conversations)
        assert isinstance(client.beta.agents, BetaAgents)
        assert isinstance(client.beta.libraries, Libraries)
        assert client.beta.libraries.documents is client.beta.libraries.documents


def test_other_packages_mount_beside_and_extend_by_path() -> None:
    with Mistral(api_key="k", plugins=[OtherPackage()]) as client:
        assert isinstance(client.beta.sibling.things, Sibling)
        assert isinstance(client.beta.conversations, Conversations)
        assert client.beta.conversations.greeting() == "hello"
        assert isinstance(client.beta.agents, BetaAgents)
