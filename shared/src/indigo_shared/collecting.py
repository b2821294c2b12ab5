"""What every collector does the same way: run a sync job, publish listings and job status, schedule.

A collector supplies only the marketplace part, an async iterator of :class:`FetchedPage`; this
module publishes each listing as ``ListingCollected`` (with its ``Nats-Msg-Id``, so an unchanged
listing is dropped by the stream's duplicate window and counted as unchanged) and reports the job's
lifecycle as ``SyncStatusChanged`` events. Each page's listings, changed or not, are also named in
a ``ListingsSeen`` event, and the final status says whether the sync was ``full`` (it fetched all
that its search returned), so that consumers can tell live listings from ended ones.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from datetime import datetime

from indigo_shared import metrics
from indigo_shared.events import (
    Listing,
    ListingCollected,
    ListingsSeen,
    SyncCounts,
    SyncRequested,
    SyncStatusChanged,
    utcnow,
)
from indigo_shared.failures import MessageTooLarge, ServiceStopping, Unavailable, describe
from indigo_shared.nats import Publisher, event_bytes
from indigo_shared.parsing import ParsedPage
from indigo_shared.streams import (
    collected_msg_id,
    listing_collected,
    listings_seen,
    seen_msg_id,
    sync_status,
)
from indigo_shared.sync_requests import invalid_reason, is_cancelled, request_sync

log = logging.getLogger(__name__)


@dataclass
class FetchedPage:
    listings: list[Listing]
    errors: int = 0  # items on the page that could not be mapped
    # Set by a fetcher whose marketplace holds more results than it will return (a result cap, such
    # as eBay's 10,000): the sync then does not count as full.
    more_available: bool = False
    # (the item's id if it had one, why) for each item counted in ``errors``: logged by the sync.
    refused: list[tuple[object, str]] = field(default_factory=list)

    @classmethod
    def of(cls, page: ParsedPage) -> FetchedPage:
        """A parsed page as a sync counts it: its listings, and each skipped item for the log."""
        return cls(
            listings=page.listings,
            errors=len(page.errors),
            refused=[(e.item_id, e.reason) for e in page.errors],
        )


#: A marketplace's pages for one request, as its collector fetches them.
Fetcher = Callable[[SyncRequested], AsyncIterator["FetchedPage"]]


@dataclass
class PartialResult(Exception):
    """Raised by a fetcher that had to stop early but whose pages so far are good (a spent quota)."""

    reason: str


async def publish_listings(
    publisher: Publisher, listings: list[Listing], job_id, *, concurrency: int = 64
) -> tuple[int, int, int]:
    """Publish listings concurrently; returns (newly stored, dropped as unchanged duplicates,
    refused as too large to publish)."""
    semaphore = asyncio.Semaphore(concurrency)

    async def publish(listing: Listing) -> str:
        event = ListingCollected(sync_job_id=job_id, listing=listing)
        msg_id = collected_msg_id(listing.platform, listing.external_id, listing.content_hash)
        async with semaphore:
            try:
                ack = await publisher.publish(
                    listing_collected(listing.platform), event_bytes(event), msg_id=msg_id
                )
            except MessageTooLarge as exc:
                log.warning("listing %s refused: %s", msg_id, describe(exc))
                return "refused"
        return "unchanged" if ack.duplicate else "published"

    outcomes = await asyncio.gather(*(publish(listing) for listing in listings))
    return outcomes.count("published"), outcomes.count("unchanged"), outcomes.count("refused")


async def run_sync(
    publisher: Publisher,
    request: SyncRequested,
    pages: AsyncIterator[FetchedPage],
    *,
    status_interval: float = 10.0,
) -> SyncStatusChanged:
    """Run one sync job to its end and return its final status (also published).

    The job's ``running`` status carries live counts: it is published after every page, and at
    least every ``status_interval`` seconds while a page takes long, so that a job whose
    collector died can be told from one that is slow. A NATS outage is waited out (the publisher
    retries with the same ids), so the counts are what the stream stored. A marketplace failure
    ends the job ``failed``; :class:`ServiceStopping` leaves it to the next delivery."""
    started = utcnow()
    counts = SyncCounts()
    capped = False
    page_number = 0

    async def report(
        status: str, error: str | None = None, finished=None, full: bool | None = None
    ) -> SyncStatusChanged:
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
            filters=request.filters,
            full=full,
        )
        await publisher.publish_event(sync_status(request.platform), event)
        metrics.record_sync(event)
        return event

    async def keep_alive() -> None:
        while True:
            await asyncio.sleep(status_interval)
            await report("running")

    if await is_cancelled(publisher.js, request.job_id):
        log.info("sync %s was cancelled before it started", request.job_id)
        return await report("cancelled", "cancelled before it started", utcnow(), full=False)
    if problem := invalid_reason(request):
        return await report("failed", problem, utcnow(), full=False)
    await report("running")
    ticker = asyncio.create_task(keep_alive())
    error: str | None = None
    cancelled = False
    try:
        page_iterator = aiter(pages)
        # A cancellation is looked for before each page is fetched: a running job stops there.
        while not (cancelled := await is_cancelled(publisher.js, request.job_id)):
            try:
                page = await anext(page_iterator)
            except StopAsyncIteration:
                break
            seen_at = utcnow()  # before the listings' events, so no collected_at precedes it
            for item_id, reason in page.refused:
                log.warning(
                    "sync %s: %s item %s refused: %s",
                    request.job_id,
                    request.platform,
                    item_id,
                    reason,
                    extra={"job_id": str(request.job_id)},
                )
            published, unchanged, refused = await publish_listings(
                publisher, page.listings, request.job_id
            )
            await publish_seen(publisher, request, page_number, page.listings, seen_at)
            page_number += 1
            capped = capped or page.more_available
            counts = SyncCounts(
                fetched=counts.fetched + len(page.listings) + page.errors,
                published=counts.published + published,
                unchanged=counts.unchanged + unchanged,
                errors=counts.errors + page.errors + refused,
            )
            await report("running")
    except PartialResult as partial:
        error = f"partial results: {partial.reason}"
    except (ServiceStopping, Unavailable):
        raise
    except Exception as exc:  # noqa: BLE001 - the job fails, the collector keeps running
        log.warning("sync %s failed: %s", request.job_id, describe(exc))
        return await report("failed", describe(exc), utcnow(), full=False)
    finally:
        ticker.cancel()
        with contextlib.suppress(BaseException):
            await ticker
    if cancelled:
        if hasattr(pages, "aclose"):
            await pages.aclose()
        log.info("sync %s cancelled after %s pages", request.job_id, page_number)
        return await report("cancelled", f"cancelled after {page_number} pages", utcnow(), False)
    # Fewer results than the limit, with no early stop, means the search ran out: it was all seen.
    full = error is None and not capped and counts.fetched < request.limit
    log.info("sync %s completed (full: %s): %s", request.job_id, full, counts.model_dump())
    return await report("completed", error, utcnow(), full=full)


async def publish_seen(
    publisher: Publisher,
    request: SyncRequested,
    page_number: int,
    listings: list[Listing],
    seen_at: datetime,
) -> None:
    """Name the page's listings in one ``ListingsSeen``: the unchanged ones among them were dropped
    as duplicates and would otherwise go unheard."""
    if not listings:
        return
    event = ListingsSeen(
        job_id=request.job_id,
        platform=request.platform,
        keywords=request.keywords,
        filters=request.filters,
        page=page_number,
        external_ids=[listing.external_id for listing in listings],
        seen_at=seen_at,
    )
    await publisher.publish_event(
        listings_seen(request.platform), event, msg_id=seen_msg_id(request.job_id, page_number)
    )


async def schedule_syncs(
    publisher: Publisher,
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
            # The slot's id dedups replicas; an identical request still waiting is not repeated.
            ticket = await request_sync(
                publisher.js, request, msg_id=f"schedule:{platform}:{int(interval_seconds)}:{slot}"
            )
            if not (ticket.duplicate or ticket.coalesced):
                log.info("scheduled sync %s for %s", request.job_id, platform)
        except Exception as exc:  # noqa: BLE001 - try again at the next slot
            log.warning("could not schedule a %s sync: %s", platform, describe(exc))
        next_slot = (slot + 1) * interval_seconds
        await asyncio.sleep(max(1.0, next_slot - clock()))
