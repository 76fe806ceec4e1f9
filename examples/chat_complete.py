"""A chat completion, as in the seed documents."""

from _env import MODEL, client

from mistralai.models import UserMessage

with client() as mistral:
    res = mistral.chat.complete(
        model=MODEL,
        messages=[
            UserMessage(content="Who is the best French painter? Answer in one short sentence.")
        ],
        temperature=0.2,
    )
    print(res.choices[0].message.content)
    assert res.usage is not None
    print(f"tokens: {res.usage.total_tokens}")
