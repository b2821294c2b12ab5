from __future__ import annotations

import re
import uuid
from decimal import Decimal
from typing import Annotated, Literal

from fastapi import APIRouter, HTTPException, Path, Query
from fastapi.exceptions import RequestValidationError
from indigo_shared.events import utcnow

from indigo_api.adapters import repository
from indigo_api.dependencies import Connection
from indigo_api.domain.history import history_summary, lifecycle, price_changes
from indigo_api.schemas import (
    ListingDetailOut,
    ListingHistoryOut,
    ListingOut,
    Page,
    PricePoint,
    SearchHit,
    SearchPage,
    SearchQueryOut,
)

router = APIRouter(tags=["listings"])

SIZE = re.compile(r"^\s*(\d{2}(?:\.\d)?)\s*(?:[xX/]\s*(\d{2}(?:\.\d)?))?\s*$")
ERA = re.compile(r"^\s*(?:(\d{4})s|'?(\d{2})s|(y2k))\s*$", re.IGNORECASE)
Platform = Literal["ebay", "etsy", "reddit"]
Wash = Literal["rigid", "dark", "medium", "light", "stonewash", "acid", "black"]


def _invalid(field: str, value, message: str) -> RequestValidationError:
    return RequestValidationError(
        [{"type": "value_error", "loc": ("query", field), "input": value, "msg": message}]
    )


def _parse_era(era: str | None) -> str | None:
    """A decade as the enricher writes it: "1990s" (also from "90s"); "Y2K" is "2000s"."""
    if era is None:
        return None
    match = ERA.match(era)
    if not match:
        raise _invalid("era", era, "era must be a decade such as 1990s, 90s or Y2K")
    full, short, y2k = match.groups()
    if y2k:
        return "2000s"
    if short:
        return f"{'20' if int(short) < 30 else '19'}{short}s"
    return f"{full}s"


def _parse_size(size: str | None) -> tuple[float | None, float | None]:
    if size is None:
        return None, None
    match = SIZE.match(size)
    if not match:
        raise _invalid(
            "size", size, "size must be a waist (32) or waist x inseam (32x30), in inches"
        )
    waist, inseam = match.groups()
    return float(waist), float(inseam) if inseam else None


def _listing_data(record) -> dict:
    data = dict(record)
    data.pop("matched", None)
    data["attributes"] = data.get("attributes") or {}
    comparables = data.pop("deal_comparables", None)
    score, median = data.pop("deal_score", None), data.pop("deal_median_usd", None)
    data["deal"] = (
        None
        if comparables is None
        else {
            "score": None if score is None else float(score),
            "comparables": comparables,
            "comparable_median_usd": median,
        }
    )
    return data


def listing_out(record) -> ListingOut:
    return ListingOut.model_validate(_listing_data(record))


@router.get("/listings", response_model=Page[ListingOut])
async def list_listings(
    conn: Connection,
    platform: Platform | None = None,
    brand: Annotated[str | None, Query(max_length=100, examples=["Levi's"])] = None,
    min_price: Annotated[Decimal | None, Query(ge=0, description="USD", examples=[50])] = None,
    max_price: Annotated[Decimal | None, Query(ge=0, description="USD", examples=[150])] = None,
    size: Annotated[
        str | None,
        Query(max_length=20, examples=["32x30"], description="waist, or waist x inseam (inches)"),
    ] = None,
    condition: Annotated[str | None, Query(max_length=50, examples=["excellent"])] = None,
    lot: Annotated[
        str | None,
        Query(max_length=30, examples=["501"], description="lot number or model: 501, 13MWZ"),
    ] = None,
    model: Annotated[
        str | None, Query(max_length=30, examples=["501XX"], description="the same as lot")
    ] = None,
    waist: Annotated[
        float | None, Query(ge=20, le=60, examples=[32], description="tag waist, inches")
    ] = None,
    inseam: Annotated[
        float | None, Query(ge=20, le=44, examples=[30], description="tag inseam, inches")
    ] = None,
    era: Annotated[
        str | None, Query(max_length=10, examples=["1990s"], description="1990s, 90s, Y2K")
    ] = None,
    wash: Annotated[Wash | None, Query(examples=["medium"])] = None,
    made_in: Annotated[str | None, Query(max_length=40, examples=["USA"])] = None,
    selvedge: Annotated[bool | None, Query(examples=[True])] = None,
    status: Annotated[
        Literal["active", "ended"] | None,
        Query(description="active: still seen by syncs; ended: a full sync no longer sees it"),
    ] = None,
    min_deal_score: Annotated[
        float | None,
        Query(
            ge=-1000,
            le=100,
            examples=[20],
            description="at least this many percent below comparable listings' median price",
        ),
    ] = None,
    sort: Literal["created_at", "price", "trend_score", "deal_score"] = "created_at",
    sort_order: Literal["asc", "desc"] = "desc",
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> Page[ListingOut]:
    """Listings of every platform, newest first by default. Prices filter and sort in USD; the
    enriched attributes (lot, waist, inseam, era, wash, made in, selvedge) and the deal score
    filter too."""
    if min_price is not None and max_price is not None and min_price > max_price:
        raise _invalid("min_price", str(min_price), "min_price is greater than max_price")
    if size is not None and (waist is not None or inseam is not None):
        raise _invalid("size", size, "give size, or waist and inseam, not both")
    if lot and model and lot.upper() != model.upper():
        raise _invalid("model", model, "model and lot name the same thing; give one")
    if size is not None:
        waist, inseam = _parse_size(size)
    filters = repository.ListingFilters(
        platform=platform,
        brand=brand,
        min_price=min_price,
        max_price=max_price,
        waist=waist,
        inseam=inseam,
        condition=condition,
        lot=lot or model,
        era=_parse_era(era),
        wash=wash,
        made_in=made_in,
        selvedge=selvedge,
        status=status,
        min_deal_score=min_deal_score,
    )
    rows, total = await repository.list_listings(
        conn, filters, sort=sort, order=sort_order, limit=limit, offset=offset
    )
    return Page(items=[listing_out(r) for r in rows], total=total, limit=limit, offset=offset)


# Declared before /listings/{listing_id}/history, which "/listings/search/history" also matches.
@router.get("/listings/search/{keywords}", response_model=SearchPage)
async def search_listings(
    keywords: Annotated[
        str,
        Path(min_length=1, max_length=200, examples=["levis 501"], description="words to find"),
    ],
    conn: Connection,
    platform: Platform | None = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0, le=repository.SEARCH_WINDOW)] = 0,
) -> SearchPage:
    """Listings whose title, brand, lot or description hold every word, most relevant first
    (PostgreSQL full-text search: "levis" finds Levi's). A word no listing uses is taken for a typo
    and matched by the nearest words listings do use (pg_trgm similarity: "levls" finds Levi's).
    The 5,000 newest matches are ranked and counted (`query.capped` says when more match)."""
    groups = await repository.search_terms(conn, keywords)
    if not groups:
        raise RequestValidationError(
            [
                {
                    "type": "value_error",
                    "loc": ("path", "keywords"),
                    "input": keywords,
                    "msg": "keywords hold no searchable word (only stop words or punctuation)",
                }
            ]
        )
    rows, total = repository.search_queries(
        repository.tsquery_text(groups), platform=platform, limit=limit, offset=offset
    )
    found = await rows.fetch(conn)
    matches = found[0]["matched"] if found else (await total.fetchval(conn) if offset else 0)
    return SearchPage(
        items=[SearchHit.model_validate(_listing_data(r)) for r in found],
        total=min(matches, repository.SEARCH_WINDOW),
        limit=limit,
        offset=offset,
        query=SearchQueryOut(
            keywords=keywords,
            terms=groups,
            corrected=any(len(g) > 1 for g in groups),
            capped=matches > repository.SEARCH_WINDOW,
        ),
    )


@router.get(
    "/listings/{listing_id}/history",
    response_model=ListingHistoryOut,
    responses={404: {"description": "no such listing"}},
)
async def listing_history(listing_id: uuid.UUID, conn: Connection) -> ListingHistoryOut:
    """A listing's lifecycle (listed, first and last seen, ended) and every price it was seen at,
    with its drops and rises."""
    record = await repository.get_listing(conn, listing_id)
    if record is None:
        raise HTTPException(404, f"listing {listing_id} not found")
    changes = price_changes([dict(p) for p in await repository.price_history(conn, listing_id)])
    return ListingHistoryOut(
        listing_id=record["id"],
        platform=record["platform"],
        external_id=record["external_id"],
        title=record["title"],
        lifecycle=lifecycle(record, utcnow()),
        price_history=changes,
        **history_summary(changes),
    )


@router.get(
    "/listings/{listing_id}",
    response_model=ListingDetailOut,
    responses={404: {"description": "no such listing"}},
)
async def get_listing(listing_id: uuid.UUID, conn: Connection) -> ListingDetailOut:
    record = await repository.get_listing(conn, listing_id)
    if record is None:
        raise HTTPException(404, f"listing {listing_id} not found")
    history = await repository.price_history(conn, listing_id)
    data = _listing_data(record)
    data["price_history"] = [PricePoint.model_validate(dict(h)) for h in history]
    return ListingDetailOut.model_validate(data)
