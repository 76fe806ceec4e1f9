"""``POST /v1/chat/completions``, streamed or not."""

from __future__ import annotations

from mistralai.testing import _engine
from mistralai.testing._routing import EventStreamResponse, JSONResponse, Request, Response, Router


def completions(request: Request) -> Response:
    body = request.json()
    completion_id = request.state.new_id("cmpl-")
    if body.get("stream"):
        return EventStreamResponse(_engine.chunks(body, completion_id))
    return JSONResponse(_engine.completion(body, completion_id))


def register(router: Router) -> None:
    router.add(
        "POST", "/v1/chat/completions", completions, "chat_completion_v1_chat_completions_post"
    )
