"""``/v1/workflows/...``: workflows, registrations, deployments, executions and their events,
runs, schedules, metrics and worker info, in memory.

Seeded (fixed ids, see :data:`SEEDED_WORKFLOWS`): the workflows ``greeter`` (input
``{"name": ...}``, result ``{"greeting": "Hello, <name>!"}``), ``nightly-report`` and a
shared ``translator``, one registration each; the deployments ``default`` (one live worker,
serves ``greeter`` and ``translator``) and ``reports`` (no live worker). Every workflow
accepts the signal ``approve``, the query ``progress`` and the update ``rename``
(``{"name": ...}``, which changes the greeting).

An execution moves one step forward each time it is read (``GET`` of the execution or of
its current run) and while a stream follows it; it finishes after ``steps`` steps (2 by
default): ``configure(state, steps=5, stream_delay=0.05)`` changes that, and the pause a
stream takes between two steps. Each step emits workflow events, stored and streamed as real
server-sent events (``id:`` is the event's ``broker_sequence``): the execution, activity and
custom task starting, the task's progress as JSON patches, then completion. An input with
``"fail": true`` retries its activity once and fails. Ids come from the server state
(``exec-...``, run ids as UUIDs), so each test sees the same ones.
"""

from __future__ import annotations

import base64
import functools
import json
import time
from collections.abc import Iterator
from datetime import datetime
from typing import Any

from mistralai.testing._routing import (
    EventStreamResponse,
    JSONResponse,
    Request,
    Response,
    Router,
    error_body,
    invalid,
    not_found,
)
from mistralai.testing._sse import ServerSentEvent
from mistralai.testing._state import ServerState, now_iso
from mistralai.testing.fakes import _workflow_traces as traces

CUSTOMER_ID = "c0ffee00-0000-4000-8000-000000000001"
WORKSPACE_ID = "5ace0000-0000-4000-8000-000000000001"
NAMESPACE = "default"
TERMINAL = frozenset({"COMPLETED", "FAILED", "CANCELED", "TERMINATED", "TIMED_OUT"})

SEEDED_WORKFLOWS: tuple[dict[str, Any], ...] = (
    {"id": "0f1e0000-0000-4000-8000-000000000001", "name": "greeter", "display_name": "Greeter",
     "description": "Greets whoever it is given.", "shared_namespace": None,
     "available_in_chat_assistant": True,
     "_registration": "2e900000-0000-4000-8000-000000000001", "_task_queue": "default"},
    {"id": "0f1e0000-0000-4000-8000-000000000002", "name": "nightly-report",
     "display_name": "Nightly report", "description": "Builds the nightly report.",
     "shared_namespace": None, "available_in_chat_assistant": False,
     "_registration": "2e900000-0000-4000-8000-000000000002", "_task_queue": "reports"},
    {"id": "0f1e0000-0000-4000-8000-000000000003", "name": "translator",
     "display_name": "Translator", "description": "Translates text, for every workspace.",
     "shared_namespace": "shared:translator", "available_in_chat_assistant": False,
     "_registration": "2e900000-0000-4000-8000-000000000003", "_task_queue": "default"},
)  # fmt: skip
"""The workflows every reset brings back (``_``-keys are the fake's own)."""

_DEPLOYMENTS: tuple[tuple[str, str, list[str]], ...] = (
    ("default", "de900000-0000-4000-8000-000000000001", ["worker-default-1"]),
    ("reports", "de900000-0000-4000-8000-000000000002", []),
)
_DEFINITION: dict[str, Any] = {
    "input_schema": {"type": "object", "properties": {"name": {"type": "string"}}},
    "output_schema": {"type": "object", "properties": {"greeting": {"type": "string"}}},
    "signals": [
        {
            "name": "approve",
            "description": "Approve the greeting.",
            "input_schema": {"type": "object", "properties": {"by": {"type": "string"}}},
        }
    ],
    "queries": [
        {
            "name": "progress",
            "description": "Where the execution stands.",
            "input_schema": {"type": "object"},
            "output_schema": None,
        }
    ],
    "updates": [
        {
            "name": "rename",
            "description": "Greet someone else.",
            "input_schema": {
                "type": "object",
                "properties": {"name": {"type": "string"}},
                "required": ["name"],
            },
            "output_schema": {"type": "object"},
        }
    ],
    "enforce_determinism": True,
    "execution_timeout": 3600.0,
}
_PUBLIC_EXECUTION = (
    "workflow_name",
    "execution_id",
    "parent_execution_id",
    "root_execution_id",
    "status",
    "start_time",
    "end_time",
    "total_duration_ms",
    "result",
)


# -- state -----------------------------------------------------------------------------------


def configure(
    state: ServerState, *, steps: int | None = None, stream_delay: float | None = None
) -> None:
    """How fast executions started from now on move: ``steps`` steps to finish (at least 1),
    and ``stream_delay`` seconds between two steps while a stream follows an execution.

    >>> configure(server.state, steps=5)
    """
    settings = _world(state)["settings"]
    if steps is not None:
        settings["steps"] = max(int(steps), 1)
    if stream_delay is not None:
        settings["stream_delay"] = max(float(stream_delay), 0.0)


def _world(state: ServerState) -> dict[str, Any]:
    """The fake's records, seeded on first use after each reset."""
    with state.lock:
        world = state.store("workflows")
        if not world:
            world.update(_seed())
        return world


def _seed() -> dict[str, Any]:
    now = now_iso()
    workflows = {}
    registrations = {}
    for seed in SEEDED_WORKFLOWS:
        workflow = {
            **seed,
            "type": "code",
            "customer_id": CUSTOMER_ID,
            "workspace_id": WORKSPACE_ID,
            "is_technical": False,
            "archived": False,
        }
        workflows[seed["id"]] = workflow
        registrations[seed["_registration"]] = {
            "id": seed["_registration"],
            "task_queue": seed["_task_queue"],
            "definition": _DEFINITION,
            "workflow_id": seed["id"],
            "compatible_with_chat_assistant": seed["available_in_chat_assistant"],
        }
    deployments = {
        name: {
            "id": deployment_id,
            "name": name,
            "created_at": now,
            "updated_at": now,
            "workers": [{"name": w, "created_at": now, "updated_at": now} for w in workers],
        }
        for name, deployment_id, workers in _DEPLOYMENTS
    }
    return {
        "workflows": workflows,
        "registrations": registrations,
        "deployments": deployments,
        "executions": {},
        "runs": {},
        "events": [],
        "schedules": {},
        "settings": {"steps": 2, "stream_delay": 0.0},
    }


def _uuid(state: ServerState) -> str:
    """A fresh UUID-shaped id from the server's counter (the API types run ids as UUIDs)."""
    return f"00000000-0000-4000-8000-{state.new_id()}"


def _conflict(message: str) -> JSONResponse:
    return JSONResponse(error_body(message, "conflict", "409"), 409)


def _flag(request: Request, name: str, default: bool | None) -> bool | None:
    value = request.arg(name)
    return default if value is None else value.lower() == "true"


# -- workflows and registrations -------------------------------------------------------------


def _public(record: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in record.items() if not k.startswith("_")}


def _find_workflow(world: dict[str, Any], identifier: str) -> dict[str, Any] | None:
    workflows = world["workflows"]
    return workflows.get(identifier) or next(
        (w for w in workflows.values() if w["name"] == identifier), None
    )


def _active(world: dict[str, Any], task_queue: str) -> bool:
    deployment = world["deployments"].get(task_queue)
    return bool(deployment and deployment["workers"])


def _workflow_active(world: dict[str, Any], workflow: dict[str, Any]) -> bool:
    registration = world["registrations"][workflow["_registration"]]
    return _active(world, registration["task_queue"])


def _registration_body(
    world: dict[str, Any], registration: dict[str, Any], with_workflow: bool
) -> dict[str, Any]:
    workflow = world["workflows"][registration["workflow_id"]]
    return {**registration, "workflow": _public(workflow) if with_workflow else None}


def list_registrations(request: Request) -> Response:
    world = _world(request.state)
    wanted = _registration_filter(request, world)
    found = sorted(
        (r for r in world["registrations"].values() if wanted(r)), key=lambda r: str(r["id"])
    )
    limit = int(request.arg("limit") or 50)
    cursor = request.arg("cursor")
    if cursor:
        found = [r for r in found if r["id"] >= cursor]
    page, rest = found[:limit], found[limit:]
    with_workflow = bool(_flag(request, "with_workflow", False))
    items = [_registration_body(world, r, with_workflow) for r in page]
    return JSONResponse(
        {
            "workflow_registrations": items,
            "next_cursor": rest[0]["id"] if rest else None,
            "workflow_versions": items,
        }
    )


def _registration_filter(request: Request, world: dict[str, Any]) -> Any:
    active_only = _flag(request, "active_only", False)
    include_shared = _flag(request, "include_shared", True)
    archived = _flag(request, "archived", None)
    in_chat = _flag(request, "available_in_chat_assistant", None)
    search = (request.arg("workflow_search") or "").lower()

    def wanted(registration: dict[str, Any]) -> bool:
        workflow = world["workflows"][registration["workflow_id"]]
        return (
            request.arg("workflow_id") in (None, workflow["id"])
            and request.arg("task_queue") in (None, registration["task_queue"])
            and (not active_only or _active(world, registration["task_queue"]))
            and (include_shared or not workflow["shared_namespace"])
            and archived in (None, workflow["archived"])
            and in_chat in (None, workflow["available_in_chat_assistant"])
            and search in workflow["name"].lower()
        )

    return wanted


def get_registration(request: Request) -> Response:
    world = _world(request.state)
    registration = world["registrations"].get(request.path_params["workflow_registration_id"])
    workflow = world["workflows"][registration["workflow_id"]] if registration else None
    if (
        registration is None
        or workflow is None
        or (workflow["shared_namespace"] and not _flag(request, "include_shared", True))
    ):
        return not_found("Workflow registration")
    body = _registration_body(world, registration, bool(_flag(request, "with_workflow", False)))
    body["active"] = _active(world, registration["task_queue"])
    return JSONResponse({"workflow_registration": body, "workflow_version": body})


def get_workflow(request: Request) -> Response:
    world = _world(request.state)
    workflow = _find_workflow(world, request.path_params["workflow_identifier"])
    if workflow is None:
        return not_found("Workflow")
    return JSONResponse(
        {"workflow": {**_public(workflow), "active": _workflow_active(world, workflow)}}
    )


def update_workflow(request: Request) -> Response:
    world = _world(request.state)
    with request.state.lock:
        workflow = _find_workflow(world, request.path_params["workflow_identifier"])
        if workflow is None:
            return not_found("Workflow")
        changes = request.json()
        for name in ("display_name", "available_in_chat_assistant"):
            if changes.get(name) is not None:
                workflow[name] = changes[name]
        if "description" in changes:
            workflow["description"] = changes["description"]
        return JSONResponse({"workflow": _public(workflow)})


def _archiver(archived: bool) -> Any:
    def handle(request: Request) -> Response:
        world = _world(request.state)
        with request.state.lock:
            workflow = _find_workflow(world, request.path_params["workflow_identifier"])
            if workflow is None:
                return not_found("Workflow")
            workflow["archived"] = archived
            return JSONResponse({"workflow": _public(workflow)})

    return handle


# -- executions: lifecycle -------------------------------------------------------------------


def execute(request: Request) -> Response:
    world = _world(request.state)
    workflow = _find_workflow(world, request.path_params["workflow_identifier"])
    if workflow is None:
        return not_found("Workflow")
    return _start(request, world, world["registrations"][workflow["_registration"]])


def execute_registration(request: Request) -> Response:
    world = _world(request.state)
    registration = world["registrations"].get(request.path_params["workflow_registration_id"])
    if registration is None:
        return not_found("Workflow registration")
    return _start(request, world, registration)


def _start(request: Request, world: dict[str, Any], registration: dict[str, Any]) -> Response:
    body = request.json()
    workflow = world["workflows"][registration["workflow_id"]]
    if workflow["archived"]:
        return _conflict(f"workflow {workflow['name']!r} is archived")
    deployment = body.get("deployment_name") or registration["task_queue"]
    if deployment not in world["deployments"]:
        return not_found(f"Deployment {deployment!r}")
    with request.state.lock:
        execution_id = body.get("execution_id") or request.state.new_id("exec-")
        if execution_id in world["executions"]:
            return _conflict(f"execution {execution_id!r} already exists")
        execution = _new_execution(request.state, world, workflow, execution_id, body, deployment)
        if body.get("wait_for_result"):
            while execution["status"] not in TERMINAL:
                _advance(world, execution)
            return JSONResponse(
                {
                    "workflow_name": workflow["name"],
                    "execution_id": execution_id,
                    "result": execution["result"],
                }
            )
        return JSONResponse(_execution_body(execution))


def _input_of(body: dict[str, Any]) -> dict[str, Any]:
    encoded = body.get("encoded_input")
    if encoded and not encoded.get("encoding_options"):
        try:
            decoded = json.loads(base64.b64decode(encoded["b64payload"]))
        except ValueError:
            return {}
        return decoded if isinstance(decoded, dict) else {"value": decoded}
    return dict(body.get("input") or {})


def _new_execution(
    state: ServerState,
    world: dict[str, Any],
    workflow: dict[str, Any],
    execution_id: str,
    body: dict[str, Any],
    deployment: str,
) -> dict[str, Any]:
    given = _input_of(body)
    execution: dict[str, Any] = {
        "workflow_name": workflow["name"],
        "execution_id": execution_id,
        "parent_execution_id": None,
        "root_execution_id": execution_id,
        "status": "RUNNING",
        "start_time": now_iso(),
        "end_time": None,
        "total_duration_ms": None,
        "result": None,
        "_workflow_id": workflow["id"],
        "_input": given,
        "_name": given.get("name", "world"),
        "_fail": given.get("fail") is True,
        "_steps": world["settings"]["steps"],
        "_deployment": deployment,
        "_tracing": body.get("custom_tracing_attributes") or {},
        "_signals": [],
    }
    world["executions"][execution_id] = execution
    _begin_run(state, world, execution)
    return execution


def _begin_run(state: ServerState, world: dict[str, Any], execution: dict[str, Any]) -> None:
    """A new run of ``execution``: its id, its clock, its first events."""
    run_id = _uuid(state)
    execution.update(_run_id=run_id, _step=0, _started_ns=time.time_ns(), _progress_log="")
    world["runs"][run_id] = {"execution_id": execution["execution_id"], "snapshot": None}
    task, activity, progress = _task_ids(execution)
    given = {"type": "json", "value": execution["_input"]}
    emit = functools.partial(_emit, world, execution)
    emit("WORKFLOW_EXECUTION_STARTED", task_id=task, workflow_name=execution["workflow_name"],
         input=given)  # fmt: skip
    emit("ACTIVITY_TASK_STARTED", task_id=activity, activity_name=traces.ACTIVITY, input=given)
    emit("CUSTOM_TASK_STARTED", custom_task_id=progress, custom_task_type="progress",
         payload={"type": "json", "value": {"done": 0, "log": ""}})  # fmt: skip


def _task_ids(execution: dict[str, Any]) -> tuple[str, str, str]:
    """The ids of the current run's workflow task, activity task and progress task."""
    run = execution["_run_id"]
    return f"{run}-task", f"{run}-activity", f"{run}-progress"


def _result(execution: dict[str, Any]) -> dict[str, Any]:
    if execution["workflow_name"] == "greeter":
        return {"greeting": f"Hello, {execution['_name']}!"}
    return {"echo": execution["_input"], "name": execution["_name"]}


def _advance(world: dict[str, Any], execution: dict[str, Any]) -> None:
    """One step of a running execution: progress, then at the last step its end."""
    if execution["status"] != "RUNNING":
        return
    execution["_step"] += 1
    step = execution["_step"]
    task, activity, progress = _task_ids(execution)
    emit = functools.partial(_emit, world, execution)
    if step < execution["_steps"]:
        line = f"step {step}. "
        execution["_progress_log"] += line
        patch = [
            {"op": "replace", "path": "/done", "value": step},
            {"op": "append", "path": "/log", "value": line},
        ]
        emit("CUSTOM_TASK_IN_PROGRESS", custom_task_id=progress, custom_task_type="progress",
             payload={"type": "json_patch", "value": patch})  # fmt: skip
        return
    emit("CUSTOM_TASK_COMPLETED", custom_task_id=progress, custom_task_type="progress",
         payload={"type": "json", "value": {"done": step, "log": execution["_progress_log"]}})  # fmt: skip
    if execution["_fail"]:
        failure = {"message": "the workflow failed on purpose (input has fail: true)"}
        for attempt, kind in ((1, "ACTIVITY_TASK_RETRYING"), (2, "ACTIVITY_TASK_FAILED")):
            emit(
                kind,
                task_id=activity,
                activity_name=traces.ACTIVITY,
                attempt=attempt,
                failure=failure,
            )
        emit("WORKFLOW_EXECUTION_FAILED", task_id=task, failure=failure)
        _finish(execution, "FAILED", None)
        return
    result = _result(execution)
    emit("ACTIVITY_TASK_COMPLETED", task_id=activity, activity_name=traces.ACTIVITY,
         result={"type": "json", "value": result})  # fmt: skip
    emit("WORKFLOW_EXECUTION_COMPLETED", task_id=task, result={"type": "json", "value": result})
    _finish(execution, "COMPLETED", result)


def _finish(execution: dict[str, Any], status: str, result: Any) -> None:
    elapsed_ms = (time.time_ns() - execution["_started_ns"]) // 1_000_000
    execution.update(status=status, result=result, end_time=now_iso(), total_duration_ms=elapsed_ms)


def _emit(world: dict[str, Any], execution: dict[str, Any], kind: str, **attributes: Any) -> None:
    """Record one event of ``execution``'s current run; its ``broker_sequence`` is its place
    among every event of the server, from 1."""
    events = world["events"]
    event = {
        "event_id": f"evt-{len(events) + 1:012x}",
        "event_timestamp": time.time_ns(),
        "root_workflow_exec_id": execution["root_execution_id"],
        "parent_workflow_exec_id": execution["parent_execution_id"],
        "workflow_exec_id": execution["execution_id"],
        "workflow_run_id": execution["_run_id"],
        "workflow_name": execution["workflow_name"],
        "event_type": kind,
        "attributes": attributes,
    }
    metadata = {"deployment_name": execution["_deployment"]}
    events.append({"seq": len(events) + 1, "timestamp": now_iso(), "event": event,
                   "metadata": metadata})  # fmt: skip


def _execution_body(execution: dict[str, Any]) -> dict[str, Any]:
    return {name: execution[name] for name in _PUBLIC_EXECUTION}


def _execution(request: Request, *, advance: bool = False) -> dict[str, Any] | None:
    world = _world(request.state)
    with request.state.lock:
        execution: dict[str, Any] | None = world["executions"].get(
            request.path_params["execution_id"]
        )
        if execution is not None and advance:
            _advance(world, execution)
        return execution


def get_execution(request: Request) -> Response:
    execution = _execution(request, advance=True)
    if execution is None:
        return not_found("Workflow execution")
    return JSONResponse(_execution_body(execution))


def _stop(world: dict[str, Any], execution: dict[str, Any], status: str) -> str | None:
    """Cancel or terminate; the reason it cannot, or None."""
    if execution["status"] != "RUNNING":
        return f"execution {execution['execution_id']!r} is not running ({execution['status']})"
    if status == "CANCELED":
        task, _, progress = _task_ids(execution)
        emit = functools.partial(_emit, world, execution)
        emit("CUSTOM_TASK_CANCELED", custom_task_id=progress, custom_task_type="progress",
             reason="canceled")  # fmt: skip
        emit("WORKFLOW_EXECUTION_CANCELED", task_id=task, reason=None)
    _finish(execution, status, None)
    return None


def _stopper(status: str) -> Any:
    def handle(request: Request) -> Response:
        world = _world(request.state)
        with request.state.lock:
            execution = _execution(request)
            if execution is None:
                return not_found("Workflow execution")
            problem = _stop(world, execution, status)
        return _conflict(problem) if problem else JSONResponse(None, 204)

    return handle


def _batch_stopper(status: str) -> Any:
    def handle(request: Request) -> Response:
        world = _world(request.state)
        results: dict[str, dict[str, Any]] = {}
        with request.state.lock:
            for execution_id in request.json()["execution_ids"]:
                execution = world["executions"].get(execution_id)
                problem = (
                    f"execution {execution_id!r} not found"
                    if execution is None
                    else _stop(world, execution, status)
                )
                results[execution_id] = (
                    {"status": "failure", "error": problem} if problem else {"status": "success"}
                )
        return JSONResponse({"results": results})

    return handle


def reset(request: Request) -> Response:
    body = request.json()
    world = _world(request.state)
    with request.state.lock:
        execution = _execution(request)
        if execution is None:
            return not_found("Workflow execution")
        history = _events_of(world, execution["execution_id"], execution["_run_id"])
        if not 1 <= body["event_id"] <= len(history):
            return invalid(["body", "event_id"], f"the run has events 1 to {len(history)}")
        run_status = execution["status"] if execution["status"] in TERMINAL else "TERMINATED"
        snapshot = {**_execution_body(execution), "status": run_status}
        world["runs"][execution["_run_id"]]["snapshot"] = snapshot
        if body.get("exclude_signals"):
            execution["_signals"] = []
        if body.get("exclude_updates"):
            execution["_name"] = execution["_input"].get("name", "world")
        execution.update(
            status="RUNNING",
            result=None,
            end_time=None,
            total_duration_ms=None,
            _reset_reason=body.get("reason"),
        )
        _begin_run(request.state, world, execution)
    return JSONResponse(None, 204)


# -- executions: signals, queries, updates ---------------------------------------------------


def _handler(request: Request, kind: str) -> tuple[dict[str, Any] | None, Response | None]:
    """The execution a signal, query or update is for, or the answer refusing it."""
    execution = _execution(request)
    if execution is None:
        return None, not_found("Workflow execution")
    name = request.json()["name"]
    if name not in {h["name"] for h in _DEFINITION[kind]}:
        return None, not_found(f"{kind[:-1]} {name!r} of workflow {execution['workflow_name']!r}")
    if kind != "queries" and execution["status"] != "RUNNING":
        return None, _conflict(f"execution {execution['execution_id']!r} is not running")
    return execution, None


def signal(request: Request) -> Response:
    with request.state.lock:
        execution, refusal = _handler(request, "signals")
        if execution is None:
            return refusal  # type: ignore[return-value]
        execution["_signals"].append(
            {
                "id": f"signal-{len(execution['_signals']) + 1:012x}",
                "name": request.json()["name"],
                "at": time.time_ns(),
                "input": request.json().get("input"),
            }
        )
    return JSONResponse({"message": "Signal accepted"}, 202)


def query(request: Request) -> Response:
    with request.state.lock:
        execution, refusal = _handler(request, "queries")
        if execution is None:
            return refusal  # type: ignore[return-value]
        result = {
            "step": execution["_step"],
            "steps": execution["_steps"],
            "status": execution["status"],
            "name": execution["_name"],
            "signals": [s["name"] for s in execution["_signals"]],
        }
    return JSONResponse({"query_name": request.json()["name"], "result": result})


def update_execution(request: Request) -> Response:
    body = request.json()
    given = body.get("input")
    if not isinstance(given, dict) or not isinstance(given.get("name"), str):
        return invalid(["body", "input", "name"], "Field required", "missing")
    with request.state.lock:
        execution, refusal = _handler(request, "updates")
        if execution is None:
            return refusal  # type: ignore[return-value]
        previous, execution["_name"] = execution["_name"], given["name"]
    return JSONResponse(
        {"update_name": body["name"], "result": {"name": given["name"], "previous": previous}}
    )


# -- histories and traces --------------------------------------------------------------------


def _events_of(
    world: dict[str, Any], execution_id: str, run_id: str | None = None
) -> list[dict[str, Any]]:
    return [
        e
        for e in world["events"]
        if e["event"]["workflow_exec_id"] == execution_id
        and run_id in (None, e["event"]["workflow_run_id"])
    ]


def _current_run(request: Request) -> tuple[dict[str, Any] | None, list[dict[str, Any]]]:
    """The execution a trace or history is asked of, and the events of its current run."""
    execution = _execution(request)
    if execution is None:
        return None, []
    world = _world(request.state)
    with request.state.lock:
        return execution, _events_of(world, execution["execution_id"], execution["_run_id"])


def execution_history(request: Request) -> Response:
    execution, stored = _current_run(request)
    if execution is None:
        return not_found("Workflow execution")
    return JSONResponse(traces.history(stored, bool(_flag(request, "decode_payloads", False))))


def trace_events(request: Request) -> Response:
    execution, stored = _current_run(request)
    if execution is None:
        return not_found("Workflow execution")
    merge = bool(_flag(request, "merge_same_id_events", False))
    internal = bool(_flag(request, "include_internal_events", False))
    events = traces.trace_events(stored, execution, merge, internal)
    return JSONResponse({**_execution_body(execution), "events": events})


def trace_summary(request: Request) -> Response:
    execution, stored = _current_run(request)
    if execution is None:
        return not_found("Workflow execution")
    tree = traces.span_tree(stored, execution)
    return JSONResponse({**_execution_body(execution), "span_tree": tree})


def trace_otel(request: Request) -> Response:
    execution, stored = _current_run(request)
    if execution is None:
        return not_found("Workflow execution")
    otel = traces.otel_trace(stored, execution)
    return JSONResponse({**_execution_body(execution), "data_source": "tempo", **otel})


# -- streams and event listings --------------------------------------------------------------


def _payload(stored: dict[str, Any]) -> dict[str, Any]:
    event = stored["event"]
    return {
        "stream": "workflow-events",
        "timestamp": stored["timestamp"],
        "data": event,
        "workflow_context": {
            "namespace": NAMESPACE,
            "workflow_name": event["workflow_name"],
            "workflow_exec_id": event["workflow_exec_id"],
            "parent_workflow_exec_id": event["parent_workflow_exec_id"],
            "root_workflow_exec_id": event["root_workflow_exec_id"],
        },
        "metadata": stored["metadata"],
        "broker_sequence": stored["seq"],
    }


def _sse(stored: dict[str, Any]) -> ServerSentEvent:
    return ServerSentEvent(
        _payload(stored), event=stored["event"]["event_type"], id=str(stored["seq"])
    )


def _follow(
    state: ServerState,
    matches: Any,
    after: int,
    followed: list[str],
    live: bool,
) -> Iterator[ServerSentEvent]:
    """The stored events after ``after`` that ``matches``; then, when ``live``, the events of
    the ``followed`` executions as they advance, step by step, until they all finished."""
    world = _world(state)
    while True:
        with state.lock:
            fresh = [e for e in world["events"] if e["seq"] > after and matches(e)]
            running = [
                world["executions"][i]
                for i in followed
                if world["executions"][i]["status"] not in TERMINAL
            ]
        for stored in fresh:
            after = stored["seq"]
            yield _sse(stored)
        if not live or not running:
            return
        delay = world["settings"]["stream_delay"]
        if delay:
            time.sleep(delay)
        with state.lock:
            for execution in running:
                _advance(world, execution)


def _seq(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


def stream_execution(request: Request) -> Response:
    execution = _execution(request)
    if execution is None:
        return not_found("Workflow execution")
    world = _world(request.state)
    source = request.arg("event_source")
    with request.state.lock:
        newest = world["events"][-1]["seq"] if world["events"] else 0
    after = _seq(request.arg("last_event_id")) or (newest if source == "LIVE" else 0)
    execution_id = execution["execution_id"]

    def matches(stored: dict[str, Any]) -> bool:
        return bool(stored["event"]["workflow_exec_id"] == execution_id)

    live = source != "DATABASE"
    return EventStreamResponse(
        _follow(request.state, matches, after, [execution_id], live), done=False
    )


_EXECUTION_FILTERS = ("workflow_exec_id", "root_workflow_exec_id", "parent_workflow_exec_id")
_MATCHED = ("scope", "activity_name", "activity_id", "stream", "workflow_name", *_EXECUTION_FILTERS)
"""The event stream's filters that match one field of an event, or anything when ``*``."""
_STREAM_PARAMETERS = frozenset({*_MATCHED, "start_seq", "workflow_event_types"})


def _stream_filter(request: Request) -> Any:
    """The events ``GET /v1/workflows/events/stream`` asks for; query parameters it does not
    name are metadata filters (the spec sends ``metadata_filters`` exploded)."""
    wanted = {name: request.arg(name, "*") for name in _MATCHED}
    kinds = set(request.query.get("workflow_event_types", []))
    metadata = {k: v[0] for k, v in request.query.items() if k not in _STREAM_PARAMETERS and v}
    start = int(request.arg("start_seq") or 0)

    def matches(stored: dict[str, Any]) -> bool:
        event = stored["event"]
        kind, attributes = event["event_type"], event["attributes"]
        activity = kind.startswith("ACTIVITY_")
        fields = {
            "scope": "activity" if activity else "workflow",
            "activity_name": attributes.get("activity_name"),
            "activity_id": attributes.get("task_id") if activity else None,
            "stream": "workflow-events",
            **{name: event[name] for name in ("workflow_name", *_EXECUTION_FILTERS)},
        }
        return (
            stored["seq"] >= start
            and all(value in ("*", fields[name]) for name, value in wanted.items())
            and (not kinds or kind in kinds)
            and all(str(stored["metadata"].get(k)) == v for k, v in metadata.items())
        )

    return matches


def stream_events(request: Request) -> Response:
    world = _world(request.state)
    matches = _stream_filter(request)
    after = _seq(request.headers.get("last-event-id")) or 0
    named = {request.arg(name) for name in _EXECUTION_FILTERS} - {None, "*"}
    with request.state.lock:
        followed = [
            e["execution_id"]
            for e in world["executions"].values()
            if {e["execution_id"], e["root_execution_id"], e["parent_execution_id"]} & named
        ]
    return EventStreamResponse(
        _follow(request.state, matches, after, followed, live=True), done=False
    )


def list_events(request: Request) -> Response:
    world = _world(request.state)
    limit = int(request.arg("limit") or 100)
    after = _seq(request.arg("cursor"))
    if request.arg("cursor") and after is None:
        return invalid(["query", "cursor"], "not a cursor this API gave")
    wanted = {
        k: request.arg(k) for k in ("root_workflow_exec_id", "workflow_exec_id", "workflow_run_id")
    }
    with request.state.lock:
        found = [
            e
            for e in world["events"]
            if e["seq"] > (after or 0)
            and all(v is None or e["event"][k] == v for k, v in wanted.items())
        ]
    page = found[:limit]
    more = len(found) > limit
    return JSONResponse(
        {
            "events": [e["event"] for e in page],
            "next_cursor": str(page[-1]["seq"]) if more and page else None,
        }
    )


# -- runs ------------------------------------------------------------------------------------


def _run_state(world: dict[str, Any], run: dict[str, Any]) -> dict[str, Any]:
    """A run as the API shows it: as it ended, or, for the current run, as it is."""
    if run["snapshot"] is not None:
        return dict(run["snapshot"])
    return _execution_body(world["executions"][run["execution_id"]])


def list_runs(request: Request) -> Response:
    world = _world(request.state)
    size = int(request.arg("page_size") or 50)
    if not 1 <= size <= 1000:
        return invalid(["query", "page_size"], "Input should be between 1 and 1000")
    token = request.arg("next_page_token")
    offset = _seq(token.removeprefix("runs:")) if token else 0
    if offset is None:
        return invalid(["query", "next_page_token"], "not a page token this API gave")
    with request.state.lock:
        runs = [_run_state(world, run) for run in reversed(list(world["runs"].values()))]
    wanted = _run_filter(request, world)
    found = [{k: v for k, v in run.items() if k != "result"} for run in runs if wanted(run)]
    page = found[offset : offset + size]
    more = offset + size < len(found)
    return JSONResponse(
        {"executions": page, "next_page_token": f"runs:{offset + size}" if more else None}
    )


def _run_filter(request: Request, world: dict[str, Any]) -> Any:
    identifier = request.arg("workflow_identifier")
    workflow = _find_workflow(world, identifier) if identifier else None
    search = (request.arg("search") or "").lower()
    statuses = set(request.query.get("status", []))

    def wanted(run: dict[str, Any]) -> bool:
        if statuses and run["status"] not in statuses:
            return False
        if identifier is not None and (
            workflow is None or run["workflow_name"] != workflow["name"]
        ):
            return False
        named = _find_workflow(world, run["workflow_name"]) or {}
        texts = (run["workflow_name"], named.get("display_name") or "", run["execution_id"])
        return any(search in text.lower() for text in texts)

    return wanted


def get_run(request: Request) -> Response:
    world = _world(request.state)
    with request.state.lock:
        run = world["runs"].get(request.path_params["run_id"])
        if run is None:
            return not_found("Workflow run")
        if run["snapshot"] is None:
            _advance(world, world["executions"][run["execution_id"]])
        return JSONResponse(_run_state(world, run))


def run_history(request: Request) -> Response:
    world = _world(request.state)
    run = world["runs"].get(request.path_params["run_id"])
    if run is None:
        return not_found("Workflow run")
    decode = bool(_flag(request, "decode_payloads", False))
    with request.state.lock:
        stored = _events_of(world, run["execution_id"], request.path_params["run_id"])
    return JSONResponse(traces.history(stored, decode))


# -- schedules, deployments, workers, metrics ------------------------------------------------


def list_schedules(request: Request) -> Response:
    world = _world(request.state)
    return JSONResponse({"schedules": [_public(s) for s in world["schedules"].values()]})


def create_schedule(request: Request) -> Response:
    body = request.json()
    world = _world(request.state)
    registration_id = body.get("workflow_registration_id") or body.get("workflow_version_id")
    identifier = body.get("workflow_identifier")
    if registration_id:
        registration = world["registrations"].get(registration_id)
        workflow = world["workflows"][registration["workflow_id"]] if registration else None
    elif identifier:
        workflow = _find_workflow(world, identifier)
    else:
        return invalid(["body", "workflow_identifier"], "name the workflow to schedule", "missing")
    if workflow is None:
        return not_found("Workflow")
    deployment = body.get("deployment_name")
    if deployment is not None and deployment not in world["deployments"]:
        return not_found(f"Deployment {deployment!r}")
    schedule = body["schedule"]
    with request.state.lock:
        schedule_id = (
            body.get("schedule_id") or schedule.get("schedule_id") or request.state.new_id("sched-")
        )
        if schedule_id in world["schedules"]:
            return _conflict(f"schedule {schedule_id!r} already exists")
        world["schedules"][schedule_id] = {
            **schedule,
            "schedule_id": schedule_id,
            "_workflow_id": workflow["id"],
        }
    return JSONResponse({"schedule_id": schedule_id}, 201)


def delete_schedule(request: Request) -> Response:
    world = _world(request.state)
    with request.state.lock:
        removed = world["schedules"].pop(request.path_params["schedule_id"], None)
    return not_found("Schedule") if removed is None else JSONResponse(None, 204)


def _deployment_body(deployment: dict[str, Any], workers: bool) -> dict[str, Any]:
    body = {**deployment, "is_active": bool(deployment["workers"])}
    if not workers:
        body.pop("workers")
    return body


def list_deployments(request: Request) -> Response:
    world = _world(request.state)
    active_only = _flag(request, "active_only", True)
    workflow = request.arg("workflow_name")
    queues = {
        r["task_queue"]
        for r in world["registrations"].values()
        if workflow is None or world["workflows"][r["workflow_id"]]["name"] == workflow
    }
    found = [
        _deployment_body(d, workers=False)
        for d in world["deployments"].values()
        if d["name"] in queues and (not active_only or d["workers"])
    ]
    return JSONResponse({"deployments": found})


def get_deployment(request: Request) -> Response:
    deployment = _world(request.state)["deployments"].get(request.path_params["name"])
    if deployment is None:
        return not_found("Deployment")
    return JSONResponse(_deployment_body(deployment, workers=True))


def worker_info(request: Request) -> Response:
    return JSONResponse({"scheduler_url": "127.0.0.1:7233", "namespace": NAMESPACE, "tls": False})


def _instant(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value.replace("Z", "+00:00")) if value else None


def metrics(request: Request) -> Response:
    world = _world(request.state)
    workflow = _find_workflow(world, request.path_params["workflow_name"])
    if workflow is None:
        return not_found("Workflow")
    try:
        start, end = _instant(request.arg("start_time")), _instant(request.arg("end_time"))
    except ValueError:
        return invalid(["query", "start_time"], "Input should be a valid datetime")
    with request.state.lock:
        executions = [
            e
            for e in world["executions"].values()
            if e["_workflow_id"] == workflow["id"]
            and (start is None or _instant(e["start_time"]) >= start)  # type: ignore[operator]
            and (end is None or _instant(e["start_time"]) <= end)  # type: ignore[operator]
        ]
    finished = [e for e in executions if e["total_duration_ms"] is not None]
    latency = [
        [int(_instant(e["end_time"]).timestamp()), e["total_duration_ms"]]  # type: ignore[union-attr]
        for e in finished
    ]
    retried = [e for e in executions if e["_fail"] and e["status"] == "FAILED"]
    count = len(executions)
    return JSONResponse(
        {
            "execution_count": {"value": count},
            "success_count": {"value": sum(e["status"] == "COMPLETED" for e in executions)},
            "error_count": {
                "value": sum(e["status"] in ("FAILED", "TERMINATED") for e in executions)
            },
            "average_latency_ms": {
                "value": sum(e["total_duration_ms"] for e in finished) / len(finished)
                if finished
                else 0
            },
            "latency_over_time": {"value": latency},
            "retry_rate": {"value": len(retried) / count if count else 0},
        }
    )


# -- routes ----------------------------------------------------------------------------------

_W = "/v1/workflows"
_E = _W + "/executions/{execution_id}"


def register(router: Router) -> None:
    routes = [
        ("GET", _W + "/registrations", list_registrations, "get_workflow_registrations_v1_workflows_registrations_get"),
        ("GET", _W + "/registrations/{workflow_registration_id}", get_registration, "get_workflow_registration_v1_workflows_registrations__workflow_registration_id__get"),
        ("POST", _W + "/registrations/{workflow_registration_id}/execute", execute_registration, "execute_workflow_registration_v1_workflows_registrations__workflow_registration_id__execute_post"),
        ("POST", _W + "/{workflow_identifier}/execute", execute, "execute_workflow_v1_workflows__workflow_identifier__execute_post"),
        ("GET", _W + "/{workflow_identifier}", get_workflow, "get_workflow_v1_workflows__workflow_identifier__get"),
        ("PUT", _W + "/{workflow_identifier}", update_workflow, "update_workflow_v1_workflows__workflow_identifier__put"),
        ("PUT", _W + "/{workflow_identifier}/archive", _archiver(True), "archive_workflow_v1_workflows__workflow_identifier__archive_put"),
        ("PUT", _W + "/{workflow_identifier}/unarchive", _archiver(False), "unarchive_workflow_v1_workflows__workflow_identifier__unarchive_put"),
        ("GET", _E, get_execution, "get_workflow_execution_v1_workflows_executions__execution_id__get"),
        ("GET", _E + "/history", execution_history, "get_workflow_execution_history_v1_workflows_executions__execution_id__history_get"),
        ("POST", _E + "/signals", signal, "signal_workflow_execution_v1_workflows_executions__execution_id__signals_post"),
        ("POST", _E + "/queries", query, "query_workflow_execution_v1_workflows_executions__execution_id__queries_post"),
        ("POST", _E + "/updates", update_execution, "update_workflow_execution_v1_workflows_executions__execution_id__updates_post"),
        ("POST", _E + "/terminate", _stopper("TERMINATED"), "terminate_workflow_execution_v1_workflows_executions__execution_id__terminate_post"),
        ("POST", _E + "/cancel", _stopper("CANCELED"), "cancel_workflow_execution_v1_workflows_executions__execution_id__cancel_post"),
        ("POST", _W + "/executions/terminate", _batch_stopper("TERMINATED"), "batch_terminate_workflow_executions_v1_workflows_executions_terminate_post"),
        ("POST", _W + "/executions/cancel", _batch_stopper("CANCELED"), "batch_cancel_workflow_executions_v1_workflows_executions_cancel_post"),
        ("POST", _E + "/reset", reset, "reset_workflow_v1_workflows_executions__execution_id__reset_post"),
        ("GET", _E + "/trace/otel", trace_otel, "get_workflow_execution_trace_otel"),
        ("GET", _E + "/trace/summary", trace_summary, "get_workflow_execution_trace_summary"),
        ("GET", _E + "/trace/events", trace_events, "get_workflow_execution_trace_events"),
        ("GET", _E + "/stream", stream_execution, "stream_v1_workflows_executions__execution_id__stream_get"),
        ("GET", _W + "/events/stream", stream_events, "get_stream_events_v1_workflows_events_stream_get"),
        ("GET", _W + "/events/list", list_events, "get_workflow_events_v1_workflows_events_list_get"),
        ("GET", _W + "/runs", list_runs, "list_runs_v1_workflows_runs_get"),
        ("GET", _W + "/runs/{run_id}", get_run, "get_run_v1_workflows_runs__run_id__get"),
        ("GET", _W + "/runs/{run_id}/history", run_history, "get_run_history_v1_workflows_runs__run_id__history_get"),
        ("GET", _W + "/schedules", list_schedules, "get_schedules_v1_workflows_schedules_get"),
        ("POST", _W + "/schedules", create_schedule, "schedule_workflow_v1_workflows_schedules_post"),
        ("DELETE", _W + "/schedules/{schedule_id}", delete_schedule, "unschedule_workflow_v1_workflows_schedules__schedule_id__delete"),
        ("GET", _W + "/deployments", list_deployments, "list_deployments_v1_workflows_deployments_get"),
        ("GET", _W + "/deployments/{name}", get_deployment, "get_deployment_v1_workflows_deployments__name__get"),
        ("GET", _W + "/workers/whoami", worker_info, "get_worker_info_v1_workflows_workers_whoami_get"),
        ("GET", _W + "/{workflow_name}/metrics", metrics, "get_workflow_metrics_v1_workflows__workflow_name__metrics_get"),
    ]  # fmt: skip
    for method, path, handler, operation_id in routes:
        router.add(method, path, handler, operation_id)
