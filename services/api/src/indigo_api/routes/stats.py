"""``/stats``, ``/healthz``, ``/readyz``. /stats always answers: what it cannot reach it says is
unavailable (and its figures are null), never zero."""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Annotated

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from indigo_shared.events import PLATFORMS
from indigo_shared.streams import (
    ALERTS,
    API_PROJECTOR,
    API_PROJECTOR_ANALYSIS,
    API_PROJECTOR_LIFECYCLE,
    API_PROJECTOR_SEEN,
    DLQ,
    ENRICHER,
    LISTINGS,
    SYNC_EVENTS,
    SYNC_REQUESTS,
    TRENDS,
)
from indigo_shared.sync_requests import collector_consumer
from nats.js import JetStreamContext
from nats.js.errors import NotFoundError

from indigo_api.adapters import repository
from indigo_api.dependencies import json_bytes, render
from indigo_api.errors import Unavailable
from indigo_api.params import NoParams, documented, from_query
from indigo_api.routes.sync import sync_job_out
from indigo_api.schemas import (
    ConsumerOut,
    ConsumerStreamOut,
    LlmUsageOut,
    PlatformStats,
    StatsOut,
)

log = logging.getLogger(__name__)
router = APIRouter()
health = APIRouter(tags=["health"])  # open to probes whatever INDIGO_API_READS_REQUIRE_KEY says

# Every durable consumer the services declare, on each stream it reads (DESIGN.md); shown absent
# until its service has run. Durables found on the server beyond these (the alerts service's, a
# new service's) are listed too.
EXPECTED_CONSUMERS: list[tuple[str, str]] = [
    *((collector_consumer(p), SYNC_REQUESTS) for p in PLATFORMS),
    (ENRICHER, LISTINGS),
    (ENRICHER, SYNC_REQUESTS),
    (API_PROJECTOR, LISTINGS),
    (API_PROJECTOR, SYNC_EVENTS),
    (API_PROJECTOR_SEEN, SYNC_EVENTS),
    (API_PROJECTOR_ANALYSIS, SYNC_EVENTS),
    (API_PROJECTOR_LIFECYCLE, SYNC_EVENTS),
    (TRENDS, LISTINGS),
    (TRENDS, SYNC_EVENTS),
]
WATCHED_STREAMS = (SYNC_REQUESTS, LISTINGS, SYNC_EVENTS, ALERTS)


async def consumer_stats(js: JetStreamContext) -> tuple[list[ConsumerOut], int]:
    """Each durable with its lag per stream and its dead letters; and all dead letters."""
    found: dict[tuple[str, str], ConsumerStreamOut] = {}
    for stream in WATCHED_STREAMS:
        try:
            infos = await js.consumers_info(stream)
        except NotFoundError:
            continue
        for info in infos:
            if not info.config.durable_name:
                continue
            found[info.config.durable_name, stream] = ConsumerStreamOut(
                stream=stream,
                present=True,
                pending=info.num_pending or 0,
                ack_pending=info.num_ack_pending or 0,
                redelivered=info.num_redelivered or 0,
            )
    dlq = await js.stream_info(DLQ, subjects_filter="dlq.>")
    parked = dlq.state.subjects or {}
    names: dict[str, list[ConsumerStreamOut]] = {}
    for name, stream in [*EXPECTED_CONSUMERS, *(k for k in found if k not in EXPECTED_CONSUMERS)]:
        names.setdefault(name, []).append(
            found.get((name, stream))
            or ConsumerStreamOut(
                stream=stream, present=False, pending=None, ack_pending=None, redelivered=None
            )
        )
    consumers = [
        ConsumerOut(consumer=name, streams=streams, dead_letters=parked.get(f"dlq.{name}", 0))
        for name, streams in names.items()
    ]
    return consumers, dlq.state.messages


@router.get(
    "/api/marketplace/stats",
    response_model=StatsOut,
    tags=["stats"],
    openapi_extra=documented(NoParams),
)
async def stats(request: Request, _: Annotated[NoParams, from_query(NoParams)]):
    """Listings per platform and the last sync of each, every durable consumer's lag and dead
    letters, LLM spend, version and uptime. While PostgreSQL or NATS is down it says so
    (`database`/`nats`: `unavailable`, their figures null)."""
    state = request.app.state
    database = nats = "ok"
    counts: dict[str, int] | None = None
    last, llm = {}, None
    try:
        async with state.read_model.connection() as conn:
            counts = await repository.listing_counts(conn)
            last = await repository.last_sync_per_platform(conn)
            llm = LlmUsageOut.model_validate(dict(await repository.llm_usage(conn)))
    except Unavailable:
        database, counts = "unavailable", None
    consumers, dead = [], None
    try:
        async with state.bus.jetstream() as js:
            consumers, dead = await asyncio.wait_for(
                consumer_stats(js), state.settings.dependency_timeout
            )
    except (Unavailable, TimeoutError):
        nats = "unavailable"
    out = StatsOut(
        status="ok" if database == nats == "ok" else "degraded",
        version=request.app.version,
        uptime_seconds=round(time.monotonic() - state.started_at, 1),
        database=database,
        nats=nats,
        total_listings=None if counts is None else sum(counts.values()),
        platforms=[
            PlatformStats(
                platform=p,
                listings=None if counts is None else counts.get(p, 0),
                last_sync=sync_job_out(last[p]) if p in last else None,
            )
            for p in PLATFORMS
        ],
        consumers=consumers,
        dead_letters=dead,
        llm=llm,
    )
    return json_bytes(render(out))


@health.get("/healthz", openapi_extra=documented(NoParams))
async def healthz(_: Annotated[NoParams, from_query(NoParams)]) -> dict:
    """Liveness: the process answers."""
    return {"status": "ok"}


@health.get(
    "/readyz",
    responses={503: {"description": "PostgreSQL or NATS is unreachable"}},
)
async def readyz(request: Request, _: Annotated[NoParams, from_query(NoParams)]):
    """Readiness: PostgreSQL answers and NATS is connected."""
    state = request.app.state
    checks = {
        "database": "ok" if await state.read_model.reachable() else "unavailable",
        "nats": "ok" if state.bus.connected else "unavailable",
    }
    ready = all(v == "ok" for v in checks.values())
    return JSONResponse(
        {"status": "ready" if ready else "not ready", **checks}, status_code=200 if ready else 503
    )
