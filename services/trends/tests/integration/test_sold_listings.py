"""Sold listings in trends, against real PostgreSQL: a sold version ends the listing at its sale
(days on market up to it), a sighting of the still-sold listing keeps it ended, a relist brings
it back; a listing sold by a day's end is not on the market that day, and one sold when first
seen is on no day. The same events twice leave the same rows."""

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

T0 = datetime(2026, 11, 20, 10, tzinfo=UTC)
DAY1, DAY3 = T0.date(), (T0 + timedelta(days=2)).date()


def version(external_id: str, hours: float, *, sold: bool = False, price: str = "80"):
    return TrendListing(
        platform="reddit",
        external_id=external_id,
        brand="Levi's",
        lot="Levi's 501",
        size_bucket="W32-33",
        condition="good",
        deal_group="Levi's 501|W32-33|good",
        price=Decimal(price),
        currency="USD",
        price_usd=Decimal(price),
        engagement={"score": 3},
        listed_at=T0,
        collected_at=T0 + timedelta(hours=hours),
        sold=sold,
    )


def seen(hours: float, *ids: str) -> ListingsSeen:
    return ListingsSeen(
        job_id=uuid.uuid4(),
        platform="reddit",
        keywords="levis",
        page=0,
        external_ids=list(ids),
        seen_at=T0 + timedelta(hours=hours),
    )


async def lifecycle(conn, external_id: str):
    return await conn.fetchrow(
        "SELECT sold, ended_at, last_seen_at FROM trends_listings WHERE external_id = $1",
        external_id,
    )


async def market(conn, day):
    await repository.recompute_day(conn, day)
    return await conn.fetchrow(
        "SELECT listing_count, new_count, ended_count, sample_count, avg_price_usd,"
        " avg_days_on_market FROM marketplace_trends WHERE period = 'day' AND period_start = $1"
        " AND platform = 'all' AND category = 'all' AND key = 'all'",
        day,
    )


async def test_sold_ends_at_the_sale_a_sighting_keeps_it_and_a_relist_revives_it(database_url):
    # "a": on sale from T0, sold two days later (seen sold at 48 h, still sold at 50 h).
    # "b": first seen already sold. "c": on sale all along, at 100.
    events = [
        version("a", 0),
        version("b", 1, sold=True),
        version("c", 0, price="100"),
        version("a", 48, sold=True),
        version("a", 50, sold=True),  # its comments changed: the same sale
    ]
    sale = T0 + timedelta(hours=48)
    pool = await create_pool(database_url)
    try:
        async with pool.acquire() as conn:
            for _ in range(2):  # the same events twice: the same rows
                async with conn.transaction():
                    await repository.apply_listings(conn, events, DAY3)
                    await repository.apply_sync_events(conn, [seen(52, "a", "b", "c")], DAY3)
                a = await lifecycle(conn, "a")
                assert (a["sold"], a["ended_at"], a["last_seen_at"]) == (
                    True,
                    sale,
                    T0 + timedelta(hours=52),
                )
                b = await lifecycle(conn, "b")
                assert (b["sold"], b["ended_at"]) == (True, T0 + timedelta(hours=1))
                assert (await lifecycle(conn, "c"))["ended_at"] is None

            first = await market(conn, DAY1)
            # Day 1: a and c on the market (b was never: seen sold first).
            assert (first["listing_count"], first["new_count"], first["ended_count"]) == (2, 2, 0)
            assert first["avg_price_usd"] == Decimal("90.00")
            third = await market(conn, DAY3)
            # Day 3: a sold (on the market that day and ended, at 2 days on market, as a listing
            # ending that day does); only c's price is an ask.
            assert (third["listing_count"], third["ended_count"]) == (2, 1)
            assert (third["sample_count"], third["avg_price_usd"]) == (1, Decimal("100.00"))
            assert third["avg_days_on_market"] == Decimal("2.00")
            # A sold listing has no deal: its row says it ended.
            deals = await conn.fetch("SELECT * FROM marketplace_listing_deals")
            assert {r["external_id"] for r in deals if r["deal_score"] is not None} <= {"c"}
            assert {r["external_id"]: r["reason"] for r in deals if r["external_id"] != "c"} == {
                "a": "ended",
                "b": "ended",
            }

            # The sweep leaves sold listings alone (they are ended already).
            assert await repository.sweep_ended(conn, timedelta(0), DAY3) == 0

            # Relisted: a newer version not sold brings "a" back; sold again, a new sale.
            async with conn.transaction():
                await repository.apply_listings(conn, [version("a", 60, price="70")], DAY3)
            a = await lifecycle(conn, "a")
            assert (a["sold"], a["ended_at"]) == (False, None)
            assert (await market(conn, DAY3))["listing_count"] == 2
            async with conn.transaction():
                await repository.apply_listings(conn, [version("a", 66, sold=True)], DAY3)
                # An older sold version, late, moves nothing.
                await repository.apply_listings(conn, [version("a", 49, sold=True)], DAY3)
            assert (await lifecycle(conn, "a"))["ended_at"] == T0 + timedelta(hours=66)
    finally:
        await pool.close()


async def test_a_batch_of_versions_gives_the_sale_of_applying_them_one_by_one(database_url):
    versions = [
        version("d", 0, sold=True),
        version("d", 5),
        version("d", 10, sold=True),
        version("d", 15, sold=True),
    ]
    pool = await create_pool(database_url)
    try:
        async with pool.acquire() as conn:
            async with conn.transaction():
                await repository.apply_listings(conn, versions[::-1], DAY1)
            batched = await lifecycle(conn, "d")
            await conn.execute("TRUNCATE trends_listings, trends_prices")
            for v in versions:
                async with conn.transaction():
                    await repository.apply_listings(conn, [replace(v)], DAY1)
            one_by_one = await lifecycle(conn, "d")
    finally:
        await pool.close()
    assert batched == one_by_one
    assert batched["ended_at"] == T0 + timedelta(hours=10)
