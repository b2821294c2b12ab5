"""Etsy Open API v3 listings (``ShopListing``, ``ShopListingWithAssociations``) -> ``Listing``.

Decisions a reader needs before the code:

- **Price** is Etsy's ``Money``: ``amount / divisor`` in ``currency_code`` (``{"amount": 4500,
  "divisor": 100}`` is 45.00; JPY has divisor 1). A listing without a price, or with an amount of 0
  (Etsy's prices are positive; 0 is a placeholder, not a price), has ``price`` null, never 0.
  ``price_usd`` is ``converted_price`` when Etsy converted to USD, else the price through the
  ``fx`` table (:func:`indigo_shared.money.to_usd`), null when the currency has no rate.
- **Text**: Etsy returns titles and descriptions HTML-escaped (``Levi&#39;s``, ``32&quot;``,
  ``&amp;``); they are unescaped once. A description is plain text, not HTML.
- **Associations**: images (by ``rank``, full size), the shop's name as ``seller_username`` and
  its country as ``location`` come from ``images`` / ``shop`` when the listing carries them
  (``includes=Images,Shop``), the location else from the shipping profile's origin country
  (``includes=Shipping``); else they stay empty.
- **Dates** are epoch seconds: ``listed_at`` is ``created_timestamp`` (the current listing,
  renewed or not), ``ends_at`` is ``ending_timestamp`` (when it expires unless renewed). A
  fractional second is dropped, a value too large for seconds is read as milliseconds, ISO 8601
  text is read as such; 0, a negative or an unreadable value leaves the date null (a listing is
  not lost for its date).
- ``num_favorers`` is the engagement (``favorites``); Etsy's fixed prices are ``fixed_price``,
  a listing whose ``state`` is ``sold_out`` is ``sold`` (as on Reddit).
  Condition, brand and size are not Etsy fields: the enricher reads them from the text.
- ``raw_data`` is the item as received, so ``when_made`` (any value, including rolling buckets
  Etsy renames every January), ``tags``, ``materials``, ``who_made`` and the rest stay available.
- **Malformed items**: :func:`parse_listing` raises :class:`MalformedListing`;
  :func:`parse_listings` skips such items and returns them beside the listings, so one bad item
  does not lose a page. :func:`parse_response` (``indigo parse etsy``) raises
  :class:`NotAResponse` only when the body as a whole is not an Etsy listings response or listing.
"""

from __future__ import annotations

import html
import json
import logging
from collections.abc import Mapping
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from indigo_shared.bounds import MAX_PRICE
from indigo_shared.events import Engagement, Listing
from indigo_shared.money import DEFAULT_USD_RATES, to_usd
from indigo_shared.parsing import NotAResponse, ParsedPage, parse_items
from pydantic import ValidationError

log = logging.getLogger(__name__)

# Etsy sells at fixed prices only (no auctions, no offers through the listing).
BUYING_FORMAT = "fixed_price"
SOLD = "sold"
# Epoch seconds beyond this (the year 5138) can only be milliseconds.
_MAX_EPOCH_SECONDS = 10**11
IMAGE_SIZES = ("url_fullxfull", "url_570xN", "url_170x135", "url_75x75")


class MalformedListing(ValueError):
    """An Etsy item that cannot be mapped to a ``Listing``; the message says why, in one line."""


def parse_listing(item: dict, *, fx: Mapping[str, Decimal] = DEFAULT_USD_RATES) -> Listing:
    """Map one ``ShopListing`` or ``ShopListingWithAssociations`` to a ``Listing``; ``item``
    becomes its ``raw_data``.

    Raises :class:`MalformedListing` when the item lacks a ``listing_id`` or ``title`` or states a
    field in a shape Etsy does not use (a price without a divisor, a timestamp that is text, ...).
    """
    listing_id = _listing_id(item)
    if listing_id is None:
        raise MalformedListing("item without a listing_id")
    title = _unescaped(item.get("title"))
    if title is None:
        raise MalformedListing(f"listing {listing_id}: no title")
    price, currency = _money(item.get("price"), f"listing {listing_id}: price")
    shop = _object(item.get("shop"))
    try:
        listing = Listing(
            platform="etsy",
            external_id=str(listing_id),
            url=_text(item.get("url")),
            title=title,
            description=_unescaped(item.get("description")),
            price=price,
            currency=currency,
            price_usd=_usd(price, currency, item.get("converted_price"), fx, listing_id),
            image_urls=_image_urls(item.get("images")),
            seller_username=_text(shop.get("shop_name")),
            location=_text(shop.get("shop_location_country_iso"))
            or _text(shop.get("shipping_from_country_iso"))
            or _text(_object(item.get("shipping_profile")).get("origin_country_iso")),
            listed_at=_timestamp(item, ("created_timestamp", "creation_timestamp"), listing_id),
            ends_at=_timestamp(item, ("ending_timestamp",), listing_id),
            buying_format=SOLD if item.get("state") == "sold_out" else BUYING_FORMAT,
            engagement=Engagement(favorites=_count(item.get("num_favorers"))),
            raw_data=item,
        )
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(part) for part in first["loc"])
        raise MalformedListing(f"listing {listing_id}: {field}: {first['msg']}") from exc
    return listing.with_content_hash()


def parse_listings(items: list, *, fx: Mapping[str, Decimal] = DEFAULT_USD_RATES) -> ParsedPage:
    """The listings among ``items`` (a response's ``results``), and the items that were skipped."""
    return parse_items(
        items,
        lambda item: parse_listing(item, fx=fx),
        malformed=MalformedListing,
        item_id=_listing_id,
    )


def parse_response(text: str) -> list[Listing]:
    """``indigo parse etsy``: the listings in the JSON body of an Etsy listings response
    (``ShopListings`` or ``ShopListingsWithAssociations``) or of one listing.

    Raises :class:`NotAResponse` with a one-line reason for anything else.
    """
    try:
        body = json.loads(text)
    except ValueError as exc:
        raise NotAResponse(f"not JSON ({exc})") from None
    if not isinstance(body, dict):
        raise NotAResponse(f"a JSON {type(body).__name__}, not an Etsy response object")
    if "results" in body:
        # ``results: null`` beside ``count: 0`` is an empty page, not another kind of body.
        return _results_listings(body["results"] if body["results"] is not None else [])
    if "listing_id" in body:
        try:
            return [parse_listing(body)]
        except MalformedListing as exc:
            raise NotAResponse(f"not an Etsy listing: {exc}") from None
    if isinstance(body.get("error"), str):
        raise NotAResponse(f"an Etsy error response: {body['error']}")
    raise NotAResponse(
        "a JSON object with neither results nor listing_id: "
        "not an Etsy listings response or listing"
    )


def _results_listings(results: Any) -> list[Listing]:
    if not isinstance(results, list):
        raise NotAResponse("results is not a list: not an Etsy listings response")
    return parse_listings(results).listings_or_refusal("results", "an Etsy listing", log)


def _money(value: Any, what: str) -> tuple[Decimal | None, str | None]:
    """(amount / divisor, currency code) of an Etsy ``Money``; (None, None) when there is none."""
    if value is None:
        return None, None
    if not isinstance(value, dict):
        raise MalformedListing(f"{what}: {value!r} is not a Money object")
    amount, divisor = _integer(value.get("amount")), _integer(value.get("divisor"))
    if amount is None or amount < 0:
        raise MalformedListing(f"{what}: amount {value.get('amount')!r} is not a whole number")
    if divisor is None or divisor <= 0:
        raise MalformedListing(f"{what}: divisor {value.get('divisor')!r} is not a positive number")
    currency = value.get("currency_code")
    if not isinstance(currency, str) or not currency.strip():
        raise MalformedListing(f"{what}: no currency_code")
    if amount == 0:
        return None, None
    places = len(str(divisor)) - 1
    if divisor == 10**places:  # 100 -> two decimal places, kept: 4500 -> 45.00
        price = Decimal(amount).scaleb(-places)
    else:
        price = Decimal(amount) / Decimal(divisor)
    if price > MAX_PRICE:
        # Refused here, before any conversion: a huge amount overflows the decimal context in to_usd.
        raise MalformedListing(f"{what}: {price} is out of range (at most {MAX_PRICE})")
    return price, currency.strip().upper()


def _usd(
    price: Decimal | None,
    currency: str | None,
    converted: Any,
    fx: Mapping[str, Decimal],
    listing_id: int,
) -> Decimal | None:
    if price is None:
        return None
    if isinstance(converted, dict):
        try:
            amount, converted_currency = _money(converted, f"listing {listing_id}")
        except MalformedListing:  # only a convenience beside the price: fall back to our rates
            amount, converted_currency = None, None
        if converted_currency == "USD" and amount is not None:
            return amount
    return to_usd(price, currency, fx)


def _image_urls(images: Any) -> list[str]:
    ranked = sorted(
        (image for image in _list(images) if isinstance(image, dict)),
        key=lambda image: rank if isinstance(rank := image.get("rank"), int) else 1_000_000,
    )
    urls = []
    for image in ranked:
        url = next((_text(image.get(size)) for size in IMAGE_SIZES if _text(image.get(size))), None)
        if url:
            urls.append(url)
    return list(dict.fromkeys(urls))


def _timestamp(item: dict, fields: tuple[str, ...], listing_id: int) -> datetime | None:
    """The first of ``fields`` present, as epoch seconds -> an aware UTC datetime (module doc)."""
    for field in fields:
        value = item.get(field)
        if value is None:
            continue
        if (when := _epoch(value)) is not None:
            return when
        log.debug("listing %s: %s %r is not a date; left empty", listing_id, field, value)
        return None
    return None


def _epoch(value: Any) -> datetime | None:
    if isinstance(value, str) and not value.strip().lstrip("-").isdigit():
        try:
            parsed = datetime.fromisoformat(value.strip())
        except ValueError:
            return None
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    if isinstance(value, float) and value == value:  # not NaN
        value = int(value)
    seconds = _integer(value)
    if seconds is None or seconds <= 0:
        return None
    if seconds >= _MAX_EPOCH_SECONDS:
        seconds //= 1000
    try:
        return datetime.fromtimestamp(seconds, UTC)
    except (OverflowError, OSError, ValueError):  # beyond the years a datetime can hold
        return None


def _listing_id(item: dict) -> int | None:
    value = _integer(item.get("listing_id"))
    return value if value is not None and value > 0 else None


def _integer(value: Any) -> int | None:
    """A whole number given as a JSON integer (or digits); None for anything else."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value.strip())
    return None


def _count(value: Any) -> int | None:
    count = _integer(value)
    return count if count is not None and count >= 0 else None


def _unescaped(value: Any) -> str | None:
    """Etsy's HTML-escaped text, unescaped and stripped; None when blank or not text."""
    return (html.unescape(value).strip() or None) if isinstance(value, str) else None


def _text(value: Any) -> str | None:
    """A non-blank string, stripped; anything else is None."""
    return (value.strip() or None) if isinstance(value, str) else None


def _object(value: Any) -> dict:
    return value if isinstance(value, dict) else {}


def _list(value: Any) -> list:
    return value if isinstance(value, list) else []
