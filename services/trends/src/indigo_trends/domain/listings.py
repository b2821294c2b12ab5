"""What the trends keep of a listing: the groups it counts in and its price, from ``ListingEnriched``."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

from indigo_shared.events import ListingEnriched
from indigo_shared.money import to_usd
from indigo_shared.sales import is_sold

UNKNOWN = "?"

#: Trend rows are kept up to date this far back (days before today); the API serves at most 90.
HISTORY_DAYS = 90


def oldest_tracked_day(today: date) -> date:
    return today - timedelta(days=HISTORY_DAYS)


def utc_day(moment: datetime) -> date:
    return moment.astimezone(UTC).date()


def market_entry(listed_at: datetime | None, first_seen_at: datetime) -> datetime:
    """When a listing entered the market: when its seller listed it (``listed_at``: eBay's
    itemCreationDate, Etsy's creation time, Reddit's created_utc), else when it was first seen;
    never later than its first sighting (so a listed_at in the future, or after the first
    sighting, gives the first sighting). The trend rows' SQL says the same:
    ``least(listed_at, first_seen_at)``."""
    return first_seen_at if listed_at is None else min(listed_at, first_seen_at)


def first_counted_day(entry: datetime, today: date) -> date:
    """The first tracked day a listing that entered at ``entry`` counts on (is active): its
    entry day, or the tracked window's first day for one listed before it (an old or absurd
    listed_at: active on every tracked day, new on none)."""
    return max(utc_day(entry), oldest_tracked_day(today))


def is_new_on(entry: datetime, day: date) -> bool:
    """A listing is new on the day it entered the market (UTC days)."""
    return utc_day(entry) == day


def size_bucket(waist: float | None) -> str | None:
    """Two inches of waist per bucket ("W32-33"): close enough to price alike, wide enough to fill."""
    if waist is None or not math.isfinite(waist) or waist <= 0:
        return None
    low = int(waist // 2 * 2)
    return f"W{low}-{low + 1}"


def lot_name(brand: str | None, model: str | None) -> str | None:
    """A lot under its brand ("Levi's 501"): the same number can mean different jeans elsewhere."""
    if not model:
        return None
    return f"{brand} {model}" if brand else model


def deal_group(brand: str | None, lot: str | None) -> str | None:
    """The listings a deal score is computed among: one brand's lot ("Levi's 501"); the finer
    comparable groups (condition, era, selvedge, made in, size: ``domain.deals``) are subsets of
    it. A listing whose brand or lot is unknown compares with nothing."""
    if not brand or not lot:
        return None
    return lot


@dataclass(frozen=True)
class TrendListing:
    platform: str
    external_id: str
    brand: str | None
    lot: str | None
    size_bucket: str | None
    condition: str | None
    deal_group: str | None
    price: Decimal | None
    currency: str | None
    price_usd: Decimal | None
    engagement: dict[str, Any]
    listed_at: datetime | None
    collected_at: datetime
    # What else a deal's comparables must share (domain.deals)
    era: str | None = None
    selvedge: bool | None = None
    made_in: str | None = None
    flaws: list[str] = field(default_factory=list)
    big_e: bool = False
    #: This version shows it sold (``buying_format`` ``sold``): off the market from its sale.
    sold: bool = False


def trend_listing(event: ListingEnriched, fx: Mapping[str, Decimal]) -> TrendListing:
    listing, attributes = event.listing, event.attributes
    brand = attributes.brand or listing.brand
    lot = lot_name(brand, attributes.model)
    size = size_bucket(attributes.waist or attributes.measured_waist)
    return TrendListing(
        platform=listing.platform,
        external_id=listing.external_id,
        brand=brand,
        lot=lot,
        size_bucket=size,
        condition=attributes.condition,
        deal_group=deal_group(brand, lot),
        price=listing.price,
        currency=listing.currency,
        # The collector's conversion when it made one (eBay converts some prices itself), else
        # the configured rate table's.
        price_usd=listing.price_usd or to_usd(listing.price, listing.currency, fx),
        engagement=listing.engagement.model_dump(exclude_none=True),
        listed_at=listing.listed_at,
        collected_at=event.collected_at,
        era=attributes.era,
        selvedge=attributes.selvedge,
        made_in=attributes.made_in,
        flaws=list(attributes.flaws),
        big_e=any(tag.strip().lower() == "big e" for tag in attributes.tags),
        sold=is_sold(listing.buying_format),
    )
