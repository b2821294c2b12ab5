from __future__ import annotations

import logging

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from indigo_shared.events import PLATFORMS
from indigo_shared.streams import (
    API_PROJECTOR,
    API_PROJECTOR_SEEN,
    DLQ,
    ENRICHER,
    LISTINGS,
    SYNC_EVENTS,
    SYNC_REQUESTS,
    TRENDS,
)
from nats.js.errors import NotFoundError

from indigo_api.adapters import repository
from indigo_api.routes.sync import sync_job_out
from indigo_api.schemas import ConsumerLag, LlmUsageOut, PlatformStats, StatsOut

log = logging.getLogger(__name__)
router = APIRouter()

# (stream, durable) pairs whose lag the dashboard shows.
WATCHED_CONSUMERS = [
    (LISTINGS, ENRICHER),
    (LISTINGS, API_PROJECTOR),
    (SYNC_EVENTS, API_PROJECTOR),
    (SYNC_EVENTS, API_PROJECTOR_SEEN),
    (LISTINGS, TRENDS),
    (SYNC_EVENTS, TRENDS),
    *((SYNC_REQUESTS, f"collector-{p}") for p in PLATFORMS),
]


async def _consumer_lags(js) -> list[ConsumerLag]:
    lags = []
    for stream, durable in WATCHED_CONSUMERS:
        try:
            info = await js.consumer_info(stream, durable)
        except NotFoundError:
            continue
        lags.append(
            ConsumerLag(
                stream=stream,
                consumer=durable,
                pending=info.num_pending or 0,
                ack_pending=info.num_ack_pending or 0,
                redelivered=info.num_redelivered or 0,
            )
        )
    return lags


@router.get("/api/marketplace/stats", response_model=StatsOut, tags=["stats"])
async def stats(request: Request) -> StatsOut:
    """Listings per platform, the last sync of each, consumer lag, LLM spend (tokens and cost
    summed over the listings' enrichment) and dependency health."""
    state = request.app.state
    database, nats_status = "ok", "ok"
    counts, last, llm = {}, {}, None
    try:
        async with state.pool.acquire() as conn:
            counts = await repository.listing_counts(conn)
            last = await repository.last_sync_per_platform(conn)
            llm = LlmUsageOut.model_validate(dict(await repository.llm_usage(conn)))
    except Exception as exc:  # noqa: BLE001 - reported as unhealthy, not as a 500
        log.warning("stats: database unavailable: %s", exc)
        database = "error"
    consumers, dead = [], None
    try:
        js = state.nats.jetstream()
        consumers = await _consumer_lags(js)
        dead = (await js.stream_info(DLQ)).state.messages
    except Exception as exc:  # noqa: BLE001
        log.warning("stats: NATS unavailable: %s", exc)
        nats_status = "error"
    return StatsOut(
        total_listings=sum(counts.values()),
        platforms=[
            PlatformStats(
                platform=p,
                listings=counts.get(p, 0),
                last_sync=sync_job_out(last[p]) if p in last else None,
            )
            for p in PLATFORMS
        ],
        consumers=consumers,
        dead_letters=dead,
        llm=llm,
        database=database,
        nats=nats_status,
    )


@router.get("/healthz", tags=["health"])
async def healthz() -> dict:
    """Liveness: the process answers."""
    return {"status": "ok"}


@router.get("/readyz", tags=["health"])
async def readyz(request: Request):
    """Readiness: PostgreSQL answers and NATS is connected."""
    checks = {"database": "ok", "nats": "ok"}
    try:
        async with request.app.state.pool.acquire(timeout=2) as conn:
            await conn.fetchval("SELECT 1")
    except Exception:  # noqa: BLE001
        checks["database"] = "error"
    if not request.app.state.nats.is_connected:
        checks["nats"] = "error"
    ready = all(v == "ok" for v in checks.values())
    return JSONResponse(
        {"status": "ready" if ready else "not ready", **checks}, status_code=200 if ready else 503
    )
