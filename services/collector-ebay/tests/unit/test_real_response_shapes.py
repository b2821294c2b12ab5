"""Shapes real Browse responses take that the sandbox does not produce: an item that gives its
``conditionId`` without the ``condition`` text, getItem's jeans aspects (``Waist Size`` and
``Inseam`` without a ``Size``), and the rest of what real pages carry (auctions priced by their
current bid, marketing prices, GBP/AUD marketplaces, calculated shipping, zero-result pages with
warnings). What a user sees must be what eBay stated, never a made-up value."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from indigo_collector_ebay.domain.mapping import parse_browse_item, parse_response
from indigo_shared.money import DEFAULT_USD_RATES

ITEM = {
    "itemId": "v1|155012345678|0",
    "title": "Vintage Levi's 501 Jeans Made in USA",
    "itemWebUrl": "https://www.ebay.com/itm/155012345678",
    "price": {"value": "45.00", "currency": "USD"},
    "buyingOptions": ["FIXED_PRICE"],
    "image": {"imageUrl": "https://i.ebayimg.com/images/g/abc/s-l225.jpg"},
    "seller": {"username": "denimguy", "feedbackPercentage": "99.5", "feedbackScore": 1200},
    "itemLocation": {"postalCode": "9****", "country": "US"},
}


def parse(**fields) -> object:
    item = {k: v for k, v in {**ITEM, **fields}.items() if v is not None}
    return parse_browse_item(item, fx=DEFAULT_USD_RATES)


@pytest.mark.parametrize(
    ("condition_id", "expected"),
    [
        ("1000", "New"),
        ("1500", "New other (see details)"),
        ("1750", "New with defects"),
        ("2750", "Like New"),
        ("3000", "Used"),
        (3000, "Used"),
        ("7000", "For parts or not working"),
        ("9999", None),  # an id eBay does not define is no condition
        ("", None),
    ],
)
def test_a_condition_id_without_its_text_is_named_as_ebay_names_it(condition_id, expected):
    assert parse(conditionId=condition_id).condition == expected


def test_the_condition_text_wins_over_the_id():
    assert parse(condition="Pre-owned", conditionId="3000").condition == "Pre-owned"


ASPECTS = [
    {"type": "STRING", "name": "Brand", "value": "Levi's"},
    {"type": "STRING", "name": "Size Type", "value": "Regular"},
    {"type": "STRING", "name": "Waist Size", "value": "32 in"},
    {"type": "STRING", "name": "Inseam", "value": "30 in"},
    {"type": "STRING", "name": "Style", "value": "Straight"},
    {"type": "STRING", "name": "Country/Region of Manufacture", "value": "United States"},
]


def test_waist_and_inseam_aspects_are_the_size():
    listing = parse(localizedAspects=ASPECTS)
    assert (listing.brand, listing.size) == ("Levi's", "W32 L30")


def test_a_size_aspect_wins_over_waist_and_inseam():
    size = [{"type": "STRING", "name": "Size", "value": "32x30"}]
    assert parse(localizedAspects=size + ASPECTS).size == "32x30"


@pytest.mark.parametrize(
    ("waist", "inseam", "expected"),
    [
        ("33", None, "W33"),
        ('34"', "32 inches", "W34 L32"),
        ("32-33 in", "30 in", "32-33 in x 30 in"),  # not one number: as written
        (None, "30 in", None),  # an inseam alone is no size
    ],
)
def test_waist_and_inseam_in_other_forms(waist, inseam, expected):
    aspects = [{"name": "Waist Size", "value": waist}, {"name": "Inseam", "value": inseam}]
    aspects = [aspect for aspect in aspects if aspect["value"] is not None]
    assert parse(localizedAspects=aspects).size == expected


def test_a_german_item_is_sized_by_its_german_aspects():
    aspects = [{"name": "Marke", "value": "Levi's"}, {"name": "Bundweite", "value": "32"},
               {"name": "Innenbeinlänge", "value": "34"}]  # fmt: skip
    listing = parse(localizedAspects=aspects, price={"value": "39.90", "currency": "EUR"})
    assert (listing.brand, listing.size, listing.price, listing.currency) == (
        "Levi's",
        "W32 L34",
        Decimal("39.90"),
        "EUR",
    )
    assert listing.price_usd == (Decimal("39.90") * DEFAULT_USD_RATES["EUR"]).quantize(
        Decimal("0.01")
    )


def test_an_auction_priced_by_its_current_bid_with_its_end_date():
    listing = parse(
        price=None,
        buyingOptions=["AUCTION"],
        currentBidPrice={"value": "12.50", "currency": "USD"},
        bidCount=3,
        itemEndDate="2026-12-10T18:00:00.000Z",
    )
    assert (listing.price, listing.buying_format, listing.engagement.bids) == (
        Decimal("12.50"),
        "auction",
        3,
    )
    assert (
        listing.ends_at is not None and listing.ends_at.isoformat() == "2026-12-10T18:00:00+00:00"
    )


def test_a_marketing_price_is_the_price_asked_not_the_struck_through_one():
    listing = parse(
        buyingOptions=["FIXED_PRICE", "BEST_OFFER"],
        marketingPrice={"originalPrice": {"value": "60.00", "currency": "USD"},
                        "discountPercentage": "25",
                        "discountAmount": {"value": "15.00", "currency": "USD"},
                        "priceTreatment": "STRIKETHROUGH"},
    )  # fmt: skip
    assert (listing.price, listing.buying_format) == (Decimal("45.00"), "fixed_price+best_offer")


def test_an_item_group_summary_without_a_price_has_none():
    listing = parse(
        price=None,
        itemGroupHref="https://api.ebay.com/buy/browse/v1/item/get_items_by_item_group?item_group_id=155012345678",
        itemGroupType="SELLER_DEFINED_VARIATIONS",
    )
    assert (listing.price, listing.currency, listing.price_usd) == (None, None, None)


def test_calculated_shipping_and_a_location_with_only_its_country():
    listing = parse(
        itemLocation={"country": "GB"},
        price={"value": "35.00", "currency": "GBP"},
        shippingOptions=[{"shippingCostType": "CALCULATED"}],
    )
    assert (listing.location, listing.shipping_cost, listing.currency) == ("GB", None, "GBP")


def test_a_zero_result_page_with_warnings_has_no_listings():
    body = {"href": "https://api.ebay.com/buy/browse/v1/item_summary/search?q=x&limit=50&offset=0",
            "total": 0, "limit": 50, "offset": 0,
            "warnings": [{"errorId": 12001, "domain": "API_BROWSE", "category": "REQUEST",
                          "message": "The keyword is too long"}]}  # fmt: skip
    assert parse_response(json.dumps(body)) == []
