"""Giving an agent the run context's tools: the two agent operations a run needs.

The conversations API takes no tools for an agent conversation: the agent's own
definition lists them. So a run with ``agent_id`` first reads the agent and, when its
function tools or response format differ from the context's, updates it (which makes a
new version of the agent). This package describes the two operations itself rather than
use another package's agents resource.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from typing_extensions import Unpack

from mistralai.utils import Call, CallOptions, Operation, Resource, async_operation, sync_operation

if TYPE_CHECKING:
    from mistralai.extra.run.context import RunContext

GET_AGENT: Operation[dict[str, Any]] = Operation(
    "agents_api_v1_agents_get", "GET", "/v1/agents/{agent_id}", dict[str, Any]
)
UPDATE_AGENT: Operation[dict[str, Any]] = Operation(
    "agents_api_v1_agents_update", "PATCH", "/v1/agents/{agent_id}", dict[str, Any]
)


class AgentDefinitions(Resource):
    """Read an agent's definition and change some of its fields."""

    def _get(self, agent_id: str, **options: Unpack[CallOptions]) -> Call:
        """An agent's definition, as JSON."""
        return Call(path_params={"agent_id": agent_id}, options=options)

    def _update(
        self, agent_id: str, changes: Mapping[str, Any], **options: Unpack[CallOptions]
    ) -> Call:
        """Change the given fields of an agent (a new version)."""
        return Call(path_params={"agent_id": agent_id}, body=dict(changes), options=options)

    get = sync_operation(GET_AGENT, _get)
    get_async = async_operation(GET_AGENT, _get)
    update = sync_operation(UPDATE_AGENT, _update)
    update_async = async_operation(UPDATE_AGENT, _update)


def agent_changes(agent: Mapping[str, Any], run_ctx: RunContext) -> dict[str, Any]:
    """The update that gives ``agent`` the context's function tools (replacing functions of
    the same name, keeping every other tool) and its output format; empty when the agent
    has them already."""
    local = [tool.to_wire() for tool in run_ctx.get_tools()]
    names = {tool["function"]["name"] for tool in local}
    current = list(agent.get("tools") or [])
    kept = [
        tool
        for tool in current
        if tool.get("type") != "function" or tool.get("function", {}).get("name") not in names
    ]
    changes: dict[str, Any] = {}
    if kept + local != current:
        changes["tools"] = kept + local
    if run_ctx.output_format is not None:
        arguments = dict(agent.get("completion_args") or {})
        response_format = run_ctx.response_format.to_wire()
        if arguments.get("response_format") != response_format:
            changes["completion_args"] = {**arguments, "response_format": response_format}
    return changes
