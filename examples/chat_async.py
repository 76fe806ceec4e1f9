"""Async completion and async streaming, concurrently."""

import asyncio

from _env import MODEL, client


async def main() -> None:
    async with client() as mistral:
        questions = ["Name a river in France.", "Name a mountain in Italy."]
        answers = await asyncio.gather(
            *(
                mistral.chat.complete_async(model=MODEL, messages=[{"role": "user", "content": q}])
                for q in questions
            )
        )
        for question, answer in zip(questions, answers):
            print(question, "->", answer.choices[0].message.content)

        stream = await mistral.chat.stream_async(
            model=MODEL, messages=[{"role": "user", "content": "Count to five."}]
        )
        async with stream:
            async for event in stream:
                print(event.data.choices[0].delta.content or "", end="", flush=True)
        print()


asyncio.run(main())
