"""PostgreSQL's CPU time for the read model's writes, beside a baseline revision, in one run.

    .venv/bin/python bench/read_model_writes.py [--listings 5000] [--baseline 881169d]

Embedded PostgreSQL in a temporary folder with two databases: one migrated with this checkout's
migrations and written by its SQL (the projector's ``indigo_api.projector.repository`` and the
trends service's ``indigo_trends.adapters.repository``), one migrated with the migrations of git
revision ``--baseline`` and written by those two modules as they were there (read with ``git
show``; default ``881169d``: per-row statements, and ``search_vector`` a generated column).

The same enriched listings (the sandbox's vintage-jeans generator, with descriptions) go through
each side in batches of 500, one transaction a batch, as the services write them:

- projector: the listings new; a re-sync where every price moved (same text); a sync's sighting
  of every listing (``ListingsSeen``);
- trends: the listings new; again an hour later, half of them repriced.

Printed: PostgreSQL's CPU time per listing (the postmaster and its backends, so only the
database's own work is counted) for each case on both sides, and whether both sides left the
same rows (listings, full-text documents, price history, trends' state).
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import sys
import tempfile
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import ModuleType

import asyncpg
import psutil
from indigo_enricher.handlers import Enricher
from indigo_shared.db import create_pool
from indigo_shared.embedded import EmbeddedPostgres
from indigo_shared.events import ListingEnriched, ListingsSeen
from indigo_shared.money import DEFAULT_USD_RATES
from indigo_trends.domain.listings import trend_listing

sys.path.insert(0, str(Path(__file__).resolve().parent))
from enrich_throughput import generated_listings  # noqa: E402
from revisions import migrate_now_and_at, module_at  # noqa: E402

PROJECTOR = "services/api/src/indigo_api/projector/repository.py"
TRENDS = "services/trends/src/indigo_trends/adapters/repository.py"
BATCH = 500
T0 = datetime(2026, 12, 1, 12, tzinfo=UTC)

# What both sides must leave alike.
SAME_ROWS = {
    "listings": "SELECT md5(string_agg(t::text, ',' ORDER BY id)) FROM (SELECT id, title, price,"
    " brand, model, first_seen_at, last_seen_at, search_vector FROM marketplace_listings) t",
    "price history": "SELECT md5(string_agg(t::text, ',' ORDER BY listing_id, observed_at))"
    " FROM (SELECT listing_id, observed_at, price FROM marketplace_price_history) t",
    "trends": "SELECT md5(string_agg(t::text, ',' ORDER BY platform, external_id)) FROM (SELECT"
    " platform, external_id, brand, lot, deal_group, price, price_since, first_seen_at,"
    " last_seen_at, ended_at, collected_at FROM trends_listings) t",
    "trends prices": "SELECT md5(string_agg(t::text, ',' ORDER BY platform, external_id,"
    " observed_at)) FROM trends_prices t",
}


@dataclasses.dataclass
class Side:
    name: str
    database_url: str
    projector: ModuleType
    trends: ModuleType


def postgres_cpu(pid: int) -> float:
    process = psutil.Process(pid)
    times = process.cpu_times()
    total = times.user + times.system + times.children_user + times.children_system
    for child in process.children(recursive=True):
        try:
            times = child.cpu_times()
        except psutil.NoSuchProcess:
            continue
        total += times.user + times.system
    return total


def workloads(events: list[ListingEnriched]):
    """(label, work on one side's connection for one batch) in the order they run."""
    resynced = [
        e.model_copy(
            update={
                "collected_at": e.collected_at + timedelta(hours=1),
                "listing": e.listing.model_copy(
                    update={
                        "price": e.listing.price + 1,
                        "content_hash": f"{e.listing.content_hash}+",
                    }
                ),
            }
        )
        for e in events
    ]
    listings = [trend_listing(e, DEFAULT_USD_RATES) for e in events]
    repriced = [
        dataclasses.replace(
            x,
            price=x.price + 1 if n % 2 else x.price,
            collected_at=x.collected_at + timedelta(hours=1),
        )
        for n, x in enumerate(listings)
    ]

    def seen(batch: list[ListingEnriched]) -> list[ListingsSeen]:
        return [
            ListingsSeen(
                job_id=uuid.UUID(int=1),
                platform="ebay",
                keywords="levis",
                page=0,
                external_ids=[e.listing.external_id for e in batch],
                seen_at=T0 + timedelta(hours=2),
            )
        ]

    def project(side, conn, batch):
        return side.projector.project_listings(conn, batch, DEFAULT_USD_RATES)

    def sight(side, conn, batch):
        return side.projector.project_seen(conn, seen(batch))

    def apply_trends(side, conn, batch):
        return side.trends.apply_listings(conn, batch, T0.date())

    return [
        ("projector: new listings", events, project),
        ("projector: re-sync, new prices", resynced, project),
        ("projector: a sync's sighting", events, sight),
        ("trends: new listings", listings, apply_trends),
        ("trends: again, half repriced", repriced, apply_trends),
    ]


async def measure(side: Side, pid: int, items: list, work) -> float:
    pool = await create_pool(side.database_url, min_size=1, max_size=1)
    try:
        async with pool.acquire() as conn:
            started = postgres_cpu(pid)
            for start in range(0, len(items), BATCH):
                async with conn.transaction():
                    await work(side, conn, items[start : start + BATCH])
            return (postgres_cpu(pid) - started) / len(items)
    finally:
        await pool.close()


async def same_rows(sides: list[Side]) -> dict[str, bool]:
    found: dict[str, set] = {name: set() for name in SAME_ROWS}
    for side in sides:
        conn = await asyncpg.connect(side.database_url)
        try:
            for name, sql in SAME_ROWS.items():
                found[name].add(await conn.fetchval(sql))
        finally:
            await conn.close()
    return {name: len(values) == 1 for name, values in found.items()}


async def run(sides: list[Side], pid: int, events: list[ListingEnriched]) -> None:
    print(
        f"{'PostgreSQL CPU a listing':34s} {sides[0].name:>14s} {sides[1].name:>10s}   baseline/now"
    )
    for label, items, work in workloads(events):
        figures = [await measure(side, pid, items, work) for side in sides]
        ratio = figures[0] / figures[1] if figures[1] else float("nan")
        print(
            f"  {label:32s} {1e6 * figures[0]:11,.0f} us {1e6 * figures[1]:7,.0f} us"
            f"   {ratio:4.2f}x"
        )
    same = await same_rows(sides)
    print(
        "same rows on both sides: "
        + ", ".join(f"{k} {'yes' if v else 'NO'}" for k, v in same.items())
    )


async def enriched(count: int) -> list[ListingEnriched]:
    enricher = Enricher()
    return [
        await enricher.enrich(listing, collected_at=T0, sync_job_id=None)
        for listing in generated_listings(count)
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--listings", type=int, default=5000)
    parser.add_argument("--baseline", default="881169d", help="git revision to compare with")
    args = parser.parse_args(argv)
    if args.listings < 1:
        parser.error("--listings must be at least 1")

    events = asyncio.run(enriched(args.listings))
    print(f"{len(events)} enriched listings with descriptions, batches of {BATCH}")
    with tempfile.TemporaryDirectory(prefix="indigo-read-model-") as folder:
        folder = Path(folder)
        postgres = EmbeddedPostgres(folder / "postgres", database="now")
        url = postgres.start()
        try:
            baseline_url = migrate_now_and_at(url, args.baseline, folder)
            import indigo_api.projector.repository as projector
            import indigo_trends.adapters.repository as trends

            sides = [
                Side(
                    f"{args.baseline}",
                    baseline_url,
                    module_at(args.baseline, PROJECTOR, "baseline_projector", folder),
                    module_at(args.baseline, TRENDS, "baseline_trends", folder),
                ),
                Side("now", url, projector, trends),
            ]
            asyncio.run(run(sides, postgres.pid, events))
        finally:
            postgres.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
