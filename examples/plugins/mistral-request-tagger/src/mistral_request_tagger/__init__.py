"""A complete middleware plugin for the Mistral SDK, in one module.

Once installed, every ``Mistral`` client sends ``x-request-tag`` (from the
``MISTRAL_REQUEST_TAG`` environment variable, default ``"untagged"``) and logs one line per
finished call on the ``mistral_request_tagger`` logger. No client code names this plugin:
its entry point in ``pyproject.toml`` is all it takes.
"""

from __future__ import annotations

import logging
import os
import time
from typing import Any

import mistralai

logger = logging.getLogger("mistral_request_tagger")


@mistralai.hookimpl
def mistral_before_request(request: Any, context: mistralai.HookContext) -> None:
    request.headers["x-request-tag"] = os.environ.get("MISTRAL_REQUEST_TAG", "untagged")
    context.state.setdefault("tagger.started", time.perf_counter())


@mistralai.hookimpl
def mistral_after_success(response: Any, context: mistralai.HookContext) -> None:
    _log(context, str(response.status_code))


@mistralai.hookimpl
def mistral_after_error(error: Exception, context: mistralai.HookContext) -> None:
    _log(context, type(error).__name__)


def _log(context: mistralai.HookContext, outcome: str) -> None:
    elapsed = time.perf_counter() - context.state.get("tagger.started", time.perf_counter())
    logger.info(
        "%s -> %s in %.1f ms (%d attempts)",
        context.operation_id,
        outcome,
        elapsed * 1000,
        context.attempt,
    )
