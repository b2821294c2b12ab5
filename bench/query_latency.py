"""Query latency at scale: the API's main queries on a seeded database, beside their bare SQL.

    .venv/bin/python bench/query_latency.py [--listings 1000000] [--runs 100] [--trend-days 30]
                                            [--reuse]

Seeds PostgreSQL (``DATABASE_URL``'s server, else an embedded one in a temporary folder; a fresh
``indigo_bench`` database, or with ``--reuse`` the one an earlier run seeded) with vintage-jeans
listings written by the sandbox's generator, the trends service's state for them and its daily
rows (computed by the service's own SQL, which is timed too), then times each main query through
the HTTP API (in process, over ASGI: routing, validation, serialization) and as the bare SQL the
endpoint sends, in the same run.
Prints p50/p99 of both and each statement's ``EXPLAIN ANALYZE`` plan, with whether it uses an
index. NATS (the API connects at start-up) is ``NATS_URL``'s, else an embedded one.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import io
import json
import math
import os
import random
import re
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from urllib.parse import quote

import asyncpg
import httpx
from indigo_api.adapters import repository as api_sql
from indigo_api.main import create_app
from indigo_api.projector.repository import RECORD_SEARCH_TERMS, listing_id
from indigo_api.settings import ApiSettings
from indigo_sandbox.denim import describe, random_jeans, write_title
from indigo_shared.db import create_pool, migrate
from indigo_shared.embedded import EmbeddedNats, EmbeddedPostgres, create_database
from indigo_shared.money import DEFAULT_USD_RATES, to_usd
from indigo_shared.search_terms import KEYWORD_GROUPS, SIMILAR_TERMS
from indigo_shared.testing import with_database
from indigo_trends.adapters import repository as trends_sql
from indigo_trends.domain.listings import deal_group, lot_name, size_bucket

DATABASE = "indigo_bench"
TEMPLATES = 100_000  # distinct generated pairs; listings reuse them with their own price and dates
PLATFORMS = (("ebay", 0.7), ("etsy", 0.2), ("reddit", 0.1))
CURRENCIES = (("USD", 0.9), ("GBP", 0.05), ("EUR", 0.03), ("JPY", 0.02))
HISTORY_DAYS = 90
CHUNK = 50_000
API = "/api/marketplace"

LISTING_COLUMNS = (
    "id platform external_id url title description price currency price_usd condition brand size "
    "image_urls seller_username listed_at engagement content_hash model waist inseam era wash "
    "made_in selvedge attr_condition attributes enrichment collected_at enriched_at first_seen_at "
    "last_seen_at ended_at created_at updated_at"
).split()
TREND_COLUMNS = (
    "platform external_id brand lot size_bucket condition deal_group price currency price_usd "
    "price_since engagement listed_at first_seen_at last_seen_at ended_at collected_at era "
    "selvedge made_in"
).split()


def pick(rng: random.Random, weighted) -> str:
    return rng.choices([v for v, _ in weighted], weights=[w for _, w in weighted])[0]


def templates(rng: random.Random, count: int) -> list[tuple]:
    pool = []
    for _ in range(count):
        jeans = random_jeans(rng)
        pool.append((jeans, write_title(jeans, rng), "\n\n".join(describe(jeans, rng))))
    return pool


def pg_array(values: list[str]) -> str:
    return (
        "{"
        + ",".join('"' + v.replace("\\", "\\\\").replace('"', '\\"') + '"' for v in values)
        + "}"
    )


def seed_rows(rng: random.Random, pool: list[tuple], start: int, count: int, now: datetime):
    """CSV text for ``count`` listings and for the trends' view of them."""
    listings, trends = io.StringIO(), io.StringIO()
    listing_csv, trend_csv = csv.writer(listings), csv.writer(trends)
    prices = []
    for n in range(start, start + count):
        jeans, title, description = pool[rng.randrange(len(pool))]
        platform = pick(rng, PLATFORMS)
        external_id = f"bench-{n}"
        currency = pick(rng, CURRENCIES)
        usd_price = (jeans.value_usd * Decimal(str(rng.uniform(0.6, 1.6)))).quantize(Decimal("1"))
        rate = DEFAULT_USD_RATES[currency]
        price = (usd_price / rate).quantize(Decimal("0.01")) if rng.random() > 0.03 else None
        price_usd = to_usd(price, currency)
        first_seen = now - timedelta(seconds=rng.uniform(0, HISTORY_DAYS * 86400))
        last_seen = min(now, first_seen + timedelta(days=rng.expovariate(1 / 12)))
        ended = last_seen if last_seen < now - timedelta(hours=6) else None
        listed = first_seen - timedelta(days=rng.uniform(0, 10))
        watchers = rng.randrange(0, 60) if rng.random() < 0.5 else None
        engagement = json.dumps({"watchers": watchers} if watchers is not None else {})
        llm = rng.random() < 0.2
        enrichment = json.dumps(
            {
                "method": "rules+llm" if llm else "rules",
                "tokens_used": rng.randrange(200, 900) if llm else None,
                "cost_usd": f"{rng.uniform(0.0001, 0.002):.6f}" if llm else None,
            }
        )
        waist = jeans.waist
        attributes = {
            "brand": jeans.brand,
            "model": jeans.lot,
            "waist": waist,
            "inseam": jeans.inseam,
            "era": jeans.era,
            "wash": jeans.wash,
            "made_in": jeans.made_in,
            "selvedge": jeans.selvedge,
            "condition": jeans.condition,
        }
        listing_csv.writerow(
            [
                listing_id(platform, external_id),
                platform,
                external_id,
                f"https://example.test/{platform}/{n}",
                title,
                description,
                price,
                currency,
                price_usd,
                jeans.condition,
                jeans.brand,
                f"{waist}x{jeans.inseam}" if waist and jeans.inseam else None,
                pg_array([f"https://img.example.test/{n}.jpg"]),
                f"seller{n % 5000}",
                listed,
                engagement,
                uuid.uuid4().hex,
                jeans.lot,
                waist,
                jeans.inseam,
                jeans.era,
                jeans.wash,
                jeans.made_in,
                jeans.selvedge,
                jeans.condition,
                json.dumps(attributes),
                enrichment,
                first_seen,
                first_seen,
                first_seen,
                last_seen,
                ended,
                first_seen,
                last_seen,
            ]
        )
        lot = lot_name(jeans.brand, jeans.lot)
        bucket = size_bucket(waist or jeans.measured_waist)
        trend_csv.writerow(
            [
                platform,
                external_id,
                jeans.brand,
                lot,
                bucket,
                jeans.condition,
                deal_group(jeans.brand, lot),
                price,
                currency,
                price_usd,
                first_seen,
                engagement,
                listed,
                first_seen,
                last_seen,
                ended,
                first_seen,
                jeans.era,
                jeans.selvedge,
                jeans.made_in,
            ]
        )
        if price is not None:
            prices.append((platform, external_id, first_seen, price, currency, price_usd))
    return listings.getvalue(), trends.getvalue(), prices


async def seed(conn: asyncpg.Connection, total: int, rng: random.Random, now: datetime) -> None:
    started = time.perf_counter()
    pool = templates(rng, min(TEMPLATES, total))
    print(f"  {len(pool):,} generated pairs in {time.perf_counter() - started:.0f} s")
    for start in range(0, total, CHUNK):
        listings, trends, prices = seed_rows(rng, pool, start, min(CHUNK, total - start), now)
        await conn.copy_to_table(
            "marketplace_listings",
            source=io.BytesIO(listings.encode()),
            columns=LISTING_COLUMNS,
            format="csv",
        )
        await conn.copy_to_table(
            "trends_listings",
            source=io.BytesIO(trends.encode()),
            columns=TREND_COLUMNS,
            format="csv",
        )
        await conn.copy_records_to_table(
            "trends_prices",
            records=prices,
            columns=["platform", "external_id", "observed_at", "price", "currency", "price_usd"],
        )
        done = start + min(CHUNK, total - start)
        print(f"\r  {done:,} listings ({time.perf_counter() - started:.0f} s)", end="", flush=True)
    print()
    # Their full-text documents, as the projector makes them (COPY bypasses it).
    await conn.execute(
        "UPDATE marketplace_listings"
        " SET search_vector = listing_search_vector(title, brand, model, description)"
    )
    # One listing in five has cut its price since.
    await conn.execute(
        """WITH cut AS (
               UPDATE trends_listings
               SET price = round(price * 0.85, 2), price_usd = round(price_usd * 0.85, 2),
                   price_since = first_seen_at + (last_seen_at - first_seen_at) / 2
               WHERE price IS NOT NULL AND hashtext(external_id) % 5 = 0
               RETURNING platform, external_id, price_since, price, currency, price_usd)
           INSERT INTO trends_prices SELECT * FROM cut"""
    )
    titles = [f"{title} {jeans.brand} {jeans.lot or ''}" for jeans, title, _ in pool]
    for start in range(0, len(titles), 5000):
        await conn.execute(RECORD_SEARCH_TERMS, titles[start : start + 5000])
    print(f"  seeded in {time.perf_counter() - started:.0f} s")


async def compute_trends(conn: asyncpg.Connection, days: int) -> None:
    today = datetime.now(UTC).date()
    timings = []
    for back in range(days - 1, -1, -1):
        started = time.perf_counter()
        await trends_sql.recompute_day(conn, today - timedelta(days=back))
        timings.append(time.perf_counter() - started)
    rows = await conn.fetchval("SELECT count(*) FROM marketplace_trends")
    print(
        f"  trend rows of {days} days: {rows:,} rows; one day recomputed in"
        f" {statistics.median(timings):.1f} s (median), {max(timings):.1f} s (max)"
    )
    started = time.perf_counter()
    await trends_sql.recompute_deals(conn, 5)
    scored = await conn.fetchval(
        "SELECT count(*) FROM marketplace_listing_deals WHERE deal_score IS NOT NULL"
    )
    print(
        f"  deal scores of every live listing: {time.perf_counter() - started:.1f} s ({scored:,})"
    )


@dataclass
class Case:
    name: str
    path: str
    params: dict
    statements: Callable[[asyncpg.Connection], Awaitable[list[api_sql.Query]]]


def filtered(filters: api_sql.ListingFilters, sort: str, order: str = "desc"):
    async def statements(conn):
        return list(api_sql.listing_queries(filters, sort=sort, order=order, limit=50, offset=0))

    return statements


def searched(keywords: str):
    async def statements(conn):
        terms = api_sql.Query(KEYWORD_GROUPS, ([keywords], SIMILAR_TERMS))
        groups = await api_sql.search_terms(conn, keywords)
        rows, _ = api_sql.search_queries(
            api_sql.tsquery_text(groups), platform=None, limit=50, offset=0
        )
        return [terms, rows]  # a first page counts in its own statement

    return statements


def summarized(days: int):
    async def statements(conn):
        today = datetime.now(UTC).date()
        first = today - timedelta(days=days - 1)
        return [
            api_sql.market_query(first_day=first, last_day=today),
            api_sql.brand_volume_query(
                platform="all", first_day=first, last_day=today, limit=5, offset=0
            ),
        ]

    return statements


CASES = [
    Case(
        "filtered list: Levi's 501, waist 32, newest",
        "/listings",
        {"brand": "Levi's", "lot": "501", "waist": 32},
        filtered(api_sql.ListingFilters(brand="Levi's", lot="501", waist=32), "created_at"),
    ),
    Case(
        "filtered list: eBay, $50-150, 1990s, medium wash, cheapest",
        "/listings",
        {
            "platform": "ebay",
            "min_price": 50,
            "max_price": 150,
            "era": "1990s",
            "wash": "medium",
            "sort": "price",
            "sort_order": "asc",
        },
        filtered(
            api_sql.ListingFilters(
                platform="ebay",
                min_price=Decimal(50),
                max_price=Decimal(150),
                era="1990s",
                wash="medium",
            ),
            "price",
            "asc",
        ),
    ),  # fmt: skip
    Case(
        "filtered list: deals 30%+ below comparables, best first",
        "/listings",
        {"min_deal_score": 30, "sort": "deal_score"},
        filtered(api_sql.ListingFilters(min_deal_score=30), "deal_score"),
    ),
    Case("search: levis 501", "/listings/search/levis 501", {}, searched("levis 501")),
    Case(
        "search: selvedge big e (rare)",
        "/listings/search/selvedge big e",
        {},
        searched("selvedge big e"),
    ),
    Case("search with a typo: levls 501", "/listings/search/levls 501", {}, searched("levls 501")),
    Case("trends summary, 30 days", "/trends/summary", {"days": 30}, summarized(30)),
]


def percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(q * len(ordered)) - 1))]


async def timed(run: Callable[[], Awaitable[object]], runs: int) -> list[float]:
    for _ in range(3):  # warm the caches and the prepared statements
        await run()
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        await run()
        samples.append((time.perf_counter() - started) * 1000)
    return samples


INDEX_NODE = re.compile(
    r"(?:Index Scan|Index Only Scan)(?: Backward)? using (\w+)|Bitmap Index Scan on (\w+)"
)


async def explain(conn: asyncpg.Connection, query: api_sql.Query) -> tuple[str, list[str]]:
    rows = await conn.fetch(f"EXPLAIN (ANALYZE, BUFFERS) {query.sql}", *query.args)
    plan = "\n".join(r[0] for r in rows)
    return plan, sorted({m.group(1) or m.group(2) for m in INDEX_NODE.finditer(plan)})


async def bench(api: httpx.AsyncClient, conn: asyncpg.Connection, runs: int) -> list[dict]:
    results = []
    for case in CASES:
        path = f"{API}{quote(case.path)}"

        async def call(path=path, case=case):
            response = await api.get(path, params=case.params)
            response.raise_for_status()

        statements = await case.statements(conn)

        async def bare(statements=statements):
            for statement in statements:
                await statement.fetch(conn)

        api_ms = await timed(call, runs)
        sql_ms = await timed(bare, runs)
        total = (await api.get(path, params=case.params)).json().get("total")
        plans = [await explain(conn, s) for s in statements]
        results.append({"case": case, "api": api_ms, "sql": sql_ms, "plans": plans, "total": total})
        print(
            f"  {case.name:<58} API p50 {percentile(api_ms, 0.5):7.1f} ms"
            f"  p99 {percentile(api_ms, 0.99):7.1f} ms | SQL p50 {percentile(sql_ms, 0.5):7.1f} ms"
            f"  p99 {percentile(sql_ms, 0.99):7.1f} ms"
        )
    return results


def report(results: list[dict], listings: int, runs: int) -> None:
    print(f"\n{listings:,} listings, {runs} runs per query (after 3 warm-up runs), milliseconds\n")
    print("| query | results | API p50 | API p99 | SQL p50 | SQL p99 | indexes used |")
    print("|---|---|---|---|---|---|---|")
    for r in results:
        indexes = sorted({i for _, used in r["plans"] for i in used})
        print(
            f"| {r['case'].name} | {r['total'] if r['total'] is not None else '-'} "
            f"| {percentile(r['api'], 0.5):.1f} | {percentile(r['api'], 0.99):.1f} "
            f"| {percentile(r['sql'], 0.5):.1f} | {percentile(r['sql'], 0.99):.1f} "
            f"| {', '.join(indexes) or 'NONE'} |"
        )
    print("\nPlans (EXPLAIN ANALYZE, BUFFERS), one per statement the endpoint sends:")
    for r in results:
        print(f"\n=== {r['case'].name}")
        for n, (plan, used) in enumerate(r["plans"], start=1):
            print(f"--- statement {n}: indexes {', '.join(used) or 'NONE'}")
            print(plan)
    missing = [r["case"].name for r in results if not all(used for _, used in r["plans"])]
    print(
        "\nevery statement uses an index"
        if not missing
        else f"\nstatements without an index in: {', '.join(missing)}"
    )


async def seeded_already(admin_url: str, listings: int) -> bool:
    """Whether ``indigo_bench`` holds this many listings (from an earlier run with --reuse)."""
    admin = await asyncpg.connect(admin_url)
    try:
        if not await admin.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", DATABASE):
            return False
    finally:
        await admin.close()
    conn = await asyncpg.connect(with_database(admin_url, DATABASE))
    try:
        return await conn.fetchval("SELECT count(*) FROM marketplace_listings") == listings
    except asyncpg.UndefinedTableError:
        return False
    finally:
        await conn.close()


async def run(args, admin_url: str, nats_url: str) -> None:
    url = with_database(admin_url, DATABASE)
    reuse = args.reuse and await seeded_already(admin_url, args.listings)
    if not reuse:
        admin = await asyncpg.connect(admin_url)
        await admin.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
        await admin.close()
        await create_database(admin_url, DATABASE)
    migrate(url)  # on a reused database, adds what later migrations bring (indexes)
    pool = await create_pool(url, max_size=4, server_settings=api_sql.CUSTOM_PLANS)
    async with pool.acquire() as conn:
        if reuse:
            print(f"reusing the {args.listings:,} listings of {DATABASE}")
        else:
            print(f"seeding {args.listings:,} listings")
            await seed(conn, args.listings, random.Random(args.seed), datetime.now(UTC))
            await compute_trends(conn, args.trend_days)
        started = time.perf_counter()
        await conn.execute("VACUUM ANALYZE")
        print(f"  VACUUM ANALYZE in {time.perf_counter() - started:.0f} s")
    app = create_app(ApiSettings(database_url=url, nats_url=nats_url))
    print("timing")
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://bench.test"
        ) as api,
        pool.acquire() as conn,
    ):
        results = await bench(api, conn, args.runs)
    await pool.close()
    report(results, args.listings, args.runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--listings", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=100, help="timed runs per query")
    parser.add_argument("--trend-days", type=int, default=30, help="days of trend rows to compute")
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument(
        "--reuse",
        action="store_true",
        help=f"keep {DATABASE} when it already holds --listings listings (with DATABASE_URL set)",
    )
    args = parser.parse_args()
    if args.listings < 1 or args.runs < 1 or not 1 <= args.trend_days <= HISTORY_DAYS:
        sys.exit("--listings and --runs must be positive, --trend-days 1..90")
    with bench_servers() as (admin_url, nats_url):
        asyncio.run(run(args, admin_url, nats_url))


@contextmanager
def bench_servers() -> Iterator[tuple[str, str]]:
    """PostgreSQL's admin URL and NATS's: ``DATABASE_URL`` / ``NATS_URL``, else embedded servers
    in a temporary folder, stopped afterwards."""
    servers = []
    with tempfile.TemporaryDirectory(prefix="indigo-bench-") as scratch:
        os.chmod(scratch, 0o755)  # the embedded PostgreSQL runs as its own user
        try:
            admin_url = os.environ.get("DATABASE_URL")
            if not admin_url:
                postgres = EmbeddedPostgres(Path(scratch) / "postgres", database="postgres")
                admin_url = postgres.start()
                servers.append(postgres)
            nats_url = os.environ.get("NATS_URL")
            if not nats_url:
                nats = EmbeddedNats(Path(scratch) / "nats")
                nats_url = nats.start()
                servers.append(nats)
            yield admin_url, nats_url
        finally:
            for server in reversed(servers):
                server.stop()


if __name__ == "__main__":
    main()
