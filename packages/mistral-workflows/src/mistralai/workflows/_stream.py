"""Decoding the server-sent events of workflow event streams."""

from __future__ import annotations

import pydantic

from mistralai.errors import ResponseValidationError
from mistralai.utils import ServerSentEvent
from mistralai.workflows.models import StreamEventSsePayload, WorkflowStreamEvent

_validate = StreamEventSsePayload.model_validate_json


def workflow_stream_event(sse: ServerSentEvent) -> WorkflowStreamEvent:
    """Decode one server-sent event of an execution or event stream.

    A workflow event of a kind this SDK does not know arrives as
    :class:`~mistralai.types.UnknownVariant` in ``data.data``; a payload that is not a
    stream event at all raises :class:`~mistralai.errors.ResponseValidationError`.
    """
    try:
        payload = _validate(sse.data)
    except pydantic.ValidationError as exc:
        problem = exc.errors(include_url=False)[0]
        where = ".".join(str(part) for part in problem["loc"]) or "data"
        raise ResponseValidationError(
            f"a workflow stream event ({sse.event}) does not match StreamEventSsePayload: "
            f"{where}: {problem['msg']}",
            None,
            sse.data,
            exc,
        ) from exc
    return WorkflowStreamEvent.model_construct(event=sse.event, id=sse.id, data=payload)
