"""``findAllListingsActive`` and ``getListingsByListingIds`` as Etsy reads their parameters.

- ``keywords``: every word must be in the listing's title or tags (case and apostrophes ignored).
- ``sort_on`` (``created``, ``price``, ``updated``, ``score``) and ``sort_order`` work only with a
  search option, as Etsy says; without one, listings come newest first. ``score`` is always
  descending.
- ``min_price`` / ``max_price`` are in the buyer's currency: the ``currency`` parameter, else USD.
- ``limit`` is 1..100 (default 25) and ``offset`` at most 12,000.
- ``listing_ids`` (batch) are at most 100 numbers, comma-separated or repeated; ``includes`` are
  Etsy's association names (``Images,Shop``), also comma-separated or repeated.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from multidict import MultiMapping

from indigo_sandbox.etsy.catalogue import TAXONOMY_IDS, LiveListing, search_words
from indigo_sandbox.etsy.errors import EtsyApiError
from indigo_sandbox.etsy.render import ASSOCIATIONS
from indigo_sandbox.money import USD_PER_UNIT, convert

DEFAULT_LIMIT = 25
MAX_LIMIT = 100
MAX_OFFSET = 12_000
MAX_BATCH = 100
SORTS = ("created", "price", "updated", "score")
ASCENDING = ("asc", "ascending", "up")
DESCENDING = ("desc", "descending", "down")


@dataclass(frozen=True)
class ActiveSearch:
    words: frozenset[str]
    sort_on: str
    descending: bool
    min_price: Decimal | None
    max_price: Decimal | None
    currency: str | None  # the buyer's, for prices and filters; None: USD, no converted_price
    taxonomy_id: int | None
    limit: int
    offset: int

    @property
    def filter_currency(self) -> str:
        return self.currency or "USD"


def parse_active_search(params: MultiMapping[str]) -> ActiveSearch:
    """Read the parameters as Etsy does; ``EtsyApiError`` is its 400 answer."""
    limit = _integer(params, "limit", DEFAULT_LIMIT)
    if not 1 <= limit <= MAX_LIMIT:
        raise EtsyApiError(400, f"limit must be between 1 and {MAX_LIMIT}, got {limit}.")
    offset = _integer(params, "offset", 0)
    if not 0 <= offset <= MAX_OFFSET:
        raise EtsyApiError(400, f"offset must be between 0 and {MAX_OFFSET}, got {offset}.")
    sort_on = params.get("sort_on", "created")
    if sort_on not in SORTS:
        raise EtsyApiError(400, f"sort_on must be one of {', '.join(SORTS)}.")
    sort_order = params.get("sort_order", "desc")
    if sort_order not in ASCENDING + DESCENDING:
        raise EtsyApiError(400, f"sort_order must be one of {', '.join(ASCENDING + DESCENDING)}.")
    min_price, max_price = _price(params, "min_price"), _price(params, "max_price")
    if min_price is not None and max_price is not None and min_price > max_price:
        raise EtsyApiError(400, "min_price must not be greater than max_price.")
    taxonomy_id = _integer(params, "taxonomy_id", None)
    return ActiveSearch(
        words=search_words(params.get("keywords", "")),
        sort_on=sort_on,
        descending=sort_on == "score" or sort_order in DESCENDING,
        min_price=min_price,
        max_price=max_price,
        currency=parse_currency(params),
        taxonomy_id=taxonomy_id,
        limit=limit,
        offset=offset,
    )


def run_active_search(listings: Sequence[LiveListing], search: ActiveSearch) -> list[LiveListing]:
    """The listings that match, in the order asked for (``listings`` come newest first)."""
    found = [live for live in listings if _matches(live, search)]
    if not search.words:
        return found  # sort_on needs a search option
    if search.sort_on == "price":
        found.sort(
            key=lambda live: convert(live.price, live.listing.currency, "USD"),
            reverse=search.descending,
        )
    elif search.sort_on == "updated":
        found.sort(key=lambda live: live.updated_at, reverse=search.descending)
    elif search.sort_on == "score":
        found.sort(key=lambda live: live.listing.score, reverse=True)
    elif not search.descending:
        found.reverse()
    return found


def parse_currency(params: MultiMapping[str]) -> str | None:
    currency = params.get("currency")
    if currency is None or currency == "":
        return None
    if currency.upper() not in USD_PER_UNIT:
        raise EtsyApiError(400, f"Invalid currency code: {currency}.")
    return currency.upper()


def parse_listing_ids(params: MultiMapping[str]) -> list[int]:
    values = _list_parameter(params, "listing_ids")
    if not values:
        raise EtsyApiError(400, "listing_ids is required.")
    ids = []
    for value in values:
        if not value.isdigit() or int(value) < 1:
            raise EtsyApiError(400, f"listing_ids must be positive integers, got '{value}'.")
        ids.append(int(value))
    if len(ids) > MAX_BATCH:
        raise EtsyApiError(400, f"listing_ids can hold at most {MAX_BATCH} ids, got {len(ids)}.")
    return list(dict.fromkeys(ids))


def parse_includes(params: MultiMapping[str]) -> frozenset[str]:
    by_name = {name.lower(): name for name in ASSOCIATIONS}
    includes = set()
    for value in _list_parameter(params, "includes"):
        if value.lower() not in by_name:
            raise EtsyApiError(
                400, f"includes must be among {', '.join(ASSOCIATIONS)}, got '{value}'."
            )
        includes.add(by_name[value.lower()])
    return frozenset(includes)


def _matches(live: LiveListing, search: ActiveSearch) -> bool:
    if not search.words <= live.listing.search_words:
        return False
    department = live.listing.jeans.department
    if search.taxonomy_id is not None and TAXONOMY_IDS[department] != search.taxonomy_id:
        return False
    if search.min_price is not None or search.max_price is not None:
        price = convert(live.price, live.listing.currency, search.filter_currency)
        if search.min_price is not None and price < search.min_price:
            return False
        if search.max_price is not None and price > search.max_price:
            return False
    return True


def _list_parameter(params: MultiMapping[str], name: str) -> list[str]:
    """``a=1,2&a=3`` -> ``["1", "2", "3"]``; ``a[]=1`` counts too."""
    values = params.getall(name, []) + params.getall(f"{name}[]", [])
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


def _integer(params: MultiMapping[str], name: str, default: int | None) -> int | None:
    value = params.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise EtsyApiError(400, f"{name} must be an integer, got '{value}'.") from None


def _price(params: MultiMapping[str], name: str) -> Decimal | None:
    value = params.get(name)
    if value is None or value == "":
        return None
    try:
        price = Decimal(value)
    except InvalidOperation:
        raise EtsyApiError(400, f"{name} must be a number, got '{value}'.") from None
    if not price.is_finite() or price < 0:
        raise EtsyApiError(400, f"{name} must be a non-negative number, got '{value}'.")
    return price
