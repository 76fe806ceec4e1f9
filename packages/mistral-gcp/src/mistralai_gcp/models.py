"""``mistralai_gcp.models``: the request and response models, by their official path.

Every name comes from :mod:`mistralai.models` (the shared types and each installed area's).
"""

from typing import Any

import mistralai.models


def __getattr__(name: str) -> Any:
    return getattr(mistralai.models, name)


def __dir__() -> list[str]:
    return dir(mistralai.models)
