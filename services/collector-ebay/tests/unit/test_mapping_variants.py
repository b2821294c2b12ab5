"""eBay Browse items as real responses may send them (per the Browse OpenAPI contract): optional
fields missing or null, other shapes and formats, other currencies, auctions, variations. Each
variant is built from a recorded search item when the recording is there, else from a minimal
item in eBay's shape; the expectation is what a user would want: the listing with the field empty,
a rejection naming the field when the item is unusable, never a silently wrong value."""

from __future__ import annotations

import copy
import json
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from indigo_collector_ebay.domain.mapping import (
    MalformedItem,
    parse_browse_item,
    parse_response,
    parse_search_response,
)
from indigo_shared.money import DEFAULT_USD_RATES as FX

RECORDED = Path(__file__).resolve().parents[4].parent / "shared" / "data" / "recorded" / "ebay"
SEARCH_FILE = RECORDED / "ebay_browse_search_q-iphone_2020-03-17.json"
# A small ItemSummary of a listing on EBAY_US, for when the recording is absent.
MINIMAL = {"itemId": "v1|123456789012|0", "title": "Vintage Levi's 501 jeans W32 L30",
           "price": {"value": "85.00", "currency": "USD"}, "buyingOptions": ["FIXED_PRICE"],
           "image": {"imageUrl": "https://i.ebayimg.com/images/g/a/s-l1600.jpg"},
           "shippingOptions": [{"shippingCost": {"value": "5.00", "currency": "USD"}}]}  # fmt: skip
MISSING = object()


@pytest.fixture(params=["recorded", "minimal"])
def base(request) -> dict:
    if request.param == "minimal":
        return copy.deepcopy(MINIMAL)
    if not SEARCH_FILE.is_file():
        pytest.skip(f"recorded eBay responses not available ({SEARCH_FILE} is absent)")
    return json.loads(SEARCH_FILE.read_text(encoding="utf-8"))["itemSummaries"][0]


def variant(base: dict, **fields) -> dict:
    """``base`` with ``fields`` set, those given as MISSING left out."""
    item = {**copy.deepcopy(base), **fields}
    return {name: value for name, value in item.items() if value is not MISSING}


@pytest.mark.parametrize(
    "fields",
    [
        {"condition": MISSING, "conditionId": MISSING},
        {"condition": None, "conditionId": None},
        {"image": MISSING, "additionalImages": MISSING, "thumbnailImages": MISSING},
        {"image": None, "additionalImages": [None, {"imageUrl": None}]},
        {"seller": MISSING},
        {"seller": None},
        {"itemLocation": None},
        {"shippingOptions": None},
        {"buyingOptions": None},
        {"itemWebUrl": None},
        {"localizedAspects": [{"name": "Brand", "value": None}, {"name": None}, "Size"]},
    ],
    ids=lambda fields: ",".join(f"{k}={'missing' if v is MISSING else v!r}" for k, v in fields.items())[:60],
)  # fmt: skip
def test_optional_fields_missing_or_null_leave_the_field_empty(base, fields):
    listing = parse_browse_item(variant(base, **fields))
    assert listing.external_id == base["itemId"]
    assert listing.price is not None
    for name, value in fields.items():
        if name.startswith("condition"):
            assert listing.condition is None
        if name == "image" and value is MISSING:
            assert listing.image_urls == []
        if name == "seller":
            assert listing.seller_username is None
        if name == "itemLocation":
            assert listing.location is None


def test_no_price_is_null_never_zero(base):
    for price in (
        MISSING,
        None,
        {"value": None, "currency": "USD"},
        {"value": "0.00", "currency": "USD"},
    ):
        listing = parse_browse_item(variant(base, price=price))
        assert listing.price is None and listing.price_usd is None, price
        assert listing.currency is None


@pytest.mark.parametrize("price", ["12.99", 12.99, ["12.99"]])
def test_a_price_that_is_not_a_converted_amount_is_refused_by_name(base, price):
    with pytest.raises(MalformedItem, match=r"price: .* is not a ConvertedAmount"):
        parse_browse_item(variant(base, price=price))


@pytest.mark.parametrize("value", ["1,234.50", "12,50", "", "N/A", "NaN"])
def test_a_price_that_is_not_a_number_is_refused_with_the_item_and_field(base, value):
    with pytest.raises(MalformedItem, match=rf"item {base['itemId']}: price: amount"):
        parse_browse_item(variant(base, price={"value": value, "currency": "USD"}))


def test_a_search_page_keeps_its_other_items_when_one_price_is_unreadable(base):
    body = {"href": "x", "limit": 2, "offset": 0, "itemSummaries": [
        variant(base, price="12.99"), variant(base, itemId="v1|2|0")]}  # fmt: skip
    page = parse_search_response(body)
    assert [listing.external_id for listing in page.listings] == ["v1|2|0"]
    assert "price" in page.errors[0].reason


@pytest.mark.parametrize(
    ("value", "currency", "price"),
    [(12.5, "GBP", Decimal("12.5")), ("1500", "jpy", Decimal("1500")), ("49.90", "EUR", Decimal("49.90"))],
)  # fmt: skip
def test_other_currencies_and_numeric_values_keep_their_unit(base, value, currency, price):
    listing = parse_browse_item(variant(base, price={"value": value, "currency": currency}))
    assert listing.price == price
    assert listing.currency == currency.upper()
    assert listing.price_usd != price  # never the foreign amount read as dollars


def test_a_conversion_without_its_source_currency_keeps_the_stated_price(base):
    price = {"value": "10.00", "currency": "USD", "convertedFromValue": "8.00"}
    listing = parse_browse_item(variant(base, price=price))
    assert (listing.price, listing.currency, listing.price_usd) == (
        Decimal("10.00"), "USD", Decimal("10.00"))  # fmt: skip


def test_an_auction_with_a_current_bid_and_no_price(base):
    raw = variant(base, price=MISSING, buyingOptions=["AUCTION"], bidCount=4,
                  currentBidPrice={"value": "21.50", "currency": "GBP"})  # fmt: skip
    listing = parse_browse_item(raw)
    assert (listing.price, listing.currency) == (Decimal("21.50"), "GBP")
    assert listing.buying_format == "auction"
    assert listing.engagement.bids == 4


def test_an_unreadable_current_bid_is_refused_naming_it(base):
    raw = variant(base, buyingOptions=["AUCTION"], currentBidPrice="21.50")
    with pytest.raises(MalformedItem, match="currentBidPrice: '21.50' is not a ConvertedAmount"):
        parse_browse_item(raw)


def test_an_auction_without_bid_or_price_has_no_price(base):
    raw = variant(base, price=MISSING, buyingOptions=["AUCTION"], currentBidPrice=None, bidCount=0)
    listing = parse_browse_item(raw)
    assert listing.price is None
    assert listing.engagement.bids == 0


def test_an_item_with_variations_maps_like_any_other(base):
    raw = variant(
        base,
        itemId="v1|254187579586|553554795419",
        itemGroupType="SELLER_DEFINED_VARIATIONS",
        itemGroupHref="https://api.ebay.com/buy/browse/v1/item/get_items_by_item_group?item_group_id=254187579586",
    )
    listing = parse_browse_item(raw)
    assert listing.external_id == "v1|254187579586|553554795419"
    assert listing.price is not None


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026-11-20T08:15:30.000Z", datetime(2026, 11, 20, 8, 15, 30, tzinfo=UTC)),
        ("2026-11-20T08:15:30Z", datetime(2026, 11, 20, 8, 15, 30, tzinfo=UTC)),
        ("2026-11-20T08:15:30", datetime(2026, 11, 20, 8, 15, 30, tzinfo=UTC)),
        ("2026-11-20T09:15:30+01:00", datetime(2026, 11, 20, 8, 15, 30, tzinfo=UTC)),
        ("20/11/2026", None),
        ("", None),
        (None, None),
        (1795000000, None),
    ],
)
def test_dates_in_other_formats_are_read_as_utc_or_left_empty(base, value, expected):
    listing = parse_browse_item(variant(base, itemCreationDate=value, itemEndDate=value))
    assert listing.listed_at == expected
    assert listing.ends_at == expected
    assert listing.listed_at is None or listing.listed_at.tzinfo is not None


@pytest.mark.parametrize(
    ("value", "expected"), [(7, 7), ("7", 7), ("many", None), (-1, None), (True, None)]
)
def test_counts_in_other_shapes_never_lose_the_item(base, value, expected):
    listing = parse_browse_item(variant(base, watchCount=value, bidCount=value))
    assert listing.engagement.watchers == expected
    assert listing.engagement.bids == expected


def test_html_entities_and_unicode_in_titles(base):
    raw = variant(base, title="Levi&#39;s 501 &amp; Lee &quot;W32&quot; — Größe 32 ジーンズ 👖")
    listing = parse_browse_item(raw)
    assert listing.title == 'Levi\'s 501 & Lee "W32" — Größe 32 ジーンズ 👖'
    assert listing.raw_data["title"] == raw["title"]  # raw_data as received


def test_an_unreadable_shipping_option_is_left_out_not_fatal(base):
    raw = variant(base, shippingOptions=[
        {"shippingCostType": "FIXED", "shippingCost": {"value": "abc", "currency": "USD"}},
        {"shippingCostType": "FIXED", "shippingCost": {"value": "4.00", "currency": "USD"}},
        {"shippingCostType": "CALCULATED"},
        "FREE",
    ])  # fmt: skip
    assert parse_browse_item(raw).shipping_cost == Decimal("4.00")


@pytest.mark.parametrize("value", ["1e12", "-5.00", "1e30", "99999999999999999999999999999"])
@pytest.mark.parametrize("currency", ["USD", "EUR"])
def test_extreme_prices_are_refused_by_name_never_a_crash(base, value, currency):
    with pytest.raises(MalformedItem, match="price: amount .* is out of range"):
        parse_browse_item(variant(base, price={"value": value, "currency": currency}), fx=FX)
    # the same amount as a shipping cost only leaves that option out
    shipping = [{"shippingCost": {"value": value, "currency": "GBP"}}]
    assert parse_browse_item(variant(base, shippingOptions=shipping), fx=FX).shipping_cost is None


def test_an_unknown_currency_code_is_refused_by_name(base):
    with pytest.raises(MalformedItem, match="currency"):
        parse_browse_item(variant(base, price={"value": "5", "currency": "US$"}))


def test_a_search_page_with_null_item_summaries_has_no_results():
    body = {"href": "x", "limit": 50, "offset": 0, "total": 0, "itemSummaries": None}
    assert parse_search_response(body).listings == []
    assert parse_response(json.dumps(body)) == []


def test_an_item_group_gives_one_listing_per_variation_with_the_common_description(base):
    """getItemsByItemGroup: the variations of one listing, their description given once."""
    sizes = [
        variant(base, itemId=f"v1|254187579586|{n}", description=MISSING,
                price={"value": price, "currency": "USD"})
        for n, price in ((1, "20.00"), (2, "25.00"))
    ]  # fmt: skip
    body = {
        "items": [*sizes, "not an item"],
        "commonDescriptions": [{"description": "<p>Selvedge &amp; raw</p>",
                                "itemIds": ["v1|254187579586|1", "v1|254187579586|2"]}],
    }  # fmt: skip
    listings = parse_response(json.dumps(body))
    assert [(listing.external_id, listing.price) for listing in listings] == [
        ("v1|254187579586|1", Decimal("20.00")), ("v1|254187579586|2", Decimal("25.00"))]  # fmt: skip
    assert all(listing.description == "Selvedge & raw" for listing in listings)
    assert all("description" not in listing.raw_data for listing in listings)  # as received
