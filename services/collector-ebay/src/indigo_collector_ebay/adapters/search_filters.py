"""Search filters in the Browse API's ``filter`` syntax (``price:[10..50],priceCurrency:USD``)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from indigo_shared.sync_requests import EBAY_CONDITION_IDS, condition_ids

# The names Indigo's users filter by, shared with the API and `indigo sync`, which check requests
# against them before they are queued.
CONDITION_IDS = EBAY_CONDITION_IDS


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
        ids = condition_ids("ebay", conditions)
        return cls(min_price, max_price, ids, currency, tuple(buying_options))

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
