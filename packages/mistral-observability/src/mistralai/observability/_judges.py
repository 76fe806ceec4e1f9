"""``client.beta.observability.judges``: saved judges, which grade conversations with a model."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Union

from typing_extensions import Unpack

from mistralai.models import MessageInput
from mistralai.observability.models import (
    JudgeClassificationOutput,
    JudgeConversationRequest,
    JudgeOutput,
    JudgeOutputType,
    JudgePreview,
    JudgePreviews,
    JudgeRegressionOutput,
    PostJudgeInSchema,
    PutJudgeInSchema,
)
from mistralai.types import UNSET, OptionalNullable, UnsetType
from mistralai.utils import (
    Call,
    CallOptions,
    NumberedPages,
    Operation,
    Resource,
    async_items,
    async_operation,
    async_pages,
    request_body,
    sync_items,
    sync_operation,
    sync_pages,
)

_BASE = "/v1/observability/judges"
_ONE = _BASE + "/{judge_id}"
CREATE: Operation[JudgePreview] = Operation(
    "create_judge_v1_observability_judges_post", "POST", _BASE, JudgePreview
)
LIST: Operation[JudgePreviews] = Operation(
    "get_judges_v1_observability_judges_get", "GET", _BASE, JudgePreviews
)
FETCH: Operation[JudgePreview] = Operation(
    "get_judge_by_id_v1_observability_judges__judge_id__get", "GET", _ONE, JudgePreview
)
DELETE: Operation[None] = Operation(
    "delete_judge_v1_observability_judges__judge_id__delete", "DELETE", _ONE
)
UPDATE: Operation[None] = Operation(
    "update_judge_v1_observability_judges__judge_id__put", "PUT", _ONE
)
JUDGE_CONVERSATION: Operation[JudgeOutput] = Operation(
    "judge_conversation_v1_observability_judges__judge_id__live_judging_post",
    "POST",
    _ONE + "/live-judging",
    JudgeOutput,
)

OutputFormat = Union[JudgeClassificationOutput, JudgeRegressionOutput, Mapping[str, Any]]
"""A judge's ``output``: a model or its dict (``{"type": "REGRESSION", ...}``)."""


def _judge(judge_id: str) -> dict[str, str]:
    return {"judge_id": judge_id}


PAGES = NumberedPages[JudgePreviews, JudgePreview](
    lambda page: page.judges.results,
    first=1,
    default_size=50,
    has_more=lambda page: page.judges.next is not None,
    total=lambda page: page.judges.count,
)
"""How ``GET /v1/observability/judges`` pages:
``page`` from 1, 50 a page, until a page names no ``next``."""


class Judges(Resource):
    """Saved judges (``client.beta.observability.judges``): a model, instructions and the
    form of the verdict (classes or a score). Run them on a conversation, or over many
    events with a campaign.

    >>> from mistralai.observability.models import JudgeRegressionOutput
    >>> judges = client.beta.observability.judges
    >>> judge = judges.create(
    ...     name="politeness", description="How polite the answer is",
    ...     model_name="mistral-small-latest", instructions="Rate the politeness.", tools=[],
    ...     output=JudgeRegressionOutput(min_description="rude", max_description="polite"))
    >>> judges.judge_conversation(
    ...     judge_id=judge.id, messages=[{"role": "user", "content": "Thanks!"}]).answer
    """

    def _create(
        self,
        *,
        name: str,
        description: str,
        model_name: str,
        output: OutputFormat,
        instructions: str,
        tools: Sequence[str],
        **options: Unpack[CallOptions],
    ) -> Call:
        """Save a judge.

        :param name: 5 to 50 characters, unique.
        :param model_name: the model that judges.
        :param output: ``JudgeClassificationOutput(options=[...])`` or
            ``JudgeRegressionOutput(min_description=..., max_description=...)``.
        :param instructions: what the judge looks at.
        :param tools: names of the tools the judge may use.

        >>> from mistralai.observability.models import (
        ...     JudgeClassificationOutput, JudgeClassificationOutputOption)
        >>> judge = judges.create(name="on topic", description="Does it answer?", tools=[],
        ...     model_name="mistral-small-latest", instructions="Does the answer stay on topic?",
        ...     output=JudgeClassificationOutput(options=[
        ...         JudgeClassificationOutputOption(value="yes", description="on topic"),
        ...         JudgeClassificationOutputOption(value="no", description="off topic")]))
        """
        return Call(body=request_body(PostJudgeInSchema, locals()), options=options)

    def _list(
        self,
        *,
        type_filter: Sequence[JudgeOutputType] | None = None,
        model_filter: Sequence[str] | None = None,
        page_size: int | UnsetType = UNSET,
        page: int | UnsetType = UNSET,
        q: str | None = None,
        **options: Unpack[CallOptions],
    ) -> Call:
        """One page of judges (``page`` counts from 1); filter by output type and model, or
        search with ``q``. :meth:`iter_all` walks every page.

        >>> client.beta.observability.judges.list(type_filter=["REGRESSION"]).judges.count
        """
        query = {
            "type_filter": list(type_filter) if type_filter else None,
            "model_filter": list(model_filter) if model_filter else None,
            "page_size": page_size,
            "page": page,
            "q": q,
        }
        return Call(query=query, options=options)

    def _fetch(self, *, judge_id: str, **options: Unpack[CallOptions]) -> Call:
        """A judge.

        >>> judges.fetch(judge_id=judge.id).output
        """
        return Call(path_params=_judge(judge_id), options=options)

    def _delete(self, *, judge_id: str, **options: Unpack[CallOptions]) -> Call:
        """Delete a judge.

        >>> judges.delete(judge_id=judge.id)
        """
        return Call(path_params=_judge(judge_id), options=options)

    def _update(
        self,
        *,
        judge_id: str,
        name: str,
        description: str,
        model_name: str,
        output: OutputFormat,
        instructions: str,
        tools: Sequence[str],
        **options: Unpack[CallOptions],
    ) -> Call:
        """Replace a judge's definition (every field is required, as in :meth:`create`).

        >>> judges.update(judge_id=judge.id, **{**definition, "model_name": "mistral-large-latest"})
        """
        body = request_body(PutJudgeInSchema, locals())
        return Call(path_params=_judge(judge_id), body=body, options=options)

    def _judge_conversation(
        self,
        *,
        judge_id: str,
        messages: Sequence[MessageInput],
        properties: OptionalNullable[Mapping[str, Any]] = UNSET,
        **options: Unpack[CallOptions],
    ) -> Call:
        """Run a saved judge on a conversation.

        :param messages: the conversation: dicts or chat message models (``UserMessage``...).
        :param properties: extra properties of the conversation the judge may use.

        >>> from mistralai.models import UserMessage
        >>> judges.judge_conversation(judge_id=judge.id, messages=[
        ...     UserMessage(content="Thanks!"), {"role": "assistant", "content": "Anytime."}])
        JudgeOutput(analysis='...', answer=...)
        """
        body = request_body(JudgeConversationRequest, locals())
        return Call(path_params=_judge(judge_id), body=body, options=options)

    create = sync_operation(CREATE, _create)
    create_async = async_operation(CREATE, _create)
    list = sync_operation(LIST, _list)
    list_async = async_operation(LIST, _list)
    list_pages = sync_pages(
        list,
        PAGES,
        example="""
        >>> [len(page.judges.results) for page in judges.list_pages(page_size=100)]
        """,
    )
    list_pages_async = async_pages(
        list_async,
        PAGES,
        example="""
        >>> async for page in judges.list_pages_async(page_size=100):
        ...     print(len(page.judges.results))
        """,
    )
    iter_all = sync_items(
        list,
        PAGES,
        example="""
        >>> names = [j.name for j in client.beta.observability.judges.iter_all(q="polite")]
        """,
    )
    iter_all_async = async_items(
        list_async,
        PAGES,
        example="""
        >>> names = [j.name async for j in judges.iter_all_async(q="polite")]
        """,
    )
    fetch = sync_operation(FETCH, _fetch)
    fetch_async = async_operation(FETCH, _fetch)
    delete = sync_operation(DELETE, _delete)
    delete_async = async_operation(DELETE, _delete)
    update = sync_operation(UPDATE, _update)
    update_async = async_operation(UPDATE, _update)
    judge_conversation = sync_operation(JUDGE_CONVERSATION, _judge_conversation)
    judge_conversation_async = async_operation(JUDGE_CONVERSATION, _judge_conversation)
