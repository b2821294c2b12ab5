"""When a matching listing makes an alert: its first match (``new``), a price drop, or its return
to the market. Each alert is recorded once per (search, listing, trigger, price), so the same
listing seen again unchanged never alerts twice, and a price drop alerts once per new price."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from decimal import Decimal

from indigo_alerts.domain.listings import ListingFeatures
from indigo_alerts.domain.searches import SavedSearch

MATCH_NAMESPACE = uuid.UUID("3c0b8f3e-6a57-4d0e-b1f4-2f6f1f0e9a11")


def match_id(search_id: uuid.UUID, listing_id: uuid.UUID, trigger: str, price) -> uuid.UUID:
    """The id of one (search, listing, trigger, price): the same from any replica or replay."""
    amount = "none" if price is None else f"{Decimal(price):.2f}"
    return uuid.uuid5(MATCH_NAMESPACE, f"{search_id}:{listing_id}:{trigger}:{amount}")


@dataclass(frozen=True)
class PriorMatch:
    """The latest match recorded for a (search, listing): the price alerts compare with."""

    price: Decimal | None
    currency: str | None
    price_usd: Decimal | None


@dataclass(frozen=True)
class Decision:
    trigger: str
    notify: bool
    reason: str
    previous_price: Decimal | None = None


def _money(amount, currency) -> str:
    return f"{amount:,.2f} {currency or ''}".strip()


def decide(
    search: SavedSearch,
    listing: ListingFeatures,
    prior: PriorMatch | None,
    *,
    returning: bool = False,
    existing: bool = False,
) -> Decision | None:
    """What a listing that matches ``search`` now means for it, or None (nothing new).

    ``returning``: the listing had ended and is seen again. ``existing``: matched while recording
    a new search's current matches, which alert only with ``notify_existing``.
    """
    triggers = search.triggers
    if prior is None:
        if existing:
            return Decision("new", search.notify_existing, "matched when the search was saved")
        return Decision("new", triggers.new, "a listing matches the search for the first time")
    if returning and triggers.back_on_market:
        return Decision("back_on_market", True, "back on the market", prior.price)
    drop = triggers.price_drop
    if drop is None or listing.price is None or prior.price is None:
        return None
    was, now = _money(prior.price, prior.currency), _money(listing.price, listing.currency)
    if drop.percent and listing.currency == prior.currency and listing.price < prior.price:
        fall = (prior.price - listing.price) / prior.price * 100
        if fall >= Decimal(str(drop.percent)):
            return Decision(
                "price_drop", True, f"price dropped {fall:.1f}% from {was} to {now}", prior.price
            )
    if (
        drop.below_usd is not None
        and listing.price_usd is not None
        and listing.price_usd <= drop.below_usd
        and (prior.price_usd is None or prior.price_usd > drop.below_usd)
    ):
        return Decision(
            "price_drop",
            True,
            f"price dropped from {was} to {now}, at or below ${drop.below_usd:,.2f}",
            prior.price,
        )
    return None
