"""A listing's price history with its drops and rises, and its lifecycle."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any


def percent_change(now: Decimal, before: Decimal) -> float | None:
    if not before:
        return None
    return float(((now - before) / before * 100).quantize(Decimal("0.1"), ROUND_HALF_UP))


def price_changes(points: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Each observed price, oldest first, with its change against the previous price in the same
    currency: a ``drop``, a ``rise``, the ``first`` price, or ``unpriced`` (no price stated)."""
    changes = []
    previous: Mapping[str, Any] | None = None
    for point in points:
        change = None
        if point["price"] is None:
            direction = "unpriced"
        elif (
            previous is None
            or previous["price"] is None
            or previous["currency"] != point["currency"]
        ):
            direction = "first"
        else:
            change = point["price"] - previous["price"]
            direction = "drop" if change < 0 else "rise"
        changes.append(
            {
                **point,
                "change": change,
                "change_pct": percent_change(point["price"], previous["price"])
                if change is not None
                else None,
                "direction": direction,
            }
        )
        previous = point
    return changes


def history_summary(changes: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    priced = [c for c in changes if c["price"] is not None]
    first, current = (priced[0], priced[-1]) if priced else (None, None)
    comparable = first is not None and first["currency"] == current["currency"]
    return {
        "drops": sum(1 for c in changes if c["direction"] == "drop"),
        "rises": sum(1 for c in changes if c["direction"] == "rise"),
        "first_price": first and first["price"],
        "current_price": current and current["price"],
        "total_change_pct": percent_change(current["price"], first["price"])
        if comparable
        else None,
    }


def lifecycle(listing: Mapping[str, Any], now: datetime) -> dict[str, Any]:
    listed = listing["listed_at"]
    start = min(listed, listing["first_seen_at"]) if listed else listing["first_seen_at"]
    end = listing["ended_at"] or now
    return {
        "status": "ended" if listing["ended_at"] else "active",
        "listed_at": listed,
        "first_seen_at": listing["first_seen_at"],
        "last_seen_at": listing["last_seen_at"],
        "ended_at": listing["ended_at"],
        "days_on_market": round(max(0.0, (end - start).total_seconds() / 86400), 2),
    }
