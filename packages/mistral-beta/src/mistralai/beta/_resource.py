"""``client.beta``: the beta APIs, each a resource of its own."""

from __future__ import annotations

from typing import TYPE_CHECKING

from mistralai.beta._agents import BetaAgents
from mistralai.beta._conversations import Conversations
from mistralai.beta._libraries import Libraries
from mistralai.utils import Resource

if TYPE_CHECKING:
    from mistralai._runtime import ClientRuntime


class Beta(Resource):
    """``client.beta.conversations``, ``client.beta.libraries`` and ``client.beta.agents``."""

    __slots__ = ("agents", "conversations", "libraries")

    def __init__(self, runtime: ClientRuntime) -> None:
        super().__init__(runtime)
        self.conversations = Conversations(runtime)
        self.agents = BetaAgents(runtime)
        self.libraries = Libraries(runtime)
