"""Market trends from the daily rows the trends service keeps (``marketplace_trends``)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated

from fastapi import APIRouter, Request
from indigo_shared.events import utcnow

from indigo_api.adapters import repository
from indigo_api.dependencies import Db, cache_key, json_bytes, render
from indigo_api.domain.history import percent_change
from indigo_api.domain.trends import market_summary
from indigo_api.params import BrandTrendsParams, SummaryParams, TrendsParams, documented, from_query
from indigo_api.read_model import TRENDS
from indigo_api.schemas import BrandTrendOut, Page, TrendRowOut, TrendsSummaryOut

router = APIRouter(tags=["trends"])


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


def _key(request: Request) -> str:
    # The window moves at midnight UTC: the day is part of what an answer depends on (so these
    # answers are found by the route, not by the middleware, which knows no dates).
    return f"{cache_key(request)}@{utcnow().date()}"


@router.get("/trends", response_model=Page[TrendRowOut], openapi_extra=documented(TrendsParams))
async def trends(
    request: Request, params: Annotated[TrendsParams, from_query(TrendsParams)], db: Db
):
    """Daily figures per brand, lot or size: listings on the market, new and ended, USD price
    statistics (and per listing currency), engagement, time on market. Newest day first, then
    the busiest groups."""
    first, _ = window(params.days)

    async def page() -> bytes:
        rows, total = repository.trend_queries(
            platform=params.platform,
            category=params.category,
            key=params.key,
            first_day=first,
            limit=params.limit,
            offset=params.offset,
        )
        async with db.connection() as conn:
            items = [TrendRowOut.model_validate(dict(r)) for r in await rows.fetch(conn)]
            count = await total.fetchval(conn)
        return render(
            Page[TrendRowOut](items=items, total=count, limit=params.limit, offset=params.offset)
        )

    return json_bytes(await db.cached(_key(request), (TRENDS,), page))


@router.get(
    "/trends/brands",
    response_model=Page[BrandTrendOut],
    openapi_extra=documented(BrandTrendsParams),
)
async def brand_trends(
    request: Request, params: Annotated[BrandTrendsParams, from_query(BrandTrendsParams)], db: Db
):
    """Brands ranked by volume (listings on the market at any time in the window), with their
    median USD price and its change over the window."""
    first, last = window(params.days)

    async def page() -> bytes:
        query = repository.brand_volume_query(
            platform=params.platform,
            first_day=first,
            last_day=last,
            limit=params.limit,
            offset=params.offset,
        )
        async with db.connection() as conn:
            rows = await query.fetch(conn)
            total = (
                rows[0]["total"]
                if rows
                else await _count_brands(conn, params.platform, first, last)
            )
        return render(
            Page[BrandTrendOut](
                items=[brand_out(r) for r in rows],
                total=total,
                limit=params.limit,
                offset=params.offset,
            )
        )

    return json_bytes(await db.cached(_key(request), (TRENDS,), page))


async def _count_brands(conn, platform: str, first: date, last: date) -> int:
    # A page past the end has no row to carry the total.
    return await conn.fetchval(
        "SELECT count(DISTINCT key) FROM marketplace_trends WHERE period = 'day'"
        " AND platform = $1 AND category = 'brand' AND period_start BETWEEN $2 AND $3",
        platform,
        first,
        last,
    )


@router.get(
    "/trends/summary", response_model=TrendsSummaryOut, openapi_extra=documented(SummaryParams)
)
async def trends_summary(
    request: Request, params: Annotated[SummaryParams, from_query(SummaryParams)], db: Db
):
    """The market over the window, all of it or one ``platform``'s: listings per platform and in
    all (on the market, new, ended; with a platform, its own), average and median USD price on
    the last day and the median's change, the price range, the five biggest brands (of that
    platform) and the whole market's latest insights. Listings count from when they entered the
    market (listed, else first seen); prices only from when they were observed."""
    first, last = window(params.days)
    platform = params.platform

    async def summary() -> bytes:
        async with db.connection() as conn:
            rows = await repository.market_query(
                first_day=first, last_day=last, platform=platform
            ).fetch(conn)
            brands = await repository.brand_volume_query(
                platform=platform, first_day=first, last_day=last, limit=5, offset=0
            ).fetch(conn)
        figures = market_summary([dict(r) for r in rows], first=first, last=last, platform=platform)
        return render(
            TrendsSummaryOut(days=params.days, top_brands=[brand_out(b) for b in brands], **figures)
        )

    return json_bytes(await db.cached(_key(request), (TRENDS,), summary))
