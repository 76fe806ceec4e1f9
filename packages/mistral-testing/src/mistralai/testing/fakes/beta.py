"""Beta conversations (``/v1/conversations``) and agents management (``/v1/agents``).

Conversations remember their entries and answer like the chat engine ("You said: ..."),
with function calls when function tools are offered and the function results in a message
(see ``_conversation_engine`` for the markers that choose calls); streams send
``conversation.response.started``, one ``message.output.delta`` per word (a function call
in two ``function.call.delta`` pieces) and ``conversation.response.done``. Agents are
versioned, aliased, and stored in ``state.agents`` so that ``/v1/agents/completions``
serves them.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from typing import Any

from mistralai.testing import _conversation_engine, _engine
from mistralai.testing._routing import (
    EventStreamResponse,
    JSONResponse,
    Request,
    Response,
    Router,
    error_body,
    not_found,
)
from mistralai.testing._state import now_iso

# -- conversations ---------------------------------------------------------------------------


def _conversations(request: Request) -> dict[str, dict[str, Any]]:
    return request.state.store("conversations")


def _entry(request: Request, kind: str, **fields: Any) -> dict[str, Any]:
    now = now_iso()
    return {
        "object": "entry",
        "type": kind,
        "id": request.state.new_id("entry_"),
        "created_at": now,
        "completed_at": now,
        **fields,
    }


def _inputs(request: Request, inputs: Any) -> list[dict[str, Any]]:
    if isinstance(inputs, str):
        return [_entry(request, "message.input", role="user", content=inputs, prefix=False)]
    entries = []
    for item in inputs:
        kind = item.get("type", "message.input")
        fields = {
            k: v
            for k, v in item.items()
            if k not in ("object", "type", "id", "created_at", "completed_at")
        }
        entries.append(_entry(request, kind, **fields))
    return entries


def _answer(
    request: Request, conversation: dict[str, Any], new: list[dict[str, Any]], body: dict[str, Any]
) -> list[dict[str, Any]]:
    if any(e["type"] == "message.input" for e in new):
        conversation["_tool_rounds"] = 0
    outputs = _conversation_engine.answer(
        entries=conversation["entries"] + new,
        new=new,
        tools=conversation.get("tools") or [],
        completion_args=body.get("completion_args") or conversation.get("completion_args") or {},
        rounds_done=conversation.get("_tool_rounds", 0),
        new_id=request.state.new_id,
    )
    if outputs[0]["type"] == "function.call":
        conversation["_tool_rounds"] = conversation.get("_tool_rounds", 0) + 1
    source = {"model": conversation.get("model"), "agent_id": conversation.get("agent_id")}
    return [_entry(request, output.pop("type"), **output, **source) for output in outputs]


def _usage(new: list[dict[str, Any]], outputs: list[dict[str, Any]]) -> dict[str, int]:
    prompt = sum(len(_engine.text_of(e.get("content")).split()) or 1 for e in new)
    completion = sum(len(str(e.get("content", e.get("arguments", ""))).split()) for e in outputs)
    return {
        "prompt_tokens": prompt,
        "completion_tokens": completion,
        "total_tokens": prompt + completion,
    }


def _turn(request: Request, conversation: dict[str, Any], body: dict[str, Any]) -> Response:
    new = _inputs(request, body["inputs"])
    outputs = _answer(request, conversation, new, body)
    conversation["entries"] += new + outputs
    conversation["updated_at"] = now_iso()
    usage = _usage(new, outputs)
    if body.get("stream"):
        return EventStreamResponse(_events(conversation["id"], outputs, usage), done=False)
    return JSONResponse(
        {
            "object": "conversation.response",
            "conversation_id": conversation["id"],
            "outputs": outputs,
            "usage": usage,
        }
    )


def _events(
    conversation_id: str, outputs: list[dict[str, Any]], usage: dict[str, int]
) -> Iterator[Any]:
    yield (
        "conversation.response.started",
        {
            "type": "conversation.response.started",
            "conversation_id": conversation_id,
            "created_at": now_iso(),
        },
    )
    for index, entry in enumerate(outputs):
        if entry["type"] == "function.call":
            for piece in _conversation_engine.argument_pieces(entry["arguments"]):
                yield (
                    "function.call.delta",
                    {
                        "type": "function.call.delta",
                        "id": entry["id"],
                        "output_index": index,
                        "name": entry["name"],
                        "tool_call_id": entry["tool_call_id"],
                        "arguments": piece,
                        "model": entry.get("model"),
                        "agent_id": entry.get("agent_id"),
                    },
                )
            continue
        for position, piece in enumerate(_engine._pieces(entry["content"])):
            yield (
                "message.output.delta",
                {
                    "type": "message.output.delta",
                    "id": entry["id"],
                    "output_index": index,
                    "content_index": position,
                    "role": "assistant",
                    "content": piece,
                    "model": entry.get("model"),
                    "agent_id": entry.get("agent_id"),
                },
            )
    yield (
        "conversation.response.done",
        {"type": "conversation.response.done", "usage": usage, "created_at": now_iso()},
    )


def start(request: Request) -> Response:
    body = request.json()
    agent_id = body.get("agent_id")
    if agent_id and agent_id not in request.state.agents:
        return not_found(f"Agent {agent_id}")
    now = now_iso()
    conversation = {
        "id": request.state.new_id("conv_"),
        "object": "conversation",
        "created_at": now,
        "updated_at": now,
        "entries": [],
        **{k: body.get(k) for k in ("name", "description", "metadata")},
    }
    if agent_id:
        agent = request.state.agents[agent_id]
        conversation.update(agent_id=agent_id, agent_version=body.get("agent_version"))
        conversation["tools"] = agent.get("tools", [])
        conversation["completion_args"] = agent.get("completion_args") or {}
    else:
        conversation.update(
            model=body.get("model") or "mistral-medium-latest",
            instructions=body.get("instructions"),
            tools=body.get("tools") or [],
            completion_args=body.get("completion_args") or {},
        )
    with request.state.lock:
        _conversations(request)[conversation["id"]] = conversation
        return _turn(request, conversation, body)


def _lookup(request: Request) -> dict[str, Any] | None:
    return _conversations(request).get(request.path_params["conversation_id"])


def append(request: Request) -> Response:
    with request.state.lock:
        conversation = _lookup(request)
        if conversation is None:
            return not_found("Conversation")
        return _turn(request, conversation, request.json())


def restart(request: Request) -> Response:
    body = request.json()
    with request.state.lock:
        original = _lookup(request)
        if original is None:
            return not_found("Conversation")
        ids = [e["id"] for e in original["entries"]]
        if body["from_entry_id"] not in ids:
            return not_found(f"Entry {body['from_entry_id']}")
        branch = copy.deepcopy(original)
        branch["id"] = request.state.new_id("conv_")
        branch["entries"] = branch["entries"][: ids.index(body["from_entry_id"]) + 1]
        _conversations(request)[branch["id"]] = branch
        return _turn(request, branch, body)


def _public(conversation: dict[str, Any]) -> dict[str, Any]:
    hidden = {"entries"}
    if conversation.get("agent_id") is not None:
        hidden |= {"tools", "completion_args"}
    return {
        k: v
        for k, v in conversation.items()
        if k not in hidden and not k.startswith("_") and v is not None
    }


def get(request: Request) -> Response:
    conversation = _lookup(request)
    return (
        not_found("Conversation") if conversation is None else JSONResponse(_public(conversation))
    )


def list_conversations(request: Request) -> Response:
    # Newest first; a tie (the same second) goes by creation order, so the order never
    # depends on how fast a test runs.
    created = list(_conversations(request).values())
    found = [
        created[i]
        for i in sorted(
            range(len(created)), key=lambda i: (created[i]["created_at"], i), reverse=True
        )
    ]
    page, size = int(request.arg("page", "0") or 0), int(request.arg("page_size", "100") or 100)
    return JSONResponse([_public(c) for c in found[page * size : (page + 1) * size]])


def delete(request: Request) -> Response:
    with request.state.lock:
        removed = _conversations(request).pop(request.path_params["conversation_id"], None)
    return not_found("Conversation") if removed is None else JSONResponse(None, 204)


def history(request: Request) -> Response:
    conversation = _lookup(request)
    if conversation is None:
        return not_found("Conversation")
    return JSONResponse(
        {
            "object": "conversation.history",
            "conversation_id": conversation["id"],
            "entries": conversation["entries"],
        }
    )


def messages(request: Request) -> Response:
    conversation = _lookup(request)
    if conversation is None:
        return not_found("Conversation")
    found = [e for e in conversation["entries"] if e["type"] in ("message.input", "message.output")]
    return JSONResponse(
        {
            "object": "conversation.messages",
            "conversation_id": conversation["id"],
            "messages": found,
        }
    )


# -- agents ----------------------------------------------------------------------------------

_AGENT_FIELDS = (
    "instructions",
    "tools",
    "completion_args",
    "guardrails",
    "model",
    "name",
    "description",
    "handoffs",
    "metadata",
    "version_message",
    "deployment_chat",
)


def _public_agent(agent: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in agent.items() if not k.startswith("_")}


def create_agent(request: Request) -> Response:
    body = request.json()
    now = now_iso()
    agent = {
        "id": request.state.new_id("ag_"),
        "object": "agent",
        "version": 0,
        "versions": [0],
        "created_at": now,
        "updated_at": now,
        "deployment_chat": False,
        "source": "api",
        "tools": [],
        **{k: body[k] for k in _AGENT_FIELDS if k in body},
    }
    agent["_snapshots"] = {0: _public_agent(agent)}
    agent["_aliases"] = {}
    with request.state.lock:
        request.state.agents[agent["id"]] = agent
    return JSONResponse(_public_agent(agent))


def _agent(request: Request) -> dict[str, Any] | None:
    agent = request.state.agents.get(request.path_params["agent_id"])
    if agent is not None:
        agent.setdefault("_snapshots", {agent.get("version", 0): _public_agent(agent)})
        agent.setdefault("_aliases", {})
    return agent


def get_agent(request: Request) -> Response:
    agent = _agent(request)
    if agent is None:
        return not_found("Agent")
    wanted = request.arg("agent_version")
    if wanted is None:
        return JSONResponse(_public_agent(agent))
    return _version(agent, wanted)


def _version(agent: dict[str, Any], wanted: str) -> Response:
    alias = agent["_aliases"].get(wanted)
    number = alias["version"] if alias else int(wanted) if wanted.isdigit() else -1
    snapshot = agent["_snapshots"].get(number)
    return not_found(f"Version {wanted}") if snapshot is None else JSONResponse(snapshot)


def update_agent(request: Request) -> Response:
    body = request.json()
    with request.state.lock:
        agent = _agent(request)
        if agent is None:
            return not_found("Agent")
        agent.update({k: body[k] for k in _AGENT_FIELDS if k in body})
        agent["version"] = max(agent["_snapshots"]) + 1
        agent["versions"] = [*agent["_snapshots"], agent["version"]]
        agent["updated_at"] = now_iso()
        agent["_snapshots"][agent["version"]] = _public_agent(agent)
        return JSONResponse(_public_agent(agent))


def update_version(request: Request) -> Response:
    with request.state.lock:
        agent = _agent(request)
        if agent is None:
            return not_found("Agent")
        snapshot = agent["_snapshots"].get(int(request.arg("version", "-1") or -1))
        if snapshot is None:
            return not_found("Version")
        agent.update({k: v for k, v in snapshot.items() if k not in ("versions", "created_at")})
        agent["versions"] = list(agent["_snapshots"])
        return JSONResponse(_public_agent(agent))


def delete_agent(request: Request) -> Response:
    with request.state.lock:
        removed = request.state.agents.pop(request.path_params["agent_id"], None)
    return not_found("Agent") if removed is None else JSONResponse(None, 204)


def _filtered_agents(request: Request) -> list[dict[str, Any]]:
    agents = [_public_agent(a) for a in request.state.agents.values()]
    if request.arg("name"):
        agents = [a for a in agents if a.get("name") == request.arg("name")]
    if request.arg("search"):
        agents = [a for a in agents if (request.arg("search") or "") in (a.get("name") or "")]
    if request.arg("metadata"):
        wanted = json.loads(request.arg("metadata") or "{}")
        agents = [
            a
            for a in agents
            if all((a.get("metadata") or {}).get(k) == v for k, v in wanted.items())
        ]
    return agents


def list_agents(request: Request) -> Response:
    agents = _filtered_agents(request)
    page, size = int(request.arg("page", "0") or 0), int(request.arg("page_size", "20") or 20)
    return JSONResponse(agents[page * size : (page + 1) * size])


_CURSOR = "cursor_"


def list_agent_pages(request: Request) -> Response:
    """Cursor pages: the token is opaque to clients; here it names the next offset."""
    agents = _filtered_agents(request)
    size = int(request.arg("page_size", "20") or 20)
    token = request.arg("page_token") or ""
    if token and not (token.startswith(_CURSOR) and token[len(_CURSOR) :].isdigit()):
        return JSONResponse(error_body(f"invalid page_token {token!r}"), 400)
    start = int(token[len(_CURSOR) :]) if token else 0
    end = start + size
    next_token = _CURSOR + str(end) if end < len(agents) else None
    return JSONResponse(
        {"object": "list", "data": agents[start:end], "next_page_token": next_token}
    )


def list_versions(request: Request) -> Response:
    agent = _agent(request)
    if agent is None:
        return not_found("Agent")
    page, size = int(request.arg("page", "0") or 0), int(request.arg("page_size", "20") or 20)
    return JSONResponse(list(agent["_snapshots"].values())[page * size : (page + 1) * size])


def get_version(request: Request) -> Response:
    agent = _agent(request)
    return not_found("Agent") if agent is None else _version(agent, request.path_params["version"])


def set_alias(request: Request) -> Response:
    with request.state.lock:
        agent = _agent(request)
        if agent is None:
            return not_found("Agent")
        version = int(request.arg("version", "-1") or -1)
        if version not in agent["_snapshots"]:
            return not_found(f"Version {version}")
        alias = request.arg("alias") or ""
        now = now_iso()
        created = agent["_aliases"].get(alias, {}).get("created_at", now)
        agent["_aliases"][alias] = {
            "alias": alias,
            "version": version,
            "created_at": created,
            "updated_at": now,
        }
        return JSONResponse(agent["_aliases"][alias])


def list_aliases(request: Request) -> Response:
    agent = _agent(request)
    return not_found("Agent") if agent is None else JSONResponse(list(agent["_aliases"].values()))


def delete_alias(request: Request) -> Response:
    with request.state.lock:
        agent = _agent(request)
        if agent is None or agent["_aliases"].pop(request.arg("alias") or "", None) is None:
            return not_found("Alias")
        return JSONResponse(None, 204)


def register(router: Router) -> None:
    conv, one = "/v1/conversations", "/v1/conversations/{conversation_id}"
    router.add("POST", conv, start, "agents_api_v1_conversations_start")
    router.add("GET", conv, list_conversations, "agents_api_v1_conversations_list")
    router.add("GET", one, get, "agents_api_v1_conversations_get")
    router.add("DELETE", one, delete, "agents_api_v1_conversations_delete")
    router.add("POST", one, append, "agents_api_v1_conversations_append")
    router.add("GET", one + "/history", history, "agents_api_v1_conversations_history")
    router.add("GET", one + "/messages", messages, "agents_api_v1_conversations_messages")
    router.add("POST", one + "/restart", restart, "agents_api_v1_conversations_restart")
    agents, agent = "/v1/agents", "/v1/agents/{agent_id}"
    router.add("POST", agents, create_agent, "agents_api_v1_agents_create")
    router.add("GET", agents, list_agents, "agents_api_v1_agents_list")
    router.add("GET", agents + "/pages", list_agent_pages, "agents_api_v1_agents_list_pages")
    router.add("GET", agent, get_agent, "agents_api_v1_agents_get")
    router.add("PATCH", agent, update_agent, "agents_api_v1_agents_update")
    router.add("DELETE", agent, delete_agent, "agents_api_v1_agents_delete")
    router.add("PATCH", agent + "/version", update_version, "agents_api_v1_agents_update_version")
    router.add("GET", agent + "/versions", list_versions, "agents_api_v1_agents_list_versions")
    router.add(
        "GET", agent + "/versions/{version}", get_version, "agents_api_v1_agents_get_version"
    )
    router.add("PUT", agent + "/aliases", set_alias, "agents_api_v1_agents_create_or_update_alias")
    router.add("GET", agent + "/aliases", list_aliases, "agents_api_v1_agents_list_version_aliases")
    router.add("DELETE", agent + "/aliases", delete_alias, "agents_api_v1_agents_delete_alias")
