"""Currency conversion to USD with a configurable rate table (USD per unit of each currency)."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal

# Reference rates, late 2026; override with INDIGO_FX_RATES='{"EUR": "1.09", ...}'.
DEFAULT_USD_RATES: dict[str, Decimal] = {
    "USD": Decimal("1"),
    "EUR": Decimal("1.08"),
    "GBP": Decimal("1.27"),
    "CAD": Decimal("0.73"),
    "AUD": Decimal("0.66"),
    "JPY": Decimal("0.0067"),
    "CHF": Decimal("1.13"),
    "SEK": Decimal("0.095"),
    "DKK": Decimal("0.145"),
    "NOK": Decimal("0.093"),
    "NZD": Decimal("0.60"),
    "HKD": Decimal("0.128"),
    "MXN": Decimal("0.055"),
    "PLN": Decimal("0.25"),
}

CENT = Decimal("0.01")


def to_usd(
    amount: Decimal | None, currency: str | None, rates: Mapping[str, Decimal] = DEFAULT_USD_RATES
) -> Decimal | None:
    if amount is None or currency is None:
        return None
    rate = rates.get(currency.upper())
    if rate is None:
        return None
    return (amount * rate).quantize(CENT, rounding=ROUND_HALF_UP)
