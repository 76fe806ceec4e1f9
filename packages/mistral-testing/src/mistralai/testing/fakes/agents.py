"""``POST /v1/agents/completions``: answers for known agents, 404 for unknown ones."""

from __future__ import annotations

from mistralai.testing import _engine
from mistralai.testing._routing import (
    EventStreamResponse,
    JSONResponse,
    Request,
    Response,
    Router,
    error_body,
)


def completions(request: Request) -> Response:
    body = request.json()
    agent = request.state.agents.get(body.get("agent_id"))
    if agent is None:
        message = f"Agent {body.get('agent_id')!r} not found"
        return JSONResponse(error_body(message, "not_found", "3000"), 404)
    request_body = {**body, "model": agent.get("model", "mistral-small-latest")}
    completion_id = request.state.new_id("agc-")
    if body.get("stream"):
        return EventStreamResponse(_engine.chunks(request_body, completion_id))
    return JSONResponse(_engine.completion(request_body, completion_id))


def register(router: Router) -> None:
    router.add(
        "POST",
        "/v1/agents/completions",
        completions,
        "agents_completion_v1_agents_completions_post",
    )
