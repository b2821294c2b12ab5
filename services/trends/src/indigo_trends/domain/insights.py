"""Rule-based market insights from the daily trend rows: price movers, rising brands, volume spikes.

Each rule reads the cross-platform rows (``platform = 'all'``) of brands and lots and returns plain
JSON-ready dicts, best first, so the same rows always give the same insights.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

TOP = 5
MIN_PRICE_SAMPLES = 5  # fewer priced listings make a median too noisy to call a move
MIN_VOLUME = 5  # new listings a brand needs in the window to count as rising
SPIKE_FACTOR = 2.0  # new listings in a day against the daily average of the baseline
SPIKE_BASELINE_DAYS = 7


@dataclass(frozen=True)
class GroupDay:
    """One trend row: a brand or lot on one day, across platforms."""

    category: str
    key: str
    day: date
    listing_count: int
    new_count: int
    sample_count: int
    median_price_usd: Decimal | None


def _pct(now: Decimal | float, before: Decimal | float) -> float:
    return round(float((Decimal(str(now)) - Decimal(str(before))) / Decimal(str(before)) * 100), 1)


def price_movers(rows: list[GroupDay], day: date, window_days: int) -> list[dict]:
    """Brands and lots whose median price moved most between ``window_days`` ago and ``day``."""
    before_day = day - timedelta(days=window_days)
    now = {(r.category, r.key): r for r in rows if r.day == day}
    before = {(r.category, r.key): r for r in rows if r.day == before_day}
    movers = []
    for group, current in now.items():
        previous = before.get(group)
        if (
            previous is None
            or min(current.sample_count, previous.sample_count) < MIN_PRICE_SAMPLES
            or not current.median_price_usd
            or not previous.median_price_usd
            or current.median_price_usd == previous.median_price_usd
        ):
            continue
        movers.append(
            {
                "category": current.category,
                "key": current.key,
                "median_price_usd": float(current.median_price_usd),
                "previous_median_price_usd": float(previous.median_price_usd),
                "change_pct": _pct(current.median_price_usd, previous.median_price_usd),
                "since": before_day.isoformat(),
            }
        )
    movers.sort(key=lambda m: (-abs(m["change_pct"]), m["category"], m["key"]))
    return movers[:TOP]


def rising_brands(rows: list[GroupDay], day: date, window_days: int) -> list[dict]:
    """Brands with more new listings in the last ``window_days`` than in the window before."""
    recent: dict[str, int] = {}
    earlier: dict[str, int] = {}
    for row in rows:
        if row.category != "brand":
            continue
        age = (day - row.day).days
        if 0 <= age < window_days:
            recent[row.key] = recent.get(row.key, 0) + row.new_count
        elif window_days <= age < 2 * window_days:
            earlier[row.key] = earlier.get(row.key, 0) + row.new_count
    rising = []
    for brand, count in recent.items():
        before = earlier.get(brand, 0)
        if count < MIN_VOLUME or count <= before:
            continue
        rising.append(
            {
                "brand": brand,
                "new_listings": count,
                "previous_new_listings": before,
                "growth_pct": _pct(count, before) if before else None,
            }
        )
    rising.sort(key=lambda r: (-(r["new_listings"] - r["previous_new_listings"]), r["brand"]))
    return rising[:TOP]


def volume_spikes(rows: list[GroupDay], day: date) -> list[dict]:
    """Brands and lots with at least twice their usual daily new listings on ``day``."""
    baseline: dict[tuple[str, str], int] = {}
    for row in rows:
        if 1 <= (day - row.day).days <= SPIKE_BASELINE_DAYS:
            baseline[(row.category, row.key)] = baseline.get((row.category, row.key), 0) + (
                row.new_count
            )
    spikes = []
    for row in rows:
        if row.day != day or row.new_count < MIN_VOLUME:
            continue
        average = baseline.get((row.category, row.key), 0) / SPIKE_BASELINE_DAYS
        if row.new_count < SPIKE_FACTOR * max(average, 1.0):
            continue
        spikes.append(
            {
                "category": row.category,
                "key": row.key,
                "new_listings": row.new_count,
                "daily_average": round(average, 2),
            }
        )
    spikes.sort(key=lambda s: (-s["new_listings"] / max(s["daily_average"], 1.0), s["key"]))
    return spikes[:TOP]


def market_insights(rows: list[GroupDay], day: date, window_days: int) -> dict:
    return {
        "day": day.isoformat(),
        "window_days": window_days,
        "price_movers": price_movers(rows, day, window_days),
        "rising_brands": rising_brands(rows, day, window_days),
        "volume_spikes": volume_spikes(rows, day),
    }
