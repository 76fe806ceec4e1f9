"""Upload a file from disk, find it, download it back, and delete it."""

import json
import tempfile
from pathlib import Path

from _env import client

with tempfile.TemporaryDirectory() as tmp, client() as mistral:
    source = Path(tmp) / "requests.jsonl"
    lines = [{"custom_id": str(i), "body": {"messages": [{"role": "user", "content": f"Say {i}"}]}}
             for i in range(3)]  # fmt: skip
    source.write_text("".join(json.dumps(line) + "\n" for line in lines))

    uploaded = mistral.files.upload(file=source, purpose="batch")
    print(f"uploaded {uploaded.filename}: {uploaded.bytes} bytes, id {uploaded.id}")
    try:
        listed = mistral.files.list(purpose="batch", search="requests")
        print(f"{len(listed.data)} batch file(s) named like 'requests'")

        copy = mistral.files.download_to(uploaded.id, Path(tmp) / "copy.jsonl")
        assert copy.read_bytes() == source.read_bytes()
        print(f"downloaded to {copy.name}: same bytes")
    finally:
        print(f"deleted: {mistral.files.delete(uploaded.id).deleted}")
