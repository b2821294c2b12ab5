"""What ``run_sync`` tells the trends about each sync: the listings every page saw (unchanged ones
included) and whether the sync was full, so that an ended listing can be told from a live one."""

from __future__ import annotations

import pytest
from indigo_shared.collecting import FetchedPage, PartialResult, run_sync
from indigo_shared.events import ListingCollected, ListingsSeen, SyncRequested, SyncStatusChanged
from indigo_shared.testing import sample_listing

pytestmark = pytest.mark.integration


async def pages_of(*pages: FetchedPage, then: Exception | None = None):
    for page in pages:
        yield page
    if then:
        raise then


async def stream_events(js, subject: str, model):
    sub = await js.pull_subscribe(subject, stream="SYNC_EVENTS" if "sync" in subject else None)
    events = []
    try:
        while True:
            try:
                messages = await sub.fetch(100, timeout=0.5)
            except TimeoutError:
                return events
            for msg in messages:
                events.append(model.model_validate_json(msg.data))
                await msg.ack()
    finally:
        # A pull subscription left open makes the connection's drain wait out its timeout.
        await sub.unsubscribe()


LISTINGS = [sample_listing(f"v1|{n}|0") for n in range(5)]


async def test_every_page_is_named_in_listings_seen_even_when_unchanged(jetstream, publisher):
    pages = (FetchedPage(LISTINGS[:3]), FetchedPage(LISTINGS[3:], errors=1))
    first = SyncRequested(platform="ebay", keywords="levis 501", limit=10)
    second = SyncRequested(platform="ebay", keywords="levis 501", limit=10)
    done = await run_sync(publisher, first, pages_of(*pages))
    again = await run_sync(publisher, second, pages_of(*pages))
    assert (done.status, done.full, done.counts.fetched) == ("completed", True, 6)
    assert again.counts.unchanged == 5 and again.full is True
    assert again.filters == second.filters

    seen = await stream_events(jetstream, "sync.seen.ebay", ListingsSeen)
    assert [(e.job_id, e.page, e.external_ids) for e in seen] == [
        (first.job_id, 0, [x.external_id for x in LISTINGS[:3]]),
        (first.job_id, 1, [x.external_id for x in LISTINGS[3:]]),
        (second.job_id, 0, [x.external_id for x in LISTINGS[:3]]),
        (second.job_id, 1, [x.external_id for x in LISTINGS[3:]]),
    ]
    assert all(e.keywords == "levis 501" for e in seen)
    collected = await stream_events(jetstream, "listings.collected.ebay", ListingCollected)
    assert len(collected) == 5, "the unchanged listings were dropped as duplicates"
    # A page is seen when it arrives, before its listings are collected.
    collected_at = {e.listing.external_id: e.collected_at for e in collected}
    assert all(e.seen_at <= collected_at[i] for e in seen[:2] for i in e.external_ids)


@pytest.mark.parametrize(
    "pages, then, status",
    [
        ((FetchedPage(LISTINGS), FetchedPage(LISTINGS[:0])), None, "completed"),  # cut by limit
        ((FetchedPage(LISTINGS[:2], more_available=True),), None, "completed"),  # capped
        ((FetchedPage(LISTINGS[:2]),), PartialResult("quota spent"), "completed"),
        ((FetchedPage(LISTINGS[:2]),), RuntimeError("boom"), "failed"),
    ],
)
async def test_a_sync_that_may_have_missed_listings_is_not_full(
    jetstream, publisher, pages, then, status
):
    request = SyncRequested(platform="etsy", keywords="jeans", limit=5)
    final = await run_sync(publisher, request, pages_of(*pages, then=then))
    assert (final.status, final.full) == (status, False)
    statuses = await stream_events(jetstream, "sync.status.etsy", SyncStatusChanged)
    # "running" at the start and after each page (live counts), then the final status.
    assert [s.status for s in statuses[:-1]] == ["running"] * (len(statuses) - 1)
    assert [s.full for s in statuses] == [None] * (len(statuses) - 1) + [False]
    assert statuses[-1].counts == final.counts
