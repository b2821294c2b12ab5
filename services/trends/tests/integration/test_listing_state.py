"""Trends' listing state from a batch of enriched listings: applied set-based, a round of
distinct listings at a time, it equals applying the same events one by one in order; several
versions of one listing in a batch included (price history, the price's start, seen times)."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from indigo_shared.db import create_pool
from indigo_shared.events import ListingsSeen
from indigo_trends.adapters import repository
from indigo_trends.domain.listings import TrendListing

pytestmark = pytest.mark.integration

T0 = datetime(2026, 11, 20, 12, tzinfo=UTC)


def version(external_id: str, hours: int, price: str, **changes) -> TrendListing:
    listing = TrendListing(
        platform="ebay",
        external_id=external_id,
        brand="Levi's",
        lot="Levi's 501",
        size_bucket="W32-33",
        condition="good",
        deal_group="Levi's 501",
        price=Decimal(price),
        currency="USD",
        price_usd=Decimal(price),
        engagement={"watchers": hours},
        listed_at=T0,
        collected_at=T0 + timedelta(hours=hours),
    )
    return replace(listing, **changes)


EVENTS = [
    version("a", 0, "80"),
    version("b", 1, "120"),
    version("a", 2, "70"),  # a price drop
    version("a", 3, "70", condition="excellent"),  # same price, new details
    version("b", 0, "125"),  # older than b's first: late, changes only seen times and history
    version("c", 5, "60"),
    version("a", 4, "75"),
]


async def state(conn) -> tuple[list[dict], list[dict]]:
    listings = await conn.fetch(
        "SELECT platform, external_id, brand, lot, condition, deal_group, price, price_usd,"
        " price_since, engagement, first_seen_at, last_seen_at, ended_at, collected_at"
        " FROM trends_listings ORDER BY external_id"
    )
    prices = await conn.fetch(
        "SELECT external_id, observed_at, price FROM trends_prices ORDER BY external_id, observed_at"
    )
    return [dict(r) for r in listings], [dict(r) for r in prices]


async def test_a_batch_with_several_versions_equals_applying_them_one_by_one(database_url):
    pool = await create_pool(database_url)
    today = T0.date()
    try:
        async with pool.acquire() as conn:
            async with conn.transaction():
                await repository.apply_listings(conn, EVENTS, today)
            batched = await state(conn)
            await conn.execute("TRUNCATE trends_listings, trends_prices")
            # Events one by one, in their collection order: what ``apply_listings`` promises.
            for event in sorted(EVENTS, key=lambda x: x.collected_at):
                async with conn.transaction():
                    await repository.apply_listings(conn, [event], today)
            one_by_one = await state(conn)
    finally:
        await pool.close()

    assert batched == one_by_one
    listings, prices = batched
    a = next(x for x in listings if x["external_id"] == "a")
    assert (a["price"], a["condition"]) == (Decimal("75"), "good")
    assert a["price_since"] == T0 + timedelta(hours=4)
    assert (a["first_seen_at"], a["last_seen_at"]) == (T0, T0 + timedelta(hours=4))
    assert [p["price"] for p in prices if p["external_id"] == "a"] == [80, 70, 75]
    b = next(x for x in listings if x["external_id"] == "b")
    assert (b["price"], b["first_seen_at"]) == (Decimal("120"), T0)
    assert [p["price"] for p in prices if p["external_id"] == "b"] == [125, 120]


async def test_a_sighting_before_the_listing_and_an_ending_before_a_newer_version(database_url):
    """A sync saw "d" before its enriched event reached trends: last seen is that sighting. A
    listing taken for ended is live again when a version collected after the ending comes."""
    pool = await create_pool(database_url)
    today = T0.date()
    seen = ListingsSeen(
        job_id=uuid.uuid4(),
        platform="ebay",
        keywords="levis",
        page=0,
        external_ids=["d"],
        seen_at=T0 + timedelta(hours=10),
    )
    try:
        async with pool.acquire() as conn:
            async with conn.transaction():
                await repository.apply_sync_events(conn, [seen], today)
                await repository.apply_listings(conn, [version("d", 1, "90")], today)
            d = await conn.fetchrow("SELECT * FROM trends_listings WHERE external_id = 'd'")
            assert (d["first_seen_at"], d["last_seen_at"]) == (
                T0 + timedelta(hours=1),
                T0 + timedelta(hours=10),
            )
            await conn.execute(
                "UPDATE trends_listings SET ended_at = $1 WHERE external_id = 'd'",
                T0 + timedelta(hours=11),
            )
            async with conn.transaction():
                await repository.apply_listings(conn, [version("d", 12, "85")], today)
            d = await conn.fetchrow("SELECT * FROM trends_listings WHERE external_id = 'd'")
    finally:
        await pool.close()
    assert d["ended_at"] is None
    assert (d["price"], d["last_seen_at"]) == (Decimal("85"), T0 + timedelta(hours=12))
