"""What the workflows fake answers about a run's past: its history as the workflow engine
records it, and its trace as events, as a span tree and in OpenTelemetry's JSON form.

Each function takes the stored events of one run (oldest first, as ``fakes.workflows``
keeps them: ``{"seq", "timestamp", "event", "metadata"}``) and the execution record.
"""

from __future__ import annotations

import base64
import hashlib
import json
import time
from typing import Any

ACTIVITY = "compose_greeting"
_OUTCOMES = {"ACTIVITY_TASK_COMPLETED": "COMPLETED", "ACTIVITY_TASK_FAILED": "FAILED"}
_JSON_ENCODING = base64.b64encode(b"json/plain").decode()


def history(stored: list[dict[str, Any]], decode: bool) -> dict[str, Any]:
    """Numbered events with their payloads encoded (base64 JSON beside its encoding), or
    decoded when ``decode``."""

    def payload(value: Any) -> Any:
        if decode:
            return value
        data = base64.b64encode(json.dumps(value).encode()).decode()
        return {"metadata": {"encoding": _JSON_ENCODING}, "data": data}

    events = []
    for number, item in enumerate(stored, start=1):
        attributes = dict(item["event"]["attributes"])
        for key in ("input", "result", "payload"):
            if isinstance(attributes.get(key), dict):
                attributes[key] = payload(attributes[key].get("value"))
        events.append(
            {
                "eventId": number,
                "eventTime": item["timestamp"],
                "eventType": item["event"]["event_type"],
                "attributes": attributes,
            }
        )
    return {"events": events}


def _event(
    name: str, id: str, stamp: int, attributes: dict[str, Any], internal: bool = False
) -> dict[str, Any]:
    return {"type": "EVENT", "name": name, "id": id, "timestamp_unix_nano": stamp,
            "attributes": attributes, "internal": internal}  # fmt: skip


def _progress(item: dict[str, Any], before: dict[str, Any] | None) -> dict[str, Any]:
    """The activity's progress at one of its events; its start is that of ``before``."""
    event = item["event"]
    kind, attributes = event["event_type"], event["attributes"]
    stamp_ms = event["event_timestamp"] // 1_000_000
    return {
        **_event(ACTIVITY, attributes["task_id"], event["event_timestamp"],
                 {"attempt": attributes.get("attempt", 1)}),
        "type": "EVENT_PROGRESS",
        "status": _OUTCOMES.get(kind, "RUNNING"),
        "start_time_unix_ms": before["start_time_unix_ms"] if before else stamp_ms,
        "end_time_unix_ms": stamp_ms if kind in _OUTCOMES else None,
        "error": (attributes.get("failure") or {}).get("message"),
    }  # fmt: skip


def trace_events(
    stored: list[dict[str, Any]], execution: dict[str, Any], merge: bool, internal: bool
) -> list[dict[str, Any]]:
    """Workflow-level events, the activity's progress (RUNNING, then its outcome, under one
    id: ``merge`` keeps the last), the signals received, and, when ``internal``, the
    engine's own steps."""
    events: list[dict[str, Any]] = []
    progress: dict[str, Any] | None = None
    for item in stored:
        event = item["event"]
        kind, stamp = event["event_type"], event["event_timestamp"]
        if kind.startswith("WORKFLOW_EXECUTION_"):
            attributes = {"workflow.name": execution["workflow_name"]}
            events.append(_event(kind.lower(), event["event_id"], stamp, attributes))
        elif kind.startswith("ACTIVITY_TASK_"):
            progress = _progress(item, progress)
            events.append(progress)
        elif internal:
            attributes = {"event_type": kind}
            events.append(_event("workflow_task", event["event_id"], stamp, attributes, True))
    for received in execution["_signals"]:
        events.append(_event(f"signal:{received['name']}", received["id"],
                             received["at"], {}))  # fmt: skip
    if merge:
        events = list({event["id"]: event for event in events}.values())
    return events


def _hex(seed: str, length: int) -> str:
    return hashlib.sha256(seed.encode()).hexdigest()[:length]


def _bounds(stored: list[dict[str, Any]], execution: dict[str, Any]) -> tuple[int, int | None]:
    """When the run started, and when it ended (None while it runs), in nanoseconds."""
    start = stored[0]["event"]["event_timestamp"] if stored else execution["_started_ns"]
    finished = stored and execution["end_time"] is not None
    return start, stored[-1]["event"]["event_timestamp"] if finished else None


def span_tree(stored: list[dict[str, Any]], execution: dict[str, Any]) -> dict[str, Any]:
    """The run's span, its workflow events and signals, and a child span for its activity."""
    start, end = _bounds(stored, execution)
    events = trace_events(stored, execution, merge=True, internal=False)
    children = [
        {"span_id": _hex(e["id"], 16), "name": f"activity {ACTIVITY}",
         "start_time_unix_nano": e["start_time_unix_ms"] * 1_000_000,
         "end_time_unix_nano": e["end_time_unix_ms"] * 1_000_000 if e["end_time_unix_ms"] else None,
         "attributes": {"activity.name": ACTIVITY, "status": e["status"]},
         "events": [], "children": []}
        for e in events
        if e["type"] == "EVENT_PROGRESS"
    ]  # fmt: skip
    return {
        "span_id": _hex(execution["_run_id"], 16),
        "name": f"workflow {execution['workflow_name']}",
        "start_time_unix_nano": start,
        "end_time_unix_nano": end,
        "attributes": {"workflow.name": execution["workflow_name"], **execution["_tracing"]},
        "events": [e for e in events if e["type"] == "EVENT"],
        "children": children,
    }


def otel_trace(stored: list[dict[str, Any]], execution: dict[str, Any]) -> dict[str, Any]:
    """``otel_trace_id`` and ``otel_trace_data``: the run as a Tempo trace, one server span
    for the workflow (with the custom tracing attributes) and one per activity."""
    start, end = _bounds(stored, execution)
    now = time.time_ns()
    trace_id, root = _hex(execution["execution_id"], 32), _hex(execution["_run_id"], 16)
    attributes = [
        {"key": "workflow.name", "value": {"stringValue": execution["workflow_name"]}},
        {"key": "workflow.steps", "value": {"intValue": str(execution["_steps"])}},
        {"key": "workflow.done", "value": {"boolValue": end is not None}},
        *({"key": k, "value": {"stringValue": v}} for k, v in execution["_tracing"].items()),
    ]
    spans = [
        {"traceId": trace_id, "spanId": root, "parentSpanId": None,
         "name": f"workflow {execution['workflow_name']}", "kind": "SPAN_KIND_SERVER",
         "startTimeUnixNano": str(start), "endTimeUnixNano": str(end or now),
         "attributes": attributes, "events": []}
    ]  # fmt: skip
    for event in trace_events(stored, execution, merge=True, internal=False):
        if event["type"] != "EVENT_PROGRESS":
            continue
        ended = str(event["end_time_unix_ms"] * 1_000_000 if event["end_time_unix_ms"] else now)
        outcome = {"name": event["status"].lower(), "timeUnixNano": ended, "attributes": []}
        spans.append(
            {"traceId": trace_id, "spanId": _hex(event["id"], 16), "parentSpanId": root,
             "name": f"activity {ACTIVITY}", "kind": "SPAN_KIND_INTERNAL",
             "startTimeUnixNano": str(event["start_time_unix_ms"] * 1_000_000),
             "endTimeUnixNano": ended, "attributes": [], "events": [outcome]}
        )  # fmt: skip
    resource = {"attributes": [{"key": "service.name", "value": {"stringValue": "workflows"}}]}
    scope = {"scope": {"name": "mistral.workflows"}, "spans": spans}
    return {
        "otel_trace_id": trace_id,
        "otel_trace_data": {"batches": [{"resource": resource, "scopeSpans": [scope]}]},
    }
