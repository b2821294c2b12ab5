"""A listing as saved searches match it, and as an alert shows it."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from datetime import datetime
from decimal import Decimal
from typing import Any

from indigo_shared.events import ListingEnriched, listing_id
from indigo_shared.money import to_usd


@dataclass(frozen=True, slots=True)
class ListingFeatures:
    """What criteria compare, normalized as ``GET /listings`` compares it: brand, made in and the
    platform's condition lower-cased, lot upper-cased; brand is the enricher's, else the
    platform's (as the read model's ``brand`` column)."""

    platform: str
    external_id: str
    listing_id: uuid.UUID
    lexemes: frozenset[str] = frozenset()
    price: Decimal | None = None
    currency: str | None = None
    price_usd: Decimal | None = None
    brand: str | None = None
    lot: str | None = None
    waist: float | None = None
    inseam: float | None = None
    era: str | None = None
    wash: str | None = None
    made_in: str | None = None
    selvedge: bool | None = None
    attr_condition: str | None = None
    listing_condition: str | None = None
    deal_score: float | None = None

    def with_deal_score(self, score: float | None) -> ListingFeatures:
        return replace(self, deal_score=score)

    def stored(self) -> dict[str, Any]:
        """The attribute part, as ``alerts_listings.features`` keeps it."""
        return {
            "brand": self.brand,
            "lot": self.lot,
            "waist": self.waist,
            "inseam": self.inseam,
            "era": self.era,
            "wash": self.wash,
            "made_in": self.made_in,
            "selvedge": self.selvedge,
            "attr_condition": self.attr_condition,
            "listing_condition": self.listing_condition,
        }


def _lower(value: str | None) -> str | None:
    return value.strip().lower() if value else None


def features_of(
    event: ListingEnriched, fx, lexemes: frozenset[str] = frozenset(), deal_score=None
) -> ListingFeatures:
    listing, attrs = event.listing, event.attributes
    return ListingFeatures(
        platform=listing.platform,
        external_id=listing.external_id,
        listing_id=listing_id(listing.platform, listing.external_id),
        lexemes=lexemes,
        price=listing.price,
        currency=listing.currency,
        price_usd=listing.price_usd or to_usd(listing.price, listing.currency, fx),
        brand=_lower(attrs.brand or listing.brand),
        lot=attrs.model.strip().upper() if attrs.model else None,
        waist=attrs.waist,
        inseam=attrs.inseam,
        era=attrs.era,
        wash=attrs.wash,
        made_in=_lower(attrs.made_in),
        selvedge=attrs.selvedge,
        attr_condition=attrs.condition,
        listing_condition=_lower(listing.condition),
        deal_score=None if deal_score is None else float(deal_score),
    )


def features_from_row(row) -> ListingFeatures:
    """Back from an ``alerts_listings`` row (with ``deal_score`` joined in, if any)."""
    stored = row["features"]
    score = row.get("deal_score") if hasattr(row, "get") else None
    return ListingFeatures(
        platform=row["platform"],
        external_id=row["external_id"],
        listing_id=row["listing_id"],
        lexemes=frozenset(row["lexemes"]),
        price=row["price"],
        currency=row["currency"],
        price_usd=row["price_usd"],
        deal_score=None if score is None else float(score),
        **stored,
    )


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def snapshot(event: ListingEnriched, features: ListingFeatures) -> dict[str, Any]:
    """The listing as an alert carries it (JSON)."""
    listing, attrs = event.listing, event.attributes
    return {
        "id": str(features.listing_id),
        "platform": listing.platform,
        "external_id": listing.external_id,
        "title": listing.title,
        "price": _number(listing.price),
        "currency": listing.currency,
        "price_usd": _number(features.price_usd),
        "url": listing.url,
        "image_url": listing.image_urls[0] if listing.image_urls else None,
        "condition": listing.condition,
        "seller": listing.seller_username,
        "location": listing.location,
        "listed_at": listing.listed_at.isoformat() if listing.listed_at else None,
        "buying_format": listing.buying_format,
        "attributes": {
            "brand": attrs.brand or listing.brand,
            "model": attrs.model,
            "waist": attrs.waist,
            "inseam": attrs.inseam,
            "era": attrs.era,
            "wash": attrs.wash,
            "made_in": attrs.made_in,
            "selvedge": attrs.selvedge,
            "condition": attrs.condition,
        },
        "deal_score": features.deal_score,
    }


def with_deal_score(listing: dict[str, Any], score: float | None) -> dict[str, Any]:
    return {**listing, "deal_score": score}


def is_back(ended_at: datetime | None, seen_at: datetime) -> bool:
    """A listing taken for ended and seen after its end is back on the market."""
    return ended_at is not None and seen_at > ended_at
