"""Streaming a chat answer token by token, then the whole answer the events add up to."""

from _env import MODEL, client

with client() as mistral:
    res = mistral.chat.stream(
        model=MODEL,
        messages=[{"role": "user", "content": "Write a haiku about the sea."}],
    )
    with res as event_stream:
        for event in event_stream:
            print(event.data.choices[0].delta.content or "", end="", flush=True)
        final = event_stream.get_final_response()
    print()
    print(f"finish reason: {final.choices[0].finish_reason}, usage: {final.usage}")
