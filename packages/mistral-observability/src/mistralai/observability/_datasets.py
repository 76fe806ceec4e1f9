"""``client.beta.observability.datasets`` (and its ``.records``): datasets of conversations,
filled by hand or by background imports, exported as JSONL."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Union

from typing_extensions import Unpack

from mistralai.observability.models import (
    ConversationPayload,
    Dataset,
    DatasetExport,
    DatasetImportTask,
    DatasetImportTasks,
    DatasetPreview,
    DatasetPreviews,
    DatasetRecord,
    DatasetRecords,
    DeleteDatasetRecordsInSchema,
    JudgeOutput,
    PatchDatasetInSchema,
    PostDatasetImportFromCampaignInSchema,
    PostDatasetImportFromDatasetInSchema,
    PostDatasetImportFromExplorerInSchema,
    PostDatasetImportFromFileInSchema,
    PostDatasetImportFromPlaygroundInSchema,
    PostDatasetInSchema,
    PostDatasetRecordInSchema,
    PostDatasetRecordJudgingInSchema,
    PostJudgeInSchema,
    PutDatasetRecordPayloadInSchema,
    PutDatasetRecordPropertiesInSchema,
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
    poll,
    poll_async,
    request_body,
    sync_items,
    sync_operation,
    sync_pages,
)

if TYPE_CHECKING:
    from mistralai._runtime import ClientRuntime

_BASE = "/v1/observability/datasets"
_ONE = _BASE + "/{dataset_id}"
_IMPORTS = _ONE + "/imports"
_RECORD = "/v1/observability/dataset-records/{dataset_record_id}"
CREATE: Operation[Dataset] = Operation(
    "create_dataset_v1_observability_datasets_post", "POST", _BASE, Dataset
)
LIST: Operation[DatasetPreviews] = Operation(
    "get_datasets_v1_observability_datasets_get", "GET", _BASE, DatasetPreviews
)
FETCH: Operation[DatasetPreview] = Operation(
    "get_dataset_by_id_v1_observability_datasets__dataset_id__get", "GET", _ONE, DatasetPreview
)
DELETE: Operation[None] = Operation(
    "delete_dataset_v1_observability_datasets__dataset_id__delete", "DELETE", _ONE
)
UPDATE: Operation[DatasetPreview] = Operation(
    "update_dataset_v1_observability_datasets__dataset_id__patch", "PATCH", _ONE, DatasetPreview
)
LIST_RECORDS: Operation[DatasetRecords] = Operation(
    "get_dataset_records_v1_observability_datasets__dataset_id__records_get",
    "GET",
    _ONE + "/records",
    DatasetRecords,
)
CREATE_RECORD: Operation[DatasetRecord] = Operation(
    "create_dataset_record_v1_observability_datasets__dataset_id__records_post",
    "POST",
    _ONE + "/records",
    DatasetRecord,
)
IMPORT_FROM_CAMPAIGN: Operation[DatasetImportTask] = Operation(
    "post_dataset_records_from_campaign_v1_observability_datasets__dataset_id__imports_from_campaign_post",
    "POST",
    _IMPORTS + "/from-campaign",
    DatasetImportTask,
)
IMPORT_FROM_EXPLORER: Operation[DatasetImportTask] = Operation(
    "post_dataset_records_from_explorer_v1_observability_datasets__dataset_id__imports_from_explorer_post",
    "POST",
    _IMPORTS + "/from-explorer",
    DatasetImportTask,
)
IMPORT_FROM_FILE: Operation[DatasetImportTask] = Operation(
    "post_dataset_records_from_file_v1_observability_datasets__dataset_id__imports_from_file_post",
    "POST",
    _IMPORTS + "/from-file",
    DatasetImportTask,
)
IMPORT_FROM_PLAYGROUND: Operation[DatasetImportTask] = Operation(
    "post_dataset_records_from_playground_v1_observability_datasets__dataset_id__imports_from_playground_post",
    "POST",
    _IMPORTS + "/from-playground",
    DatasetImportTask,
)
IMPORT_FROM_DATASET: Operation[DatasetImportTask] = Operation(
    "post_dataset_records_from_dataset_v1_observability_datasets__dataset_id__imports_from_dataset_post",
    "POST",
    _IMPORTS + "/from-dataset",
    DatasetImportTask,
)
EXPORT_TO_JSONL: Operation[DatasetExport] = Operation(
    "export_dataset_to_jsonl_v1_observability_datasets__dataset_id__exports_to_jsonl_get",
    "GET",
    _ONE + "/exports/to-jsonl",
    DatasetExport,
)
FETCH_TASK: Operation[DatasetImportTask] = Operation(
    "get_dataset_import_task_v1_observability_datasets__dataset_id__tasks__task_id__get",
    "GET",
    _ONE + "/tasks/{task_id}",
    DatasetImportTask,
)
LIST_TASKS: Operation[DatasetImportTasks] = Operation(
    "get_dataset_import_tasks_v1_observability_datasets__dataset_id__tasks_get",
    "GET",
    _ONE + "/tasks",
    DatasetImportTasks,
)
RECORD_FETCH: Operation[DatasetRecord] = Operation(
    "get_dataset_record_v1_observability_dataset_records__dataset_record_id__get",
    "GET",
    _RECORD,
    DatasetRecord,
)
RECORD_DELETE: Operation[None] = Operation(
    "delete_dataset_record_v1_observability_dataset_records__dataset_record_id__delete",
    "DELETE",
    _RECORD,
)
RECORD_BULK_DELETE: Operation[None] = Operation(
    "delete_dataset_records_v1_observability_dataset_records_bulk_delete_post",
    "POST",
    "/v1/observability/dataset-records/bulk-delete",
    idempotent=True,
)
RECORD_JUDGE: Operation[JudgeOutput] = Operation(
    "judge_dataset_record_v1_observability_dataset_records__dataset_record_id__live_judging_post",
    "POST",
    _RECORD + "/live-judging",
    JudgeOutput,
)
RECORD_UPDATE_PAYLOAD: Operation[None] = Operation(
    "update_dataset_record_payload_v1_observability_dataset_records__dataset_record_id__payload_put",
    "PUT",
    _RECORD + "/payload",
)
RECORD_UPDATE_PROPERTIES: Operation[None] = Operation(
    "update_dataset_record_properties_v1_observability_dataset_records__dataset_record_id__properties_put",
    "PUT",
    _RECORD + "/properties",
)

Payload = Union[ConversationPayload, Mapping[str, Any]]
"""A conversation: ``{"messages": [...]}`` (dicts or chat message models) or the model."""


def _dataset(dataset_id: str) -> dict[str, str]:
    return {"dataset_id": dataset_id}


def _record(dataset_record_id: str) -> dict[str, str]:
    return {"dataset_record_id": dataset_record_id}


PAGES = NumberedPages[DatasetPreviews, DatasetPreview](
    lambda page: page.datasets.results,
    first=1,
    default_size=50,
    has_more=lambda page: page.datasets.next is not None,
    total=lambda page: page.datasets.count,
)
"""How ``GET /v1/observability/datasets`` pages:
``page`` from 1, 50 a page, until a page names no ``next``."""
RECORD_PAGES = NumberedPages[DatasetRecords, DatasetRecord](
    lambda page: page.records.results,
    first=1,
    default_size=50,
    has_more=lambda page: page.records.next is not None,
    total=lambda page: page.records.count,
)
"""How ``GET /v1/observability/datasets/{dataset_id}/records`` pages:
``page`` from 1, 50 a page, until a page names no ``next``."""
TASK_PAGES = NumberedPages[DatasetImportTasks, DatasetImportTask](
    lambda page: page.tasks.results,
    first=1,
    default_size=50,
    has_more=lambda page: page.tasks.next is not None,
    total=lambda page: page.tasks.count,
)
"""How ``GET /v1/observability/datasets/{dataset_id}/tasks`` pages:
``page`` from 1, 50 a page, until a page names no ``next``."""


class Records(Resource):
    """The records of datasets, by id (``client.beta.observability.datasets.records``); list
    and add them with ``client.beta.observability.datasets.list_records`` / ``create_record``.

    >>> records = client.beta.observability.datasets.records
    >>> records.update_properties(dataset_record_id=rec.id, properties={"reviewed": True})
    """

    def _fetch(self, *, dataset_record_id: str, **options: Unpack[CallOptions]) -> Call:
        """A record, with its conversation.

        >>> records.fetch(dataset_record_id=rec.id).payload.messages
        """
        return Call(path_params=_record(dataset_record_id), options=options)

    def _delete(self, *, dataset_record_id: str, **options: Unpack[CallOptions]) -> Call:
        """Delete a record.

        >>> records.delete(dataset_record_id=rec.id)
        """
        return Call(path_params=_record(dataset_record_id), options=options)

    def _bulk_delete(
        self, *, dataset_record_ids: Sequence[str], **options: Unpack[CallOptions]
    ) -> Call:
        """Delete up to 500 records at once, from any datasets.

        >>> records.bulk_delete(dataset_record_ids=[rec.id])
        """
        body = request_body(DeleteDatasetRecordsInSchema, locals())
        return Call(body=body, options=options)

    def _judge(
        self,
        *,
        dataset_record_id: str,
        judge_definition: PostJudgeInSchema | Mapping[str, Any],
        **options: Unpack[CallOptions],
    ) -> Call:
        """Run a judge, defined here and not saved, on a record's conversation.

        >>> records.judge(dataset_record_id=rec.id, judge_definition=definition).answer
        """
        body = request_body(PostDatasetRecordJudgingInSchema, locals())
        return Call(path_params=_record(dataset_record_id), body=body, options=options)

    def _update_payload(
        self, *, dataset_record_id: str, payload: Payload, **options: Unpack[CallOptions]
    ) -> Call:
        """Replace a record's conversation.

        >>> records.update_payload(dataset_record_id=rec.id,
        ...                        payload={"messages": [{"role": "user", "content": "Hi"}]})
        """
        body = request_body(PutDatasetRecordPayloadInSchema, locals())
        return Call(path_params=_record(dataset_record_id), body=body, options=options)

    def _update_properties(
        self,
        *,
        dataset_record_id: str,
        properties: Mapping[str, Any],
        **options: Unpack[CallOptions],
    ) -> Call:
        """Replace a record's properties.

        >>> records.update_properties(dataset_record_id=rec.id, properties={"reviewed": True})
        """
        body = request_body(PutDatasetRecordPropertiesInSchema, locals())
        return Call(path_params=_record(dataset_record_id), body=body, options=options)

    fetch = sync_operation(RECORD_FETCH, _fetch)
    fetch_async = async_operation(RECORD_FETCH, _fetch)
    delete = sync_operation(RECORD_DELETE, _delete)
    delete_async = async_operation(RECORD_DELETE, _delete)
    bulk_delete = sync_operation(RECORD_BULK_DELETE, _bulk_delete)
    bulk_delete_async = async_operation(RECORD_BULK_DELETE, _bulk_delete)
    judge = sync_operation(RECORD_JUDGE, _judge)
    judge_async = async_operation(RECORD_JUDGE, _judge)
    update_payload = sync_operation(RECORD_UPDATE_PAYLOAD, _update_payload)
    update_payload_async = async_operation(RECORD_UPDATE_PAYLOAD, _update_payload)
    update_properties = sync_operation(RECORD_UPDATE_PROPERTIES, _update_properties)
    update_properties_async = async_operation(RECORD_UPDATE_PROPERTIES, _update_properties)


class Datasets(Resource):
    """Datasets of conversations (``client.beta.observability.datasets``), with ``.records``.

    >>> datasets = client.beta.observability.datasets
    >>> ds = datasets.create(name="support chats", description="Hard support cases")
    >>> task = datasets.import_from_explorer(dataset_id=ds.id, completion_event_ids=ids)
    >>> datasets.wait_task(dataset_id=ds.id, task_id=task.id).status
    'COMPLETED'
    >>> [r.payload.messages for r in datasets.iter_records(dataset_id=ds.id)]
    """

    __slots__ = ("records",)

    def __init__(self, runtime: ClientRuntime) -> None:
        super().__init__(runtime)
        self.records = Records(runtime)

    def _create(self, *, name: str, description: str, **options: Unpack[CallOptions]) -> Call:
        """Create an empty dataset (``name``: 5 to 50 characters; ``description``: up to 200).

        >>> ds = datasets.create(name="support chats", description="Hard support cases")
        """
        return Call(body=request_body(PostDatasetInSchema, locals()), options=options)

    def _list(
        self,
        *,
        page_size: int | UnsetType = UNSET,
        page: int | UnsetType = UNSET,
        q: str | None = None,
        **options: Unpack[CallOptions],
    ) -> Call:
        """One page of datasets (``page`` counts from 1); ``q`` searches them.
        :meth:`iter_all` walks every page.

        >>> datasets.list(q="support", page_size=20).datasets.results
        """
        query = {"page_size": page_size, "page": page, "q": q}
        return Call(query=query, options=options)

    def _fetch(self, *, dataset_id: str, **options: Unpack[CallOptions]) -> Call:
        """A dataset.

        >>> datasets.fetch(dataset_id=ds.id).name
        """
        return Call(path_params=_dataset(dataset_id), options=options)

    def _delete(self, *, dataset_id: str, **options: Unpack[CallOptions]) -> Call:
        """Delete a dataset and its records.

        >>> datasets.delete(dataset_id=ds.id)
        """
        return Call(path_params=_dataset(dataset_id), options=options)

    def _update(
        self,
        *,
        dataset_id: str,
        name: OptionalNullable[str] = UNSET,
        description: OptionalNullable[str] = UNSET,
        **options: Unpack[CallOptions],
    ) -> Call:
        """Rename a dataset or change its description; only the fields given change.

        >>> datasets.update(dataset_id=ds.id, description="Reviewed support cases")
        """
        body = request_body(PatchDatasetInSchema, locals())
        return Call(path_params=_dataset(dataset_id), body=body, options=options)

    def _list_records(
        self,
        *,
        dataset_id: str,
        page_size: int | UnsetType = UNSET,
        page: int | UnsetType = UNSET,
        **options: Unpack[CallOptions],
    ) -> Call:
        """One page of a dataset's records (``page`` counts from 1). :meth:`iter_records`
        walks every page.

        >>> datasets.list_records(dataset_id=ds.id, page=2, page_size=50).records.results
        """
        query = {"page_size": page_size, "page": page}
        return Call(path_params=_dataset(dataset_id), query=query, options=options)

    def _create_record(
        self,
        *,
        dataset_id: str,
        payload: Payload,
        properties: Mapping[str, Any],
        **options: Unpack[CallOptions],
    ) -> Call:
        """Add a conversation to a dataset.

        >>> datasets.create_record(dataset_id=ds.id, properties={"topic": "billing"},
        ...     payload={"messages": [{"role": "user", "content": "Why was I charged twice?"}]})
        """
        body = request_body(PostDatasetRecordInSchema, locals())
        return Call(path_params=_dataset(dataset_id), body=body, options=options)

    def _import_from_campaign(
        self, *, dataset_id: str, campaign_id: str, **options: Unpack[CallOptions]
    ) -> Call:
        """Start importing the events a campaign selected; see :meth:`wait_task`.

        >>> task = datasets.import_from_campaign(dataset_id=ds.id, campaign_id=campaign.id)
        """
        body = request_body(PostDatasetImportFromCampaignInSchema, locals())
        return Call(path_params=_dataset(dataset_id), body=body, options=options)

    def _import_from_explorer(
        self,
        *,
        dataset_id: str,
        completion_event_ids: Sequence[str],
        **options: Unpack[CallOptions],
    ) -> Call:
        """Start importing up to 500 chat completion events by id; see :meth:`wait_task`.

        >>> task = datasets.import_from_explorer(dataset_id=ds.id, completion_event_ids=ids)
        """
        body = request_body(PostDatasetImportFromExplorerInSchema, locals())
        return Call(path_params=_dataset(dataset_id), body=body, options=options)

    def _import_from_file(
        self, *, dataset_id: str, file_id: str, **options: Unpack[CallOptions]
    ) -> Call:
        """Start importing the conversations of a JSONL file uploaded with
        ``client.files.upload`` (one ``{"messages": [...], "properties": {...}}`` per line);
        see :meth:`wait_task`.

        >>> uploaded = client.files.upload(file="conversations.jsonl", purpose="batch")
        >>> task = datasets.import_from_file(dataset_id=ds.id, file_id=uploaded.id)
        """
        body = request_body(PostDatasetImportFromFileInSchema, locals())
        return Call(path_params=_dataset(dataset_id), body=body, options=options)

    def _import_from_playground(
        self, *, dataset_id: str, conversation_ids: Sequence[str], **options: Unpack[CallOptions]
    ) -> Call:
        """Start importing playground conversations by id; see :meth:`wait_task`.

        >>> task = datasets.import_from_playground(dataset_id=ds.id, conversation_ids=[conv_id])
        """
        body = request_body(PostDatasetImportFromPlaygroundInSchema, locals())
        return Call(path_params=_dataset(dataset_id), body=body, options=options)

    def _import_from_dataset_records(
        self, *, dataset_id: str, dataset_record_ids: Sequence[str], **options: Unpack[CallOptions]
    ) -> Call:
        """Start copying records (1 to 10,000, from any dataset) into this one; see
        :meth:`wait_task`.

        >>> task = datasets.import_from_dataset_records(dataset_id=ds.id,
        ...                                             dataset_record_ids=[rec.id])
        """
        body = request_body(PostDatasetImportFromDatasetInSchema, locals())
        return Call(path_params=_dataset(dataset_id), body=body, options=options)

    def _export_to_jsonl(self, *, dataset_id: str, **options: Unpack[CallOptions]) -> Call:
        """Export a dataset to the Files API as JSONL; ``file_url`` is a presigned URL to
        download it from.

        >>> url = datasets.export_to_jsonl(dataset_id=ds.id).file_url
        """
        return Call(path_params=_dataset(dataset_id), options=options)

    def _fetch_task(self, *, dataset_id: str, task_id: str, **options: Unpack[CallOptions]) -> Call:
        """An import task: its ``status``, ``progress`` and ``message``.

        >>> datasets.fetch_task(dataset_id=ds.id, task_id=task.id).progress
        50
        """
        path = {"dataset_id": dataset_id, "task_id": task_id}
        return Call(path_params=path, options=options)

    def _list_tasks(
        self,
        *,
        dataset_id: str,
        page_size: int | UnsetType = UNSET,
        page: int | UnsetType = UNSET,
        **options: Unpack[CallOptions],
    ) -> Call:
        """One page of a dataset's import tasks (``page`` counts from 1). :meth:`iter_tasks`
        walks every page.

        >>> datasets.list_tasks(dataset_id=ds.id).tasks.results
        """
        query = {"page_size": page_size, "page": page}
        return Call(path_params=_dataset(dataset_id), query=query, options=options)

    create = sync_operation(CREATE, _create)
    create_async = async_operation(CREATE, _create)
    list = sync_operation(LIST, _list)
    list_async = async_operation(LIST, _list)
    list_pages = sync_pages(
        list,
        PAGES,
        example="""
        >>> [page.datasets.count for page in datasets.list_pages(page_size=100)]
        """,
    )
    list_pages_async = async_pages(
        list_async,
        PAGES,
        example="""
        >>> async for page in datasets.list_pages_async(page_size=100):
        ...     print(page.datasets.count)
        """,
    )
    iter_all = sync_items(
        list,
        PAGES,
        example="""
        >>> names = [d.name for d in datasets.iter_all(q="support")]
        """,
    )
    iter_all_async = async_items(
        list_async,
        PAGES,
        example="""
        >>> names = [d.name async for d in datasets.iter_all_async(q="support")]
        """,
    )
    fetch = sync_operation(FETCH, _fetch)
    fetch_async = async_operation(FETCH, _fetch)
    delete = sync_operation(DELETE, _delete)
    delete_async = async_operation(DELETE, _delete)
    update = sync_operation(UPDATE, _update)
    update_async = async_operation(UPDATE, _update)
    list_records = sync_operation(LIST_RECORDS, _list_records)
    list_records_async = async_operation(LIST_RECORDS, _list_records)
    list_records_pages = sync_pages(
        list_records,
        RECORD_PAGES,
        example="""
        >>> pages = list(datasets.list_records_pages(dataset_id=ds.id, page_size=100))
        """,
    )
    list_records_pages_async = async_pages(
        list_records_async,
        RECORD_PAGES,
        example="""
        >>> pages = [p async for p in datasets.list_records_pages_async(dataset_id=ds.id)]
        """,
    )
    iter_records = sync_items(
        list_records,
        RECORD_PAGES,
        example="""
        >>> for record in datasets.iter_records(dataset_id=ds.id, page_size=100):
        ...     print(record.properties)
        """,
    )
    iter_records_async = async_items(
        list_records_async,
        RECORD_PAGES,
        example="""
        >>> async for record in datasets.iter_records_async(dataset_id=ds.id):
        ...     print(record.properties)
        """,
    )
    create_record = sync_operation(CREATE_RECORD, _create_record)
    create_record_async = async_operation(CREATE_RECORD, _create_record)
    import_from_campaign = sync_operation(IMPORT_FROM_CAMPAIGN, _import_from_campaign)
    import_from_campaign_async = async_operation(IMPORT_FROM_CAMPAIGN, _import_from_campaign)
    import_from_explorer = sync_operation(IMPORT_FROM_EXPLORER, _import_from_explorer)
    import_from_explorer_async = async_operation(IMPORT_FROM_EXPLORER, _import_from_explorer)
    import_from_file = sync_operation(IMPORT_FROM_FILE, _import_from_file)
    import_from_file_async = async_operation(IMPORT_FROM_FILE, _import_from_file)
    import_from_playground = sync_operation(IMPORT_FROM_PLAYGROUND, _import_from_playground)
    import_from_playground_async = async_operation(IMPORT_FROM_PLAYGROUND, _import_from_playground)
    import_from_dataset_records = sync_operation(IMPORT_FROM_DATASET, _import_from_dataset_records)
    import_from_dataset_records_async = async_operation(
        IMPORT_FROM_DATASET, _import_from_dataset_records
    )
    export_to_jsonl = sync_operation(EXPORT_TO_JSONL, _export_to_jsonl)
    export_to_jsonl_async = async_operation(EXPORT_TO_JSONL, _export_to_jsonl)
    fetch_task = sync_operation(FETCH_TASK, _fetch_task)
    fetch_task_async = async_operation(FETCH_TASK, _fetch_task)
    list_tasks = sync_operation(LIST_TASKS, _list_tasks)
    list_tasks_async = async_operation(LIST_TASKS, _list_tasks)
    list_tasks_pages = sync_pages(
        list_tasks,
        TASK_PAGES,
        example="""
        >>> pages = list(datasets.list_tasks_pages(dataset_id=ds.id))
        """,
    )
    list_tasks_pages_async = async_pages(
        list_tasks_async,
        TASK_PAGES,
        example="""
        >>> pages = [p async for p in datasets.list_tasks_pages_async(dataset_id=ds.id)]
        """,
    )
    iter_tasks = sync_items(
        list_tasks,
        TASK_PAGES,
        example="""
        >>> running = [t for t in datasets.iter_tasks(dataset_id=ds.id) if not t.done]
        """,
    )
    iter_tasks_async = async_items(
        list_tasks_async,
        TASK_PAGES,
        example="""
        >>> running = [t async for t in datasets.iter_tasks_async(dataset_id=ds.id) if not t.done]
        """,
    )

    def wait_task(
        self,
        *,
        dataset_id: str,
        task_id: str,
        poll_interval: float = 2.0,
        max_interval: float = 30.0,
        timeout: float | None = 3600.0,
        progress: Callable[[DatasetImportTask], None] | None = None,
    ) -> DatasetImportTask:
        """Poll an import task, with backoff, until it completes, fails, is cancelled or
        times out (:data:`~mistralai.observability.models.TERMINAL_TASK_STATUSES`).

        Raises :class:`mistralai.errors.WaitTimeoutError` (holding the last task seen) after
        ``timeout`` seconds.

        >>> task = datasets.import_from_campaign(dataset_id=ds.id, campaign_id=c.id)
        >>> datasets.wait_task(dataset_id=ds.id, task_id=task.id,
        ...                    progress=lambda t: print(t.progress))
        """
        return poll(
            lambda: self.fetch_task(dataset_id=dataset_id, task_id=task_id),
            lambda task: task.done,
            poll_interval=poll_interval,
            max_interval=max_interval,
            timeout=timeout,
            progress=progress,
        )

    async def wait_task_async(
        self,
        *,
        dataset_id: str,
        task_id: str,
        poll_interval: float = 2.0,
        max_interval: float = 30.0,
        timeout: float | None = 3600.0,
        progress: Callable[[DatasetImportTask], None] | None = None,
    ) -> DatasetImportTask:
        """The async twin of :meth:`wait_task`.

        >>> task = await datasets.wait_task_async(dataset_id=ds.id, task_id=task.id)
        >>> task.status
        'COMPLETED'
        """
        return await poll_async(
            lambda: self.fetch_task_async(dataset_id=dataset_id, task_id=task_id),
            lambda task: task.done,
            poll_interval=poll_interval,
            max_interval=max_interval,
            timeout=timeout,
            progress=progress,
        )
