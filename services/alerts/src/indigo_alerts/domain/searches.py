"""Saved searches as the alerts service sees them: criteria, triggers and delivery.

The API stores a search's criteria as JSON (``filters``) beside its ``keywords``; this module reads
that shape. Text criteria are compared the way ``GET /listings`` compares them (brand, made in and
condition case-insensitively, lots upper-cased), so a search finds what the same filters list.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any, Literal

Delivery = Literal["instant", "hourly", "daily"]


@dataclass(frozen=True, slots=True)
class Span:
    """An inclusive range of inches; an exact size has ``low == high``."""

    low: float | None = None
    high: float | None = None

    def holds(self, value: float | None) -> bool:
        if value is None:
            return False
        return (self.low is None or value >= self.low) and (self.high is None or value <= self.high)

    def describe(self) -> str:
        if self.low == self.high:
            return f"{self.low:g}"
        if self.high is None:
            return f"≥ {self.low:g}"
        if self.low is None:
            return f"≤ {self.high:g}"
        return f"{self.low:g}–{self.high:g}"


@dataclass(frozen=True, slots=True)
class Criteria:
    keywords: str | None = None
    # The keywords as full-text search groups them, one group of stems per word (see
    # indigo_alerts.adapters.terms): every group must meet the listing's words.
    terms: tuple[frozenset[str], ...] = ()
    platforms: frozenset[str] = frozenset()
    min_price_usd: Decimal | None = None
    max_price_usd: Decimal | None = None
    brands: frozenset[str] = frozenset()  # lower-cased
    lots: frozenset[str] = frozenset()  # upper-cased
    waist: Span | None = None
    inseam: Span | None = None
    eras: frozenset[str] = frozenset()
    washes: frozenset[str] = frozenset()
    made_in: frozenset[str] = frozenset()  # lower-cased
    selvedge: bool | None = None
    conditions: frozenset[str] = frozenset()  # lower-cased
    min_deal_score: float | None = None


@dataclass(frozen=True, slots=True)
class PriceDrop:
    percent: float | None = None  # at least this many percent below the last alerted price
    below_usd: Decimal | None = None  # or now below this USD price, having been above it


@dataclass(frozen=True, slots=True)
class Triggers:
    new: bool = True
    price_drop: PriceDrop | None = None
    back_on_market: bool = False


@dataclass(frozen=True, slots=True)
class SavedSearch:
    id: uuid.UUID
    name: str
    criteria: Criteria
    triggers: Triggers = field(default_factory=Triggers)
    delivery: Delivery = "instant"
    notify_existing: bool = False
    active: bool = True
    version: datetime | None = None  # updated_at: a change of criteria is a new version


def _lower(values) -> frozenset[str]:
    return frozenset(str(v).strip().lower() for v in values or ())


def _upper(values) -> frozenset[str]:
    return frozenset(str(v).strip().upper() for v in values or ())


def _decimal(value) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def _span(value: Any) -> Span | None:
    if value is None:
        return None
    if isinstance(value, int | float):
        return Span(float(value), float(value))
    low, high = value.get("min"), value.get("max")
    return Span(None if low is None else float(low), None if high is None else float(high))


def criteria_from(
    keywords: str | None, filters: dict, terms: tuple[frozenset[str], ...] = ()
) -> Criteria:
    """Criteria from the stored ``keywords`` and ``filters``."""
    return Criteria(
        keywords=keywords or None,
        terms=terms,
        platforms=_lower(filters.get("platforms")),
        min_price_usd=_decimal(filters.get("min_price_usd")),
        max_price_usd=_decimal(filters.get("max_price_usd")),
        brands=_lower(filters.get("brands")),
        lots=_upper(filters.get("lots")),
        waist=_span(filters.get("waist")),
        inseam=_span(filters.get("inseam")),
        eras=frozenset(filters.get("eras") or ()),
        washes=frozenset(filters.get("washes") or ()),
        made_in=_lower(filters.get("made_in")),
        selvedge=filters.get("selvedge"),
        conditions=_lower(filters.get("conditions")),
        min_deal_score=filters.get("min_deal_score"),
    )


def triggers_from(value: dict) -> Triggers:
    drop = value.get("price_drop")
    return Triggers(
        new=bool(value.get("new", True)),
        price_drop=None
        if not drop
        else PriceDrop(percent=drop.get("percent"), below_usd=_decimal(drop.get("below_usd"))),
        back_on_market=bool(value.get("back_on_market", False)),
    )
