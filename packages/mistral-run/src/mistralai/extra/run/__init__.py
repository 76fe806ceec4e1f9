"""Conversation runs: :class:`~mistralai.extra.run.context.RunContext` holds the tools that
run on this side, ``client.beta.conversations.run_async`` drives the conversation, and
:class:`~mistralai.extra.run.result.RunResult` holds what it produced."""
