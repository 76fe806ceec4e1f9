"""``/v1/observability``: chat completion events, judges, campaigns and datasets, in memory.

- Six chat completion events are seeded (ids ``e0e0e0e0-0000-4000-8000-00000000000N``); a
  search evaluates its filters (every operator, ``AND`` / ``OR`` groups) on the fields that
  ``/chat-completion-fields`` lists, and pages by cursor.
- Live judging is deterministic: a classification judge picks an option by the number of
  words of the conversation, a regression judge a score from it.
- A campaign selects up to ``max_nb_events`` matching events when created, and its status
  moves one step each time it is read: ``RUNNING``, then ``COMPLETED`` (``FAILED`` when it
  selected nothing). The judge of a campaign cannot be updated.
- A dataset import runs in the background: its task is ``RUNNING`` (progress 0, then 50 on
  the first read) and becomes ``COMPLETED`` on the second read, when its records appear, or
  ``FAILED`` with a ``message`` (unknown ids, a malformed file). Files come from the Files
  fake, playground conversations from the conversations fake; an export writes a JSONL file
  into the Files fake and answers its content URL.
- Ids are UUIDs numbered from the server state (the same ids on every run); errors have the
  API's ``{"detail": {"message": ..., "error_code": ...}}`` shape.
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Callable
from typing import Any

from mistralai.testing._routing import JSONResponse, Request, Response, Router
from mistralai.testing._state import now_iso
from mistralai.testing.fakes.files import StoredFile

BASE = "/v1/observability"
OWNER_ID = "0b5e0000-0000-4000-8000-000000000001"
WORKSPACE_ID = "0b5e0000-0000-4000-8000-000000000002"
TERMINAL = ("COMPLETED", "FAILED")

_SEED = (
    ("mistral-small-latest", "What is the capital of France?", "Paris.", ["geo"]),
    ("mistral-large-latest", "Write a haiku about rain.", "Soft rain on the roof.", ["poetry"]),
    ("mistral-small-latest", "How do I reset my password?", "Open Settings.", ["support"]),
    ("codestral-latest", "Reverse a list in Python.", "Use items[::-1].", ["code"]),
    ("mistral-small-latest", "Thanks for the help!", "You are welcome.", ["support", "thanks"]),
    ("mistral-large-latest", "Summarise this contract.", "A one-year lease.", ["legal"]),
)

_TEXT_OPS = ["eq", "neq", "contains", "icontains", "notcontains", "inotcontains", "startswith",
             "istartswith", "endswith", "iendswith", "matches", "isnull"]  # fmt: skip
_NUMBER_OPS = ["eq", "neq", "lt", "lte", "gt", "gte"]


def _definition(label: str, kind: str, group: str, operators: list[str]) -> dict[str, Any]:
    return {"label": label, "type": kind, "group": group, "supported_operators": operators}


FIELDS: dict[str, dict[str, Any]] = {
    "model": _definition("Model", "ENUM", "general", ["eq", "neq", "isnull"]),
    "correlation_id": _definition("Correlation id", "TEXT", "general", _TEXT_OPS),
    "created_at": _definition("Created at", "TIMESTAMP", "general", ["lt", "lte", "gt", "gte"]),
    "nb_input_tokens": _definition("Input tokens", "INT", "usage", _NUMBER_OPS),
    "nb_output_tokens": _definition("Output tokens", "INT", "usage", _NUMBER_OPS),
    "tags": _definition("Tags", "ARRAY", "general", ["includes", "excludes", "len_eq"]),
}
GROUPS = [{"name": "general", "label": "General"}, {"name": "usage", "label": "Usage"}]


# -- shared helpers --------------------------------------------------------------------------


class Problem(Exception):
    """An error answer, raised from deep inside a handler."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.response = error(status, code, message)


def error(status: int, code: str, message: str) -> JSONResponse:
    """An observability error: ``{"detail": {"message": ..., "error_code": ...}}``."""
    return JSONResponse({"detail": {"message": message, "error_code": code}}, status)


def handles_problems(handler: Callable[[Request], Response]) -> Callable[[Request], Response]:
    def run(request: Request) -> Response:
        try:
            with request.state.lock:
                return handler(request)
        except Problem as problem:
            return problem.response

    run.__name__ = handler.__name__
    return run


def _new_uuid(request: Request) -> str:
    return str(uuid.UUID(int=int(request.state.new_id(), 16)))


def _store(request: Request, name: str) -> dict[str, dict[str, Any]]:
    return request.state.store(f"observability.{name}")


def _public(record: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in record.items() if not k.startswith("_")}


def _get(request: Request, store: str, key: str, code: str) -> dict[str, Any]:
    found = _store(request, store).get(request.path_params[key])
    if found is None:
        raise Problem(404, code, f"{key.removesuffix('_id')} {request.path_params[key]} not found")
    return found


def _stamps(request: Request) -> dict[str, Any]:
    now = now_iso()
    return {"id": _new_uuid(request), "created_at": now, "updated_at": now, "deleted_at": None}


def _page(request: Request, items: list[dict[str, Any]]) -> dict[str, Any]:
    """One page of ``items`` as a ``PaginatedResult``, from ``page`` / ``page_size``."""
    page, size = _int_arg(request, "page", 1, 1, None), _int_arg(request, "page_size", 50, 0, 100)
    start = (page - 1) * size
    link = f"{request.path}?page={{}}&page_size={size}"
    return {
        "results": [_public(item) for item in items[start : start + size]],
        "count": len(items),
        "next": link.format(page + 1) if size and start + size < len(items) else None,
        "previous": link.format(page - 1) if page > 1 else None,
    }


def _int_arg(request: Request, name: str, default: int, low: int, high: int | None) -> int:
    raw = request.arg(name)
    try:
        value = default if raw is None else int(raw)
    except ValueError:
        raise Problem(422, "VALIDATION_ERROR", f"{name} must be an integer") from None
    if value < low or (high is not None and value > high):
        raise Problem(422, "VALIDATION_ERROR", f"{name} must be between {low} and {high}")
    return value


def _searched(request: Request, items: list[dict[str, Any]], *keys: str) -> list[dict[str, Any]]:
    q = (request.arg("q") or "").lower()
    return [i for i in items if not q or any(q in str(i.get(k) or "").lower() for k in keys)]


# -- events and filters ----------------------------------------------------------------------


def _events(request: Request) -> dict[str, dict[str, Any]]:
    store = _store(request, "events")
    if not store:
        for n, (model, question, answer, tags) in enumerate(_SEED, 1):
            event_id = f"e0e0e0e0-0000-4000-8000-{n:012d}"
            fields = {"model": model, "correlation_id": f"corr-{n}",
                      "created_at": f"2026-01-{n:02d}T09:00:00Z", "tags": tags,
                      "nb_input_tokens": len(question.split()),
                      "nb_output_tokens": len(answer.split())}  # fmt: skip
            store[event_id] = {"event_id": event_id, "_fields": fields,
                               "request_messages": [{"role": "user", "content": question}],
                               "response_messages": [{"role": "assistant", "content": answer}]}  # fmt: skip
    return store


def _preview(event: dict[str, Any], extra: list[str] | None = None) -> dict[str, Any]:
    fields = event["_fields"]
    return {
        "event_id": event["event_id"],
        "correlation_id": fields["correlation_id"],
        "created_at": fields["created_at"],
        "extra_fields": {name: fields.get(name) for name in extra or ()},
        "nb_input_tokens": fields["nb_input_tokens"],
        "nb_output_tokens": fields["nb_output_tokens"],
    }


def _full(event: dict[str, Any]) -> dict[str, Any]:
    messages = event["request_messages"] + event["response_messages"]
    return {**_preview(event), "enabled_tools": [], "request_messages": event["request_messages"],
            "response_messages": event["response_messages"], "nb_messages": len(messages),
            "chat_transcription_events": []}  # fmt: skip


def _compare(op: str, actual: Any, wanted: Any) -> bool:
    text, expected = str(actual or ""), str(wanted)
    tests: dict[str, Callable[[], bool]] = {
        "eq": lambda: actual == wanted,
        "neq": lambda: actual != wanted,
        "lt": lambda: actual < wanted,
        "lte": lambda: actual <= wanted,
        "gt": lambda: actual > wanted,
        "gte": lambda: actual >= wanted,
        "contains": lambda: expected in text,
        "icontains": lambda: expected.lower() in text.lower(),
        "notcontains": lambda: expected not in text,
        "inotcontains": lambda: expected.lower() not in text.lower(),
        "startswith": lambda: text.startswith(expected),
        "istartswith": lambda: text.lower().startswith(expected.lower()),
        "endswith": lambda: text.endswith(expected),
        "iendswith": lambda: text.lower().endswith(expected.lower()),
        "matches": lambda: re.search(expected, text) is not None,
        "isnull": lambda: (actual is None) == bool(wanted),
        "includes": lambda: wanted in (actual or []),
        "excludes": lambda: wanted not in (actual or []),
        "len_eq": lambda: len(actual or []) == wanted,
    }
    try:
        return tests[op]()
    except (TypeError, re.error):
        return False


def _check_filters(node: Any) -> None:
    """Answer 400 for an unknown field or an operator the field does not support."""
    if not isinstance(node, dict):
        return
    if "field" in node:
        definition = FIELDS.get(node["field"])
        if definition is None:
            raise Problem(400, "FIELDS_NOT_FOUND", f"unknown field {node['field']!r}")
        if node["op"] not in definition["supported_operators"]:
            raise Problem(
                400, "FIELDS_BAD_REQUEST", f"{node['field']} does not support {node['op']}"
            )
        return
    for child in (node.get("AND") or []) + (node.get("OR") or []):
        _check_filters(child)


def _matches(node: Any, fields: dict[str, Any]) -> bool:
    if not isinstance(node, dict):
        return True
    if "field" in node:
        return _compare(node["op"], fields.get(node["field"]), node["value"])
    ands, ors = node.get("AND"), node.get("OR")
    return all(_matches(n, fields) for n in ands or []) and (
        not ors or any(_matches(n, fields) for n in ors)
    )


def _select(request: Request, payload: dict[str, Any] | None) -> list[dict[str, Any]]:
    """The events a ``FilterPayload`` selects, oldest first."""
    filters = (payload or {}).get("filters")
    _check_filters(filters)
    return [e for e in _events(request).values() if _matches(filters, e["_fields"])]


@handles_problems
def search(request: Request) -> Response:
    body = request.json()
    found = _select(request, body["search_params"])
    size = _int_arg(request, "page_size", 50, 0, 100)
    start = int(request.arg("cursor") or 0)
    window = found[start : start + size]
    more = bool(size) and start + size < len(found)
    cursor = str(start + size) if more else None
    feed = {"results": [_preview(e, body.get("extra_fields")) for e in window], "cursor": cursor,
            "next": f"{request.path}?cursor={cursor}&page_size={size}" if more else None}  # fmt: skip
    return JSONResponse({"completion_events": feed})


@handles_problems
def search_ids(request: Request) -> Response:
    found = _select(request, request.json()["search_params"])
    return JSONResponse({"completion_event_ids": [e["event_id"] for e in found]})


def _event(request: Request) -> dict[str, Any]:
    found = _events(request).get(request.path_params["event_id"])
    if found is None:
        raise Problem(404, "SEARCH_NOT_FOUND", f"event {request.path_params['event_id']} not found")
    return found


@handles_problems
def get_event(request: Request) -> Response:
    return JSONResponse(_full(_event(request)))


@handles_problems
def similar_events(request: Request) -> Response:
    event = _event(request)
    mine = event["_fields"]
    similar = [other for other in _events(request).values() if other is not event and (
        other["_fields"]["model"] == mine["model"] or set(other["_fields"]["tags"]) & set(mine["tags"]))]  # fmt: skip
    feed = {"results": [_preview(e) for e in similar], "next": None, "cursor": None}
    return JSONResponse({"completion_events": feed})


def _verdict(definition: dict[str, Any], messages: list[Any]) -> dict[str, Any]:
    """A deterministic judgement: it depends on the number of words of the conversation."""
    words = sum(len(str(m.get("content") or "").split()) for m in messages if isinstance(m, dict))
    output = definition["output"]
    if output.get("type") == "CLASSIFICATION":
        options = output["options"]
        answer: Any = options[words % len(options)]["value"] if options else ""
    else:
        low, high = output.get("min", 0), output.get("max", 1)
        answer = round(low + (high - low) * (words % 11) / 10, 4)
    analysis = f"{definition['name']} read {len(messages)} messages ({words} words)."
    return {"analysis": analysis, "answer": answer}


@handles_problems
def judge_event(request: Request) -> Response:
    event = _event(request)
    messages = event["request_messages"] + event["response_messages"]
    return JSONResponse(_verdict(request.json()["judge_definition"], messages))


def list_fields(request: Request) -> Response:
    definitions = [{"name": name, **definition} for name, definition in FIELDS.items()]
    return JSONResponse({"field_definitions": definitions, "field_groups": GROUPS})


def _field(request: Request) -> dict[str, Any]:
    name = request.path_params["field_name"]
    if name not in FIELDS:
        raise Problem(404, "FIELDS_NOT_FOUND", f"unknown field {name!r}")
    return FIELDS[name]


@handles_problems
def field_options(request: Request) -> Response:
    definition, operator = _field(request), request.arg("operator")
    if operator is None:
        raise Problem(422, "VALIDATION_ERROR", "the operator query parameter is required")
    if operator not in definition["supported_operators"]:
        raise Problem(400, "FIELDS_BAD_REQUEST", f"the field does not support {operator}")
    if definition["type"] != "ENUM":
        return JSONResponse({"options": None})
    name = request.path_params["field_name"]
    values = sorted({e["_fields"][name] for e in _events(request).values()})
    return JSONResponse({"options": values})


@handles_problems
def field_option_counts(request: Request) -> Response:
    _field(request)
    name = request.path_params["field_name"]
    counts: dict[str, int] = {}
    for event in _select(request, request.json().get("filter_params")):
        values = event["_fields"][name]
        for value in values if isinstance(values, list) else [values]:
            counts[str(value)] = counts.get(str(value), 0) + 1
    ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return JSONResponse({"counts": [{"value": v, "count": c} for v, c in ordered]})


# -- judges ----------------------------------------------------------------------------------


def _check_judge_name(request: Request, name: str, judge_id: str | None = None) -> None:
    for judge in _store(request, "judges").values():
        if judge["name"] == name and judge["id"] != judge_id:
            raise Problem(409, "JUDGE_NAME_ALREADY_EXISTS", f"a judge named {name!r} exists")


@handles_problems
def create_judge(request: Request) -> Response:
    body = request.json()
    _check_judge_name(request, body["name"])
    judge = {**_stamps(request), "owner_id": OWNER_ID, "workspace_id": WORKSPACE_ID, **body,
             "up_revision": None, "down_revision": None, "base_revision": None}  # fmt: skip
    _store(request, "judges")[judge["id"]] = judge
    return JSONResponse(judge, 201)


@handles_problems
def list_judges(request: Request) -> Response:
    judges = _searched(request, list(_store(request, "judges").values()), "name", "description")
    types, models = request.query.get("type_filter"), request.query.get("model_filter")
    judges = [j for j in judges if (not types or j["output"]["type"] in types)
              and (not models or j["model_name"] in models)]  # fmt: skip
    return JSONResponse({"judges": _page(request, judges)})


@handles_problems
def get_judge(request: Request) -> Response:
    return JSONResponse(_get(request, "judges", "judge_id", "JUDGE_NOT_FOUND"))


@handles_problems
def delete_judge(request: Request) -> Response:
    judge = _get(request, "judges", "judge_id", "JUDGE_NOT_FOUND")
    del _store(request, "judges")[judge["id"]]
    return JSONResponse(None, 204)


@handles_problems
def update_judge(request: Request) -> Response:
    judge = _get(request, "judges", "judge_id", "JUDGE_NOT_FOUND")
    if any(c["judge"]["id"] == judge["id"] for c in _store(request, "campaigns").values()):
        raise Problem(409, "JUDGE_USED_IN_CAMPAIGN_CANNOT_BE_UPDATED", "the judge runs a campaign")
    body = request.json()
    _check_judge_name(request, body["name"], judge["id"])
    judge.update(body, updated_at=now_iso())
    return JSONResponse(None, 204)


@handles_problems
def judge_conversation(request: Request) -> Response:
    judge = _get(request, "judges", "judge_id", "JUDGE_NOT_FOUND")
    return JSONResponse(_verdict(judge, request.json()["messages"]))


# -- campaigns -------------------------------------------------------------------------------


@handles_problems
def create_campaign(request: Request) -> Response:
    body = request.json()
    judge = _store(request, "judges").get(body["judge_id"])
    if judge is None:
        raise Problem(404, "JUDGE_NOT_FOUND", f"judge {body['judge_id']} not found")
    selected = _select(request, body["search_params"])[: body["max_nb_events"]]
    fields = ("name", "description", "max_nb_events", "search_params")
    campaign = {**_stamps(request), "owner_id": OWNER_ID, "workspace_id": WORKSPACE_ID,
                **{k: body[k] for k in fields}, "judge": dict(judge), "_status": "RUNNING",
                "_selected": [e["event_id"] for e in selected]}  # fmt: skip
    _store(request, "campaigns")[campaign["id"]] = campaign
    return JSONResponse(_public(campaign), 201)


@handles_problems
def list_campaigns(request: Request) -> Response:
    campaigns = _searched(
        request, list(_store(request, "campaigns").values()), "name", "description"
    )
    return JSONResponse({"campaigns": _page(request, campaigns)})


def _campaign(request: Request) -> dict[str, Any]:
    return _get(request, "campaigns", "campaign_id", "CAMPAIGN_NOT_FOUND")


@handles_problems
def get_campaign(request: Request) -> Response:
    return JSONResponse(_public(_campaign(request)))


@handles_problems
def delete_campaign(request: Request) -> Response:
    del _store(request, "campaigns")[_campaign(request)["id"]]
    return JSONResponse(None, 204)


@handles_problems
def campaign_status(request: Request) -> Response:
    campaign = _campaign(request)
    status = campaign["_status"]
    if status == "RUNNING":
        campaign["_status"] = "COMPLETED" if campaign["_selected"] else "FAILED"
    return JSONResponse({"status": status})


@handles_problems
def campaign_events(request: Request) -> Response:
    events = _events(request)
    selected = [_preview(events[i]) for i in _campaign(request)["_selected"]]
    return JSONResponse({"completion_events": _page(request, selected)})


# -- datasets and their records --------------------------------------------------------------


def _dataset(request: Request) -> dict[str, Any]:
    return _get(request, "datasets", "dataset_id", "DATASET_NOT_FOUND")


def _records_of(request: Request, dataset_id: str) -> list[dict[str, Any]]:
    return [r for r in _store(request, "records").values() if r["dataset_id"] == dataset_id]


@handles_problems
def create_dataset(request: Request) -> Response:
    body = request.json()
    dataset = {**_stamps(request), "name": body["name"], "description": body["description"],
               "owner_id": OWNER_ID, "workspace_id": WORKSPACE_ID}  # fmt: skip
    _store(request, "datasets")[dataset["id"]] = dataset
    return JSONResponse(dataset, 201)


@handles_problems
def list_datasets(request: Request) -> Response:
    datasets = _searched(request, list(_store(request, "datasets").values()), "name", "description")
    return JSONResponse({"datasets": _page(request, datasets)})


@handles_problems
def get_dataset(request: Request) -> Response:
    return JSONResponse(_dataset(request))


@handles_problems
def delete_dataset(request: Request) -> Response:
    dataset = _dataset(request)
    del _store(request, "datasets")[dataset["id"]]
    for record in _records_of(request, dataset["id"]):
        del _store(request, "records")[record["id"]]
    return JSONResponse(None, 204)


@handles_problems
def update_dataset(request: Request) -> Response:
    dataset = _dataset(request)
    changes = {
        k: v for k, v in request.json().items() if k in ("name", "description") and v is not None
    }
    dataset.update(changes, updated_at=now_iso())
    return JSONResponse(dataset)


def _new_record(
    request: Request, dataset_id: str, payload: Any, properties: Any, source: str
) -> dict[str, Any]:
    record = {**_stamps(request), "dataset_id": dataset_id, "payload": payload,
              "properties": properties, "source": source}  # fmt: skip
    _store(request, "records")[record["id"]] = record
    return record


@handles_problems
def list_records(request: Request) -> Response:
    return JSONResponse({"records": _page(request, _records_of(request, _dataset(request)["id"]))})


@handles_problems
def create_record(request: Request) -> Response:
    body = request.json()
    record = _new_record(
        request, _dataset(request)["id"], body["payload"], body["properties"], "DIRECT_INPUT"
    )
    return JSONResponse(record, 201)


def _record(request: Request) -> dict[str, Any]:
    return _get(request, "records", "dataset_record_id", "DATASET_RECORD_NOT_FOUND")


@handles_problems
def get_record(request: Request) -> Response:
    return JSONResponse(_record(request))


@handles_problems
def delete_record(request: Request) -> Response:
    del _store(request, "records")[_record(request)["id"]]
    return JSONResponse(None, 204)


@handles_problems
def bulk_delete_records(request: Request) -> Response:
    records, wanted = _store(request, "records"), request.json()["dataset_record_ids"]
    missing = [i for i in wanted if i not in records]
    if missing:
        raise Problem(404, "DATASET_RECORD_NOT_FOUND", f"records not found: {', '.join(missing)}")
    for record_id in wanted:
        del records[record_id]
    return JSONResponse(None, 204)


@handles_problems
def judge_record(request: Request) -> Response:
    messages = _record(request)["payload"]["messages"]
    return JSONResponse(_verdict(request.json()["judge_definition"], messages))


@handles_problems
def update_record_payload(request: Request) -> Response:
    _record(request).update(payload=request.json()["payload"], updated_at=now_iso())
    return JSONResponse(None, 204)


@handles_problems
def update_record_properties(request: Request) -> Response:
    _record(request).update(properties=request.json()["properties"], updated_at=now_iso())
    return JSONResponse(None, 204)


# -- imports, tasks and exports --------------------------------------------------------------

Pending = list[tuple[dict[str, Any], dict[str, Any], str]]
"""Records an import adds when it completes: (payload, properties, source)."""


def _start_import(request: Request, pending: Pending, failure: str | None = None) -> Response:
    task = {**_stamps(request), "creator_id": OWNER_ID, "dataset_id": _dataset(request)["id"],
            "workspace_id": WORKSPACE_ID, "status": "RUNNING", "progress": 0, "message": None,
            "_pending": pending, "_failure": failure}  # fmt: skip
    _store(request, "tasks")[task["id"]] = task
    return JSONResponse(_public(task), 202)


def _from_events(events: list[dict[str, Any]]) -> Pending:
    return [({"messages": e["request_messages"] + e["response_messages"]},
             {"event_id": e["event_id"]}, "EXPLORER") for e in events]  # fmt: skip


def _unknown(kind: str, ids: list[str], known: dict[str, Any]) -> str | None:
    missing = [i for i in ids if i not in known]
    return f"unknown {kind}: {', '.join(missing)}" if missing else None


@handles_problems
def import_from_campaign(request: Request) -> Response:
    _dataset(request)
    campaign_id = request.json()["campaign_id"]
    campaign = _store(request, "campaigns").get(campaign_id)
    if campaign is None:
        raise Problem(404, "CAMPAIGN_NOT_FOUND", f"campaign {campaign_id} not found")
    events = _events(request)
    return _start_import(request, _from_events([events[i] for i in campaign["_selected"]]))


@handles_problems
def import_from_explorer(request: Request) -> Response:
    _dataset(request)
    ids, events = request.json()["completion_event_ids"], _events(request)
    failure = _unknown("chat completion events", ids, events)
    return _start_import(
        request, [] if failure else _from_events([events[i] for i in ids]), failure
    )


@handles_problems
def import_from_dataset(request: Request) -> Response:
    _dataset(request)
    ids, records = request.json()["dataset_record_ids"], _store(request, "records")
    failure = _unknown("dataset records", ids, records)
    pending: Pending = [] if failure else [
        (records[i]["payload"], records[i]["properties"], records[i]["source"]) for i in ids]  # fmt: skip
    return _start_import(request, pending, failure)


@handles_problems
def import_from_playground(request: Request) -> Response:
    _dataset(request)
    ids = request.json()["conversation_ids"]
    conversations = request.state.store("conversations")
    failure = _unknown("conversations", ids, conversations)
    pending: Pending = []
    for conversation_id in [] if failure else ids:
        messages = [{"role": e.get("role") or ("user" if e["type"] == "message.input" else "assistant"),
                     "content": e.get("content")} for e in conversations[conversation_id]["entries"]
                    if e["type"] in ("message.input", "message.output")]  # fmt: skip
        pending.append(({"messages": messages}, {"conversation_id": conversation_id}, "PLAYGROUND"))
    return _start_import(request, pending, failure)


def _jsonl_records(stored: StoredFile) -> Pending:
    pending: Pending = []
    lines = b"".join(stored.chunks()).decode("utf-8", "replace").splitlines()
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except ValueError:
            raise ValueError(f"line {number} is not JSON") from None
        if not isinstance(item, dict) or not isinstance(item.get("messages"), list):
            raise ValueError(f"line {number} has no messages list")
        payload = {k: v for k, v in item.items() if k != "properties"}
        pending.append((payload, item.get("properties") or {}, "UPLOADED_FILE"))
    return pending


@handles_problems
def import_from_file(request: Request) -> Response:
    _dataset(request)
    file_id = request.json()["file_id"]
    stored = request.state.store("files").get(file_id)
    if stored is None:
        return _start_import(request, [], f"unknown file: {file_id}")
    try:
        pending = _jsonl_records(stored)
    except ValueError as exc:
        return _start_import(request, [], f"DATASET_RECORD_FORMAT_ERROR: {exc}")
    return _start_import(request, pending, None)


def _advance(request: Request, task: dict[str, Any]) -> None:
    """One step of a background import: progress 50, then done (records added)."""
    if task["status"] in TERMINAL:
        return
    if task["progress"] == 0:
        task.update(progress=50, updated_at=now_iso())
        return
    if task["_failure"]:
        task.update(status="FAILED", message=task["_failure"], updated_at=now_iso())
        return
    for payload, properties, source in task["_pending"]:
        _new_record(request, task["dataset_id"], payload, properties, source)
    done = f"imported {len(task['_pending'])} records"
    task.update(status="COMPLETED", progress=100, message=done, updated_at=now_iso())


@handles_problems
def get_task(request: Request) -> Response:
    dataset = _dataset(request)
    task = _get(request, "tasks", "task_id", "DATASET_TASK_NOT_FOUND")
    if task["dataset_id"] != dataset["id"]:
        raise Problem(404, "DATASET_TASK_NOT_FOUND", f"task {task['id']} not found")
    _advance(request, task)
    return JSONResponse(_public(task))


@handles_problems
def list_tasks(request: Request) -> Response:
    dataset_id = _dataset(request)["id"]
    tasks = [t for t in _store(request, "tasks").values() if t["dataset_id"] == dataset_id]
    return JSONResponse({"tasks": _page(request, tasks)})


@handles_problems
def export_jsonl(request: Request) -> Response:
    dataset = _dataset(request)
    lines = [json.dumps({**r["payload"], "properties": r["properties"]}) + "\n"
             for r in _records_of(request, dataset["id"])]  # fmt: skip
    data = "".join(lines).encode()
    stored = StoredFile(id=_new_uuid(request), filename=f"dataset-{dataset['id']}.jsonl",
                        size=len(data), purpose="batch", sample_type="batch_request",
                        mimetype="application/jsonl", visibility="workspace", num_lines=len(lines),
                        signature=f"{len(data):016x}", source="mistral", data=data)  # fmt: skip
    request.state.store("files")[stored.id] = stored
    host = request.headers.get("host", "127.0.0.1")
    return JSONResponse({"file_url": f"http://{host}/v1/files/{stored.id}/content"})


# -- routes ----------------------------------------------------------------------------------


def register(router: Router) -> None:
    events, event = f"{BASE}/chat-completion-events", f"{BASE}/chat-completion-events/{{event_id}}"
    fields, field = (
        f"{BASE}/chat-completion-fields",
        f"{BASE}/chat-completion-fields/{{field_name}}",
    )
    judges, judge = f"{BASE}/judges", f"{BASE}/judges/{{judge_id}}"
    campaigns, campaign = f"{BASE}/campaigns", f"{BASE}/campaigns/{{campaign_id}}"
    datasets, dataset = f"{BASE}/datasets", f"{BASE}/datasets/{{dataset_id}}"
    records, record = f"{BASE}/dataset-records", f"{BASE}/dataset-records/{{dataset_record_id}}"
    routes: list[tuple[str, str, Callable[[Request], Response], str]] = [
        ("POST", events + "/search", search, "get_chat_completion_events_v1_observability_chat_completion_events_search_post"),
        ("POST", events + "/search-ids", search_ids, "get_chat_completion_event_ids_v1_observability_chat_completion_events_search_ids_post"),
        ("GET", event, get_event, "get_chat_completion_event_v1_observability_chat_completion_events__event_id__get"),
        ("GET", event + "/similar-events", similar_events, "get_similar_chat_completion_events_v1_observability_chat_completion_events__event_id__similar_events_get"),
        ("POST", event + "/live-judging", judge_event, "judge_chat_completion_event_v1_observability_chat_completion_events__event_id__live_judging_post"),
        ("GET", fields, list_fields, "get_chat_completion_fields_v1_observability_chat_completion_fields_get"),
        ("GET", field + "/options", field_options, "get_chat_completion_field_options_v1_observability_chat_completion_fields__field_name__options_get"),
        ("POST", field + "/options-counts", field_option_counts, "get_chat_completion_field_options_counts_v1_observability_chat_completion_fields__field_name__options_counts_post"),
        ("POST", judges, create_judge, "create_judge_v1_observability_judges_post"),
        ("GET", judges, list_judges, "get_judges_v1_observability_judges_get"),
        ("GET", judge, get_judge, "get_judge_by_id_v1_observability_judges__judge_id__get"),
        ("DELETE", judge, delete_judge, "delete_judge_v1_observability_judges__judge_id__delete"),
        ("PUT", judge, update_judge, "update_judge_v1_observability_judges__judge_id__put"),
        ("POST", judge + "/live-judging", judge_conversation, "judge_conversation_v1_observability_judges__judge_id__live_judging_post"),
        ("POST", campaigns, create_campaign, "create_campaign_v1_observability_campaigns_post"),
        ("GET", campaigns, list_campaigns, "get_campaigns_v1_observability_campaigns_get"),
        ("GET", campaign, get_campaign, "get_campaign_by_id_v1_observability_campaigns__campaign_id__get"),
        ("DELETE", campaign, delete_campaign, "delete_campaign_v1_observability_campaigns__campaign_id__delete"),
        ("GET", campaign + "/status", campaign_status, "get_campaign_status_by_id_v1_observability_campaigns__campaign_id__status_get"),
        ("GET", campaign + "/selected-events", campaign_events, "get_campaign_selected_events_v1_observability_campaigns__campaign_id__selected_events_get"),
        ("POST", datasets, create_dataset, "create_dataset_v1_observability_datasets_post"),
        ("GET", datasets, list_datasets, "get_datasets_v1_observability_datasets_get"),
        ("GET", dataset, get_dataset, "get_dataset_by_id_v1_observability_datasets__dataset_id__get"),
        ("DELETE", dataset, delete_dataset, "delete_dataset_v1_observability_datasets__dataset_id__delete"),
        ("PATCH", dataset, update_dataset, "update_dataset_v1_observability_datasets__dataset_id__patch"),
        ("GET", dataset + "/records", list_records, "get_dataset_records_v1_observability_datasets__dataset_id__records_get"),
        ("POST", dataset + "/records", create_record, "create_dataset_record_v1_observability_datasets__dataset_id__records_post"),
        ("POST", dataset + "/imports/from-campaign", import_from_campaign, "post_dataset_records_from_campaign_v1_observability_datasets__dataset_id__imports_from_campaign_post"),
        ("POST", dataset + "/imports/from-explorer", import_from_explorer, "post_dataset_records_from_explorer_v1_observability_datasets__dataset_id__imports_from_explorer_post"),
        ("POST", dataset + "/imports/from-file", import_from_file, "post_dataset_records_from_file_v1_observability_datasets__dataset_id__imports_from_file_post"),
        ("POST", dataset + "/imports/from-playground", import_from_playground, "post_dataset_records_from_playground_v1_observability_datasets__dataset_id__imports_from_playground_post"),
        ("POST", dataset + "/imports/from-dataset", import_from_dataset, "post_dataset_records_from_dataset_v1_observability_datasets__dataset_id__imports_from_dataset_post"),
        ("GET", dataset + "/exports/to-jsonl", export_jsonl, "export_dataset_to_jsonl_v1_observability_datasets__dataset_id__exports_to_jsonl_get"),
        ("GET", dataset + "/tasks/{task_id}", get_task, "get_dataset_import_task_v1_observability_datasets__dataset_id__tasks__task_id__get"),
        ("GET", dataset + "/tasks", list_tasks, "get_dataset_import_tasks_v1_observability_datasets__dataset_id__tasks_get"),
        ("GET", record, get_record, "get_dataset_record_v1_observability_dataset_records__dataset_record_id__get"),
        ("DELETE", record, delete_record, "delete_dataset_record_v1_observability_dataset_records__dataset_record_id__delete"),
        ("POST", records + "/bulk-delete", bulk_delete_records, "delete_dataset_records_v1_observability_dataset_records_bulk_delete_post"),
        ("POST", record + "/live-judging", judge_record, "judge_dataset_record_v1_observability_dataset_records__dataset_record_id__live_judging_post"),
        ("PUT", record + "/payload", update_record_payload, "update_dataset_record_payload_v1_observability_dataset_records__dataset_record_id__payload_put"),
        ("PUT", record + "/properties", update_record_properties, "update_dataset_record_properties_v1_observability_dataset_records__dataset_record_id__properties_put"),
    ]  # fmt: skip
    for method, path, handler, operation_id in routes:
        router.add(method, path, handler, operation_id)
