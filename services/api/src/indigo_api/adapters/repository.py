"""Read queries over the read model."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from decimal import Decimal

import asyncpg

SORT_COLUMNS = {"created_at": "created_at", "price": "price_usd", "trend_score": "trend_score"}

LISTING_COLUMNS = """
    id, platform, external_id, url, title, description, price, currency, price_usd, shipping_cost,
    condition, brand, size, image_urls, seller_username, location, buying_format, listed_at,
    engagement, trend_score, ai_tags, attributes, first_seen_at, last_seen_at, created_at,
    updated_at
"""


@dataclass(frozen=True)
class ListingFilters:
    platform: str | None = None
    brand: str | None = None
    min_price: Decimal | None = None
    max_price: Decimal | None = None
    waist: float | None = None
    inseam: float | None = None
    condition: str | None = None


def _where(filters: ListingFilters) -> tuple[str, list]:
    clauses, args = [], []

    def add(sql: str, value) -> None:
        args.append(value)
        clauses.append(sql.format(f"${len(args)}"))

    if filters.platform:
        add("platform = {}", filters.platform)
    if filters.brand:
        add("lower(brand) = lower({})", filters.brand)
    if filters.min_price is not None:
        add("price_usd >= {}", filters.min_price)
    if filters.max_price is not None:
        add("price_usd <= {}", filters.max_price)
    if filters.waist is not None:
        add("waist = {}", filters.waist)
    if filters.inseam is not None:
        add("inseam = {}", filters.inseam)
    if filters.condition:
        add("(attr_condition = lower({0}) OR condition ILIKE {0})", filters.condition)
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", args


async def list_listings(
    conn: asyncpg.Connection,
    filters: ListingFilters,
    *,
    sort: str,
    order: str,
    limit: int,
    offset: int,
) -> tuple[list[asyncpg.Record], int]:
    where, args = _where(filters)
    direction = "ASC" if order == "asc" else "DESC"
    nulls = "NULLS LAST"
    column = SORT_COLUMNS[sort]
    rows = await conn.fetch(
        f"SELECT {LISTING_COLUMNS} FROM marketplace_listings{where}"
        f" ORDER BY {column} {direction} {nulls}, id {direction}"
        f" LIMIT ${len(args) + 1} OFFSET ${len(args) + 2}",
        *args,
        limit,
        offset,
    )
    total = await conn.fetchval(f"SELECT count(*) FROM marketplace_listings{where}", *args)
    return rows, total


async def get_listing(conn: asyncpg.Connection, listing_id: uuid.UUID) -> asyncpg.Record | None:
    return await conn.fetchrow(
        f"SELECT {LISTING_COLUMNS}, raw_data, enrichment FROM marketplace_listings WHERE id = $1",
        listing_id,
    )


async def price_history(conn: asyncpg.Connection, listing_id: uuid.UUID) -> list[asyncpg.Record]:
    return await conn.fetch(
        "SELECT observed_at, price, currency, price_usd FROM marketplace_price_history"
        " WHERE listing_id = $1 ORDER BY observed_at",
        listing_id,
    )


SYNC_JOB_COLUMNS = """
    id AS job_id, platform, status, keywords, "limit", fetched, published, unchanged, errors,
    error, requested_at, started_at, finished_at, updated_at
"""


async def get_sync_job(conn: asyncpg.Connection, job_id: uuid.UUID) -> asyncpg.Record | None:
    return await conn.fetchrow(
        f"SELECT {SYNC_JOB_COLUMNS} FROM marketplace_sync_jobs WHERE id = $1", job_id
    )


async def list_sync_jobs(
    conn: asyncpg.Connection, *, platform: str | None, status: str | None, limit: int, offset: int
) -> tuple[list[asyncpg.Record], int]:
    clauses, args = [], []
    if platform:
        args.append(platform)
        clauses.append(f"platform = ${len(args)}")
    if status:
        args.append(status)
        clauses.append(f"status = ${len(args)}")
    where = (" WHERE " + " AND ".join(clauses)) if clauses else ""
    rows = await conn.fetch(
        f"SELECT {SYNC_JOB_COLUMNS} FROM marketplace_sync_jobs{where}"
        f" ORDER BY requested_at DESC NULLS LAST, id LIMIT ${len(args) + 1} OFFSET ${len(args) + 2}",
        *args,
        limit,
        offset,
    )
    total = await conn.fetchval(f"SELECT count(*) FROM marketplace_sync_jobs{where}", *args)
    return rows, total


async def insert_pending_job(
    conn: asyncpg.Connection, job_id, platform, keywords, limit, filters: dict, requested_at
) -> None:
    await conn.execute(
        """INSERT INTO marketplace_sync_jobs (id, platform, status, keywords, "limit", filters,
                                             requested_at, updated_at)
           VALUES ($1, $2, 'pending', $3, $4, $5, $6, $6) ON CONFLICT (id) DO NOTHING""",
        job_id,
        platform,
        keywords,
        limit,
        filters,
        requested_at,
    )


async def listing_counts(conn: asyncpg.Connection) -> dict[str, int]:
    rows = await conn.fetch("SELECT platform, count(*) AS n FROM marketplace_listings GROUP BY 1")
    return {r["platform"]: r["n"] for r in rows}


async def last_sync_per_platform(conn: asyncpg.Connection) -> dict[str, asyncpg.Record]:
    rows = await conn.fetch(
        f"SELECT DISTINCT ON (platform) {SYNC_JOB_COLUMNS} FROM marketplace_sync_jobs"
        " ORDER BY platform, requested_at DESC NULLS LAST"
    )
    return {r["platform"]: r for r in rows}
