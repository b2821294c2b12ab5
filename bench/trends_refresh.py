"""What the trends service's refresh of stale days costs, for listings listed over weeks, beside
a baseline revision's SQL, in one run.

    .venv/bin/python bench/trends_refresh.py [--listings 2000] [--days 90] [--baseline ed65bae]

Embedded PostgreSQL in a temporary folder with two databases: one migrated with this checkout's
migrations and written by its ``indigo_trends.adapters.repository``, one migrated with the
migrations of git revision ``--baseline`` and written by that module as it was there (default
``ed65bae``: rows counted listings from their first sighting). On each side the same listings
(first seen over the last three days, nine in ten listed up to 60 days before, one in three
repriced since) go through ``apply_listings`` in batches of 200, one transaction a batch, as the
service writes them; then the stale days are refreshed as the service's refresh job does
(``recompute_day`` for each stale day of the tracked window). Then every tracked day (``--days``)
is marked stale and refreshed again, and last a batch of 50 newly seen listings (listed up to 30
days before) arrives and is refreshed: the steady state.

Printed: for each side and case, the stale days, the rows, the refresh's wall time and each
day's median and max.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from types import ModuleType

from indigo_shared.db import create_pool
from indigo_shared.embedded import EmbeddedPostgres
from indigo_trends.adapters import repository as current
from indigo_trends.domain.listings import TrendListing, deal_group

sys.path.insert(0, str(Path(__file__).resolve().parent))
from read_model_writes import TRENDS  # noqa: E402
from revisions import migrate_now_and_at, module_at  # noqa: E402

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


async def apply(repository: ModuleType, pool, batch_listings, today) -> float:
    started = time.perf_counter()
    async with pool.acquire() as conn:
        for start in range(0, len(batch_listings), 200):
            async with conn.transaction():
                await repository.apply_listings(conn, batch_listings[start : start + 200], today)
    return time.perf_counter() - started


async def refresh(repository: ModuleType, pool, today) -> tuple[int, int, float, list[float]]:
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
        wall = time.perf_counter() - started
        rows = await conn.fetchval("SELECT count(*) FROM marketplace_trends")
    return len(marks), rows, wall, timings


def report(side: str, name: str, result: tuple[int, int, float, list[float]]) -> None:
    marks, rows, wall, timings = result
    per_day = (
        f"; a day {statistics.median(timings) * 1000:.0f} ms median,"
        f" {max(timings) * 1000:.0f} ms max"
        if timings
        else ""
    )
    print(f"  {side:>8}  {name:<22} {marks:3} stale days, {rows:5} rows, {wall:5.2f} s{per_day}")


async def run(side: str, repository: ModuleType, url: str, count: int, days: int) -> None:
    rng = random.Random(20261203)
    now = datetime.now(UTC)
    today = now.date()
    pool = await create_pool(url, min_size=1, max_size=2)
    try:
        first = listings(rng, count, now, prefix="bench", listed_days=60)
        await apply(repository, pool, first, today)
        report(side, f"first {count} listings", await refresh(repository, pool, today))
        async with pool.acquire() as conn:
            await repository.mark_stale(
                conn, repository.Stale(since=today - timedelta(days=days)), today
            )
        report(side, f"every day ({days + 1})", await refresh(repository, pool, today))
        more = listings(rng, 50, now, prefix="new", listed_days=30)
        await apply(repository, pool, more, today)
        report(side, "50 new listings", await refresh(repository, pool, today))
    finally:
        await pool.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--listings", type=int, default=2000)
    parser.add_argument("--days", type=int, default=current.HISTORY_DAYS)
    parser.add_argument("--baseline", default="ed65bae")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="indigo-bench-") as folder:
        folder = Path(folder)
        postgres = EmbeddedPostgres(folder / "postgres", database="now")
        url = postgres.start()
        try:
            baseline_url = migrate_now_and_at(url, args.baseline, folder)
            baseline = module_at(args.baseline, TRENDS, "baseline_trends", folder)
            print(f"{args.listings} listings; refresh of the stale days (recompute_day each)")
            asyncio.run(run(args.baseline, baseline, baseline_url, args.listings, args.days))
            asyncio.run(run("now", current, url, args.listings, args.days))
        finally:
            postgres.stop()


if __name__ == "__main__":
    main()
