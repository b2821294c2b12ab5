"""Read queries over the read model.

The main queries are built as :class:`Query` values before they run, so the benchmark times the
very SQL the endpoints send.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

import asyncpg
from indigo_shared.search_terms import KeywordGroups, keyword_groups

# The column each sort orders by, listings without a value last, the listing id breaking ties (and
# placing a keyset cursor). created_at is never null: saying NULLS LAST there would keep the
# planner from reading its DESC index (NULLS FIRST) in order.
SORT_COLUMNS = {
    "created_at": "l.created_at",
    "price": "l.price_usd",
    "trend_score": "s.trend_score",
    "deal_score": "d.deal_score",
}
NOT_NULL_SORTS = {"created_at"}


def order_by(sort: str, order: str) -> str:
    column, direction = SORT_COLUMNS[sort], order.upper()
    nulls = "" if sort in NOT_NULL_SORTS else " NULLS LAST"
    return f"{column} {direction}{nulls}, l.id {direction}"


# Lean rows: what a listing card shows, never the raw payload or the enrichment's details.
LISTING_COLUMNS = """
    l.id, l.platform, l.external_id, l.url, l.title, l.description, l.price, l.currency,
    l.price_usd, l.shipping_cost, l.condition AS platform_condition, l.attr_condition, l.brand,
    l.size AS platform_size, l.waist, l.inseam, l.image_urls, l.seller_username, l.location,
    l.buying_format, l.listed_at, l.engagement, s.trend_score, l.ai_tags, l.attributes,
    l.first_seen_at, l.last_seen_at, l.ended_at, l.created_at, l.updated_at,
    d.deal_score, d.comparables AS deal_comparables, d.comparable_median_usd AS deal_median_usd,
    d.comparable_group AS deal_group, d.reason AS deal_reason
"""
DEALS_JOIN = (
    " LEFT JOIN marketplace_listing_deals d"
    " ON d.platform = l.platform AND d.external_id = l.external_id"
)
SCORES_JOIN = (
    " LEFT JOIN marketplace_listing_trend_scores s"
    " ON s.platform = l.platform AND s.external_id = l.external_id"
)
LISTING_FROM = f"marketplace_listings l{DEALS_JOIN}{SCORES_JOIN}"


# asyncpg prepares statements, and after five runs PostgreSQL may plan one once for any argument:
# a plan that cannot tell "levi" (in every sixth listing) from "selvedge", or Levi's from a rare
# brand. The API's connections plan every statement for its own arguments instead.
CUSTOM_PLANS = {"plan_cache_mode": "force_custom_plan"}


@dataclass(frozen=True)
class Query:
    """A statement and its arguments, built before it runs (so benchmarks time the very SQL the
    endpoints send), on a connection with :data:`CUSTOM_PLANS`."""

    sql: str
    args: tuple

    async def fetch(self, conn: asyncpg.Connection) -> list[asyncpg.Record]:
        return await conn.fetch(self.sql, *self.args)

    async def fetchval(self, conn: asyncpg.Connection):
        return await conn.fetchval(self.sql, *self.args)


@dataclass(frozen=True)
class ListingFilters:
    platform: str | None = None
    brand: str | None = None
    min_price: Decimal | None = None
    max_price: Decimal | None = None
    waist: float | None = None
    inseam: float | None = None
    condition: str | None = None  # normalized: deadstock, excellent, good, fair, distressed
    lot: str | None = None
    era: str | None = None
    wash: str | None = None
    made_in: str | None = None
    selvedge: bool | None = None
    status: str | None = None  # "active" or "ended"
    min_deal_score: float | None = None
    # A tsquery (:func:`tsquery_text`): every word, as search reads it; "" for words that hold
    # nothing searchable (only stop words), which find nothing, as the search finds nothing.
    keywords: str | None = None


@dataclass(frozen=True)
class After:
    """A keyset position: the sort value (None for a listing without one) and id of the last
    listing of the previous page."""

    value: Any
    id: uuid.UUID


def _where(filters: ListingFilters) -> tuple[list[str], list]:
    clauses, args = [], []

    def add(sql: str, value) -> None:
        args.append(value)
        clauses.append(sql.format(f"${len(args)}"))

    if filters.platform:
        add("l.platform = {}", filters.platform)
    if filters.brand:
        add("lower(l.brand) = lower({})", filters.brand)
    if filters.min_price is not None:
        add("l.price_usd >= {}", filters.min_price)
    if filters.max_price is not None:
        add("l.price_usd <= {}", filters.max_price)
    if filters.waist is not None:
        add("l.waist = {}", filters.waist)
    if filters.inseam is not None:
        add("l.inseam = {}", filters.inseam)
    if filters.condition:
        add("l.attr_condition = {}", filters.condition)
    if filters.lot:
        add("upper(l.model) = upper({})", filters.lot)
    if filters.era:
        add("l.era = {}", filters.era)
    if filters.wash:
        add("l.wash = {}", filters.wash)
    if filters.made_in:
        add("lower(l.made_in) = lower({})", filters.made_in)
    if filters.selvedge is not None:
        add("l.selvedge = {}", filters.selvedge)
    if filters.status == "active":
        clauses.append("l.ended_at IS NULL")
    elif filters.status == "ended":
        clauses.append("l.ended_at IS NOT NULL")
    if filters.min_deal_score is not None:
        add("d.deal_score >= {}", filters.min_deal_score)
    if filters.keywords == "":
        clauses.append("false")
    elif filters.keywords is not None:
        add("l.search_vector @@ {}::tsquery", filters.keywords)
    return clauses, args


def _after(sort: str, order: str, after: After, args: list) -> str:
    """Rows after ``after`` in the sort's order (nulls last, then ids)."""
    column, sign = SORT_COLUMNS[sort], "<" if order == "desc" else ">"
    args.append(after.id)
    id_arg = f"${len(args)}"
    if after.value is None:
        return f"({column} IS NULL AND l.id {sign} {id_arg})"
    args.append(after.value)
    value_arg = f"${len(args)}"
    past = f"({column}, l.id) {sign} ({value_arg}, {id_arg})"
    return past if sort in NOT_NULL_SORTS else f"({past} OR {column} IS NULL)"


def _sql_where(clauses: list[str]) -> str:
    return (" WHERE " + " AND ".join(clauses)) if clauses else ""


# Totals are exact up to this many matches, and the planner's estimate beyond (``total_exact``
# says which): counting every one of a million listings on each page costs more than the page.
EXACT_TOTAL_UP_TO = 10_000


def listing_queries(
    filters: ListingFilters,
    *,
    sort: str,
    order: str,
    limit: int,
    offset: int,
    after: After | None = None,
) -> tuple[Query, Query]:
    """The page's rows (one more than ``limit``, to tell whether a next page exists) and its
    total counted up to one past :data:`EXACT_TOTAL_UP_TO`, for ``GET /listings``."""
    clauses, args = _where(filters)
    count_where, count_args = _sql_where(clauses), tuple(args)
    if after is not None:
        clauses.append(_after(sort, order, after, args))
    rows = Query(
        f"SELECT {LISTING_COLUMNS} FROM {LISTING_FROM}{_sql_where(clauses)}"
        f" ORDER BY {order_by(sort, order)}"
        f" LIMIT ${len(args) + 1} OFFSET ${len(args) + 2}",
        (*args, limit + 1, offset),
    )
    total = Query(
        f"SELECT count(*) FROM (SELECT 1 FROM {_count_from(filters)}{count_where}"
        f" LIMIT {EXACT_TOTAL_UP_TO + 1}) AS matches",
        count_args,
    )
    return rows, total


def _count_from(filters: ListingFilters) -> str:
    # Only a deal-score filter needs the deals to count.
    return "marketplace_listings l" + (DEALS_JOIN if filters.min_deal_score is not None else "")


def estimate_query(filters: ListingFilters) -> Query:
    clauses, args = _where(filters)
    return Query(
        f"EXPLAIN (FORMAT JSON) SELECT 1 FROM {_count_from(filters)}{_sql_where(clauses)}",
        tuple(args),
    )


async def list_listings(
    conn: asyncpg.Connection,
    filters: ListingFilters,
    *,
    sort: str,
    order: str,
    limit: int,
    offset: int,
    after: After | None = None,
    total_of: Callable[[], Awaitable[tuple[int, bool]]] | None = None,
) -> tuple[list[asyncpg.Record], int, bool]:
    """The page (up to ``limit + 1`` rows), its total and whether the total is exact. The total
    comes from ``total_of`` when given (a cached count of the same filters), else
    :func:`count_listings`."""
    rows, _ = listing_queries(
        filters, sort=sort, order=order, limit=limit, offset=offset, after=after
    )
    found = await rows.fetch(conn)
    if offset == 0 and after is None and len(found) <= limit:
        return found, len(found), True  # the whole result is this page
    total, exact = await (total_of() if total_of else count_listings(conn, filters))
    return found, total, exact


async def count_listings(conn: asyncpg.Connection, filters: ListingFilters) -> tuple[int, bool]:
    """How many listings match, exact up to :data:`EXACT_TOTAL_UP_TO`, the planner's estimate
    beyond (second value: exact)."""
    _, total = listing_queries(filters, sort="created_at", order="desc", limit=1, offset=0)
    counted = await total.fetchval(conn)
    if counted <= EXACT_TOTAL_UP_TO:
        return counted, True
    plan = await estimate_query(filters).fetchval(conn)
    if isinstance(plan, str):
        plan = json.loads(plan)
    return max(int(plan[0]["Plan"]["Plan Rows"]), counted), False


async def get_listing(conn: asyncpg.Connection, listing_id: uuid.UUID) -> asyncpg.Record | None:
    return await conn.fetchrow(
        f"SELECT {LISTING_COLUMNS}, l.raw_data, l.enrichment, s.factors AS trend_factors"
        f" FROM {LISTING_FROM} WHERE l.id = $1",
        listing_id,
    )


async def price_history(conn: asyncpg.Connection, listing_id: uuid.UUID) -> list[asyncpg.Record]:
    return await conn.fetch(
        "SELECT observed_at, price, currency, price_usd FROM marketplace_price_history"
        " WHERE listing_id = $1 ORDER BY observed_at",
        listing_id,
    )


# --- search -----------------------------------------------------------------------------------


async def search_terms(conn: asyncpg.Connection, keywords: str) -> KeywordGroups:
    """The query as groups of stems, one group per word: the word's own stem and its other
    spellings, and when listings never use it (a typo: "levls"), the stems they use that look
    most like it ("levi")."""
    (found,) = await keyword_groups(conn, [keywords])
    return found


def tsquery_text(groups: list[list[str]]) -> str:
    """Every group must match, any stem of a group will do: ``('levl' | 'levi') & '501'``."""

    def quoted(term: str) -> str:
        return "'" + term.replace("\\", "\\\\").replace("'", "''") + "'"

    return " & ".join("(" + " | ".join(map(quoted, group)) + ")" for group in groups)


# Search ranks the newest matches only, as marketplaces window their results (eBay: 10,000). A
# word as common as "levi" matches a good share of every listing; ranking all of them would read
# them all, while the newest few thousand are found by walking the created_at index.
SEARCH_WINDOW = 5000


def search_queries(
    tsquery: str, *, platform: str | None, limit: int, offset: int
) -> tuple[Query, Query]:
    """The newest ``SEARCH_WINDOW`` listings matching the query, most relevant first (title counts
    most, then brand and lot, then description; newest first among equals), each row carrying
    ``matched``: how many match, counted to one past the window. The second query counts alone,
    for a page past the last match (which has no row to carry the count)."""
    args: list = [tsquery]
    where = "l.search_vector @@ $1::tsquery"
    if platform:
        args.append(platform)
        where += f" AND l.platform = ${len(args)}"
    newest = f"FROM marketplace_listings l WHERE {where} ORDER BY l.created_at DESC, l.id DESC"
    rows = Query(
        f"""WITH matches AS MATERIALIZED (
                SELECT l.id, l.created_at, ts_rank(l.search_vector, $1::tsquery) AS relevance
                {newest} LIMIT {SEARCH_WINDOW + 1}),
            page AS (
                SELECT * FROM (
                    SELECT * FROM matches ORDER BY created_at DESC, id DESC LIMIT {SEARCH_WINDOW}
                ) AS window_
                ORDER BY relevance DESC, created_at DESC, id
                LIMIT ${len(args) + 1} OFFSET ${len(args) + 2})
            SELECT {LISTING_COLUMNS}, p.relevance, (SELECT count(*) FROM matches) AS matched
            FROM page p JOIN marketplace_listings l ON l.id = p.id{DEALS_JOIN}{SCORES_JOIN}
            ORDER BY p.relevance DESC, p.created_at DESC, p.id""",
        (*args, limit, offset),
    )
    total = Query(
        f"SELECT count(*) FROM (SELECT 1 {newest} LIMIT {SEARCH_WINDOW + 1}) AS matches",
        tuple(args),
    )
    return rows, total


# --- sync jobs --------------------------------------------------------------------------------

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


# --- trends -----------------------------------------------------------------------------------

TREND_COLUMNS = """
    period_start AS day, platform, category, key, listing_count, new_count, ended_count,
    sample_count, avg_price_usd, median_price_usd, p25_price_usd, p75_price_usd, min_price_usd,
    max_price_usd, currency_stats, engagement, avg_days_on_market, insights
"""


def trend_queries(
    *,
    platform: str,
    category: str,
    key: str | None,
    first_day: date,
    limit: int,
    offset: int,
) -> tuple[Query, Query]:
    args: list = [platform, category, first_day]
    where = "period = 'day' AND platform = $1 AND category = $2 AND period_start >= $3"
    if key:
        args.append(key)
        where += f" AND lower(key) = lower(${len(args)})"
    rows = Query(
        f"SELECT {TREND_COLUMNS} FROM marketplace_trends WHERE {where}"
        f" ORDER BY period_start DESC, listing_count DESC, key"
        f" LIMIT ${len(args) + 1} OFFSET ${len(args) + 2}",
        (*args, limit, offset),
    )
    total = Query(f"SELECT count(*) FROM marketplace_trends WHERE {where}", tuple(args))
    return rows, total


# A brand's volume over a window: the listings on the market on its earliest day in the window
# plus those new on later days. That is exact: a listing counts on every day from its first sight
# to its end, so one on the market after a day without a row for the brand is new that day. Its
# price change compares the median of the last day with a priced row to that of the first.
BRAND_VOLUMES = """
SELECT key AS brand,
       (array_agg(listing_count ORDER BY period_start))[1] + sum(new_count)
           - (array_agg(new_count ORDER BY period_start))[1] AS listings,
       coalesce(sum(listing_count - ended_count) FILTER (WHERE period_start = $3), 0)
           AS active_listings,
       sum(new_count) AS new_listings,
       sum(ended_count) AS ended_listings,
       (array_agg(median_price_usd ORDER BY period_start DESC)
            FILTER (WHERE sample_count > 0))[1] AS median_price_usd,
       (array_agg(median_price_usd ORDER BY period_start)
            FILTER (WHERE sample_count > 0))[1] AS first_median_price_usd,
       (array_agg(sample_count ORDER BY period_start DESC)
            FILTER (WHERE sample_count > 0))[1] AS sample_count,
       count(*) OVER () AS total
FROM marketplace_trends
WHERE period = 'day' AND platform = $1 AND category = 'brand'
  AND period_start BETWEEN $2 AND $3
GROUP BY key
ORDER BY listings DESC, key
LIMIT $4 OFFSET $5
"""


def brand_volume_query(
    *, platform: str, first_day: date, last_day: date, limit: int, offset: int
) -> Query:
    return Query(BRAND_VOLUMES, (platform, first_day, last_day, limit, offset))


def market_query(*, first_day: date, last_day: date, platform: str = "all") -> Query:
    """Each platform's (and the whole market's) daily rows over a window, oldest first; with one
    ``platform``, its rows and the whole market's (which carry the insights)."""
    platforms = ["all", "ebay", "etsy", "reddit"] if platform == "all" else ["all", platform]
    return Query(
        f"SELECT {TREND_COLUMNS} FROM marketplace_trends"
        " WHERE period = 'day' AND category = 'all' AND key = 'all'"
        " AND platform = ANY($3::text[])"
        " AND period_start BETWEEN $1 AND $2 ORDER BY period_start, platform",
        (first_day, last_day, platforms),
    )


# --- stats ------------------------------------------------------------------------------------


async def listing_counts(conn: asyncpg.Connection) -> dict[str, int]:
    rows = await conn.fetch("SELECT platform, count(*) AS n FROM marketplace_listings GROUP BY 1")
    return {r["platform"]: r["n"] for r in rows}


async def last_sync_per_platform(conn: asyncpg.Connection) -> dict[str, asyncpg.Record]:
    rows = await conn.fetch(
        f"SELECT DISTINCT ON (platform) {SYNC_JOB_COLUMNS} FROM marketplace_sync_jobs"
        " ORDER BY platform, requested_at DESC NULLS LAST"
    )
    return {r["platform"]: r for r in rows}


async def llm_usage(conn: asyncpg.Connection) -> asyncpg.Record:
    """LLM tokens and cost over every listing's enrichment (0 when no LLM was used)."""
    return await conn.fetchrow(
        "SELECT count(*) AS listings, coalesce(sum(llm_tokens), 0) AS tokens_used,"
        " coalesce(sum(llm_cost_usd), 0) AS cost_usd FROM marketplace_listings"
        " WHERE llm_tokens IS NOT NULL OR llm_cost_usd IS NOT NULL"
    )
