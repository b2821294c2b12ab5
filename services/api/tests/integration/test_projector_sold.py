"""Sold listings in the read model, against real NATS and PostgreSQL: a sold version ends the
listing at its sale, a sighting or a ListingEnded of the still-sold listing changes nothing, a
version that is not sold (relisted) brings it back; the same events twice, or in other batches,
leave the same rows."""

from __future__ import annotations

import uuid
from datetime import timedelta

import asyncpg
import pytest
from indigo_api.projector.main import create_app as create_projector
from indigo_api.projector.repository import (
    listing_id,
    project_endings,
    project_listings,
    project_seen,
)
from indigo_shared.db import create_pool
from indigo_shared.events import ListingEnded, ListingsSeen, utcnow
from indigo_shared.money import DEFAULT_USD_RATES
from indigo_shared.nats import publish_event
from indigo_shared.streams import listing_ended, listing_enriched, listings_seen
from indigo_shared.testing import eventually, sample_enriched, sample_listing

from ..conftest import api_client

pytestmark = pytest.mark.integration

API = "/api/marketplace"
ID = "t3_sold1"


def version(start, minutes: int, buying_format: str | None, external_id: str = ID):
    listing = sample_listing(
        external_id,
        platform="reddit",
        url=f"https://www.reddit.com/r/VintageDenim/comments/{external_id}/",
        buying_format=buying_format,
    )
    return sample_enriched(listing, collected_at=start + timedelta(minutes=minutes))


def seen(start, minutes: int, *ids: str) -> ListingsSeen:
    return ListingsSeen(
        job_id=uuid.uuid4(),
        platform="reddit",
        keywords="levis",
        page=0,
        external_ids=list(ids or (ID,)),
        seen_at=start + timedelta(minutes=minutes),
    )


async def row(database_url: str, external_id: str = ID):
    conn = await asyncpg.connect(database_url)
    try:
        return await conn.fetchrow(
            "SELECT buying_format, ended_at, last_seen_at FROM marketplace_listings WHERE id = $1",
            listing_id("reddit", external_id),
        )
    finally:
        await conn.close()


async def idle(js) -> bool:
    for stream, durable in (
        ("LISTINGS", "api-projector"),
        ("SYNC_EVENTS", "api-projector-seen"),
        ("SYNC_EVENTS", "api-projector-lifecycle"),
    ):
        info = await js.consumer_info(stream, durable)
        if info.num_pending or info.num_ack_pending:
            return False
    return True


async def statuses(client) -> tuple[list, list]:
    found = []
    for status in ("active", "ended"):
        response = await client.get(f"{API}/listings", params={"status": status})
        assert response.status_code == 200, response.text
        found.append([item["external_id"] for item in response.json()["items"]])
    return found[0], found[1]


async def test_sold_ends_a_sighting_keeps_it_ended_and_a_relist_revives_it(
    api_settings, jetstream, database_url
):
    start = utcnow() - timedelta(hours=1)
    on_sale, sold, relisted = version(start, 0, "fixed_price"), version(start, 5, "sold"), None
    async with create_projector(api_settings), api_client(api_settings) as client:
        await publish_event(jetstream, listing_enriched("reddit"), on_sale)
        await publish_event(jetstream, listing_enriched("reddit"), sold)
        await eventually(lambda: idle(jetstream))
        state = await row(database_url)
        assert (state["buying_format"], state["ended_at"]) == ("sold", sold.collected_at)
        assert await statuses(client) == ([], [ID])
        body = (await client.get(f"{API}/listings/{listing_id('reddit', ID)}")).json()
        assert (body["buying_format"], body["ended_at"] is not None) == ("sold", True)

        # A later sync still sees the sold post; a ListingEnded after its last sighting (trends'
        # sweep) comes; the sold version is redelivered: it stays ended at its sale.
        await publish_event(jetstream, listings_seen("reddit"), seen(start, 10))
        await publish_event(
            jetstream,
            listing_ended("reddit"),
            ListingEnded(platform="reddit", external_id=ID, ended_at=start + timedelta(minutes=12)),
        )
        await publish_event(jetstream, listing_enriched("reddit"), sold)
        await eventually(lambda: idle(jetstream))
        state = await row(database_url)
        assert state["ended_at"] == sold.collected_at
        assert state["last_seen_at"] == start + timedelta(minutes=10)
        assert await statuses(client) == ([], [ID])

        # Relisted: a newer version that is not sold brings it back.
        relisted = version(start, 15, "fixed_price+best_offer")
        await publish_event(jetstream, listing_enriched("reddit"), relisted)
        await eventually(lambda: idle(jetstream))
        state = await row(database_url)
        assert (state["buying_format"], state["ended_at"]) == ("fixed_price+best_offer", None)
        assert await statuses(client) == ([ID], [])

        # Sold again: ended at the new sale, not the old one.
        again = version(start, 20, "sold")
        await publish_event(jetstream, listing_enriched("reddit"), again)
        await eventually(lambda: idle(jetstream))
        assert (await row(database_url))["ended_at"] == again.collected_at


async def test_the_sale_is_its_first_sold_version_whatever_the_batches(database_url):
    """The same versions in one batch, in several, or twice give the same end: the first sold
    version after the last unsold one; an older version applied late changes nothing."""
    start = utcnow() - timedelta(hours=1)
    versions = [
        version(start, 0, "sold"),  # sold, then relisted: not this sale
        version(start, 5, "fixed_price"),
        version(start, 10, "sold"),  # the sale
        version(start, 15, "sold"),  # a comment edited, still sold
    ]
    sale = versions[2].collected_at
    layouts = {
        "one batch": [versions[::-1]],
        "one by one": [[v] for v in versions],
        "two batches, replayed": [versions[:3], versions[1:], versions, [versions[0]]],
    }
    pool = await create_pool(database_url, min_size=1, max_size=1)
    try:
        async with pool.acquire() as conn:
            for n, (layout, batches) in enumerate(layouts.items()):
                external_id = f"t3_batch{n}"
                for batch in batches:
                    renamed = [
                        v.model_copy(
                            update={
                                "listing": v.listing.model_copy(update={"external_id": external_id})
                            }
                        )
                        for v in batch
                    ]
                    async with conn.transaction():
                        await project_listings(conn, renamed, DEFAULT_USD_RATES)
                state = await row(database_url, external_id)
                assert (state["buying_format"], state["ended_at"]) == ("sold", sale), layout
    finally:
        await pool.close()


async def test_an_ending_waiting_for_its_row_does_not_move_a_sale(database_url):
    """A ListingEnded that came before the listing's row (held in _pending_endings) and a
    sighting after the sale leave a sold listing ended at its sale; an unsold one still takes
    the held ending, and a sighting after it still brings it back."""
    start = utcnow() - timedelta(hours=1)
    sold, unsold = version(start, 5, "sold", "t3_held1"), version(start, 5, None, "t3_held2")
    pool = await create_pool(database_url, min_size=1, max_size=1)
    try:
        async with pool.acquire() as conn:
            async with conn.transaction():
                await project_endings(
                    conn,
                    [
                        ListingEnded(
                            platform="reddit", external_id=x, ended_at=start + timedelta(minutes=30)
                        )
                        for x in ("t3_held1", "t3_held2")
                    ],
                )
            async with conn.transaction():
                await project_listings(conn, [sold, unsold], DEFAULT_USD_RATES)
            assert (await row(database_url, "t3_held1"))["ended_at"] == sold.collected_at
            assert (await row(database_url, "t3_held2"))["ended_at"] == start + timedelta(
                minutes=30
            )
            for _ in range(2):
                async with conn.transaction():
                    await project_seen(conn, [seen(start, 40, "t3_held1", "t3_held2")])
            assert (await row(database_url, "t3_held1"))["ended_at"] == sold.collected_at
            assert (await row(database_url, "t3_held2"))["ended_at"] is None
    finally:
        await pool.close()
