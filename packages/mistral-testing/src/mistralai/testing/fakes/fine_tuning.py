"""``/v1/fine_tuning/jobs``: jobs that move one state forward each time they are read.

QUEUED → VALIDATING → VALIDATED → RUNNING → SUCCESS; without ``auto_start`` a job waits in
VALIDATED until ``/start``. A cancelled job becomes CANCELLED. ``dry_run=true`` answers the
estimates only.
"""

from __future__ import annotations

import hashlib
import time
from typing import Any

from mistralai.testing._routing import JSONResponse, Request, Response, Router, not_found

_NEXT = {
    "QUEUED": "VALIDATING",
    "VALIDATING": "VALIDATED",
    "RUNNING": "SUCCESS",
    "CANCELLATION_REQUESTED": "CANCELLED",
}
_METADATA = {
    "expected_duration_seconds": 600,
    "cost": 1.5,
    "cost_currency": "EUR",
    "train_tokens": 10000,
}


def _jobs(request: Request) -> dict[str, dict[str, Any]]:
    return request.state.store("fine_tuning_jobs")


def create(request: Request) -> Response:
    body = request.json()
    if request.arg("dry_run") == "true":
        return JSONResponse(
            {**_METADATA, "object": "job.metadata", "details": "dry run", "deprecated": True}
        )
    now = int(time.time())
    job_type = body.get("job_type") or "completion"
    job: dict[str, Any] = {
        "id": request.state.new_uuid(),
        "object": "job",
        "job_type": job_type,
        "auto_start": body.get("auto_start", False),
        "model": body["model"],
        "status": "QUEUED",
        "created_at": now,
        "modified_at": now,
        "training_files": [f["file_id"] for f in body.get("training_files", [])],
        "validation_files": body.get("validation_files") or [],
        "fine_tuned_model": None,
        "suffix": body.get("suffix"),
        "integrations": [
            {k: v for k, v in i.items() if k != "api_key"} for i in body.get("integrations") or []
        ],
        "trained_tokens": None,
        "metadata": _METADATA,
        "hyperparameters": body.get("hyperparameters") or {},
        "events": [{"name": "status-updated", "data": {"status": "QUEUED"}, "created_at": now}],
        "checkpoints": [],
    }
    if job_type == "classifier":
        job["classifier_targets"] = [_target(t) for t in body.get("classifier_targets") or []]
    else:
        job["repositories"] = [_repository(r) for r in body.get("repositories") or []]
    with request.state.lock:
        _jobs(request)[job["id"]] = job
    return JSONResponse(_summary(job))


def _target(target: dict[str, Any]) -> dict[str, Any]:
    """A classifier target as answered: the API fills in the weight and loss function."""
    return {
        "name": target["name"],
        "labels": target["labels"],
        "weight": target.get("weight", 1.0),
        "loss_function": target.get("loss_function") or "single_class",
    }


def _repository(repository: dict[str, Any]) -> dict[str, Any]:
    """A repository as answered: no token, the commit its ``ref`` resolved to (40 hex
    digits, the same for the same repository and ref)."""
    answer = {k: v for k, v in repository.items() if k != "token"}
    answer.setdefault("type", "github")
    answer.setdefault("ref", None)
    answer.setdefault("weight", 1.0)
    where = f"{answer['owner']}/{answer['name']}@{answer['ref'] or 'HEAD'}"
    answer["commit_id"] = hashlib.sha1(where.encode(), usedforsecurity=False).hexdigest()
    return answer


def _advance(job: dict[str, Any]) -> None:
    status = _NEXT.get(job["status"])
    if job["status"] == "VALIDATED" and job["auto_start"]:
        status = "RUNNING"
    if status is None:
        return
    job["status"] = status
    job["modified_at"] = int(time.time())
    job["events"].append(
        {"name": "status-updated", "data": {"status": status}, "created_at": job["modified_at"]}
    )
    if status == "SUCCESS":
        job["fine_tuned_model"] = f"ft:{job['model']}:{job['suffix'] or 'tuned'}:{job['id'][:8]}"
        job["trained_tokens"] = 10000
        job["checkpoints"] = [
            {"metrics": {"train_loss": 0.5}, "step_number": 10, "created_at": job["modified_at"]}
        ]


def _summary(job: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in job.items() if k not in ("events", "checkpoints")}


def _with_job(request: Request, change: str | None = None) -> Response:
    with request.state.lock:
        job = _jobs(request).get(request.path_params["job_id"])
        if job is None:
            return not_found("Job")
        if change == "start" and job["status"] == "VALIDATED":
            job["status"] = "RUNNING"
        elif change == "cancel" and job["status"] not in ("SUCCESS", "FAILED", "CANCELLED"):
            job["status"] = "CANCELLATION_REQUESTED"
        elif change is None:
            _advance(job)
        return JSONResponse(dict(job))


def get(request: Request) -> Response:
    return _with_job(request)


def start(request: Request) -> Response:
    return _with_job(request, "start")


def cancel(request: Request) -> Response:
    return _with_job(request, "cancel")


def list_jobs(request: Request) -> Response:
    jobs = [_summary(j) for j in _jobs(request).values()]
    for name in ("status", "model", "suffix"):
        if request.arg(name):
            jobs = [j for j in jobs if j.get(name) == request.arg(name)]
    page, size = int(request.arg("page", "0") or 0), int(request.arg("page_size", "100") or 100)
    return JSONResponse(
        {"data": jobs[page * size : (page + 1) * size], "object": "list", "total": len(jobs)}
    )


def register(router: Router) -> None:
    base = "/v1/fine_tuning/jobs"
    router.add("POST", base, create, "jobs_api_routes_fine_tuning_create_fine_tuning_job")
    router.add("GET", base, list_jobs, "jobs_api_routes_fine_tuning_get_fine_tuning_jobs")
    router.add("GET", base + "/{job_id}", get, "jobs_api_routes_fine_tuning_get_fine_tuning_job")
    router.add(
        "POST",
        base + "/{job_id}/cancel",
        cancel,
        "jobs_api_routes_fine_tuning_cancel_fine_tuning_job",
    )
    router.add(
        "POST", base + "/{job_id}/start", start, "jobs_api_routes_fine_tuning_start_fine_tuning_job"
    )
