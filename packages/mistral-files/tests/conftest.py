"""Fixtures of the files tests."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from mistralai.testing import Part, parse_form


@pytest.fixture
def read_form() -> Callable[[bytes, str], dict[str, Part]]:
    """Parses a multipart/form-data body with mistral-testing's parser, which shares no code
    with the SDK's encoder."""
    return parse_form
