from __future__ import annotations

import re
import uuid
from decimal import Decimal
from typing import Annotated, Literal

from fastapi import APIRouter, HTTPException, Query
from fastapi.exceptions import RequestValidationError

from indigo_api.adapters import repository
from indigo_api.dependencies import Connection
from indigo_api.schemas import ListingDetailOut, ListingOut, Page, PricePoint

router = APIRouter(tags=["listings"])

SIZE = re.compile(r"^\s*(\d{2}(?:\.\d)?)\s*(?:[xX/]\s*(\d{2}(?:\.\d)?))?\s*$")
Platform = Literal["ebay", "etsy", "reddit"]


def _parse_size(size: str | None) -> tuple[float | None, float | None]:
    if size is None:
        return None, None
    match = SIZE.match(size)
    if not match:
        raise RequestValidationError(
            [
                {
                    "type": "value_error",
                    "loc": ("query", "size"),
                    "input": size,
                    "msg": "size must be a waist (32) or waist x inseam (32x30), in inches",
                }
            ]
        )
    waist, inseam = match.groups()
    return float(waist), float(inseam) if inseam else None


def listing_out(record) -> ListingOut:
    data = dict(record)
    data["attributes"] = data.get("attributes") or {}
    return ListingOut.model_validate(data)


@router.get("/listings", response_model=Page[ListingOut])
async def list_listings(
    conn: Connection,
    platform: Platform | None = None,
    brand: Annotated[str | None, Query(max_length=100, examples=["Levi's"])] = None,
    min_price: Annotated[Decimal | None, Query(ge=0, description="USD")] = None,
    max_price: Annotated[Decimal | None, Query(ge=0, description="USD")] = None,
    size: Annotated[
        str | None,
        Query(max_length=20, examples=["32x30"], description="waist, or waist x inseam (inches)"),
    ] = None,
    condition: Annotated[str | None, Query(max_length=50, examples=["excellent"])] = None,
    sort: Literal["created_at", "price", "trend_score"] = "created_at",
    sort_order: Literal["asc", "desc"] = "desc",
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> Page[ListingOut]:
    """Listings of every platform, newest first by default. Prices filter and sort in USD."""
    if min_price is not None and max_price is not None and min_price > max_price:
        raise RequestValidationError(
            [
                {
                    "type": "value_error",
                    "loc": ("query", "min_price"),
                    "input": str(min_price),
                    "msg": "min_price is greater than max_price",
                }
            ]
        )
    waist, inseam = _parse_size(size)
    filters = repository.ListingFilters(
        platform=platform,
        brand=brand,
        min_price=min_price,
        max_price=max_price,
        waist=waist,
        inseam=inseam,
        condition=condition,
    )
    rows, total = await repository.list_listings(
        conn, filters, sort=sort, order=sort_order, limit=limit, offset=offset
    )
    return Page(items=[listing_out(r) for r in rows], total=total, limit=limit, offset=offset)


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
    data = dict(record)
    data["attributes"] = data.get("attributes") or {}
    data["price_history"] = [PricePoint.model_validate(dict(h)) for h in history]
    return ListingDetailOut.model_validate(data)
