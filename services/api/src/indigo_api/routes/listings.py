"""Listings: the filtered list, full-text search, one listing, its history. Every answer is
rendered once and served from the read model's cache until a commit makes it stale."""

from __future__ import annotations

import json
import uuid
from dataclasses import replace
from typing import Annotated, Any

from fastapi import APIRouter, Path, Request
from indigo_shared.events import utcnow

from indigo_api import cursors
from indigo_api.adapters import repository
from indigo_api.dependencies import Db, cache_key, json_bytes, render
from indigo_api.domain.history import history_summary, lifecycle, price_changes
from indigo_api.errors import NOT_FOUND, ErrorOut, invalid
from indigo_api.params import (
    Keywords,
    ListingsParams,
    NoParams,
    SearchParams,
    documented,
    from_query,
    parse_era,
    parse_size,
)
from indigo_api.read_model import LISTING_TABLES, PRICE_HISTORY
from indigo_api.schemas import (
    PENDING_DEAL,
    ListingDetailOut,
    ListingHistoryOut,
    ListingOut,
    ListingPage,
    PricePoint,
    SearchHit,
    SearchPage,
    SearchQueryOut,
)

router = APIRouter(tags=["listings"])


class NotFound(Exception):
    """Raised inside a render: nothing is cached, the route answers 404."""


def tag_size(waist: float | None, inseam: float | None) -> str | None:
    """The tag size as listings write it: "33x32", or the waist alone ("33")."""
    if waist is None:
        return None

    def inches(value: float) -> str:
        value = round(float(value), 1)
        return str(int(value)) if value.is_integer() else str(value)

    return f"{inches(waist)}x{inches(inseam)}" if inseam is not None else inches(waist)


def listing_data(record) -> dict[str, Any]:
    data = dict(record)
    data.pop("matched", None)
    data["attributes"] = data.get("attributes") or {}
    data["condition"] = data.pop("attr_condition")
    if data["trend_score"] is not None:  # stored as real: 86.9 reads back as 86.9000015...
        data["trend_score"] = round(data["trend_score"], 1)
    platform_size = data.pop("platform_size")
    data["size"] = tag_size(data.pop("waist"), data.pop("inseam")) or platform_size
    comparables = data.pop("deal_comparables", None)
    score, median = data.pop("deal_score", None), data.pop("deal_median_usd", None)
    group, reason = data.pop("deal_group", None), data.pop("deal_reason", None)
    # One shape for every listing: no row yet is a pending deal.
    data["deal"] = (
        PENDING_DEAL
        if comparables is None
        else {
            "score": None if score is None else float(score),
            "comparables": comparables,
            "comparable_median_usd": median,
            "group": group,
            "reason": reason if score is None else None,
        }
    )
    return data


def _listing_filters(params: ListingsParams) -> repository.ListingFilters:
    """The filters, with what one parameter cannot check alone checked (422 naming the field)."""
    if (
        params.min_price is not None
        and params.max_price is not None
        and params.min_price > params.max_price
    ):
        raise invalid("query", "min_price", str(params.min_price), "min_price is above max_price")
    if params.size is not None and (params.waist is not None or params.inseam is not None):
        raise invalid("query", "size", params.size, "give size, or waist and inseam, not both")
    if params.lot and params.model and params.lot.upper() != params.model.upper():
        raise invalid("query", "model", params.model, "model and lot name the same thing")
    waist, inseam = params.waist, params.inseam
    if params.size is not None:
        waist, inseam = parse_size(params.size)
    return repository.ListingFilters(
        platform=params.platform,
        brand=params.brand,
        min_price=params.min_price,
        max_price=params.max_price,
        waist=waist,
        inseam=inseam,
        condition=params.condition,
        lot=params.lot or params.model,
        era=parse_era(params.era) if params.era else None,
        wash=params.wash,
        made_in=params.made_in,
        selvedge=params.selvedge,
        status=params.status,
        min_deal_score=params.min_deal_score,
    )


def _sort(params: ListingsParams) -> str:
    if params.sort is None:
        return params.sort_by
    if "sort_by" in params.model_fields_set and params.sort_by != params.sort:
        raise invalid("query", "sort", params.sort, "sort is another name for sort_by; give one")
    return params.sort


@router.get("/listings", response_model=ListingPage, openapi_extra=documented(ListingsParams))
async def list_listings(
    request: Request, params: Annotated[ListingsParams, from_query(ListingsParams)], db: Db
):
    """Listings of every platform, newest first by default. Prices filter and sort in USD; the
    enriched attributes (lot, waist, inseam, era, wash, made in, selvedge), the normalized
    condition and the deal score filter too, and `keywords` as the search reads them. Page with
    `offset`, or faster at any depth with `cursor` set to the previous page's `next`."""
    filters = _listing_filters(params)
    sort = _sort(params)
    after = None
    if params.cursor is not None:
        if params.offset:
            raise invalid("query", "offset", params.offset, "give cursor or offset, not both")
        try:
            after = cursors.decode(params.cursor, sort, params.sort_order)
        except cursors.BadCursor as exc:
            raise invalid("query", "cursor", params.cursor, str(exc)) from exc

    async def page() -> bytes:
        async with db.connection() as conn:
            # The words' reading depends on the listings (a typo's nearest words), so it is
            # made with the answer, and cached with it.
            found = await _with_keywords(conn, filters, params.keywords)
            rows, total, exact = await repository.list_listings(
                conn,
                found,
                sort=sort,
                order=params.sort_order,
                limit=params.limit,
                offset=params.offset,
                after=after,
                total_of=lambda: _total(db, conn, found),
            )
        items = rows[: params.limit]
        more = len(rows) > params.limit
        return render(
            ListingPage(
                items=[ListingOut.model_validate(listing_data(r)) for r in items],
                total=total,
                total_exact=exact,
                limit=params.limit,
                offset=params.offset,
                next=cursors.encode(sort, params.sort_order, items[-1]) if more else None,
            )
        )

    return json_bytes(await db.cached(cache_key(request), LISTING_TABLES, page))


async def _with_keywords(
    conn, filters: repository.ListingFilters, keywords: str | None
) -> repository.ListingFilters:
    if keywords is None:
        return filters
    groups = (await repository.search_terms(conn, keywords)).lists()
    return replace(filters, keywords=repository.tsquery_text(groups) if groups else "")


async def _total(db: Db, conn, filters: repository.ListingFilters) -> tuple[int, bool]:
    """Every page and sort of the same filters shares one count, cached as answers are."""

    async def count() -> bytes:
        return json.dumps(await repository.count_listings(conn, filters)).encode()

    total, exact = json.loads(await db.cached(f"count:{filters!r}", LISTING_TABLES, count))
    return total, exact


# Declared before /listings/{listing_id}/history, which "/listings/search/history" also matches.
@router.get(
    "/listings/search/{keywords}",
    response_model=SearchPage,
    responses=NOT_FOUND,
    openapi_extra=documented(SearchParams),
)
async def search_listings(
    request: Request,
    keywords: Annotated[Keywords, Path()],
    params: Annotated[SearchParams, from_query(SearchParams)],
    db: Db,
):
    """Listings whose title, brand, lot or description hold every word, most relevant first
    (PostgreSQL full-text search: "levis" finds Levi's). A word no listing uses is taken for a typo
    and matched by the nearest words listings do use (pg_trgm similarity: "levls" finds Levi's).
    The 5,000 newest matches are ranked and counted (`query.capped` says when more match). Only
    stop words or punctuation find nothing (`query.terms` is empty)."""

    async def page() -> bytes:
        async with db.connection() as conn:
            terms = await repository.search_terms(conn, keywords)
            groups = terms.lists()
            found, matches = [], 0
            if groups:
                rows, total = repository.search_queries(
                    repository.tsquery_text(groups),
                    platform=params.platform,
                    limit=params.limit,
                    offset=params.offset,
                )
                found = await rows.fetch(conn)
                if found:
                    matches = found[0]["matched"]
                elif params.offset:
                    matches = await total.fetchval(conn)
        return render(
            SearchPage(
                items=[SearchHit.model_validate(listing_data(r)) for r in found],
                total=min(matches, repository.SEARCH_WINDOW),
                limit=params.limit,
                offset=params.offset,
                query=SearchQueryOut(
                    keywords=keywords,
                    terms=groups,
                    corrected=terms.by_similarity,
                    capped=matches > repository.SEARCH_WINDOW,
                ),
            )
        )

    key = cache_key(request)
    return json_bytes(await db.cached(key, LISTING_TABLES, page))


async def _listing_or_404(db: Db, key: str, tables: tuple[str, ...], render_listing):
    try:
        return json_bytes(await db.cached(key, tables, render_listing))
    except NotFound as exc:
        return json_bytes(render(ErrorOut(detail=str(exc))), 404)


@router.get(
    "/listings/{listing_id}/history",
    response_model=ListingHistoryOut,
    responses=NOT_FOUND,
    openapi_extra=documented(NoParams),
)
async def listing_history(
    request: Request, listing_id: uuid.UUID, _: Annotated[NoParams, from_query(NoParams)], db: Db
):
    """A listing's lifecycle (listed, first and last seen, ended) and every price it was seen at,
    with its drops and rises."""

    async def history() -> bytes:
        async with db.connection() as conn:
            record = await repository.get_listing(conn, listing_id)
            if record is None:
                raise NotFound(f"listing {listing_id} not found")
            points = await repository.price_history(conn, listing_id)
        changes = price_changes([dict(p) for p in points])
        return render(
            ListingHistoryOut(
                listing_id=record["id"],
                platform=record["platform"],
                external_id=record["external_id"],
                title=record["title"],
                lifecycle=lifecycle(record, utcnow()),
                price_history=changes,
                **history_summary(changes),
            )
        )

    key = cache_key(request)
    return await _listing_or_404(db, key, (*LISTING_TABLES, PRICE_HISTORY), history)


@router.get(
    "/listings/{listing_id}",
    response_model=ListingDetailOut,
    responses=NOT_FOUND,
    openapi_extra=documented(NoParams),
)
async def get_listing(
    request: Request, listing_id: uuid.UUID, _: Annotated[NoParams, from_query(NoParams)], db: Db
):
    """One listing with its raw payload, enrichment, deal score, trend factors and prices."""

    async def detail() -> bytes:
        async with db.connection() as conn:
            record = await repository.get_listing(conn, listing_id)
            if record is None:
                raise NotFound(f"listing {listing_id} not found")
            history = await repository.price_history(conn, listing_id)
        data = listing_data(record)
        data["price_history"] = [PricePoint.model_validate(dict(h)) for h in history]
        return render(ListingDetailOut.model_validate(data))

    key = cache_key(request)
    return await _listing_or_404(db, key, (*LISTING_TABLES, PRICE_HISTORY), detail)
