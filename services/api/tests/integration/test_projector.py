"""The projector against real NATS and PostgreSQL: idempotent, ack-after-commit, poison parked."""

from __future__ import annotations

import uuid
from datetime import timedelta
from decimal import Decimal

import asyncpg
import pytest
from indigo_api.projector.main import create_app as create_projector
from indigo_api.projector.repository import listing_id
from indigo_shared.events import ListingsSeen, SyncStatusChanged
from indigo_shared.nats import publish_event
from indigo_shared.streams import listing_enriched, sync_status
from indigo_shared.testing import eventually, sample_enriched, sample_listing

pytestmark = pytest.mark.integration


async def count(database_url: str, sql: str, *args) -> int:
    conn = await asyncpg.connect(database_url)
    try:
        return await conn.fetchval(sql, *args)
    finally:
        await conn.close()


async def test_same_event_twice_leaves_one_row(api_settings, jetstream, database_url):
    event = sample_enriched(sample_listing("v1|111|0"))
    async with create_projector(api_settings):
        for _ in range(2):  # no Nats-Msg-Id: both reach the projector
            await publish_event(jetstream, listing_enriched("ebay"), event)
        await eventually(lambda: _consumer_idle(jetstream))
    assert await count(database_url, "SELECT count(*) FROM marketplace_listings") == 1
    assert await count(database_url, "SELECT count(*) FROM marketplace_price_history") == 1


async def _consumer_idle(js) -> bool:
    info = await js.consumer_info("LISTINGS", "api-projector")
    return info.num_pending == 0 and info.num_ack_pending == 0


async def test_price_change_is_recorded_and_older_event_does_not_overwrite(
    api_settings, jetstream, database_url
):
    first = sample_enriched(sample_listing("v1|222|0", price=Decimal("80.00")))
    dropped = sample_enriched(sample_listing("v1|222|0", price=Decimal("65.00")))
    async with create_projector(api_settings):
        await publish_event(jetstream, listing_enriched("ebay"), first)
        await publish_event(jetstream, listing_enriched("ebay"), dropped)
        await publish_event(jetstream, listing_enriched("ebay"), first)  # a late redelivery
        await eventually(lambda: _consumer_idle(jetstream))
    conn = await asyncpg.connect(database_url)
    try:
        row = await conn.fetchrow(
            "SELECT price, first_seen_at, last_seen_at FROM marketplace_listings WHERE id = $1",
            listing_id("ebay", "v1|222|0"),
        )
        prices = await conn.fetch(
            "SELECT price FROM marketplace_price_history ORDER BY observed_at"
        )
    finally:
        await conn.close()
    assert row["price"] == Decimal("65.00")
    assert row["first_seen_at"] == first.collected_at
    assert row["last_seen_at"] == dropped.collected_at
    assert [p["price"] for p in prices] == [Decimal("80.00"), Decimal("65.00")]


async def test_poison_message_is_parked_and_the_stream_keeps_moving(
    api_settings, jetstream, database_url
):
    async with create_projector(api_settings):
        await jetstream.publish(listing_enriched("ebay"), b'{"not": "an event"}')
        await publish_event(
            jetstream, listing_enriched("ebay"), sample_enriched(sample_listing("v1|333|0"))
        )
        await eventually(lambda: _consumer_idle(jetstream))
        dead = await jetstream.get_last_msg("DLQ", "dlq.api-projector")
    assert dead.data == b'{"not": "an event"}'
    assert "ValidationError" in dead.headers["Indigo-Error"]
    assert dead.headers["Indigo-Original-Subject"] == "listings.enriched.ebay"
    assert await count(database_url, "SELECT count(*) FROM marketplace_listings") == 1


async def test_sync_status_events_build_the_job_history(api_settings, jetstream, database_url):
    import uuid

    job = uuid.uuid4()
    running = SyncStatusChanged(job_id=job, platform="ebay", status="running")
    completed = SyncStatusChanged(
        job_id=job,
        platform="ebay",
        status="completed",
        counts={"fetched": 10, "published": 9, "unchanged": 1},
    )
    async with create_projector(api_settings):
        # Out of order: the late "running" must not undo "completed".
        await publish_event(jetstream, sync_status("ebay"), completed)
        await publish_event(jetstream, sync_status("ebay"), running)
        await eventually(lambda: _idle(jetstream, "SYNC_EVENTS"))
    conn = await asyncpg.connect(database_url)
    try:
        row = await conn.fetchrow("SELECT * FROM marketplace_sync_jobs WHERE id = $1", job)
    finally:
        await conn.close()
    assert row["status"] == "completed"
    assert (row["fetched"], row["published"], row["unchanged"]) == (10, 9, 1)


async def _idle(js, stream: str) -> bool:
    info = await js.consumer_info(stream, "api-projector")
    return info.num_pending == 0 and info.num_ack_pending == 0


async def test_a_batch_keeps_each_listings_newest_version_and_its_json(database_url):
    """The batch upsert (copied, then one statement): two versions of a listing in one batch leave
    the newer; JSON fields round-trip; a second batch in the same transaction works too."""

    from indigo_api.projector.repository import project_listings
    from indigo_shared.db import create_pool
    from indigo_shared.money import DEFAULT_USD_RATES

    older = sample_enriched(sample_listing("v1|333|0", price=Decimal("90.00")))
    newer = sample_enriched(
        sample_listing(
            "v1|333|0", price=Decimal("75.00"), raw_data={"itemId": "v1|333|0", "note": "ñ ✓"}
        ),
        collected_at=older.collected_at + timedelta(minutes=5),
    )
    other = sample_enriched(sample_listing("v1|334|0"))
    pool = await create_pool(database_url, min_size=1, max_size=1)
    try:
        async with pool.acquire() as conn:
            async with conn.transaction():
                await project_listings(conn, [newer, other, older], DEFAULT_USD_RATES)
                await project_listings(conn, [older], DEFAULT_USD_RATES)  # late, same transaction
            row = await conn.fetchrow(
                "SELECT price, raw_data, attributes, first_seen_at, last_seen_at"
                " FROM marketplace_listings WHERE id = $1",
                listing_id("ebay", "v1|333|0"),
            )
            prices = await conn.fetch(
                "SELECT price FROM marketplace_price_history WHERE listing_id = $1"
                " ORDER BY observed_at",
                listing_id("ebay", "v1|333|0"),
            )
            total = await conn.fetchval("SELECT count(*) FROM marketplace_listings")
    finally:
        await pool.close()
    assert row["price"] == Decimal("75.00")
    assert row["raw_data"] == {"itemId": "v1|333|0", "note": "ñ ✓"}
    assert row["attributes"]["brand"] == "Levi's"
    assert (row["first_seen_at"], row["last_seen_at"]) == (older.collected_at, newer.collected_at)
    assert [p["price"] for p in prices] == [Decimal("90.00"), Decimal("75.00")]
    assert total >= 2


async def test_the_search_document_follows_the_text_and_only_the_text(database_url):
    """A re-sync with a new price and a sighting keep the listing's full-text document as it
    was; a new title or description replaces it (its old words no longer find it)."""
    from indigo_api.projector.repository import project_listings, project_seen
    from indigo_shared.db import create_pool
    from indigo_shared.money import DEFAULT_USD_RATES

    first = sample_enriched(
        sample_listing(
            "v1|555|0", title="Levis 501 selvedge redline", description="Faded knees, chain stitch"
        )
    )

    def later(minutes: int, **changes):
        return sample_enriched(
            first.listing.model_copy(update=changes),
            collected_at=first.collected_at + timedelta(minutes=minutes),
        )

    async def words(conn, query: str) -> bool:
        return await conn.fetchval(
            "SELECT search_vector @@ websearch_to_tsquery('english', $2)"
            " FROM marketplace_listings WHERE id = $1",
            listing_id("ebay", "v1|555|0"),
            query,
        )

    pool = await create_pool(database_url, min_size=1, max_size=1)
    try:
        async with pool.acquire() as conn:
            async with conn.transaction():
                await project_listings(conn, [first], DEFAULT_USD_RATES)
            stored = await conn.fetchval("SELECT search_vector::text FROM marketplace_listings")
            assert await words(conn, "selvedge") and await words(conn, "chain stitch")

            async with conn.transaction():
                await project_listings(conn, [later(5, price=Decimal("70.00"))], DEFAULT_USD_RATES)
                await project_seen(
                    conn,
                    [
                        ListingsSeen(
                            job_id=uuid.uuid4(),
                            platform="ebay",
                            keywords="levis",
                            page=0,
                            external_ids=["v1|555|0"],
                            seen_at=first.collected_at + timedelta(minutes=6),
                        )
                    ],
                )
            row = await conn.fetchrow(
                "SELECT price, search_vector::text AS v FROM marketplace_listings"
            )
            assert (row["price"], row["v"]) == (Decimal("70.00"), stored)

            async with conn.transaction():
                await project_listings(
                    conn,
                    [later(10, title="Levis 505 orange tab", description="Rigid, never washed")],
                    DEFAULT_USD_RATES,
                )
            assert await words(conn, "orange tab") and await words(conn, "rigid")
            assert not await words(conn, "selvedge") and not await words(conn, "chain stitch")
    finally:
        await pool.close()
