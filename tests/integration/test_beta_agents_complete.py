"""An agent created with mistral-beta serves mistral-agents completions (two areas, no import
between them)."""

from __future__ import annotations

from typing import Any

import pytest

pytest.importorskip("mistralai.beta", reason="needs mistral-beta installed")
pytest.importorskip("mistralai.agents", reason="needs mistral-agents installed")


def test_created_agent_answers_completions(mistral_client: Any) -> None:
    agent = mistral_client.beta.agents.create(model="mistral-small-latest", name="integration")
    response = mistral_client.agents.complete(
        agent_id=agent.id, messages=[{"role": "user", "content": "hi"}]
    )
    assert response.choices[0].message.content == "You said: hi"
    assert response.model == "mistral-small-latest"
    mistral_client.beta.agents.delete(agent.id)
    from mistralai.errors import NotFoundError

    with pytest.raises(NotFoundError):
        mistral_client.agents.complete(
            agent_id=agent.id, messages=[{"role": "user", "content": "hi"}]
        )
