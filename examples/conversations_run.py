"""A conversation that runs local Python functions as tools (needs mistral-run).

The run helpers call the functions the model asks for, send the results back and stop when
the model answers; `output_format` makes the answer a pydantic model. The same run is made
blocking (`run_stream`) and async (`run_async`).
"""

import asyncio
from typing import Any

from _env import MODEL, client
from pydantic import BaseModel

from mistralai.extra.run.context import RunContext
from mistralai.extra.run.result import RunResult


class Forecast(BaseModel):
    city: str
    celsius: float
    summary: str


def get_weather(city: str, unit: str = "celsius") -> dict[str, object]:
    """The current weather in a city.

    Args:
        city: The city's name, in English.
        unit: "celsius" or "fahrenheit".
    """
    return {"city": city, "temperature": 21.5, "unit": unit, "sky": "sunny"}


QUESTION = "What is the weather like in Paris right now?"


def describe(entry: Any) -> str:
    if entry.type == "function.call":
        return f"call {entry.name}({entry.arguments})"
    if entry.type == "function.result":
        return f"result {entry.result}"
    return f"{entry.type}: {getattr(entry, 'content', '')}"


with client() as mistral, RunContext(model=MODEL, output_format=Forecast) as run_ctx:
    run_ctx.register_func(get_weather)
    for event in mistral.beta.conversations.run_stream(run_ctx=run_ctx, inputs=QUESTION):
        if isinstance(event, RunResult):
            print("\n".join(describe(entry) for entry in event.output_entries))
            print(f"forecast: {event.output_as_model!r}")
        elif event.event == "conversation.response.started":
            print(f"turn of conversation {event.data.conversation_id}")


async def main() -> None:
    async with client() as mistral, RunContext(model=MODEL, continue_on_fn_error=True) as run_ctx:

        @run_ctx.register_func
        async def get_local_time(city: str) -> str:
            """The local time in a city."""
            return "14:05"

        result = await mistral.beta.conversations.run_async(
            run_ctx=run_ctx, inputs="What time is it in Tokyo?"
        )
        print("\n".join(describe(entry) for entry in result.output_entries))


asyncio.run(main())
