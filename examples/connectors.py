"""Connectors: reach an MCP server through Mistral, sign a user in with OAuth2, store
credentials, list and call its tools."""

import os

import httpx
from _env import client

LOCAL = bool(os.environ.get("MISTRAL_SERVER_URL"))

with client() as mistral:
    connectors = mistral.beta.connectors
    wiki = connectors.create(
        name="sdk-example-wiki",
        description="A wiki behind an MCP server",
        server=os.environ.get("MCP_SERVER_URL", "https://mcp.example.com/sse"),
        visibility="private",
        auth_data={"client_id": "sdk-example", "client_secret": "not-a-real-secret"},
    )
    print(f"created {wiki.name} ({wiki.id}), signing in with {wiki.auth_type}")
    try:
        methods = connectors.get_authentication_methods(wiki.id)
        print("signs in with:", ", ".join(m.method_type for m in methods))

        sign_in = connectors.get_auth_url(
            wiki.id, app_return_url="https://app.example.com/connected", credentials_name="me"
        )
        print(f"send the user to {sign_in.auth_url} (valid {sign_in.ttl} s)")
        if LOCAL:  # the local server plays the provider: "opening" the URL signs in
            landed = httpx.get(sign_in.auth_url)
            print(f"the user lands back on {landed.headers.get('location')}")

        connectors.create_or_update_workspace_credentials(
            wiki.id, name="team", credentials={"bearer_token": "a-team-token"}
        )
        for level in ("user", "workspace"):
            listed = getattr(connectors, f"list_{level}_credentials")(wiki.id)
            names = [f"{c.name} ({c.authentication_type})" for c in listed.credentials]
            print(f"{level} credentials: {', '.join(names) or 'none'}")

        if LOCAL:
            for tool in connectors.iter_tools(wiki.id, page_size=2):
                print(f"tool {tool.name}: {tool.description}")
            answer = connectors.call_tool(wiki.id, "add", arguments={"a": 2, "b": 40})
            print(f"add -> {answer.text} {answer.structured_content}")

        active = [c.name for c in connectors.iter_all(query_filters={"active": True})]
        print(f"{len(active)} connectors ready to use")
    finally:
        print(connectors.delete(wiki.id).message)
