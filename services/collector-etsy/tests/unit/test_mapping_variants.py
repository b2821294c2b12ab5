"""Etsy Open API v3 listings as real responses may send them: the spec's optional and nullable
fields missing or null, Money in every currency and divisor, timestamps in other forms, HTML
entities (test_mapping.py), listings sold out or with variations. The expectation is what a user would
want: the listing with the field empty, a rejection naming the field when the item is unusable,
never a silently wrong value (a price read in the wrong unit)."""

from __future__ import annotations

import copy
import json
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from indigo_collector_etsy.domain.mapping import MalformedListing, parse_listing, parse_response

CREATED = 1_795_000_000
CREATED_AT = datetime.fromtimestamp(CREATED, UTC)
MISSING = object()
# A ShopListingWithAssociations with the fields the spec defines and the mapping reads.
BASE = {"listing_id": 1_700_000_001, "title": "Vintage Levi's 505 W33 L30", "state": "active",
        "description": "Orange tab, 1970s.", "url": "https://www.etsy.com/listing/1700000001/x",
        "price": {"amount": 6500, "divisor": 100, "currency_code": "USD"}, "num_favorers": 9,
        "created_timestamp": CREATED, "ending_timestamp": CREATED + 86_400 * 120,
        "images": [{"rank": 1, "url_fullxfull": "https://i.etsystatic.com/1/il_fullxfull.jpg"}],
        "shop": {"shop_name": "RiverDenim", "shop_location_country_iso": "US"}}  # fmt: skip


def variant(**fields) -> dict:
    """BASE with ``fields`` set, those given as MISSING left out."""
    item = {**copy.deepcopy(BASE), **fields}
    return {name: value for name, value in item.items() if value is not MISSING}


@pytest.mark.parametrize(
    ("fields", "empty"),
    [
        ({"description": None}, "description"),
        ({"description": MISSING}, "description"),
        ({"url": None}, "url"),
        ({"images": MISSING}, "image_urls"),
        ({"images": None}, "image_urls"),
        ({"images": [{"rank": 1, "url_fullxfull": None}]}, "image_urls"),
        ({"shop": MISSING}, "seller_username"),
        ({"shop": None}, "seller_username"),
        ({"shop": {"shop_name": None, "shop_location_country_iso": None}}, "location"),
        ({"num_favorers": None}, "engagement.favorites"),
        ({"created_timestamp": None}, "listed_at"),
        ({"ending_timestamp": MISSING}, "ends_at"),
        ({"converted_price": None}, None),
        ({"when_made": None, "who_made": None, "taxonomy_id": None}, None),
    ],
)
def test_optional_or_nullable_fields_leave_the_field_empty(fields, empty):
    listing = parse_listing(variant(**fields))
    assert listing.price == Decimal("65.00")
    if empty:
        value = listing
        for part in empty.split("."):
            value = getattr(value, part)
        assert value in (None, [])


@pytest.mark.parametrize(
    ("money", "price", "currency"),
    [
        ({"amount": 4500, "divisor": 100, "currency_code": "GBP"}, Decimal("45.00"), "GBP"),
        ({"amount": 12000, "divisor": 1, "currency_code": "JPY"}, Decimal("12000"), "JPY"),
        ({"amount": 12345, "divisor": 1000, "currency_code": "KWD"}, Decimal("12.345"), "KWD"),
        ({"amount": 999, "divisor": 100, "currency_code": "eur"}, Decimal("9.99"), "EUR"),
        ({"amount": "4500", "divisor": "100", "currency_code": "CAD"}, Decimal("45.00"), "CAD"),
        ({"amount": 4500.0, "divisor": 100.0, "currency_code": "AUD"}, Decimal("45.00"), "AUD"),
    ],
)
def test_money_is_amount_over_divisor_in_its_own_currency(money, price, currency):
    listing = parse_listing(variant(price=money))
    assert (listing.price, listing.currency) == (price, currency)
    # never the raw amount (cents) taken for the price, never a foreign price read as dollars
    if int(money["divisor"]) != 1:
        assert listing.price != Decimal(str(money["amount"]))
    assert listing.price_usd is None or listing.price_usd != listing.price


@pytest.mark.parametrize(
    ("money", "field"),
    [
        ("65.00", "price"),
        (65, "price"),
        ({"amount": 65.5, "divisor": 1, "currency_code": "USD"}, "amount"),
        ({"amount": 6500, "currency_code": "USD"}, "divisor"),
        ({"amount": 6500, "divisor": 100, "currency_code": None}, "currency_code"),
        ({"amount": 10**15, "divisor": 100, "currency_code": "USD"}, "out of range"),
        ({"amount": 10**30, "divisor": 100, "currency_code": "EUR"}, "out of range"),
    ],
)
def test_a_price_that_cannot_be_read_is_refused_naming_it(money, field):
    with pytest.raises(MalformedListing, match=rf"listing 1700000001: .*{field}"):
        parse_listing(variant(price=money))


@pytest.mark.parametrize(
    "price", [MISSING, None, {"amount": 0, "divisor": 100, "currency_code": "USD"}]
)
def test_no_stated_price_is_null_never_zero(price):
    listing = parse_listing(variant(price=price))
    assert listing.price is None and listing.currency is None and listing.price_usd is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (CREATED, CREATED_AT),
        (str(CREATED), CREATED_AT),
        (CREATED + 0.75, CREATED_AT),
        (CREATED * 1000, CREATED_AT),  # milliseconds
        (CREATED_AT.isoformat(), CREATED_AT),
        ("2026-11-18T11:06:40", CREATED_AT),
        (0, None),
        (-5, None),
        ("yesterday", None),
        (10**20, None),
        (True, None),
    ],
)
def test_timestamps_in_other_forms_are_read_or_left_empty_never_fatal(value, expected):
    listing = parse_listing(variant(created_timestamp=value, ending_timestamp=value))
    assert listing.listed_at == expected
    assert listing.ends_at == expected


def test_a_sold_out_listing_says_sold():
    assert parse_listing(variant(state="sold_out", quantity=0)).buying_format == "sold"
    assert parse_listing(variant(state="active")).buying_format == "fixed_price"
    assert parse_listing(variant(state=MISSING)).buying_format == "fixed_price"


def test_a_listing_with_variations_keeps_its_listing_price():
    offering = {"price": {"amount": 7000, "divisor": 100, "currency_code": "USD"}}
    raw = variant(has_variations=True, inventory={"products": [{"offerings": [offering]}]})
    listing = parse_listing(raw)
    assert listing.price == Decimal("65.00")
    assert listing.raw_data["inventory"] == raw["inventory"]


def test_a_converted_price_not_in_usd_is_not_taken_for_dollars():
    raw = variant(
        price={"amount": 4500, "divisor": 100, "currency_code": "GBP"},
        converted_price={"amount": 5200, "divisor": 100, "currency_code": "EUR"},
    )
    listing = parse_listing(raw)
    assert listing.price_usd not in (Decimal("52.00"), Decimal("45.00"))


def test_a_response_with_null_results_is_an_empty_page():
    assert parse_response(json.dumps({"count": 0, "results": None})) == []
