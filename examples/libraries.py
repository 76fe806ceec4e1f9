"""A document library: create it, add a document, read its text back, and delete it."""

import tempfile
import time
from pathlib import Path

from _env import client

PENDING = ("todo", "in_progress", "waiting_for_capacity")

with tempfile.TemporaryDirectory() as tmp, client() as mistral:
    libraries = mistral.beta.libraries
    library = libraries.create(name="sdk-example-handbook", description="How we work")
    try:
        policy = Path(tmp) / "leave-policy.md"
        policy.write_text("# Leave\n\nEveryone gets twenty-five days of paid leave a year.\n")
        document = libraries.documents.upload(library_id=library.id, file=policy)
        ids = {"library_id": library.id, "document_id": document.id}

        deadline = time.monotonic() + 60
        status = libraries.documents.status(**ids)
        while status.process_status in PENDING and time.monotonic() < deadline:
            time.sleep(1)
            status = libraries.documents.status(**ids)
        print(f"{document.name}: {status.process_status}")
        print(libraries.documents.text_content(**ids).text.strip())
    finally:
        libraries.delete(library_id=library.id)
        print(f"deleted library {library.name}")
