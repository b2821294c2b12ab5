"""Currencies as marketplaces show them: fixed exchange rates, minor units, seller price points."""

from __future__ import annotations

import random
from decimal import ROUND_HALF_UP, Decimal

# Fixed rates keep the sandbox deterministic; roughly the 2024-2026 averages.
USD_PER_UNIT: dict[str, Decimal] = {
    "USD": Decimal("1"),
    "GBP": Decimal("1.27"),
    "EUR": Decimal("1.08"),
    "CAD": Decimal("0.73"),
    "AUD": Decimal("0.66"),
    "JPY": Decimal("0.0067"),
}
_DECIMAL_PLACES = {"JPY": 0}


def quantize(amount: Decimal, currency: str) -> Decimal:
    exponent = Decimal(1).scaleb(-_DECIMAL_PLACES.get(currency, 2))
    return amount.quantize(exponent, rounding=ROUND_HALF_UP)


def convert(amount: Decimal, from_currency: str, to_currency: str) -> Decimal:
    if from_currency == to_currency:
        return amount
    usd = amount * USD_PER_UNIT[from_currency]
    return quantize(usd / USD_PER_UNIT[to_currency], to_currency)


def format_amount(amount: Decimal, currency: str) -> str:
    """``"45.00"``, ``"6800"``: the string form marketplaces put in JSON."""
    return str(quantize(amount, currency))


def price_point(amount: Decimal, currency: str, rng: random.Random) -> Decimal:
    """Round an amount the way sellers price things: 44.99, 45.00, 45.95, 250.00, ¥6800."""
    if currency == "JPY":
        step = Decimal(100) if amount < 20_000 else Decimal(1000)
        return max(step, (amount / step).to_integral_value() * step)
    if amount >= 150:
        step = Decimal(10) if amount < 1000 else Decimal(50)
        return max(step, (amount / step).to_integral_value() * step)
    whole = max(Decimal(4), amount.to_integral_value())
    cents = rng.choice((Decimal("0.99"), Decimal("0.99"), Decimal("0.00"), Decimal("0.95")))
    return whole - 1 + cents if cents != Decimal("0.00") else whole
