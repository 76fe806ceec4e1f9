"""``POST /v1/fim/completions``, streamed or not: the deterministic engine in prompt mode
(the answer names the prompt's length and quotes its end)."""

from __future__ import annotations

from mistralai.testing import _engine
from mistralai.testing._routing import EventStreamResponse, JSONResponse, Request, Response, Router


def completions(request: Request) -> Response:
    body = request.json()
    completion_id = request.state.new_id("fim-")
    if body.get("stream"):
        return EventStreamResponse(_engine.chunks(body, completion_id, body["prompt"]))
    return JSONResponse(_engine.completion(body, completion_id, body["prompt"]))


def register(router: Router) -> None:
    router.add("POST", "/v1/fim/completions", completions, "fim_completion_v1_fim_completions_post")
