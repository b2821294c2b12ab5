"""``item_summary/search`` as eBay reads its parameters (``q``, ``category_ids``, ``filter``,
``sort``, ``limit``, ``offset``) and answers them.

As eBay does: keywords separated by spaces must all be in the title, ``(a, b)`` wants either; only
listings that can be bought now (``FIXED_PRICE``) are returned unless the ``buyingOptions`` filter
asks for auctions; a ``price`` filter needs a ``priceCurrency`` filter, or it is ignored with a
warning; sorting by price sorts by price plus shipping.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from indigo_sandbox.ebay.catalogue import CATEGORIES, LiveListing, title_words
from indigo_sandbox.ebay.errors import EbayApiError, ebay_error
from indigo_sandbox.money import convert

DEFAULT_LIMIT = 50
MAX_LIMIT = 200
MAX_RESULTS = 10_000  # eBay returns no result past the 10,000th
SORTS = ("price", "-price", "newlyListed", "endingSoonest")
BUYING_OPTIONS = ("FIXED_PRICE", "AUCTION", "BEST_OFFER", "CLASSIFIED_AD")
# The `conditions` filter's groups of condition IDs; UNSPECIFIED: listings that give none.
CONDITION_GROUPS: dict[str, frozenset[str | None]] = {
    "NEW": frozenset({"1000", "1500", "1750"}),
    "USED": frozenset({"2990", "3000", "3010"}),
    "UNSPECIFIED": frozenset({None}),
}
PRICE_WARNING = ebay_error(
    12012,
    "A valid 'price' filter and a valid 'priceCurrency' filter is necessary to filter based on "
    "price.",
)
# One `name:value` of the comma-separated filter list; values in [] or {} can hold anything but
# their closing bracket.
_FILTER = re.compile(r"\s*(\w+)\s*:\s*(\[[^\]]*\]|\{[^}]*\}|[^,\[\]{}]*?)\s*(?:,|$)")


@dataclass(frozen=True)
class SearchRequest:
    # A listing matches when its title holds every word of one group.
    keyword_groups: tuple[frozenset[str], ...]
    category_ids: frozenset[str]
    price_range: tuple[Decimal | None, Decimal | None] | None  # in the buyer's currency
    condition_sets: tuple[frozenset[str | None], ...]  # the listing's conditionId is in each
    buying_options: frozenset[str]
    sort: str | None  # None: Best Match
    limit: int
    offset: int
    warnings: tuple[dict[str, Any], ...]


def parse_search(params: Mapping[str, str], *, currency: str) -> SearchRequest:
    """Read the search parameters as eBay does; ``EbayApiError`` is eBay's 400 answer."""
    keywords = params.get("q", "").strip()
    category_ids = frozenset(
        filter(None, map(str.strip, params.get("category_ids", "").split(",")))
    )
    if not keywords and not category_ids:
        raise EbayApiError(
            400,
            12001,
            "The call must have a valid 'q', 'category_ids', 'epid' or 'gtin' query parameter.",
        )
    limit, offset = _paging(params)
    filters = _parse_filters(params.get("filter", ""))
    price_range, warnings = _price_range(filters, currency)
    return SearchRequest(
        keyword_groups=_keyword_groups(keywords),
        category_ids=category_ids,
        price_range=price_range,
        condition_sets=_condition_sets(filters),
        buying_options=frozenset(
            _set_values(filters, "buyingOptions", "|".join(BUYING_OPTIONS))
            if "buyingOptions" in filters
            else ["FIXED_PRICE"]
        ),
        sort=_sort(params),
        limit=limit,
        offset=offset,
        warnings=tuple(warnings),
    )


def run_search(
    listings: Sequence[LiveListing], request: SearchRequest, *, currency: str
) -> list[LiveListing]:
    """The listings that match, in the order asked for (``listings`` come in Best Match order)."""
    found = [live for live in listings if _matches(live, request, currency)]
    if request.sort in ("price", "-price"):
        found.sort(key=lambda live: _total_cost(live, currency), reverse=request.sort == "-price")
    elif request.sort == "newlyListed":
        found.sort(key=lambda live: live.listing.starts_at, reverse=True)
    elif request.sort == "endingSoonest":
        # Auctions end at a known time; Buy It Now listings run until sold, so they come last.
        auctions = sorted(
            (live for live in found if live.listing.auction), key=lambda live: live.listing.ends_at
        )
        found = auctions + [live for live in found if not live.listing.auction]
    return found


def _matches(live: LiveListing, request: SearchRequest, currency: str) -> bool:
    listing = live.listing
    if request.keyword_groups and not any(
        group <= listing.title_words for group in request.keyword_groups
    ):
        return False
    if request.category_ids and request.category_ids.isdisjoint(
        category_id for category_id, _ in CATEGORIES[listing.jeans.department]
    ):
        return False
    if not request.buying_options.intersection(live.buying_options):
        return False
    condition_id = listing.condition[0] if listing.condition else None
    if any(condition_id not in allowed for allowed in request.condition_sets):
        return False
    if request.price_range:
        low, high = request.price_range
        price = convert(live.price, listing.currency, currency)
        if (low is not None and price < low) or (high is not None and price > high):
            return False
    return True


def _total_cost(live: LiveListing, currency: str) -> Decimal:
    shipping = live.listing.shipping_cost or Decimal(0)  # calculated shipping: unknown here
    return convert(live.price + shipping, live.listing.currency, currency)


def _paging(params: Mapping[str, str]) -> tuple[int, int]:
    limit = _integer(
        params, "limit", DEFAULT_LIMIT, 12007, "The 'limit' value must be an integer value."
    )
    if not 1 <= limit <= MAX_LIMIT:
        raise EbayApiError(
            400,
            12006,
            "The 'limit' value should be between 1 and 200 (inclusive).",
            parameters={"limit": str(limit)},
        )
    offset = _integer(params, "offset", 0, 12005, "The 'offset' value must be an integer.")
    if offset < 0:
        raise EbayApiError(400, 12004, "The 'offset' value cannot be negative.")
    if offset >= MAX_RESULTS:
        raise EbayApiError(
            400,
            12029,
            "The maximum number of listings that can be retrieved is 10,000, so your "
            "offset value must be less than 10,000. If 10,000 or more listings are matching your "
            "search criteria, consider narrowing the scope of your search.",
        )
    if offset % limit:
        raise EbayApiError(
            400,
            12515,
            "The 'offset' value must be either zero or a multiple of the 'limit' value.",
            parameters={"offset": str(offset), "limit": str(limit)},
        )
    return limit, offset


def _sort(params: Mapping[str, str]) -> str | None:
    sort = params.get("sort") or None
    if sort is not None and sort not in SORTS:
        raise EbayApiError(
            400,
            12008,
            "The 'sort' value is invalid. For the valid values, refer to the API call "
            "documentation.",
            parameters={"sort": sort},
        )
    return sort


def _condition_sets(filters: Mapping[str, str]) -> tuple[frozenset[str | None], ...]:
    condition_sets = []
    if "conditionIds" in filters:
        condition_sets.append(frozenset(_set_values(filters, "conditionIds", r"\d+")))
    if "conditions" in filters:
        groups = _set_values(filters, "conditions", "|".join(CONDITION_GROUPS))
        condition_sets.append(frozenset().union(*(CONDITION_GROUPS[g] for g in groups)))
    return tuple(condition_sets)


def _keyword_groups(keywords: str) -> tuple[frozenset[str], ...]:
    if keywords.startswith("(") and keywords.endswith(")"):
        alternatives: Iterable[str] = keywords[1:-1].split(",")
    else:
        alternatives = [keywords]
    groups = (title_words(alternative) for alternative in alternatives)
    return tuple(group for group in groups if group)


def _integer(
    params: Mapping[str, str], name: str, default: int, error_id: int, message: str
) -> int:
    value = params.get(name)
    if value is None:
        return default
    try:
        return int(value)
    except ValueError:
        raise EbayApiError(400, error_id, message, parameters={name: value}) from None


def _parse_filters(text: str) -> dict[str, str]:
    filters: dict[str, str] = {}
    position = 0
    while position < len(text):
        match = _FILTER.match(text, position)
        if match is None or match.end() == position:
            raise _invalid_filter("filter", text)
        name, value = match.groups()
        if name not in ("price", "priceCurrency", "conditionIds", "conditions", "buyingOptions"):
            raise _invalid_filter(name, text)
        filters[name] = value
        position = match.end()
    return filters


def _invalid_filter(name: str, text: str) -> EbayApiError:
    return EbayApiError(
        400,
        12002,
        f"The {name} value is invalid. For the valid values, refer to the API call documentation.",
        parameters={"filterName": name, "filter": text},
    )


def _set_values(filters: Mapping[str, str], name: str, value_pattern: str) -> list[str]:
    """``{a|b}`` -> ``["a", "b"]``, each matching ``value_pattern``."""
    match = re.fullmatch(rf"\{{((?:{value_pattern})(?:\|(?:{value_pattern}))*)\}}", filters[name])
    if match is None:
        raise _invalid_filter(name, filters[name])
    return match[1].split("|")


def _price_range(
    filters: Mapping[str, str], currency: str
) -> tuple[tuple[Decimal | None, Decimal | None] | None, list[dict[str, Any]]]:
    """``[10..50]``, ``[10]`` (10 or more), ``[..50]``; eBay ignores it, with a warning, unless a
    ``priceCurrency`` in the buyer's currency comes with it."""
    if "price" not in filters:
        return None, []
    match = re.fullmatch(r"\[\s*([\d.]*?)\s*(?:\.\.\s*([\d.]*)\s*)?\]", filters["price"])
    if match is None or not any(match.groups()):
        raise _invalid_filter("price", filters["price"])
    try:
        low, high = (Decimal(bound) if bound else None for bound in match.groups())
    except InvalidOperation:  # "[1.2.3]"
        raise _invalid_filter("price", filters["price"]) from None
    if filters.get("priceCurrency") != currency:
        return None, [PRICE_WARNING]
    return (low, high), []
