"""A full function-calling round trip: the model asks for a tool, we answer, it concludes."""

import json

from _env import MODEL, client

from mistralai.models import Function, Tool, ToolMessage, UserMessage


def get_weather(location: str) -> str:
    return json.dumps({"location": location, "forecast": "sunny", "celsius": 21})


tools = [
    Tool(
        function=Function(
            name="get_weather",
            description="Get the current weather for a city",
            parameters={
                "type": "object",
                "properties": {"location": {"type": "string"}},
                "required": ["location"],
            },
        )
    )
]

with client() as mistral:
    messages: list = [UserMessage(content="What's the weather like in Paris today?")]
    res = mistral.chat.complete(model=MODEL, messages=messages, tools=tools, tool_choice="auto")
    reply = res.choices[0].message
    messages.append(reply)
    for call in reply.tool_calls or []:
        args = call.function.arguments
        args = json.loads(args) if isinstance(args, str) else args
        print(f"model called {call.function.name}({args})")
        messages.append(
            ToolMessage(content=get_weather(**args), tool_call_id=call.id, name=call.function.name)
        )
    final = mistral.chat.complete(model=MODEL, messages=messages, tools=tools)
    print(final.choices[0].message.content)
