"""What the trends service's refresh of stale days costs, for listings listed over weeks.

    .venv/bin/python bench/trends_refresh.py [--listings 2000] [--days 90]

Embedded PostgreSQL in a temporary folder, migrated with this checkout's migrations. Listings
(first seen over the last three days, most listed up to 60 days before, one in three repriced
since) go through ``indigo_trends.adapters.repository.apply_listings`` in batches of 200, one
transaction a batch, as the service writes them; then the stale days are refreshed as the
service's refresh job does (``recompute_day`` for each stale day of the tracked window). Then
every tracked day (``--days``) is marked stale and refreshed again, and last a batch of 50 newly
seen listings (listed up to 30 days before) arrives and is refreshed: the steady state.

Printed: for each case, the stale days, the refresh's wall time and each day's median and max.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

from indigo_shared.db import create_pool, migrate
from indigo_shared.embedded import EmbeddedPostgres
from indigo_trends.adapters import repository
from indigo_trends.domain.listings import TrendListing, deal_group

BRANDS = {"Levi's": ["501", "505", "517", "550"], "Lee": ["101Z", "Rider"], "Wrangler": ["13MWZ"]}


def listings(rng: random.Random, count: int, now: datetime, *, prefix: str, listed_days: float):
    out = []
    for n in range(count):
        brand = rng.choice([*BRANDS, None])
        lot = f"{brand} {rng.choice(BRANDS[brand])}" if brand else None
        first = now - timedelta(seconds=rng.uniform(60, 3 * 86400))
        price = Decimal(rng.randrange(2000, 30000)) / 100
        listed = first - timedelta(days=rng.uniform(0, listed_days)) if rng.random() < 0.9 else None
        waist = rng.choice([28, 30, 32, 34, 36])
        base = dict(
            platform=rng.choice(["ebay", "ebay", "etsy", "reddit"]),
            external_id=f"{prefix}-{n}",
            brand=brand,
            lot=lot,
            size_bucket=f"W{waist}-{waist + 1}",
            condition=rng.choice(["excellent", "good", "fair", None]),
            deal_group=deal_group(brand, lot),
            currency="USD",
            engagement={"watchers": rng.randrange(0, 30)},
            listed_at=listed,
        )
        out.append(TrendListing(price=price, price_usd=price, collected_at=first, **base))
        later = first + timedelta(hours=rng.uniform(1, 40))
        if rng.random() < 0.33 and later < now:
            cut = (price * Decimal("0.9")).quantize(Decimal("0.01"))
            out.append(TrendListing(price=cut, price_usd=cut, collected_at=later, **base))
    return out


async def apply(pool, batch_listings, today) -> float:
    started = time.perf_counter()
    async with pool.acquire() as conn:
        for start in range(0, len(batch_listings), 200):
            async with conn.transaction():
                await repository.apply_listings(conn, batch_listings[start : start + 200], today)
    return time.perf_counter() - started


async def refresh(pool, today) -> tuple[int, float, list[float]]:
    """The days part of ``TrendsService.refresh``."""
    timings = []
    started = time.perf_counter()
    async with pool.acquire() as conn:
        marks = await repository.stale_days(conn)
        for mark in marks:
            if repository.oldest_tracked_day(today) <= mark["day"] <= today:
                t = time.perf_counter()
                await repository.recompute_day(conn, mark["day"])
                timings.append(time.perf_counter() - t)
            await repository.clear_stale_day(conn, mark["day"], mark["version"])
    return len(marks), time.perf_counter() - started, timings


def report(name: str, result: tuple[int, float, list[float]]) -> None:
    marks, wall, timings = result
    per_day = (
        f"; a day {statistics.median(timings) * 1000:.0f} ms median,"
        f" {max(timings) * 1000:.0f} ms max"
        if timings
        else ""
    )
    print(f"{name}: {marks} stale days, refreshed in {wall:.2f} s{per_day}")


async def run(url: str, count: int, days: int) -> None:
    rng = random.Random(20261203)
    now = datetime.now(UTC)
    today = now.date()
    pool = await create_pool(url, min_size=1, max_size=2)
    try:
        first = listings(rng, count, now, prefix="bench", listed_days=60)
        print(
            f"{count} listings ({len(first)} versions) applied in {await apply(pool, first, today):.2f} s"
        )
        report("after the first sync", await refresh(pool, today))
        async with pool.acquire() as conn:
            await repository.mark_stale(
                conn, repository.Stale(since=today - timedelta(days=days)), today
            )
            rows = await conn.fetchval("SELECT count(*) FROM marketplace_trends")
        report(f"every tracked day ({rows} rows)", await refresh(pool, today))
        more = listings(rng, 50, now, prefix="new", listed_days=30)
        await apply(pool, more, today)
        report("50 new listings", await refresh(pool, today))
    finally:
        await pool.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--listings", type=int, default=2000)
    parser.add_argument("--days", type=int, default=repository.HISTORY_DAYS)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="indigo-bench-") as folder:
        postgres = EmbeddedPostgres(Path(folder) / "postgres", database="bench")
        url = postgres.start()
        try:
            migrate(url)
            asyncio.run(run(url, args.listings, args.days))
        finally:
            postgres.stop()


if __name__ == "__main__":
    main()
