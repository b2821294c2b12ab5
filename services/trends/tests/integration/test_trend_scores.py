"""Trend scores: every listing scored 0-100 from engagement, recency, deal and momentum, equal to
the documented formula computed by hand, and recomputed when its inputs change."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from indigo_shared.db import create_pool
from indigo_shared.events import utcnow
from indigo_trends.adapters import repository
from indigo_trends.domain.listings import TrendListing, deal_group, lot_name, size_bucket

pytestmark = pytest.mark.integration


def listing(external_id, *, platform="ebay", engagement=None, age_days=1.0, price="80",
            brand="Levi's", model="501") -> TrendListing:  # fmt: skip
    now = utcnow()
    lot = lot_name(brand, model)
    size = size_bucket(32)
    return TrendListing(
        platform=platform,
        external_id=external_id,
        brand=brand,
        lot=lot,
        size_bucket=size,
        condition="good",
        deal_group=deal_group(brand, lot),
        price=Decimal(price),
        currency="USD",
        price_usd=Decimal(price),
        engagement=engagement or {},
        listed_at=now - timedelta(days=age_days),
        collected_at=now - timedelta(days=age_days),
    )


def expected(engagement: float, reference: float, age_days: float, deal, growth=None) -> float:
    parts = {
        "engagement": engagement / (engagement + reference),
        "recency": 0.5 ** (age_days / repository.RECENCY_HALF_LIFE_DAYS),
        "deal": 0.5 if deal is None else min(1, max(0, (deal + 50) / 100)),
        "momentum": 0.5 if growth is None else growth / (growth + 1),
    }
    return round(100 * sum(repository.TREND_WEIGHTS[k] * v for k, v in parts.items()), 1)


async def scores(conn) -> dict[str, tuple[float, dict]]:
    rows = await conn.fetch(
        "SELECT external_id, trend_score, factors FROM marketplace_listing_trend_scores"
    )
    return {r["external_id"]: (r["trend_score"], r["factors"]) for r in rows}


async def test_scores_follow_the_documented_formula_on_every_platform(database_url):
    pool = await create_pool(database_url)
    today = utcnow().date()
    async with pool.acquire() as conn:
        async with conn.transaction():
            await repository.apply_listings(
                conn,
                [
                    listing("watched", engagement={"watchers": 15, "bids": 5}, age_days=1),
                    listing("quiet", age_days=1),
                    listing("old", engagement={"watchers": 15, "bids": 5}, age_days=21),
                    listing("cheap", price="40", age_days=1),
                    listing("dear", price="160", age_days=1),
                    listing("etsy", platform="etsy", engagement={"favorites": 8}, model=None),
                    listing(
                        "reddit",
                        platform="reddit",
                        engagement={"score": 40, "comments": 2},
                        brand=None,
                        model=None,
                    ),  # fmt: skip
                ],
                today,
            )
        got = await scores(conn)
        assert set(got) == {"watched", "quiet", "old", "cheap", "dear", "etsy", "reddit"}
        assert all(0 <= score <= 100 for score, _ in got.values())
        reference = repository.DEFAULT_ENGAGEMENT_REFERENCE  # no daily market row yet
        assert got["watched"][0] == pytest.approx(expected(20, reference, 1, None), abs=0.2)
        assert got["old"][0] == pytest.approx(expected(20, reference, 21, None), abs=0.2)
        assert got["reddit"][0] == pytest.approx(expected(42, reference, 1, None), abs=0.2)
        assert got["watched"][0] > got["quiet"][0] and got["watched"][0] > got["old"][0]

        # The deal scores come in (5 comparables of one group): the cheap pair rises.
        async with conn.transaction():
            await repository.recompute_deals(conn, 3)
        deals = {
            r["external_id"]: (r["deal_score"], r["reason"])
            for r in await conn.fetch(
                "SELECT external_id, deal_score, reason FROM marketplace_listing_deals"
            )
        }
        # Every listing has its row; the unscorable ones say why.
        assert deals["etsy"] == deals["reddit"] == (None, "no_lot")
        deals = {key: float(score) for key, (score, _) in deals.items() if score is not None}
        got = await scores(conn)
        assert got["cheap"][1]["deal"] > 0.5 > got["dear"][1]["deal"]
        assert got["cheap"][0] == pytest.approx(expected(0, reference, 1, deals["cheap"]), abs=0.2)
        assert got["cheap"][0] > got["quiet"][0] > got["dear"][0]

        # A platform average and a rising lot change what the same listing scores.
        await conn.execute(
            "INSERT INTO marketplace_trends (period_start, platform, category, key, engagement)"
            " VALUES ($1, 'ebay', 'all', 'all', $2)",
            today,
            {"watchers": {"avg": 30.0, "sample_count": 10}},
        )
        for day, new in ((today, 9), (today - timedelta(days=8), 2)):
            await conn.execute(
                "INSERT INTO marketplace_trends (period_start, platform, category, key,"
                " new_count) VALUES ($1, 'all', 'lot', $2, $3)",
                day,
                "Levi's 501",
                new,
            )
        async with conn.transaction():
            await repository.recompute_deals(conn, 3, None)
        got = await scores(conn)
        growth = (9 + 1) / (2 + 1)
        assert got["watched"][1]["momentum"] == pytest.approx(growth / (growth + 1), abs=0.001)
        assert got["watched"][0] == pytest.approx(
            expected(20, 30.0, 1, deals["watched"], growth), abs=0.2
        )
    await pool.close()
