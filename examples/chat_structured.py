"""Structured output: the answer comes back as a validated pydantic object."""

from _env import MODEL, client
from pydantic import BaseModel


class Book(BaseModel):
    name: str
    authors: list[str]


with client() as mistral:
    res = mistral.chat.parse(
        Book,
        model=MODEL,
        messages=[{"role": "user", "content": "Name a classic French novel and its author."}],
    )
    book = res.choices[0].message.parsed
    assert book is not None
    print(f"{book.name} by {', '.join(book.authors)}")
