"""``/v1/connectors``: MCP connectors, their tools and credentials, and an OAuth2 sign-in.

- A connector's MCP server is played by the fake: every connector has the tools ``echo``
  (``{"text": ...}`` back as text), ``add`` (``a + b``, also as structured content) and
  ``fail`` (always an MCP error). Calls and tool listings of a connector created with
  ``auth_data`` need OAuth2 credentials (403 until the user signed in).
- ``auth_url`` answers a URL on this server, ``/oauth2/authorize?state=...``: opening it
  plays the user signing in at the provider and the platform storing the token, as user
  credentials (named ``credentials_name``, else ``default``), then redirects to
  ``app_return_url`` (302) or answers 200. Each URL works once, for ``ttl`` seconds.
- Credentials live per connector at three levels (organization, workspace, user) and follow
  the spec's rules for ``is_default``: the first of an auth method is its default, ``True``
  promotes, ``False`` is refused for the default. Their secrets are never answered, except
  as ``connection_secrets`` / ``customer_data`` when a connector is fetched asking for them.
- Connectors page by cursor (the id of the last one of the page); ``active`` keeps those
  usable now (no sign-in needed, or credentials stored). Ids are UUIDs numbered from the
  server state.
"""

from __future__ import annotations

import re
import time
import uuid
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from mistralai.testing._routing import (
    JSONResponse,
    RawResponse,
    Request,
    Response,
    Router,
    error_body,
    invalid,
    not_found,
)
from mistralai.testing._state import now_iso

BASE = "/v1/connectors"
ONE = BASE + "/{connector_id_or_name}"
LEVELS = ("organization", "workspace", "user")
AUTHORIZE_PATH = "/oauth2/authorize"
AUTH_URL_TTL = 600
NAME = re.compile(r"[A-Za-z0-9_-]{1,64}")
clock = time.monotonic
"""Where sign-in URLs read the time (a test may replace it to make them expire)."""

_STRING = {"type": "string"}
_NUMBER = {"type": "number"}
TOOLS: dict[str, tuple[str, dict[str, Any]]] = {
    "echo": (
        "Repeat a text",
        {"type": "object", "properties": {"text": _STRING}, "required": ["text"]},
    ),
    "add": (
        "Add two numbers",
        {"type": "object", "properties": {"a": _NUMBER, "b": _NUMBER}, "required": ["a", "b"]},
    ),
    "fail": ("Always fails", {"type": "object", "properties": {}}),
}


class Problem(Exception):
    """An error answer, raised from deep inside a handler."""

    def __init__(self, response: JSONResponse) -> None:
        super().__init__(response.body)
        self.response = response


def _locked(handler: Callable[[Request], Response]) -> Callable[[Request], Response]:
    def run(request: Request) -> Response:
        try:
            with request.state.lock:
                return handler(request)
        except Problem as problem:
            return problem.response

    run.__name__ = handler.__name__
    return run


def _error(status: int, message: str, kind: str) -> Problem:
    return Problem(JSONResponse(error_body(message, kind, str(status)), status))


def _connectors(request: Request) -> dict[str, dict[str, Any]]:
    return request.state.store("connectors")


def _states(request: Request) -> dict[str, dict[str, Any]]:
    return request.state.store("connectors.oauth_states")


def _find(request: Request, key: str = "connector_id_or_name") -> dict[str, Any]:
    wanted = request.path_params[key]
    for connector in _connectors(request).values():
        if wanted in (connector["id"], connector["name"]):
            return connector
    raise Problem(not_found(f"connector {wanted!r}"))


def _by_id(request: Request) -> dict[str, Any]:
    try:
        uuid.UUID(request.path_params["connector_id"])
    except ValueError:
        raise Problem(
            invalid(["path", "connector_id"], "Input should be a valid UUID", "uuid_parsing")
        ) from None
    return _find(request, "connector_id")


def _flag(request: Request, name: str) -> bool:
    value = request.arg(name, "false") or "false"
    if value not in ("true", "false"):
        raise Problem(invalid(["query", name], "Input should be a valid boolean", "bool_parsing"))
    return value == "true"


def _int(request: Request, name: str, default: int, low: int, high: int | None = None) -> int:
    raw = request.arg(name)
    try:
        value = default if raw is None else int(raw)
    except ValueError:
        raise Problem(
            invalid(["query", name], "Input should be a valid integer", "int_parsing")
        ) from None
    if value < low or (high is not None and value > high):
        raise Problem(invalid(["query", name], f"Input should be between {low} and {high}"))
    return value


def _checked_name(value: str | None, where: list[str]) -> str | None:
    if value is not None and not NAME.fullmatch(value):
        raise Problem(invalid(where, "String should match pattern '^[a-zA-Z0-9_-]{1,64}$'"))
    return value


# -- connectors ------------------------------------------------------------------------------


def _public(
    connector: dict[str, Any], secrets: bool = False, customer: bool = False
) -> dict[str, Any]:
    answer = {k: v for k, v in connector.items() if not k.startswith("_")}
    if secrets:
        answer["connection_secrets"] = {
            **(connector["_connection_secrets"] or {}),
            "headers": connector["_headers"],
        }
    if customer:
        answer["customer_data"] = {"auth_data": connector["_auth_data"]}
    return answer


def _tools(
    request: Request, connector: dict[str, Any], server: str, now: str
) -> list[dict[str, Any]]:
    return [
        {
            "id": request.state.new_uuid(),
            "name": name,
            "description": description,
            "system_prompt": None,
            "locale": None,
            "jsonschema": schema,
            "execution_config": {"type": "mcp", "server": server},
            "visibility": connector["_visibility"],
            "created_at": now,
            "modified_at": now,
            "active": True,
        }
        for name, (description, schema) in TOOLS.items()
    ]


@_locked
def create(request: Request) -> Response:
    body = request.json()
    name = _checked_name(body["name"], ["body", "name"])
    if any(c["name"] == name for c in _connectors(request).values()):
        raise _error(409, f"a connector named {name!r} already exists", "conflict")
    now = now_iso()
    connector: dict[str, Any] = {
        "id": request.state.new_uuid(),
        "name": name,
        "description": body["description"],
        "created_at": now,
        "modified_at": now,
        "server": body["server"],
        "auth_type": "oauth2" if body.get("auth_data") else "none",
        "_visibility": body.get("visibility", "shared_org"),
        "_icon_url": body.get("icon_url"),
        "_system_prompt": body.get("system_prompt"),
        "_headers": body.get("headers"),
        "_auth_data": body.get("auth_data"),
        "_connection_config": None,
        "_connection_secrets": None,
        "_credentials": {level: {} for level in LEVELS},
    }
    connector["tools"] = _tools(request, connector, body["server"], now)
    _connectors(request)[connector["id"]] = connector
    return JSONResponse(_public(connector), 201)


def _active(connector: dict[str, Any]) -> bool:
    return connector["auth_type"] == "none" or any(connector["_credentials"].values())


@_locked
def list_connectors(request: Request) -> Response:
    size = _int(request, "page_size", 100, 1, 1000)
    secrets = _flag(request, "fetch_connection_secrets")
    connectors = list(_connectors(request).values())
    if request.arg("active") is not None:
        wanted = _flag(request, "active")
        connectors = [c for c in connectors if _active(c) == wanted]
    cursor = request.arg("cursor")
    if cursor:
        ids = [c["id"] for c in connectors]
        if cursor not in ids:
            raise Problem(invalid(["query", "cursor"], "Invalid cursor"))
        connectors = connectors[ids.index(cursor) + 1 :]
    page = connectors[:size]
    more = len(connectors) > size
    return JSONResponse(
        {
            "items": [_public(c, secrets) for c in page],
            "pagination": {"next_cursor": page[-1]["id"] if more else None, "page_size": size},
        }
    )


@_locked
def get(request: Request) -> Response:
    connector = _find(request)
    secrets = _flag(request, "fetch_connection_secrets")
    return JSONResponse(_public(connector, secrets, _flag(request, "fetch_customer_data")))


_UPDATABLE = {
    "name": "name",
    "description": "description",
    "server": "server",
    "icon_url": "_icon_url",
    "system_prompt": "_system_prompt",
    "connection_config": "_connection_config",
    "connection_secrets": "_connection_secrets",
    "headers": "_headers",
    "auth_data": "_auth_data",
}


@_locked
def update(request: Request) -> Response:
    connector = _by_id(request)
    body = request.json()
    name = body.get("name")
    if name is not None:
        _checked_name(name, ["body", "name"])
        taken = any(c["name"] == name and c is not connector for c in _connectors(request).values())
        if taken:
            raise _error(409, f"a connector named {name!r} already exists", "conflict")
    for field, key in _UPDATABLE.items():
        if field not in body:
            continue
        if body[field] is None and field in ("name", "description", "server"):
            continue
        connector[key] = body[field]
    if "auth_data" in body:
        connector["auth_type"] = "oauth2" if connector["_auth_data"] else "none"
    connector["modified_at"] = now_iso()
    return JSONResponse(_public(connector))


@_locked
def delete(request: Request) -> Response:
    connector = _by_id(request)
    del _connectors(request)[connector["id"]]
    return JSONResponse({"message": f"Connector {connector['id']} deleted."})


# -- tools -----------------------------------------------------------------------------------


def _credentials_for(request: Request, connector: dict[str, Any]) -> dict[str, Any] | None:
    """The credentials a call would use: the named ones (user, then workspace, then
    organization), else the default OAuth2 ones of the nearest level."""
    name = _checked_name(request.arg("credentials_name"), ["query", "credentials_name"])
    stores = [connector["_credentials"][level] for level in reversed(LEVELS)]
    if name is not None:
        for store in stores:
            if name in store:
                return dict(store[name])
        raise Problem(not_found(f"credentials {name!r}"))
    for store in stores:
        for credentials in store.values():
            if credentials["is_default"] and credentials["authentication_type"] == "oauth2":
                return dict(credentials)
    return None


def _signed_in(request: Request, connector: dict[str, Any]) -> None:
    if _credentials_for(request, connector) is None and connector["auth_type"] == "oauth2":
        raise _error(
            403,
            f"connector {connector['name']!r} needs OAuth2 credentials: sign in through "
            "its auth_url first",
            "forbidden",
        )


def _mcp_tool(name: str, pretty: bool) -> dict[str, Any]:
    description, schema = TOOLS[name]
    annotations = {"readOnlyHint": name != "fail", "destructiveHint": False}
    if pretty:
        return {"name": name, "description": description, "annotations": annotations,
                "inputSchema": schema}  # fmt: skip
    return {"name": name, "title": name.capitalize(), "description": description,
            "inputSchema": schema, "annotations": annotations}  # fmt: skip


@_locked
def list_tools(request: Request) -> Response:
    connector = _find(request)
    page = _int(request, "page", 1, 1)
    size = _int(request, "page_size", 100, 1)
    _flag(request, "refresh")
    pretty = _flag(request, "pretty")
    _signed_in(request, connector)
    names = list(TOOLS)[(page - 1) * size : page * size]
    return JSONResponse([_mcp_tool(name, pretty) for name in names])


@_locked
def call_tool(request: Request) -> Response:
    connector = _find(request)
    tool = request.path_params["tool_name"]
    _signed_in(request, connector)
    if tool not in TOOLS:
        raise Problem(not_found(f"tool {tool!r} of connector {connector['name']!r}"))
    arguments = request.json().get("arguments") or {}
    missing = [a for a in TOOLS[tool][1].get("required", ()) if a not in arguments]
    structured: dict[str, Any] | None = None
    if missing:
        text, failed = f"missing argument {missing[0]!r}", True
    elif tool == "echo":
        text, failed = str(arguments["text"]), False
    elif tool == "add":
        total = arguments["a"] + arguments["b"]
        text, failed, structured = (
            f"{arguments['a']} + {arguments['b']} = {total}",
            False,
            {"result": total},
        )
    else:
        text, failed = "the tool failed on purpose", True
    return JSONResponse(
        {
            "content": [{"type": "text", "text": text}],
            "metadata": {"mcp_meta": {"isError": failed, "structuredContent": structured}},
        }
    )


# -- authentication --------------------------------------------------------------------------


@_locked
def authentication_methods(request: Request) -> Response:
    connector = _find(request)
    methods: list[dict[str, Any]] = []
    if connector["_auth_data"]:
        methods.append({"method_type": "oauth2", "headers": None})
    bearer = [{"name": "Authorization", "is_required": True, "is_secret": True}]
    methods.append({"method_type": "bearer", "headers": bearer})
    if not connector["_auth_data"]:
        methods.append({"method_type": "none", "headers": []})
    return JSONResponse(methods)


@_locked
def auth_url(request: Request) -> Response:
    connector = _find(request)
    name = _checked_name(request.arg("credentials_name"), ["query", "credentials_name"])
    auth_data = connector["_auth_data"]
    if not auth_data:
        raise _error(
            400,
            f"connector {connector['name']!r} does not sign in with OAuth2",
            "invalid_request_error",
        )
    state = request.state.new_id("state-")
    _states(request)[state] = {
        "connector_id": connector["id"],
        "credentials_name": name or "default",
        "app_return_url": request.arg("app_return_url"),
        "expires": clock() + AUTH_URL_TTL,
    }
    host = request.headers.get("host", "127.0.0.1")
    query = urlencode({"client_id": auth_data["client_id"], "state": state})
    return JSONResponse({"auth_url": f"http://{host}{AUTHORIZE_PATH}?{query}", "ttl": AUTH_URL_TTL})


@_locked
def authorize(request: Request) -> Response:
    """The provider's sign-in page and the platform's callback, in one step."""
    pending = _states(request).pop(request.arg("state") or "", None)
    if pending is None or pending["expires"] < clock():
        return JSONResponse(
            {"error": "invalid_request", "error_description": "unknown or expired state"}, 400
        )
    connector = _connectors(request).get(pending["connector_id"])
    if connector is None:
        return not_found("connector")
    token = {
        "access_token": f"token-{request.state.new_id()}",
        "token_type": "Bearer",
        "expires_in": 3600,
    }
    _store_credentials(
        connector["_credentials"]["user"], pending["credentials_name"], None, {"oauth": token}
    )
    back = pending["app_return_url"]
    if back:
        return RawResponse(status=302, content_type="text/plain", headers={"location": back})
    return JSONResponse({"message": "Signed in; you can close this page."})


# -- credentials -----------------------------------------------------------------------------


def _kind(credentials: dict[str, Any] | None) -> str:
    if credentials and credentials.get("oauth"):
        return "oauth2"
    if credentials and credentials.get("bearer_token"):
        return "bearer"
    return "none"


def _store_credentials(
    store: dict[str, dict[str, Any]],
    name: str,
    is_default: bool | None,
    data: dict[str, Any] | None,
) -> str:
    """Create or update ``name`` in ``store`` following the spec's default rules; return what
    was done (``created`` / ``updated``)."""
    existing = store.get(name)
    kind = _kind(data) if existing is None or data is not None else existing["authentication_type"]
    siblings = [c for n, c in store.items() if n != name and c["authentication_type"] == kind]
    if existing is None:
        if not siblings and is_default is False:
            raise Problem(
                invalid(
                    ["body", "is_default"],
                    "the first credentials of an auth method must be its default",
                )
            )
        default = not siblings or is_default is True
        done = "created"
    else:
        if is_default is False and existing["is_default"]:
            raise Problem(
                invalid(
                    ["body", "is_default"], "promote other credentials before demoting the default"
                )
            )
        default = is_default is True or (
            existing["is_default"] and existing["authentication_type"] == kind
        )
        done = "updated"
    if default:
        for sibling in siblings:
            sibling["is_default"] = False
    secret = data if data is not None else (existing or {}).get("_secret")
    store[name] = {
        "name": name,
        "authentication_type": kind,
        "is_default": default,
        "_secret": secret,
    }
    _ensure_default(store)
    return done


def _ensure_default(store: dict[str, dict[str, Any]]) -> None:
    """Every auth method that has credentials keeps one default (the oldest, if it lost it)."""
    for kind in {c["authentication_type"] for c in store.values()}:
        same = [c for c in store.values() if c["authentication_type"] == kind]
        if not any(c["is_default"] for c in same):
            same[0]["is_default"] = True


def _level(request: Request) -> str:
    return request.path.split("/")[4]


@_locked
def list_credentials(request: Request) -> Response:
    connector = _find(request)
    auth_type = request.arg("auth_type")
    if auth_type is not None and auth_type not in ("oauth2", "bearer", "none"):
        raise Problem(
            invalid(["query", "auth_type"], "Input should be 'oauth2', 'bearer' or 'none'", "enum")
        )
    defaults_only = _flag(request, "fetch_default")
    found = [
        {k: v for k, v in c.items() if not k.startswith("_")}
        for c in connector["_credentials"][_level(request)].values()
        if (auth_type is None or c["authentication_type"] == auth_type)
        and (not defaults_only or c["is_default"])
    ]
    preset = ["oauth2"] if connector["_auth_data"] else []
    return JSONResponse({"credentials": found, "connector_preset_credentials_for_auth": preset})


@_locked
def save_credentials(request: Request) -> Response:
    connector = _find(request)
    body = request.json()
    name = _checked_name(body["name"], ["body", "name"]) or ""
    store = connector["_credentials"][_level(request)]
    done = _store_credentials(store, name, body.get("is_default"), body.get("credentials"))
    return JSONResponse({"message": f"Credentials {name!r} {done}."})


@_locked
def delete_credentials(request: Request) -> Response:
    connector = _find(request)
    name = request.path_params["credentials_name"]
    _checked_name(name, ["path", "credentials_name"])
    store = connector["_credentials"][_level(request)]
    if store.pop(name, None) is None:
        raise Problem(not_found(f"credentials {name!r}"))
    _ensure_default(store)
    return JSONResponse({"message": f"Credentials {name!r} deleted."})


def register(router: Router) -> None:
    router.add("POST", BASE, create, "connector_create_v1")
    router.add("GET", BASE, list_connectors, "connector_list_v1")
    router.add("GET", ONE, get, "connector_get_v1")
    router.add("PATCH", BASE + "/{connector_id}", update, "connector_update_v1")
    router.add("DELETE", BASE + "/{connector_id}", delete, "connector_delete_v1")
    router.add("GET", ONE + "/auth_url", auth_url, "connector_get_auth_url_v1")
    router.add("GET", ONE + "/authentication_methods", authentication_methods,
               "connector_get_authentication_methods_v1")  # fmt: skip
    router.add("GET", ONE + "/tools", list_tools, "connector_list_tools_v1")
    router.add("POST", ONE + "/tools/{tool_name}/call", call_tool, "connector_call_tool_v1")
    for level in LEVELS:
        path = f"{ONE}/{level}/credentials"
        router.add("GET", path, list_credentials, f"connector_list_{level}_credentials_v1")
        router.add("POST", path, save_credentials,
                   f"connector_create_or_update_{level}_credentials_v1")  # fmt: skip
        router.add("DELETE", path + "/{credentials_name}", delete_credentials,
                   f"connector_delete_{level}_credentials_v1")  # fmt: skip
    router.add("GET", AUTHORIZE_PATH, authorize)
