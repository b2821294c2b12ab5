"""What every collector does the same way: run a sync job, publish listings and job status, schedule.

A collector supplies only the marketplace part, an async iterator of :class:`FetchedPage`; this
module publishes each listing as ``ListingCollected`` (with its ``Nats-Msg-Id``, so an unchanged
listing is dropped by the stream's duplicate window and counted as unchanged) and reports the job's
lifecycle as ``SyncStatusChanged`` events.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass

from nats.js import JetStreamContext

from indigo_shared.delivery import describe
from indigo_shared.events import (
    Listing,
    ListingCollected,
    SyncCounts,
    SyncRequested,
    SyncStatusChanged,
    utcnow,
)
from indigo_shared.nats import event_bytes, publish_event
from indigo_shared.streams import collected_msg_id, listing_collected, sync_requested, sync_status

log = logging.getLogger(__name__)


@dataclass
class FetchedPage:
    listings: list[Listing]
    errors: int = 0  # items on the page that could not be mapped


@dataclass
class PartialResult(Exception):
    """Raised by a fetcher that had to stop early but whose pages so far are good (a spent quota)."""

    reason: str


async def publish_listings(
    js: JetStreamContext, listings: list[Listing], job_id, *, concurrency: int = 64
) -> tuple[int, int]:
    """Publish listings concurrently; returns (newly stored, dropped as unchanged duplicates)."""
    semaphore = asyncio.Semaphore(concurrency)

    async def publish(listing: Listing) -> bool:
        event = ListingCollected(sync_job_id=job_id, listing=listing)
        msg_id = collected_msg_id(listing.platform, listing.external_id, listing.content_hash)
        async with semaphore:
            ack = await js.publish(
                listing_collected(listing.platform),
                event_bytes(event),
                headers={"Nats-Msg-Id": msg_id},
                timeout=10,
            )
        return bool(ack.duplicate)

    duplicates = await asyncio.gather(*(publish(listing) for listing in listings))
    unchanged = sum(duplicates)
    return len(listings) - unchanged, unchanged


async def run_sync(
    js: JetStreamContext,
    request: SyncRequested,
    pages: AsyncIterator[FetchedPage],
    *,
    heartbeat: Callable[[], Awaitable[None]] | None = None,
) -> SyncStatusChanged:
    """Run one sync job to its end and return its final status (also published)."""
    started = utcnow()
    counts = SyncCounts()

    async def report(status: str, error: str | None = None, finished=None) -> SyncStatusChanged:
        event = SyncStatusChanged(
            job_id=request.job_id,
            platform=request.platform,
            status=status,
            counts=counts,
            error=error,
            keywords=request.keywords,
            limit=request.limit,
            requested_at=request.requested_at,
            started_at=started,
            finished_at=finished,
        )
        await publish_event(js, sync_status(request.platform), event)
        return event

    await report("running")
    error: str | None = None
    try:
        async for page in pages:
            published, unchanged = await publish_listings(js, page.listings, request.job_id)
            counts = SyncCounts(
                fetched=counts.fetched + len(page.listings) + page.errors,
                published=counts.published + published,
                unchanged=counts.unchanged + unchanged,
                errors=counts.errors + page.errors,
            )
            if heartbeat:
                await heartbeat()
    except PartialResult as partial:
        error = f"partial results: {partial.reason}"
    except Exception as exc:  # noqa: BLE001 - the job fails, the collector keeps running
        log.exception("sync %s failed", request.job_id)
        return await report("failed", describe(exc), utcnow())
    log.info("sync %s completed: %s", request.job_id, counts.model_dump())
    return await report("completed", error, utcnow())


async def schedule_syncs(
    js: JetStreamContext,
    platform: str,
    *,
    interval_seconds: float,
    keywords: str,
    limit: int,
    clock: Callable[[], float] = time.time,
) -> None:
    """Request a sync at every interval boundary, from however many replicas run this loop.

    Every replica publishes the same slot's request with the same ``Nats-Msg-Id``; the stream's
    duplicate window keeps one, so N replicas still make one job per interval.
    """
    while True:
        slot = int(clock() // interval_seconds)
        request = SyncRequested(
            platform=platform, keywords=keywords, limit=limit, trigger="schedule"
        )
        try:
            ack = await publish_event(
                js,
                sync_requested(platform),
                request,
                msg_id=f"schedule:{platform}:{int(interval_seconds)}:{slot}",
            )
            if not ack.duplicate:
                await publish_event(
                    js,
                    sync_status(platform),
                    SyncStatusChanged(
                        job_id=request.job_id,
                        platform=platform,
                        status="pending",
                        keywords=keywords,
                        limit=limit,
                        requested_at=request.requested_at,
                    ),
                )
                log.info("scheduled sync %s for %s", request.job_id, platform)
        except Exception as exc:  # noqa: BLE001 - try again at the next slot
            log.warning("could not schedule a %s sync: %s", platform, describe(exc))
        next_slot = (slot + 1) * interval_seconds
        await asyncio.sleep(max(1.0, next_slot - clock()))
