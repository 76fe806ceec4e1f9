"""Create an agent, talk to it (whole answer, then streamed), and delete it."""

from _env import MODEL, client

with client() as mistral:
    agent = mistral.beta.agents.create(
        model=MODEL, name="sdk-example-poet", instructions="Answer in one short sentence."
    )
    try:
        res = mistral.agents.complete(
            agent_id=agent.id,
            messages=[{"role": "user", "content": "What is the capital of France?"}],
        )
        print(res.choices[0].message.content)

        with mistral.agents.stream(
            agent_id=agent.id,
            messages=[{"role": "user", "content": "And of Italy?"}],
        ) as event_stream:
            for event in event_stream:
                print(event.data.choices[0].delta.content or "", end="", flush=True)
        print()
    finally:
        mistral.beta.agents.delete(agent.id)
