"""``client.models``: list, inspect, rename, archive and delete models."""

from __future__ import annotations

from typing_extensions import Unpack

from mistralai.models_api.models import (
    ArchiveFTModelOut,
    DeleteModelOut,
    FTModelOut,
    ModelCard,
    ModelList,
    UnarchiveFTModelOut,
    UpdateFTModelIn,
)
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

LIST: Operation[ModelList] = Operation("list_models_v1_models_get", "GET", "/v1/models", ModelList)
RETRIEVE: Operation[ModelCard] = Operation(
    "retrieve_model_v1_models__model_id__get", "GET", "/v1/models/{model_id}", ModelCard
)
DELETE: Operation[DeleteModelOut] = Operation(
    "delete_model_v1_models__model_id__delete", "DELETE", "/v1/models/{model_id}", DeleteModelOut
)
UPDATE: Operation[FTModelOut] = Operation(
    "jobs_api_routes_fine_tuning_update_fine_tuned_model",
    "PATCH",
    "/v1/fine_tuning/models/{model_id}",
    FTModelOut,
)
ARCHIVE: Operation[ArchiveFTModelOut] = Operation(
    "jobs_api_routes_fine_tuning_archive_fine_tuned_model",
    "POST",
    "/v1/fine_tuning/models/{model_id}/archive",
    ArchiveFTModelOut,
)
UNARCHIVE: Operation[UnarchiveFTModelOut] = Operation(
    "jobs_api_routes_fine_tuning_unarchive_fine_tuned_model",
    "DELETE",
    "/v1/fine_tuning/models/{model_id}/archive",
    UnarchiveFTModelOut,
)


class Models(Resource):
    """The Models API (``/v1/models``, ``/v1/fine_tuning/models``).

    >>> [card.id for card in client.models.list().data]
    ['mistral-small-latest', ...]
    """

    def _list(
        self,
        *,
        provider: str | None = None,
        model: str | None = None,
        **options: Unpack[CallOptions],
    ) -> Call:
        """List the models available to you, base and fine-tuned.

        :param provider: only models of this provider.
        :param model: only models matching this id.
        :param options: per-call ``retries``, ``server_url``, ``timeout_ms``, ``http_headers``.

        >>> for card in client.models.list().data:
        ...     print(card.id, card.capabilities.completion_chat)
        """
        return Call(query={"provider": provider, "model": model}, options=options)

    list = sync_operation(LIST, _list)
    list_async = async_operation(LIST, _list)

    def _retrieve(self, model_id: str, **options: Unpack[CallOptions]) -> Call:
        """Fetch one model's card: a :class:`BaseModelCard` or an :class:`FTModelCard`
        (by its ``type``), or an ``UnknownVariant`` for a kind of model this SDK does not
        know yet.

        >>> card = client.models.retrieve(model_id="mistral-small-latest")
        >>> card.max_context_length
        131072
        """
        return Call(path_params={"model_id": model_id}, options=options)

    retrieve = sync_operation(RETRIEVE, _retrieve)
    retrieve_async = async_operation(RETRIEVE, _retrieve)

    def _delete(self, model_id: str, **options: Unpack[CallOptions]) -> Call:
        """Delete a fine-tuned model.

        >>> client.models.delete(model_id="ft:open-mistral-7b:587a6b29:20240514:7e773925").deleted
        True
        """
        return Call(path_params={"model_id": model_id}, options=options)

    delete = sync_operation(DELETE, _delete)
    delete_async = async_operation(DELETE, _delete)

    def _update(
        self,
        model_id: str,
        *,
        name: OptionalNullable[str] = UNSET,
        description: OptionalNullable[str] = UNSET,
        **options: Unpack[CallOptions],
    ) -> Call:
        """Rename a fine-tuned model or change its description.

        Returns a :class:`CompletionFTModelOut` or a :class:`ClassifierFTModelOut` (by its
        ``model_type``). ``None`` clears a field; a field left out is not changed.

        >>> client.models.update(model_id=fine_tuned_model, name="support-bot").name
        'support-bot'
        """
        body = request_body(UpdateFTModelIn, {"name": name, "description": description})
        return Call(path_params={"model_id": model_id}, body=body, options=options)

    update = sync_operation(UPDATE, _update)
    update_async = async_operation(UPDATE, _update)

    def _archive(self, model_id: str, **options: Unpack[CallOptions]) -> Call:
        """Archive a fine-tuned model.

        >>> client.models.archive(model_id=fine_tuned_model).archived
        True
        """
        return Call(path_params={"model_id": model_id}, options=options)

    archive = sync_operation(ARCHIVE, _archive)
    archive_async = async_operation(ARCHIVE, _archive)

    def _unarchive(self, model_id: str, **options: Unpack[CallOptions]) -> Call:
        """Bring an archived fine-tuned model back.

        >>> client.models.unarchive(model_id=fine_tuned_model).archived
        False
        """
        return Call(path_params={"model_id": model_id}, options=options)

    unarchive = sync_operation(UNARCHIVE, _unarchive)
    unarchive_async = async_operation(UNARCHIVE, _unarchive)
