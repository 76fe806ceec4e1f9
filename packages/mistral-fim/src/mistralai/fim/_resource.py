"""``client.fim``: fill-in-the-middle code completions, streamed or not."""

from __future__ import annotations

from typing import Any, cast

from typing_extensions import Unpack

from mistralai.fim.models import (
    FIMCompletionRequest,
    FIMCompletionRequestStop,
    FIMCompletionResponse,
)
from mistralai.models import CompletionEvent, completion_event
from mistralai.types import UNSET, OptionalNullable, UnsetType
from mistralai.utils import (
    Call,
    CallOptions,
    CompletionAccumulator,
    Operation,
    Resource,
    async_operation,
    async_stream,
    request_body,
    sync_operation,
    sync_stream,
)

_OPERATION_ID = "fim_completion_v1_fim_completions_post"
COMPLETE: Operation[FIMCompletionResponse] = Operation(
    _OPERATION_ID, "POST", "/v1/fim/completions", FIMCompletionResponse
)
STREAM: Operation[CompletionEvent] = Operation(
    _OPERATION_ID, "POST", "/v1/fim/completions", decode=completion_event
)


_STREAM_SUMMARY = (
    "Stream a fill-in-the-middle completion as typed events (use it in a ``with`` block); "
    "``get_final_response()`` adds them up."
)


class FIMCompletionAccumulator(CompletionAccumulator):
    """Adds up the events of a FIM stream into a ``FIMCompletionResponse``."""

    __slots__ = ()
    response_type = FIMCompletionResponse

    def result(self) -> FIMCompletionResponse:
        """The completion the events added so far make up.

        >>> FIMCompletionAccumulator().result().choices
        []
        """
        return cast(FIMCompletionResponse, super().result())


class Fim(Resource):
    """Fill-in-the-middle completions (``POST /v1/fim/completions``).

    >>> res = client.fim.complete(model="codestral-latest", prompt="def add(",
    ...                           suffix="    return a + b")
    >>> res.choices[0].message.content
    """

    def _prepare(
        self,
        *,
        model: str,
        prompt: str,
        suffix: OptionalNullable[str] = UNSET,
        temperature: OptionalNullable[float] = UNSET,
        top_p: float | UnsetType = UNSET,
        max_tokens: OptionalNullable[int] = UNSET,
        min_tokens: OptionalNullable[int] = UNSET,
        stream: bool | UnsetType = UNSET,
        stop: FIMCompletionRequestStop | UnsetType = UNSET,
        random_seed: OptionalNullable[int] = UNSET,
        metadata: OptionalNullable[dict[str, Any]] = UNSET,
        prompt_cache_key: OptionalNullable[str] = UNSET,
        **options: Unpack[CallOptions],
    ) -> Call:
        """Complete code between ``prompt`` and ``suffix``.

        :param model: a FIM model, e.g. ``"codestral-latest"``.
        :param prompt: the code before the gap.
        :param suffix: the code after the gap; without it the model continues ``prompt``.
        :param temperature: sampling temperature (0.0 to 1.5; 0.0-0.7 recommended).
        :param top_p: nucleus sampling probability mass (0 to 1).
        :param max_tokens: the most tokens to generate.
        :param min_tokens: the fewest tokens to generate.
        :param stream: must be False or left out here; the ``stream`` methods stream.
        :param stop: a string or strings that end generation.
        :param random_seed: a seed that makes sampling deterministic.
        :param metadata: free-form metadata stored with the request.
        :param prompt_cache_key: a key grouping requests that share a prompt prefix.
        :param options: per-call ``retries``, ``server_url``, ``timeout_ms``, ``http_headers``.

        >>> res = client.fim.complete(model="codestral-latest",
        ...                           prompt="def fib(n):", suffix="print(fib(10))")
        >>> res.choices[0].message.content
        >>> with client.fim.stream(model="codestral-latest", prompt="def fib(n):") as events:
        ...     code = events.get_final_text()
        """
        return Call(body=request_body(FIMCompletionRequest, locals()), options=options)

    complete = sync_operation(COMPLETE, _prepare)
    complete_async = async_operation(COMPLETE, _prepare)
    stream = sync_stream(
        STREAM, _prepare, summary=_STREAM_SUMMARY, accumulate=FIMCompletionAccumulator
    )
    stream_async = async_stream(
        STREAM, _prepare, summary=_STREAM_SUMMARY, accumulate=FIMCompletionAccumulator
    )
