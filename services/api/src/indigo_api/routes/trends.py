"""Market trends from the daily rows the trends service keeps (``marketplace_trends``)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated, Literal

from fastapi import APIRouter, Query
from indigo_shared.events import utcnow

from indigo_api.adapters import repository
from indigo_api.dependencies import Connection
from indigo_api.domain.history import percent_change
from indigo_api.domain.trends import market_summary
from indigo_api.schemas import BrandTrendOut, Page, TrendRowOut, TrendsSummaryOut

router = APIRouter(tags=["trends"])

TrendPlatform = Literal["all", "ebay", "etsy", "reddit"]
Days = Annotated[int, Query(ge=1, le=90, description="the window: today and the days before")]
PlatformParam = Annotated[
    TrendPlatform, Query(description="one marketplace, or all of them together")
]


def window(days: int) -> tuple[date, date]:
    today = utcnow().date()
    return today - timedelta(days=days - 1), today


def brand_out(record) -> BrandTrendOut:
    data = dict(record)
    data.pop("total", None)
    first = data["first_median_price_usd"]
    data["median_change_pct"] = (
        percent_change(data["median_price_usd"], first) if first is not None else None
    )
    return BrandTrendOut.model_validate(data)


@router.get("/trends", response_model=Page[TrendRowOut])
async def trends(
    conn: Connection,
    platform: PlatformParam = "all",
    category: Annotated[
        Literal["brand", "lot", "size", "all"],
        Query(description='rows per brand, per lot ("Levi\'s 501"), per waist bucket, or market'),
    ] = "brand",
    key: Annotated[
        str | None, Query(max_length=100, examples=["Levi's"], description="one brand, lot...")
    ] = None,
    days: Days = 30,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0, le=100_000)] = 0,
) -> Page[TrendRowOut]:
    """Daily figures per brand, lot or size: listings on the market, new and ended, USD price
    statistics (and per listing currency), engagement, time on market. Newest day first, then
    the busiest groups."""
    first, _ = window(days)
    rows, total = repository.trend_queries(
        platform=platform, category=category, key=key, first_day=first, limit=limit, offset=offset
    )
    return Page(
        items=[TrendRowOut.model_validate(dict(r)) for r in await rows.fetch(conn)],
        total=await total.fetchval(conn),
        limit=limit,
        offset=offset,
    )


@router.get("/trends/brands", response_model=Page[BrandTrendOut])
async def brand_trends(
    conn: Connection,
    days: Days = 30,
    platform: PlatformParam = "all",
    limit: Annotated[int, Query(ge=1, le=50)] = 10,
    offset: Annotated[int, Query(ge=0, le=10_000)] = 0,
) -> Page[BrandTrendOut]:
    """Brands ranked by volume (listings on the market at any time in the window), with their
    median USD price and its change over the window."""
    first, last = window(days)
    query = repository.brand_volume_query(
        platform=platform, first_day=first, last_day=last, limit=limit, offset=offset
    )
    rows = await query.fetch(conn)
    total = rows[0]["total"] if rows else await _count_brands(conn, platform, first, last)
    return Page(items=[brand_out(r) for r in rows], total=total, limit=limit, offset=offset)


async def _count_brands(conn, platform: str, first: date, last: date) -> int:
    # A page past the end has no row to carry the total.
    return await conn.fetchval(
        "SELECT count(DISTINCT key) FROM marketplace_trends WHERE period = 'day'"
        " AND platform = $1 AND category = 'brand' AND period_start BETWEEN $2 AND $3",
        platform,
        first,
        last,
    )


@router.get("/trends/summary", response_model=TrendsSummaryOut)
async def trends_summary(conn: Connection, days: Days = 7) -> TrendsSummaryOut:
    """The market over the window: listings per platform and in all (on the market, new, ended),
    average and median USD price on the last day and the median's change, the price range, the
    five biggest brands and the latest insights."""
    first, last = window(days)
    rows = await repository.market_query(first_day=first, last_day=last).fetch(conn)
    brands = await repository.brand_volume_query(
        platform="all", first_day=first, last_day=last, limit=5, offset=0
    ).fetch(conn)
    summary = market_summary([dict(r) for r in rows], first=first, last=last)
    return TrendsSummaryOut(days=days, top_brands=[brand_out(b) for b in brands], **summary)
