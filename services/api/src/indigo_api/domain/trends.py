"""The market over a window of days, from the daily trend rows."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from indigo_api.domain.history import percent_change

PLATFORMS = ("ebay", "etsy", "reddit")


def totals(platform: str, rows: Sequence[Mapping[str, Any]], last: date) -> dict:
    """A platform's window from its daily rows (oldest first): listings on the market at any time
    (those there on its earliest day, plus those new later: a listing counts on every day from
    its market entry, listed or first seen, to its end), still on it at the last day's end (its
    listings less those that ended on it), new, ended."""
    priced = [r for r in rows if r["sample_count"]]
    return {
        "platform": platform,
        "listings": rows[0]["listing_count"] + sum(r["new_count"] for r in rows[1:]) if rows else 0,
        "active_listings": sum(
            r["listing_count"] - r["ended_count"] for r in rows if r["day"] == last
        ),
        "new_listings": sum(r["new_count"] for r in rows),
        "ended_listings": sum(r["ended_count"] for r in rows),
        "median_price_usd": priced[-1]["median_price_usd"] if priced else None,
    }


def market_summary(
    rows: Sequence[Mapping[str, Any]], *, first: date, last: date, platform: str = "all"
) -> dict[str, Any]:
    """Totals per platform and for the whole market (or for one ``platform``: its totals, and its
    row alone in the platforms), prices on the last priced day (and their change since the
    first), the window's price range, all of the market or of that platform, and the latest
    insights (the whole market's: insights are written on its rows only)."""
    by_platform = {p: [r for r in rows if r["platform"] == p] for p in ("all", *PLATFORMS)}
    market = by_platform[platform]
    shown = PLATFORMS if platform == "all" else (platform,)
    priced = [r for r in market if r["sample_count"]]
    latest = priced[-1] if priced else None
    earliest = priced[0] if priced else None
    mins = [r["min_price_usd"] for r in priced]
    maxes = [r["max_price_usd"] for r in priced]
    with_insights = [r for r in by_platform["all"] if r["insights"]]
    return {
        "first_day": first,
        "last_day": last,
        "platform": platform,
        "totals": totals(platform, market, last),
        "platforms": [totals(p, by_platform[p], last) for p in shown],
        "average_price_usd": latest and latest["avg_price_usd"],
        "median_price_usd": latest and latest["median_price_usd"],
        "median_change_pct": percent_change(
            latest["median_price_usd"], earliest["median_price_usd"]
        )
        if latest and earliest["day"] != latest["day"]
        else None,
        "price_range": {
            "min": min(mins) if mins else None,
            "p25": latest and latest["p25_price_usd"],
            "p75": latest and latest["p75_price_usd"],
            "max": max(maxes) if maxes else None,
        },
        "insights": with_insights[-1]["insights"] if with_insights else {},
    }
