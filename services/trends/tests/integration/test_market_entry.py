"""Daily rows from when listings entered the market, through the running service: listings
listed days before they were first seen count as on the market (and new on their listing day)
from then on, but their prices only from when they were observed; a listing time older than the
tracked window counts as on the market on every tracked day and new on none; one in the future
is taken as the first sighting. The same events again leave the same rows."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

import pytest
from indigo_shared.db import create_pool
from indigo_shared.events import Attributes, Engagement, utcnow
from indigo_shared.nats import publish_event
from indigo_shared.streams import TRENDS, listing_enriched
from indigo_shared.testing import eventually, sample_enriched, sample_listing
from indigo_trends.adapters.repository import HISTORY_DAYS
from indigo_trends.main import create_app
from indigo_trends.settings import TrendsSettings

pytestmark = pytest.mark.integration


def at(today: date, days_back: int, hour: int = 12) -> datetime:
    return datetime.combine(today - timedelta(days=days_back), time(hour), UTC)


def event(external_id, platform, listed_at, collected_at, price, watchers=None):
    listing = sample_listing(
        external_id,
        platform=platform,
        price=Decimal(price),
        currency="USD",
        listed_at=listed_at,
        engagement=Engagement(watchers=watchers),
    )
    return sample_enriched(
        listing, attributes=Attributes(brand="Levi's", model="501"), collected_at=collected_at
    )


async def drained(js) -> bool:
    info = await js.consumer_info("LISTINGS", TRENDS)
    return not info.num_pending and not info.num_ack_pending


async def test_rows_count_listings_from_their_listing_day_and_prices_from_their_sighting(
    nats_url, database_url, jetstream
):
    now = utcnow()
    today = now.date()
    seen_today = now - timedelta(minutes=30)
    events = [
        # a: listed 5 days ago, first seen (at $100) today; 7 watchers.
        event("a", "ebay", at(today, 5), seen_today, "100", watchers=7),
        # b: listed 3 days ago, seen at $40 two days ago, at $60 today.
        event("b", "ebay", at(today, 3), at(today, 2), "40"),
        event("b", "ebay", at(today, 3), seen_today, "60"),
        # c: no listing time, first seen yesterday at $80.
        event("c", "etsy", None, at(today, 1), "80"),
        # d: an absurd listing time (1970), first seen today at $20.
        event("d", "reddit", datetime(1970, 1, 1, tzinfo=UTC), seen_today, "20"),
        # e: listed "in two days" (a skewed clock), first seen today at $30: it entered today.
        event("e", "ebay", now + timedelta(days=2), seen_today, "30"),
    ]
    # day back: (listings on the market, new, USD prices behind the price figures)
    expected = {
        5: (2, 1, []),  # a (new) and d; neither observed yet: no price
        4: (2, 0, []),
        3: (3, 1, []),  # b new
        2: (3, 0, [40]),  # b's first observation
        1: (4, 1, [40, 80]),  # c new (first seen)
        0: (5, 1, [100, 60, 80, 20, 30]),  # e new; a, d, e observed
    }
    settings = TrendsSettings(
        nats_url=nats_url,
        database_url=database_url,
        refresh_seconds=0.2,
        sweep_seconds=0,
        rollup_at="off",
        ack_wait_seconds=10,
    )
    market_rows = (
        "SELECT * FROM marketplace_trends WHERE platform = 'all' AND category = 'all'"
        " ORDER BY period_start"
    )
    pool = await create_pool(database_url)
    try:
        async with create_app(settings) as service, pool.acquire() as conn:

            async def refreshed() -> bool:
                if not await drained(jetstream):
                    return False
                return not await conn.fetchval("SELECT count(*) FROM trends_dirty_days")

            for e in events:
                await publish_event(jetstream, listing_enriched(e.listing.platform), e)
            await eventually(refreshed, timeout=30)
            rows = {r["period_start"]: r for r in await conn.fetch(market_rows)}

            first_day = today - timedelta(days=HISTORY_DAYS)
            assert min(rows) == first_day, "d (listed in 1970) counts from the window's start"
            for day, row in rows.items():
                back = (today - day).days
                listings, new, prices = expected.get(back, (1, 0, []))  # older: d alone
                assert (row["listing_count"], row["new_count"], row["ended_count"]) == (
                    listings,
                    new,
                    0,
                ), day
                assert row["sample_count"] == len(prices), day
                if prices:
                    ordered = sorted(prices)
                    assert row["min_price_usd"] == min(prices)
                    assert row["max_price_usd"] == max(prices)
                    assert row["avg_price_usd"] == Decimal(sum(prices)) / len(prices)
                    middle = len(ordered) // 2
                    median = (
                        ordered[middle]
                        if len(ordered) % 2
                        else (ordered[middle - 1] + ordered[middle]) / 2
                    )
                    assert row["median_price_usd"] == median, day
                else:
                    assert row["median_price_usd"] is None
                    assert row["currency_stats"] == {}
            # a's watchers: not before a was seen.
            assert rows[today - timedelta(days=5)]["engagement"] == {}
            assert rows[today]["engagement"]["watchers"] == {"avg": 7, "sample_count": 1}
            # Per platform too: d (reddit) alone before the others entered.
            reddit = await conn.fetch(
                "SELECT period_start, listing_count, new_count FROM marketplace_trends"
                " WHERE platform = 'reddit' AND category = 'all'"
            )
            assert len(reddit) == HISTORY_DAYS + 1
            assert {(r["listing_count"], r["new_count"]) for r in reddit} == {(1, 0)}

            # The same events again (redelivered: new message ids), and a refresh of every
            # tracked day: the same rows, computed_at included.
            snapshot = [dict(r) for r in await conn.fetch(market_rows)]
            for e in events:
                await publish_event(
                    jetstream, listing_enriched(e.listing.platform), e, msg_id=str(uuid.uuid4())
                )
            await eventually(refreshed, timeout=30)
            await conn.execute(
                "INSERT INTO trends_dirty_days (day) SELECT generate_series($1::date, $2::date,"
                " interval '1 day')::date ON CONFLICT DO NOTHING",
                first_day,
                today,
            )
            await service.refresh()
            assert [dict(r) for r in await conn.fetch(market_rows)] == snapshot
    finally:
        await pool.close()
