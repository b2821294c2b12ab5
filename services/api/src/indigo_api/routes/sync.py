from __future__ import annotations

import uuid
from typing import Annotated, Literal

from fastapi import APIRouter, HTTPException, Query, status
from indigo_shared.events import PLATFORMS, SyncFilters, SyncRequested, SyncStatusChanged
from indigo_shared.nats import publish_event
from indigo_shared.streams import sync_requested, sync_status

from indigo_api.adapters import repository
from indigo_api.dependencies import Connection, JetStream
from indigo_api.schemas import (
    Page,
    SyncCountsOut,
    SyncJobOut,
    SyncTriggerIn,
    SyncTriggerOut,
)

router = APIRouter(tags=["sync"])


def sync_job_out(record) -> SyncJobOut:
    data = dict(record)
    data["counts"] = SyncCountsOut(**{k: data.pop(k) for k in SyncCountsOut.model_fields})
    return SyncJobOut.model_validate(data)


@router.post("/sync/trigger", response_model=SyncTriggerOut, status_code=status.HTTP_202_ACCEPTED)
async def trigger_sync(body: SyncTriggerIn, conn: Connection, js: JetStream) -> SyncTriggerOut:
    """Queue a sync of one marketplace (or all); poll `/sync/status/{job_id}` for its progress."""
    platforms = list(PLATFORMS) if body.platform == "all" else [body.platform]
    filters = SyncFilters(
        min_price=body.min_price, max_price=body.max_price, conditions=body.conditions
    )
    jobs = []
    for platform in platforms:
        request = SyncRequested(
            platform=platform,
            keywords=body.keywords,
            limit=body.limit,
            filters=filters,
            trigger="api",
        )
        await repository.insert_pending_job(
            conn,
            request.job_id,
            platform,
            request.keywords,
            request.limit,
            filters.model_dump(mode="json"),
            request.requested_at,
        )
        await publish_event(js, sync_requested(platform), request)
        await publish_event(
            js,
            sync_status(platform),
            SyncStatusChanged(
                job_id=request.job_id,
                platform=platform,
                status="pending",
                keywords=request.keywords,
                limit=request.limit,
                requested_at=request.requested_at,
                occurred_at=request.requested_at,
            ),
        )
        jobs.append(sync_job_out(await repository.get_sync_job(conn, request.job_id)))
    return SyncTriggerOut(job_id=jobs[0].job_id, jobs=jobs)


@router.get(
    "/sync/status/{job_id}",
    response_model=SyncJobOut,
    responses={404: {"description": "no such job"}},
)
async def sync_status_of(job_id: uuid.UUID, conn: Connection) -> SyncJobOut:
    record = await repository.get_sync_job(conn, job_id)
    if record is None:
        raise HTTPException(404, f"sync job {job_id} not found")
    return sync_job_out(record)


@router.get("/sync-jobs", response_model=Page[SyncJobOut])
async def list_sync_jobs(
    conn: Connection,
    platform: Literal["ebay", "etsy", "reddit"] | None = None,
    status: Literal["pending", "running", "completed", "failed"] | None = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> Page[SyncJobOut]:
    rows, total = await repository.list_sync_jobs(
        conn, platform=platform, status=status, limit=limit, offset=offset
    )
    return Page(items=[sync_job_out(r) for r in rows], total=total, limit=limit, offset=offset)
