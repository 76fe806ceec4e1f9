"""``/v1/batch/jobs``: jobs that move one state forward each time they are read.

QUEUED → RUNNING → SUCCESS (or FAILED when ``metadata`` has ``"outcome": "fail"``); a
cancelled job goes CANCELLATION_REQUESTED → CANCELLED. Inline requests are answered by the
chat engine, so ``get(..., inline=True)`` returns real outputs.
"""

from __future__ import annotations

import time
import uuid
from typing import Any

from mistralai.testing import _engine
from mistralai.testing._routing import JSONResponse, Request, Response, Router, not_found

_NEXT = {"QUEUED": "RUNNING", "RUNNING": "SUCCESS", "CANCELLATION_REQUESTED": "CANCELLED"}


def _jobs(request: Request) -> dict[str, dict[str, Any]]:
    return request.state.store("batch_jobs")


def create(request: Request) -> Response:
    body = request.json()
    inline = body.get("requests") or []
    job = {
        "id": str(uuid.uuid4()),
        "object": "batch",
        "input_files": body.get("input_files") or [],
        "metadata": body.get("metadata"),
        "endpoint": body["endpoint"],
        "model": body.get("model"),
        "agent_id": body.get("agent_id"),
        "output_file": None,
        "error_file": None,
        "errors": [],
        "outputs": None,
        "status": "QUEUED",
        "created_at": int(time.time()),
        "total_requests": len(inline) or len(body.get("input_files") or []),
        "completed_requests": 0,
        "succeeded_requests": 0,
        "failed_requests": 0,
        "started_at": None,
        "completed_at": None,
        "_requests": inline,
    }
    with request.state.lock:
        _jobs(request)[job["id"]] = job
    return JSONResponse(_public(job))


def _advance(job: dict[str, Any]) -> None:
    status = _NEXT.get(job["status"])
    if status is None:
        return
    if status == "SUCCESS" and (job.get("metadata") or {}).get("outcome") == "fail":
        status = "FAILED"
        job["errors"] = [{"message": "the batch failed on purpose", "count": job["total_requests"]}]
    job["status"] = status
    now = int(time.time())
    if status == "RUNNING":
        job["started_at"] = now
    elif status in ("SUCCESS", "FAILED", "CANCELLED"):
        job["completed_at"] = now
        done = job["total_requests"] if status == "SUCCESS" else 0
        job.update(completed_requests=job["total_requests"], succeeded_requests=done)
        job["failed_requests"] = job["total_requests"] - done
        if status == "SUCCESS":
            job["output_file"] = str(uuid.uuid4())


def get(request: Request) -> Response:
    with request.state.lock:
        job = _jobs(request).get(request.path_params["job_id"])
        if job is None:
            return not_found("Batch job")
        _advance(job)
        body = _public(job)
    if request.arg("inline") == "true" and job["status"] == "SUCCESS":
        body["outputs"] = [_output(i, r, job) for i, r in enumerate(job["_requests"])]
    return JSONResponse(body)


def _output(index: int, item: dict[str, Any], job: dict[str, Any]) -> dict[str, Any]:
    body = {"model": job.get("model") or "mistral-small-latest", **item.get("body", {})}
    return {
        "custom_id": item.get("custom_id") or str(index),
        "response": _engine.completion(body, f"batch-{index}"),
    }


def cancel(request: Request) -> Response:
    with request.state.lock:
        job = _jobs(request).get(request.path_params["job_id"])
        if job is None:
            return not_found("Batch job")
        if job["status"] in ("QUEUED", "RUNNING"):
            job["status"] = "CANCELLATION_REQUESTED"
        return JSONResponse(_public(job))


def list_jobs(request: Request) -> Response:
    jobs = list(_jobs(request).values())
    wanted = request.query.get("status")
    if wanted:
        jobs = [j for j in jobs if j["status"] in wanted]
    for name in ("model", "agent_id"):
        if request.arg(name):
            jobs = [j for j in jobs if j.get(name) == request.arg(name)]
    jobs.sort(
        key=lambda j: j["created_at"], reverse=request.arg("order_by", "-created") == "-created"
    )
    page, size = int(request.arg("page", "0") or 0), int(request.arg("page_size", "100") or 100)
    return JSONResponse(
        {
            "data": [_public(j) for j in jobs[page * size : (page + 1) * size]],
            "object": "list",
            "total": len(jobs),
        }
    )


def _public(job: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in job.items() if not k.startswith("_")}


def register(router: Router) -> None:
    router.add("POST", "/v1/batch/jobs", create, "jobs_api_routes_batch_create_batch_job")
    router.add("GET", "/v1/batch/jobs", list_jobs, "jobs_api_routes_batch_get_batch_jobs")
    router.add("GET", "/v1/batch/jobs/{job_id}", get, "jobs_api_routes_batch_get_batch_job")
    router.add(
        "POST", "/v1/batch/jobs/{job_id}/cancel", cancel, "jobs_api_routes_batch_cancel_batch_job"
    )
