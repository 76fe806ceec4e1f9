"""Embed a few sentences, compare them, and moderate a message."""

import math

from _env import client

with client() as mistral:
    sentences = ["The cat sleeps on the sofa.", "A cat naps on the couch.", "Stocks fell today."]
    res = mistral.embeddings.create(model="mistral-embed", inputs=sentences)
    vectors = [item.embedding for item in res.data]

    def cosine(a: list[float], b: list[float]) -> float:
        dot = sum(x * y for x, y in zip(a, b, strict=True))
        return dot / (math.sqrt(sum(x * x for x in a)) * math.sqrt(sum(y * y for y in b)))

    print(f"{len(vectors)} vectors of {len(vectors[0])} dimensions")
    print(f"cat/cat similarity {cosine(vectors[0], vectors[1]):.3f}")
    print(f"cat/stocks similarity {cosine(vectors[0], vectors[2]):.3f}")

    moderation = mistral.classifiers.moderate(
        model="mistral-moderation-latest", inputs=["Have a lovely day!"]
    )
    flagged = [name for name, hit in moderation.results[0].categories.items() if hit]
    print(f"flagged categories: {flagged or 'none'}")
