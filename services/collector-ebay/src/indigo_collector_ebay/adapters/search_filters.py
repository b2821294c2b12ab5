"""Search filters in the Browse API's ``filter`` syntax (``price:[10..50],priceCurrency:USD``)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

# eBay condition ids (https://developer.ebay.com/api-docs/sell/static/metadata/condition-id-values.html)
# under the names Indigo's users filter by. Clothing uses 1000/1500/1750 for new with tags, without
# tags, with defects, and 2990/3000/3010 for pre-owned excellent/good/fair; 2750 and 4000-6000
# are the pre-owned grades of other categories, kept so "used" means used everywhere.
CONDITION_IDS: dict[str, tuple[str, ...]] = {
    "new": ("1000", "1500", "1750"),
    "new_with_tags": ("1000",),
    "new_without_tags": ("1500",),
    "new_with_defects": ("1750",),
    "refurbished": ("2000", "2010", "2020", "2030", "2500"),
    "used": ("2750", "2990", "3000", "3010", "4000", "5000", "6000"),
    "pre_owned_excellent": ("2990",),
    "pre_owned_good": ("3000",),
    "pre_owned_fair": ("3010",),
    "for_parts": ("7000",),
}


@dataclass(frozen=True)
class SearchFilters:
    """A price range (in ``currency``), eBay condition ids and buying options; empty parts filter
    nothing."""

    min_price: Decimal | None = None
    max_price: Decimal | None = None
    condition_ids: tuple[str, ...] = ()
    currency: str = "USD"
    # eBay's search shows only Buy It Now listings unless ``buyingOptions`` asks for more.
    buying_options: tuple[str, ...] = ()

    @classmethod
    def from_request(
        cls,
        *,
        min_price: Decimal | None = None,
        max_price: Decimal | None = None,
        conditions: Iterable[str] = (),
        currency: str = "USD",
        buying_options: Iterable[str] = (),
    ) -> SearchFilters:
        """Filters from a sync request: ``conditions`` are names of :data:`CONDITION_IDS` or eBay
        condition ids themselves. An unknown name raises ``ValueError``, rather than searching
        without the filter the user asked for."""
        ids: list[str] = []
        for condition in conditions:
            name = condition.strip().lower().replace("-", "_").replace(" ", "_")
            if name.isdigit():
                ids.append(name)
            elif name in CONDITION_IDS:
                ids.extend(CONDITION_IDS[name])
            else:
                raise ValueError(
                    f"unknown eBay condition {condition!r}; one of: "
                    f"{', '.join(CONDITION_IDS)} or a numeric condition id"
                )
        return cls(min_price, max_price, tuple(dict.fromkeys(ids)), currency, tuple(buying_options))

    def to_param(self) -> str | None:
        """The ``filter`` query parameter, or None when nothing is filtered."""
        parts = []
        if self.min_price is not None or self.max_price is not None:
            low = "" if self.min_price is None else format(self.min_price, "f")
            high = "" if self.max_price is None else format(self.max_price, "f")
            parts += [f"price:[{low}..{high}]", f"priceCurrency:{self.currency}"]
        if self.condition_ids:
            parts.append(f"conditionIds:{{{'|'.join(self.condition_ids)}}}")
        if self.buying_options:
            parts.append(f"buyingOptions:{{{'|'.join(self.buying_options)}}}")
        return ",".join(parts) or None
