"""eBay Browse API items (``ItemSummary`` from search, ``Item`` from getItem) -> ``Listing``.

Decisions a reader needs before the code:

- **Prices** are eBay ``ConvertedAmount``s. When eBay converted the price for the marketplace
  (``convertedFromValue`` / ``convertedFromCurrency`` present), ``value``/``currency`` is the
  marketplace amount and ``convertedFrom*`` is what the seller asked. ``Listing.price`` and
  ``currency`` are the seller's own amount; ``price_usd`` is whichever side is already in USD, else
  the seller's amount (failing that, the marketplace amount) times ``fx`` (USD per unit of a
  currency), rounded to the cent; null when no rate is known. No stated price: ``price`` null.
- **Auctions** (``AUCTION`` in ``buyingOptions``) are priced at ``currentBidPrice`` when eBay gives
  it, else at ``price``.
- **buying_format** is the ``buyingOptions`` lower-cased and joined with ``+``, the auction first:
  ``fixed_price``, ``fixed_price+best_offer``, ``auction``, ``auction+fixed_price`` (an auction
  with Buy It Now), ``classified_ad``; options eBay adds later are kept at the end. Null when eBay
  lists none. Test ``"auction" in buying_format.split("+")`` rather than equality.
- **shipping_cost** is the cheapest ``shippingOptions[].shippingCost``, in the listing's currency
  (the side of the ``ConvertedAmount`` in that currency, else a cross rate through ``fx``); an
  option without a cost (``CALCULATED`` without a buyer location) or that cannot be expressed in
  the listing's currency is left out; null when none is left. A stated free shipping is 0.
- **Lenient where the item stays usable**: a date eBay did not send as ISO 8601 (or without an
  offset: eBay's are UTC), a count that is not a whole number, an unreadable shipping option are
  left empty or out; a price of 0 is no stated price (null). A price that is not a
  ``ConvertedAmount`` or not a number refuses the item, naming the field.
- **condition** is eBay's text, else the name eBay gives its ``conditionId``; **size** is the
  size aspect, else ``W32 L30`` from the waist and inseam aspects (as written when not inches).
- **Malformed items**: :func:`parse_browse_item` raises :class:`MalformedItem`.
  :func:`parse_search_response` skips such items and returns them beside the listings (as
  :class:`ItemError`), so one bad item does not lose a page. :func:`parse_response` (``indigo parse
  ebay``) logs the skipped items and raises :class:`NotAResponse` only when the body as a whole is
  not a Browse response, including a search page none of whose items is an eBay item.
"""

from __future__ import annotations

import html
import json
import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from indigo_shared.bounds import MAX_PRICE
from indigo_shared.events import Engagement, Listing
from indigo_shared.money import DEFAULT_USD_RATES
from indigo_shared.parsing import NotAResponse, ParsedPage, parse_items
from pydantic import ValidationError

from indigo_collector_ebay.domain.html_text import html_to_text

log = logging.getLogger(__name__)

_CENT = Decimal("0.01")
_BUYING_OPTIONS_ORDER = ("AUCTION", "FIXED_PRICE", "BEST_OFFER", "CLASSIFIED_AD")
# localizedAspects names are in the marketplace's language (EBAY_DE says "Marke", "Größe").
# "Size Type" (Regular, Big & Tall) is deliberately absent: it is not a size.
_BRAND_ASPECTS = ("Brand", "Marke", "Marque", "Marca", "Merk")
_SIZE_ASPECTS = (
    "Size",
    "Size (Men's)",
    "Size (Women's)",
    "Bottoms Size (Men's)",
    "Bottoms Size (Women's)",
    "Größe",
    "Taille",
    "Taglia",
    "Talla",
    "Maat",
)
# Jeans are also sized by waist and inseam aspects ("Waist Size: 32 in", "Inseam: 30 in").
_WAIST_ASPECTS = ("Waist Size", "Waist", "Bundweite", "Tour de taille")
_INSEAM_ASPECTS = ("Inseam", "Inside Leg", "Innenbeinlänge", "Longueur d'entrejambe")
_INCHES = re.compile(r"(\d{2}(?:\.\d)?)\s*(?:in\.?|inch(?:es)?|\"|”)?", re.IGNORECASE)
# eBay's names of its condition ids, for an item that gives the id without the text.
_CONDITION_NAMES = {
    "1000": "New", "1500": "New other (see details)", "1750": "New with defects",
    "2000": "Certified - Refurbished", "2010": "Excellent - Refurbished",
    "2020": "Very Good - Refurbished", "2030": "Good - Refurbished", "2500": "Seller refurbished",
    "2750": "Like New", "2990": "Pre-owned - Excellent", "3000": "Used",
    "3010": "Pre-owned - Fair", "4000": "Very Good", "5000": "Good", "6000": "Acceptable",
    "7000": "For parts or not working",
}  # fmt: skip
# Fields every Browse search response (SearchPagedCollection) carries, even one without results.
_SEARCH_PAGE_FIELDS = ("href", "limit", "offset")


class MalformedItem(ValueError):
    """An eBay item that cannot be mapped to a ``Listing``; the message says why, in one line."""


@dataclass(frozen=True)
class _Money:
    amount: Decimal
    currency: str | None


def parse_browse_item(
    item: dict, *, fx: Mapping[str, Decimal] | None = None, common_description: str | None = None
) -> Listing:
    """Map one ``ItemSummary`` or ``Item`` to a ``Listing``; ``item`` becomes its ``raw_data``.
    ``common_description`` is its item group's description, used when it has none of its own.

    Raises :class:`MalformedItem` when the item lacks an ``itemId`` or ``title`` or states a field
    in a shape eBay does not use (a price that is not a number, an unknown currency code, ...).
    """
    item_id = _required_text(item, "itemId")
    # Titles are plain text, but some sellers' tools store them HTML-escaped (``Levi&#39;s``).
    title = html.unescape(_required_text(item, "title"))
    options = [option for option in _list(item.get("buyingOptions")) if isinstance(option, str)]
    price_field = "price"
    if "AUCTION" in options and item.get("currentBidPrice") is not None:
        price_field = "currentBidPrice"
    priced_at = item.get(price_field)
    if priced_at is not None and not isinstance(priced_at, dict):
        # A bare number has no currency: taking it for dollars could be a yen or peso price.
        raise MalformedItem(
            f"item {item_id}: {price_field}: {priced_at!r} is not a ConvertedAmount object"
        )
    try:
        seller_amount, marketplace_amount = _converted_amount(priced_at, price_field)
    except MalformedItem as exc:
        raise MalformedItem(f"item {item_id}: {exc}") from None
    if seller_amount is not None and seller_amount.amount == 0:
        # A listing with no stated price has price null, never 0 (DESIGN): 0 is a placeholder.
        seller_amount = marketplace_amount = None
    currency = seller_amount.currency if seller_amount else None
    aspects = _aspects(item)
    try:
        listing = Listing(
            platform="ebay",
            external_id=item_id,
            url=_text(item.get("itemWebUrl")),
            title=title,
            description=_description(item) or _description({"description": common_description}),
            price=seller_amount.amount if seller_amount else None,
            currency=currency,
            price_usd=_usd_amount(seller_amount, marketplace_amount, fx),
            shipping_cost=_shipping_cost(item, currency, fx),
            condition=_text(item.get("condition")) or _condition_name(item.get("conditionId")),
            brand=_text(item.get("brand")) or _first_aspect(aspects, _BRAND_ASPECTS),
            size=_text(item.get("size"))
            or _first_aspect(aspects, _SIZE_ASPECTS)
            or _waist_and_inseam(aspects),
            image_urls=_image_urls(item),
            seller_username=_text(_object(item.get("seller")).get("username")),
            location=_text(_object(item.get("itemLocation")).get("country")),
            listed_at=_date(item.get("itemCreationDate")),
            ends_at=_date(item.get("itemEndDate")),
            buying_format=_buying_format(options),
            engagement=Engagement(
                watchers=_count(item.get("watchCount")), bids=_count(item.get("bidCount"))
            ),
            raw_data=item,
        )
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(part) for part in first["loc"])
        raise MalformedItem(f"item {item_id}: {field}: {first['msg']}") from exc
    return listing.with_content_hash()


def parse_search_response(body: dict, *, fx: Mapping[str, Decimal] | None = None) -> ParsedPage:
    """The listings of one search page (``SearchPagedCollection``), and the items that were skipped.

    A page without ``itemSummaries`` has no results. Raises :class:`NotAResponse` only when
    ``itemSummaries`` is not a list.
    """
    items = body.get("itemSummaries")
    if items is None:  # absent (or null) on a page without results
        items = []
    if not isinstance(items, list):
        raise NotAResponse("itemSummaries is not a list: not an eBay Browse search response")
    return _parse_items(items, fx, {})


def _parse_items(
    items: list, fx: Mapping[str, Decimal] | None, descriptions: dict[str, str]
) -> ParsedPage:
    def parse(item: dict) -> Listing:
        common = descriptions.get(item_id) if (item_id := _item_id(item)) else None
        return parse_browse_item(item, fx=fx, common_description=common)

    return parse_items(items, parse, malformed=MalformedItem, item_id=_item_id)


def _item_id(item: dict) -> str | None:
    return item["itemId"] if isinstance(item.get("itemId"), str) else None


def parse_item_group(body: dict, *, fx: Mapping[str, Decimal] | None = None) -> ParsedPage:
    """The listings of a ``getItemsByItemGroup`` body (an item with variations: one ``Item`` per
    variation in ``items``) or a ``getItems`` one. A variation without its own description gets
    the group's ``commonDescriptions`` entry that names its itemId."""
    items = body.get("items")
    if not isinstance(items, list):
        raise NotAResponse("items is not a list: not an eBay item group")
    common: dict[str, str] = {}
    for entry in _list(body.get("commonDescriptions")):
        for item_id in _list(_object(entry).get("itemIds")):
            if isinstance(item_id, str) and _text(_object(entry).get("description")):
                common.setdefault(item_id, entry["description"])
    return _parse_items(items, fx, common)


def parse_response(text: str) -> list[Listing]:
    """``indigo parse ebay``: the listings in the JSON body of a Browse search page, a getItem or
    a getItemsByItemGroup.

    Raises :class:`NotAResponse` with a one-line reason for anything else.
    """
    try:
        body = json.loads(text)
    except ValueError as exc:
        raise NotAResponse(f"not JSON ({exc})") from None
    if not isinstance(body, dict):
        raise NotAResponse(f"a JSON {type(body).__name__}, not an eBay Browse response object")
    if "itemSummaries" in body or all(field in body for field in _SEARCH_PAGE_FIELDS):
        return _search_page_listings(body)
    if isinstance(body.get("items"), list):
        page = parse_item_group(body, fx=DEFAULT_USD_RATES)
        return page.listings_or_refusal("items", "an eBay item", log)
    if "itemId" in body:
        try:
            return [parse_browse_item(body, fx=DEFAULT_USD_RATES)]
        except MalformedItem as exc:
            raise NotAResponse(f"not an eBay item: {exc}") from None
    if isinstance(body.get("errors"), list):
        raise NotAResponse(f"an eBay error response: {_error_message(body['errors'])}")
    raise NotAResponse(
        "a JSON object with neither itemSummaries nor itemId: "
        "not an eBay Browse search page or item"
    )


def _search_page_listings(body: dict) -> list[Listing]:
    page = parse_search_response(body, fx=DEFAULT_USD_RATES)
    return page.listings_or_refusal("itemSummaries", "an eBay item", log)


def _error_message(errors: list) -> str:
    first = _object(errors[0]) if errors else {}
    return _text(first.get("longMessage")) or _text(first.get("message")) or "no message"


def _converted_amount(value: Any, field: str) -> tuple[_Money | None, _Money | None]:
    """(the seller's amount, the marketplace amount) of a ``ConvertedAmount``: the same amount
    twice when eBay did not convert it."""
    amount = _object(value)
    marketplace = _money(amount.get("value"), amount.get("currency"), field)
    seller = _money(amount.get("convertedFromValue"), amount.get("convertedFromCurrency"), field)
    if seller is not None and seller.currency is None:
        seller = None  # an amount without its currency cannot stand for the seller's price
    return seller or marketplace, marketplace


def _money(value: Any, currency: Any, field: str) -> _Money | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise MalformedItem(f"{field}: amount {value!r} is not a number")
    try:
        amount = Decimal(str(value).strip())
    except InvalidOperation:
        raise MalformedItem(f"{field}: amount {value!r} is not a number") from None
    if not amount.is_finite():
        raise MalformedItem(f"{field}: amount {value!r} is not a number")
    if not 0 <= amount <= MAX_PRICE:
        # Refused here, before any conversion: 1e30 overflows the decimal context in the FX maths.
        raise MalformedItem(f"{field}: amount {value!r} is out of range (0 to {MAX_PRICE})")
    return _Money(amount, currency.upper() if isinstance(currency, str) else None)


def _usd_amount(
    seller: _Money | None, marketplace: _Money | None, fx: Mapping[str, Decimal] | None
) -> Decimal | None:
    sides = [money for money in (seller, marketplace) if money is not None]
    for money in sides:
        if money.currency == "USD":
            return money.amount
    for money in sides:
        if fx and money.currency in fx:
            return (money.amount * fx[money.currency]).quantize(_CENT, rounding=ROUND_HALF_UP)
    return None


def _shipping_cost(
    item: dict, currency: str | None, fx: Mapping[str, Decimal] | None
) -> Decimal | None:
    costs = []
    for option in _list(item.get("shippingOptions")):
        try:
            amounts = _converted_amount(_object(option).get("shippingCost"), "shippingCost")
        except MalformedItem:  # one unreadable shipping option does not make the item unusable
            continue
        sides = [money for money in amounts if money is not None]
        if sides and (cost := _in_currency(sides, currency, fx)) is not None:
            costs.append(cost)
    return min(costs, default=None)


def _in_currency(
    sides: list[_Money], currency: str | None, fx: Mapping[str, Decimal] | None
) -> Decimal | None:
    """The amount whose ``sides`` are given, in ``currency`` (any side when that is unknown)."""
    for money in sides:
        if currency is None or money.currency == currency or money.amount == 0:
            return money.amount
    for money in sides:
        if fx and money.currency in fx and currency in fx:
            return (money.amount * fx[money.currency] / fx[currency]).quantize(
                _CENT, rounding=ROUND_HALF_UP
            )
    return None


def _buying_format(options: list[str]) -> str | None:
    known = [option for option in _BUYING_OPTIONS_ORDER if option in options]
    later = [option for option in options if option not in _BUYING_OPTIONS_ORDER]
    return "+".join(option.lower() for option in dict.fromkeys(known + later)) or None


def _description(item: dict) -> str | None:
    """The seller's full description (getItem), else eBay's short one; as text, never HTML."""
    for field in ("description", "shortDescription"):
        if (html := _text(item.get(field))) and (text := html_to_text(html)):
            return text
    return None


def _image_urls(item: dict) -> list[str]:
    images = [item.get("image"), *_list(item.get("additionalImages"))]
    urls = [_text(_object(image).get("imageUrl")) for image in images]
    if not any(urls):
        # Thumbnails are smaller copies of the same pictures: only worth keeping when alone.
        thumbnails = _list(item.get("thumbnailImages"))
        urls = [_text(_object(image).get("imageUrl")) for image in thumbnails]
    return list(dict.fromkeys(url for url in urls if url))


def _aspects(item: dict) -> dict[str, str]:
    """getItem's ``localizedAspects`` by case-folded name; the first of a repeated name wins."""
    aspects: dict[str, str] = {}
    for aspect in _list(item.get("localizedAspects")):
        name, value = _object(aspect).get("name"), _object(aspect).get("value")
        if isinstance(value, list):
            value = ", ".join(str(part) for part in value)
        if isinstance(name, str) and (value := _text(value)):
            aspects.setdefault(name.strip().casefold(), value)
    return aspects


def _first_aspect(aspects: dict[str, str], names: tuple[str, ...]) -> str | None:
    return next((aspects[name.casefold()] for name in names if name.casefold() in aspects), None)


def _condition_name(condition_id: Any) -> str | None:
    """eBay's name of a ``conditionId`` (``"3000"`` is Used); None for an id it does not define."""
    if isinstance(condition_id, int) and not isinstance(condition_id, bool):
        condition_id = str(condition_id)
    return _CONDITION_NAMES.get(condition_id.strip()) if isinstance(condition_id, str) else None


def _waist_and_inseam(aspects: dict[str, str]) -> str | None:
    """``W32 L30`` from the waist and inseam aspects in inches; as written when they are not."""
    waist = _first_aspect(aspects, _WAIST_ASPECTS)
    if waist is None:
        return None  # an inseam alone is no size
    inseam = _first_aspect(aspects, _INSEAM_ASPECTS)
    waist_in = _INCHES.fullmatch(waist)
    inseam_in = _INCHES.fullmatch(inseam) if inseam else None
    if waist_in and (inseam is None or inseam_in):
        return f"W{waist_in[1]}" + (f" L{inseam_in[1]}" if inseam_in else "")
    return f"{waist} x {inseam}" if inseam else waist


def _date(value: Any) -> datetime | None:
    """An ISO 8601 timestamp (eBay's are UTC, so one without an offset is read as UTC); None when
    absent or unreadable: a date is not worth losing the item for."""
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        log.debug("unreadable eBay date %r", value)
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _count(value: Any) -> int | None:
    """A non-negative whole number (JSON integer or digits); None for anything else."""
    if isinstance(value, str) and value.strip().isdigit():
        return int(value)
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value
    return None


def _required_text(item: dict, field: str) -> str:
    """``item[field]`` exactly as given, provided it is a non-blank string."""
    value = item.get(field)
    if _text(value):
        return value
    raise MalformedItem(f"item without {field}")


def _text(value: Any) -> str | None:
    """A non-blank string, stripped; anything else is None."""
    return (value.strip() or None) if isinstance(value, str) else None


def _object(value: Any) -> dict:
    return value if isinstance(value, dict) else {}


def _list(value: Any) -> list:
    return value if isinstance(value, list) else []
