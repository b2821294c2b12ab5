"""Sync jobs: trigger (queue a request), cancel, follow. The API publishes; the projector records
what it publishes (the API writes no table). A trigger or a cancel waits a moment (up to
``INDIGO_API_READ_YOUR_WRITES_SECONDS``) for the projector to show its job, so that reading it
right after finds it; it answers from the request itself either way."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from typing import Annotated

from fastapi import APIRouter, Request, status
from fastapi.responses import JSONResponse
from indigo_shared.events import FINAL_SYNC_STATUSES, PLATFORMS, SyncCounts, SyncRequested
from indigo_shared.sync_requests import (
    SyncQueueFull,
    cancel_sync,
    find_queued,
    publish_cancelled,
    request_sync,
)

from indigo_api.adapters import repository
from indigo_api.dependencies import Db, Nats, Settings, cache_key, json_bytes, render
from indigo_api.errors import CONFLICT, NOT_FOUND, QUEUE_FULL, TOO_LARGE, ErrorOut
from indigo_api.params import NoParams, SyncJobsParams, documented, from_query
from indigo_api.read_model import SYNC_JOBS, ReadModel
from indigo_api.schemas import (
    Page,
    SyncCancelOut,
    SyncCountsOut,
    SyncJobOut,
    SyncTriggerIn,
    SyncTriggerOut,
    TriggeredJobOut,
)
from indigo_api.security import AUTH, RequireScope

router = APIRouter(tags=["sync"])


def sync_job_out(record) -> SyncJobOut:
    data = dict(record)
    data["counts"] = SyncCountsOut(**{k: data.pop(k) for k in SyncCountsOut.model_fields})
    return SyncJobOut.model_validate(data)


def requested_job(request: SyncRequested) -> SyncJobOut:
    """A job as its request describes it, before the projector has recorded it."""
    return SyncJobOut(
        job_id=request.job_id,
        platform=request.platform,
        status="pending",
        keywords=request.keywords,
        limit=request.limit,
        counts=SyncCountsOut(**SyncCounts().model_dump()),
        error=None,
        requested_at=request.requested_at,
        started_at=None,
        finished_at=None,
        updated_at=request.requested_at,
    )


async def recorded_jobs(
    db: ReadModel, job_ids: Iterable[uuid.UUID], timeout: float, shows: Callable = bool
) -> dict[uuid.UUID, SyncJobOut]:
    """The jobs as the read model shows them, waiting up to ``timeout`` until ``shows(job)``
    holds for each; those it does not show (or PostgreSQL down) are left out."""
    wanted, found = set(job_ids), {}

    async def read(conn) -> bool:
        for job_id in wanted - set(found):
            record = await repository.get_sync_job(conn, job_id)
            if record is not None and shows(job := sync_job_out(record)):
                found[job_id] = job
        return len(found) == len(wanted)

    await db.eventually(read, timeout)
    return found


@router.post(
    "/sync/trigger",
    response_model=SyncTriggerOut,
    status_code=status.HTTP_202_ACCEPTED,
    dependencies=[RequireScope("sync")],
    responses={**TOO_LARGE, **AUTH, **QUEUE_FULL},
)
async def trigger_sync(body: SyncTriggerIn, db: Db, bus: Nats, settings: Settings):
    """Queue a sync of one marketplace (or all); poll `/sync/status/{job_id}` for its progress.
    The request is checked as the collectors will run it (422 naming the field). An identical
    request still waiting for a collector is not queued again: its job is answered
    (`coalesced`). At most `INDIGO_SYNC_QUEUE_LIMIT` syncs of a platform wait at once: beyond,
    429 with `Retry-After`. Needs an API key with the `sync` scope."""
    tickets = []
    async with bus.jetstream() as js:
        for request in body.search().requests("api"):
            try:
                tickets.append(
                    await request_sync(js, request, queue_limit=settings.sync_queue_limit)
                )
            except SyncQueueFull as full:
                return JSONResponse(
                    {"detail": str(full)},
                    status_code=status.HTTP_429_TOO_MANY_REQUESTS,
                    headers={"Retry-After": str(settings.sync_queue_retry_after_seconds)},
                )
    recorded = await recorded_jobs(
        db, (t.job_id for t in tickets), settings.read_your_writes_seconds
    )
    jobs = [
        TriggeredJobOut(
            **(recorded.get(t.job_id) or requested_job(t.request)).model_dump(),
            coalesced=t.coalesced,
        )
        for t in tickets
    ]
    return json_bytes(render(SyncTriggerOut(job_id=jobs[0].job_id, jobs=jobs)), 202)


@router.post(
    "/sync/{job_id}/cancel",
    response_model=SyncCancelOut,
    dependencies=[RequireScope("sync")],
    responses={
        202: {"model": SyncCancelOut, "description": "running: it stops before its next page"},
        **NOT_FOUND,
        **CONFLICT,
        **AUTH,
    },
    openapi_extra=documented(NoParams),
)
async def cancel_sync_job(
    job_id: uuid.UUID,
    _: Annotated[NoParams, from_query(NoParams)],
    db: Db,
    bus: Nats,
    settings: Settings,
):
    """Cancel a pending or running sync. A pending one is taken off the queue and ends
    `cancelled` at once (200); a running one stops before its next page (202, `cancelling`),
    keeping what it stored so far. A job that has ended already: 409. Needs the `sync` scope."""
    job = (await recorded_jobs(db, [job_id], 0)).get(job_id)
    async with bus.jetstream() as js:
        queued = await find_queued(js, job_id, [job.platform] if job else PLATFORMS)
        if job is None and queued is None:
            return json_bytes(render(ErrorOut(detail=f"sync job {job_id} not found")), 404)
        if job is not None and job.status in FINAL_SYNC_STATUSES:
            detail = f"sync job {job_id} has ended already ({job.status})"
            return json_bytes(render(ErrorOut(detail=detail)), 409)
        platform = job.platform if job else queued.request.platform
        cancellation = await cancel_sync(js, job_id, platform, queued=queued)
        stopped = cancellation.taken_off_queue
        if not stopped and queued is None and job is not None and job.status == "pending":
            # Pending, yet no longer queued (its request expired): nothing will ever run it.
            await publish_cancelled(
                js,
                job_id,
                job.platform,
                keywords=job.keywords,
                limit=job.limit,
                filters=None,
                requested_at=job.requested_at,
                reason="cancelled; its request had left the queue",
            )
            stopped = True
    if stopped:
        shown = await recorded_jobs(
            db, [job_id], settings.read_your_writes_seconds, lambda j: j.status == "cancelled"
        )
        job = shown.get(job_id, job)
    out = SyncCancelOut(
        job_id=job_id,
        platform=platform,
        status="cancelled" if stopped else "cancelling",
        job=job,
    )
    return json_bytes(render(out), 200 if stopped else 202)


@router.get(
    "/sync/status/{job_id}",
    response_model=SyncJobOut,
    responses=NOT_FOUND,
    openapi_extra=documented(NoParams),
)
async def sync_status_of(job_id: uuid.UUID, _: Annotated[NoParams, from_query(NoParams)], db: Db):
    """A job's status and counts (live while it runs)."""
    async with db.connection() as conn:
        record = await repository.get_sync_job(conn, job_id)
    if record is None:
        return json_bytes(render(ErrorOut(detail=f"sync job {job_id} not found")), 404)
    return json_bytes(render(sync_job_out(record)))


@router.get("/sync-jobs", response_model=Page[SyncJobOut], openapi_extra=documented(SyncJobsParams))
async def list_sync_jobs(
    request: Request, params: Annotated[SyncJobsParams, from_query(SyncJobsParams)], db: Db
):
    """The job history, newest request first."""

    async def page() -> bytes:
        async with db.connection() as conn:
            rows, total = await repository.list_sync_jobs(
                conn,
                platform=params.platform,
                status=params.status,
                limit=params.limit,
                offset=params.offset,
            )
        return render(
            Page[SyncJobOut](
                items=[sync_job_out(r) for r in rows],
                total=total,
                limit=params.limit,
                offset=params.offset,
            )
        )

    return json_bytes(await db.cached(cache_key(request), (SYNC_JOBS,), page))
