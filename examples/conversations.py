"""A stored conversation: start it, append to it, read its history, restart it streamed."""

from _env import MODEL, client

with client() as mistral:
    conversation = mistral.beta.conversations.start(
        model=MODEL, inputs="Name a planet of the solar system.", store=True
    )
    print(conversation.outputs[-1].content)

    follow_up = mistral.beta.conversations.append(
        conversation_id=conversation.conversation_id, inputs="Name another one."
    )
    print(follow_up.outputs[-1].content)

    history = mistral.beta.conversations.get_history(conversation.conversation_id)
    print(f"{len(history.entries)} entries so far")

    first_answer = history.entries[1]
    with mistral.beta.conversations.restart_stream(
        conversation_id=conversation.conversation_id,
        from_entry_id=first_answer.id,
        inputs="Name a dwarf planet instead.",
    ) as events:
        for event in events:
            if event.event == "message.output.delta":
                print(event.data.content, end="", flush=True)
        branch = events.get_final_response()
    print()
    print(f"branched into {branch.conversation_id}, {branch.usage.total_tokens} tokens")
    mistral.beta.conversations.delete(conversation.conversation_id)
