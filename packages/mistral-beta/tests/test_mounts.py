"""How mistral-beta mounts itself: each beta resource at its own path."""

from __future__ import annotations

from typing import Any

import mistralai
from mistralai import Mistral
from mistralai.beta import BetaAgents, Conversations
from mistralai.hookspecs import ResourceSpec


class Greeter:
    """Methods another package adds to ``client.beta.conversations``."""

    __slots__ = ()

    def greet(self, text: str) -> str:
        reply = self.start(model="mistral-small-latest", inputs=text)  # type: ignore[attr-defined]
        return f"greeted: {reply.outputs[-1].content}"


class ExtendsConversations:
    @mistralai.hookimpl
    def mistral_resources(self) -> list[ResourceSpec]:
        return [ResourceSpec("beta.conversations", f"{__name__}:Greeter", "greeter", extends=True)]


def test_every_beta_resource_is_mounted(mistral_client: Any) -> None:
    assert {"conversations", "agents", "libraries"} <= set(dir(mistral_client.beta))
    assert isinstance(mistral_client.beta.conversations, Conversations)
    assert isinstance(mistral_client.beta.agents, BetaAgents)
    assert mistral_client.beta.libraries.documents is not None


def test_an_extension_joins_the_conversations_resource(mistral_test_server: Any) -> None:
    with Mistral(
        api_key="k", server_url=mistral_test_server.url, plugins=[ExtendsConversations()]
    ) as client:
        conversations = client.beta.conversations
        assert isinstance(conversations, Conversations)
        assert conversations.greet("hello") == "greeted: You said: hello"  # type: ignore[attr-defined]
    assert not hasattr(Mistral(api_key="k").beta.conversations, "greet")
