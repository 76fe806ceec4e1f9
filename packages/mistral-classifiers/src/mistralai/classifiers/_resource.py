"""``client.classifiers``: moderation and classification of texts and conversations."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeAlias, Union

from typing_extensions import Unpack

from mistralai.classifiers.models import (
    ChatClassificationRequest,
    ChatModerationRequest,
    ClassificationRequest,
    ClassificationRequestInputs,
    ClassificationResponse,
    InstructRequest,
    ModerationResponse,
)
from mistralai.models import MessageInput
from mistralai.types import UNSET, OptionalNullable
from mistralai.utils import (
    Call,
    CallOptions,
    Operation,
    Resource,
    async_operation,
    request_body,
    sync_operation,
)

MODERATE: Operation[ModerationResponse] = Operation(
    "moderations_v1_moderations_post", "POST", "/v1/moderations", ModerationResponse
)
MODERATE_CHAT: Operation[ModerationResponse] = Operation(
    "chat_moderations_v1_chat_moderations_post", "POST", "/v1/chat/moderations", ModerationResponse
)
CLASSIFY: Operation[ClassificationResponse] = Operation(
    "classifications_v1_classifications_post",
    "POST",
    "/v1/classifications",
    ClassificationResponse,
)
CLASSIFY_CHAT: Operation[ClassificationResponse] = Operation(
    "chat_classifications_v1_chat_classifications_post",
    "POST",
    "/v1/chat/classifications",
    ClassificationResponse,
)

DEFAULT_MODERATION_MODEL = "mistral-moderation-latest"
"""The model ``moderate`` and ``moderate_chat`` use when none is given (the API needs one)."""

Conversations: TypeAlias = Union[Sequence[MessageInput], Sequence[Sequence[MessageInput]]]
"""One conversation (a list of messages) or a list of conversations."""

InstructInputs: TypeAlias = Union[
    InstructRequest, dict[str, Any], Sequence[Union[InstructRequest, dict[str, Any]]]
]
"""One ``{"messages": [...]}`` conversation or a list of them."""


class Classifiers(Resource):
    """Moderation and classification (``/v1/moderations``, ``/v1/classifications`` and
    their ``/v1/chat/...`` variants).

    >>> res = client.classifiers.moderate(inputs=["...text to check..."])
    >>> res.results[0].categories["pii"]
    False
    """

    def _moderate(
        self,
        *,
        inputs: ClassificationRequestInputs,
        model: str | None = None,
        metadata: OptionalNullable[dict[str, Any]] = UNSET,
        **options: Unpack[CallOptions],
    ) -> Call:
        """Moderate texts: per input, a flag and a score for each category.

        :param inputs: a text or a list of texts (sent as ``input``).
        :param model: the moderation model; ``"mistral-moderation-latest"`` when not given.
        :param metadata: free-form metadata stored with the request.
        :param options: per-call ``retries``, ``server_url``, ``timeout_ms``, ``http_headers``.

        >>> res = client.classifiers.moderate(inputs=["Hello", "Another text"])
        >>> [r.categories["violence_and_threats"] for r in res.results]
        [False, False]
        """
        model = model or DEFAULT_MODERATION_MODEL
        return Call(body=request_body(ClassificationRequest, locals()), options=options)

    moderate = sync_operation(MODERATE, _moderate)
    moderate_async = async_operation(MODERATE, _moderate)

    def _moderate_chat(
        self,
        *,
        inputs: Conversations,
        model: str | None = None,
        **options: Unpack[CallOptions],
    ) -> Call:
        """Moderate conversations: one result per conversation.

        :param inputs: a list of messages, or a list of such lists (sent as ``input``).
        :param model: the moderation model; ``"mistral-moderation-latest"`` when not given.
        :param options: per-call ``retries``, ``server_url``, ``timeout_ms``, ``http_headers``.

        >>> res = client.classifiers.moderate_chat(
        ...     inputs=[{"role": "user", "content": "Hi"}, {"role": "assistant", "content": "Hello"}]
        ... )
        >>> res.results[0].category_scores["pii"]
        """
        model = model or DEFAULT_MODERATION_MODEL
        body = request_body(ChatModerationRequest, locals())
        return Call(body=body, options=options)

    moderate_chat = sync_operation(MODERATE_CHAT, _moderate_chat)
    moderate_chat_async = async_operation(MODERATE_CHAT, _moderate_chat)

    def _classify(
        self,
        *,
        model: str,
        inputs: ClassificationRequestInputs,
        metadata: OptionalNullable[dict[str, Any]] = UNSET,
        **options: Unpack[CallOptions],
    ) -> Call:
        """Classify texts with a classifier model (fine-tuned or built in).

        :param model: the classifier model.
        :param inputs: a text or a list of texts (sent as ``input``).
        :param metadata: free-form metadata stored with the request.
        :param options: per-call ``retries``, ``server_url``, ``timeout_ms``, ``http_headers``.

        >>> res = client.classifiers.classify(model="ft:classifier:...", inputs=["Great!"])
        >>> res.results[0]["sentiment"].scores
        """
        return Call(body=request_body(ClassificationRequest, locals()), options=options)

    classify = sync_operation(CLASSIFY, _classify)
    classify_async = async_operation(CLASSIFY, _classify)

    def _classify_chat(
        self,
        *,
        model: str,
        inputs: InstructInputs,
        **options: Unpack[CallOptions],
    ) -> Call:
        """Classify conversations with a classifier model.

        :param model: the classifier model.
        :param inputs: ``{"messages": [...]}`` (an :class:`InstructRequest`) or a list of them
            (sent as ``input``).
        :param options: per-call ``retries``, ``server_url``, ``timeout_ms``, ``http_headers``.

        >>> res = client.classifiers.classify_chat(
        ...     model="ft:classifier:...",
        ...     inputs={"messages": [{"role": "user", "content": "Great service!"}]},
        ... )
        >>> res.results[0]["sentiment"].scores
        """
        body = request_body(ChatClassificationRequest, locals())
        return Call(body=body, options=options)

    classify_chat = sync_operation(CLASSIFY_CHAT, _classify_chat)
    classify_chat_async = async_operation(CLASSIFY_CHAT, _classify_chat)
