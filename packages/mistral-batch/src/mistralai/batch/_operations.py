"""The operations mistral-batch sends: the batch jobs, and the two file operations a run needs."""

from __future__ import annotations

import httpx

from mistralai.batch.models import BatchFileOut, BatchJobOut, BatchJobsOut
from mistralai.utils import Operation

LIST: Operation[BatchJobsOut] = Operation(
    "jobs_api_routes_batch_get_batch_jobs", "GET", "/v1/batch/jobs", BatchJobsOut
)
CREATE: Operation[BatchJobOut] = Operation(
    "jobs_api_routes_batch_create_batch_job", "POST", "/v1/batch/jobs", BatchJobOut
)
GET: Operation[BatchJobOut] = Operation(
    "jobs_api_routes_batch_get_batch_job", "GET", "/v1/batch/jobs/{job_id}", BatchJobOut
)
CANCEL: Operation[BatchJobOut] = Operation(
    "jobs_api_routes_batch_cancel_batch_job", "POST", "/v1/batch/jobs/{job_id}/cancel", BatchJobOut
)
UPLOAD: Operation[BatchFileOut] = Operation(
    "files_api_routes_upload_file", "POST", "/v1/files", BatchFileOut
)
DOWNLOAD: Operation[httpx.Response] = Operation(
    "files_api_routes_download_file", "GET", "/v1/files/{file_id}/content", raw=True
)
