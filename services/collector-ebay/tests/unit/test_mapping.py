"""eBay Browse items -> Listing, on recorded eBay responses and on hand-written items for the cases
the recordings lack (auctions, converted prices, missing prices, other marketplaces)."""

from __future__ import annotations

import copy
import json
import logging
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from indigo_collector_ebay.domain.html_text import html_to_text
from indigo_collector_ebay.domain.mapping import (
    MalformedItem,
    parse_browse_item,
    parse_response,
    parse_search_response,
)
from indigo_shared.parsing import NotAResponse, SkippedItem

REPO_ROOT = Path(__file__).resolve().parents[4]
RECORDED = REPO_ROOT.parent / "shared" / "data" / "recorded" / "ebay"
SEARCH_FILE = RECORDED / "ebay_browse_search_q-iphone_2020-03-17.json"
GET_ITEM_FILE = RECORDED / "ebay_browse_getitem_v1-312593647853-0_2020-03-17.json"


def recorded(path: Path) -> str:
    if not path.is_file():
        pytest.skip(f"recorded eBay responses not available ({path} is absent)")
    return path.read_text(encoding="utf-8")


@pytest.fixture
def search_body() -> dict:
    return json.loads(recorded(SEARCH_FILE))


@pytest.fixture
def get_item_body() -> dict:
    return json.loads(recorded(GET_ITEM_FILE))


def item(**fields) -> dict:
    """A minimal ItemSummary in eBay's shape, fields overridden as given."""
    base = {
        "itemId": "v1|123456789012|0",
        "title": "Vintage Levi's 501 jeans W32 L30 made in USA",
        "price": {"value": "85.00", "currency": "USD"},
        "itemWebUrl": "https://www.ebay.com/itm/123456789012",
        "buyingOptions": ["FIXED_PRICE"],
        "seller": {"username": "denimhunter", "feedbackPercentage": "100.0", "feedbackScore": 12},
        "itemLocation": {"postalCode": "945**", "country": "US"},
        "condition": "Pre-owned",
        "conditionId": "3000",
    }
    return {**base, **fields}


# --- recorded responses -------------------------------------------------------------------------


def test_every_recorded_search_item_maps_to_a_listing(search_body):
    page = parse_search_response(search_body)

    assert page.errors == []
    assert len(page.listings) == len(search_body["itemSummaries"]) == 50
    for raw, listing in zip(search_body["itemSummaries"], page.listings, strict=True):
        assert listing.platform == "ebay"
        assert listing.external_id == raw["itemId"]
        assert listing.url == raw["itemWebUrl"]
        assert listing.title == raw["title"]
        assert listing.price == Decimal(raw["price"]["value"])
        assert isinstance(listing.price, Decimal)
        assert listing.currency == raw["price"]["currency"] == "USD"
        assert listing.price_usd == listing.price
        expected_images = [raw["image"]["imageUrl"]]
        expected_images += [image["imageUrl"] for image in raw.get("additionalImages", [])]
        assert listing.image_urls == list(dict.fromkeys(expected_images))
        assert listing.seller_username == raw["seller"]["username"]
        assert listing.location == raw["itemLocation"]["country"]
        assert listing.condition == raw["condition"]
        assert listing.buying_format in {"fixed_price", "fixed_price+best_offer"}
        assert listing.shipping_cost == min(
            Decimal(option["shippingCost"]["value"]) for option in raw["shippingOptions"]
        )
        assert listing.raw_data == raw
        assert len(listing.content_hash) == 32


def test_recorded_best_offer_items_say_so(search_body):
    listings = parse_search_response(search_body).listings
    pairs = zip(listings, search_body["itemSummaries"], strict=True)
    best_offer = [listing for listing, raw in pairs if "BEST_OFFER" in raw["buyingOptions"]]
    assert best_offer
    assert all(listing.buying_format == "fixed_price+best_offer" for listing in best_offer)


def test_mapping_leaves_the_recorded_items_untouched(search_body, get_item_body):
    search_before, item_before = copy.deepcopy(search_body), copy.deepcopy(get_item_body)

    parse_search_response(search_body)
    parse_browse_item(get_item_body)

    assert search_body == search_before
    assert get_item_body == item_before


def test_recorded_get_item(get_item_body):
    listing = parse_browse_item(get_item_body)

    assert listing.external_id == "v1|312593647853|0"
    assert listing.price == Decimal("173.52") and listing.currency == "USD"
    assert listing.condition == "New"
    assert listing.brand == "Apple"
    assert listing.size is None  # eBay states no size for this item: none is invented
    assert listing.shipping_cost == Decimal("0.00")
    assert listing.location == "US"
    assert listing.seller_username == "laukenpropertiesllc"
    assert listing.image_urls == [
        "https://i.ebayimg.com/images/g/K7cAAOSwZUhcywbW/s-l1600.jpg",
        "https://i.ebayimg.com/images/g/GFsAAOSw8TpcywbV/s-l1600.jpg",
        "https://i.ebayimg.com/images/g/kowAAOSw-hRcywbV/s-l1600.jpg",
    ]
    # The HTML description becomes its text: no tags, no stylesheet links, entities decoded.
    assert "From TV shows to movies to games" in listing.description
    assert "Fast & Free Delivery" in listing.description
    assert "<" not in listing.description and "&amp;" not in listing.description
    assert listing.raw_data == get_item_body


def test_parse_response_reads_recorded_files_as_the_cli_does():
    search = parse_response(recorded(SEARCH_FILE))
    single = parse_response(recorded(GET_ITEM_FILE))

    assert len(search) == 50
    assert [listing.external_id for listing in single] == ["v1|312593647853|0"]
    for listing in search + single:
        assert json.loads(listing.model_dump_json())["platform"] == "ebay"


def test_content_hash_is_stable_and_follows_what_is_for_sale(search_body):
    raw = search_body["itemSummaries"][0]
    listing = parse_browse_item(raw)

    assert parse_browse_item(copy.deepcopy(raw)).content_hash == listing.content_hash
    repriced = {**raw, "price": {**raw["price"], "value": "1.00"}}
    assert parse_browse_item(repriced).content_hash != listing.content_hash
    # A watcher more is not a new version of the listing.
    assert parse_browse_item({**raw, "watchCount": 99}).content_hash == listing.content_hash


# --- hand-written items -------------------------------------------------------------------------


def test_item_without_condition_has_null_condition():
    raw = item()
    del raw["condition"], raw["conditionId"]
    assert parse_browse_item(raw).condition is None


def test_item_without_price_has_null_price_never_zero():
    raw = item()
    del raw["price"]
    listing = parse_browse_item(raw)
    assert listing.price is None and listing.currency is None and listing.price_usd is None


def test_auction_is_priced_at_its_current_bid():
    raw = item(
        buyingOptions=["AUCTION"],
        price={"value": "9.99", "currency": "USD"},
        currentBidPrice={"value": "41.00", "currency": "USD"},
        bidCount=7,
        watchCount=12,
        itemCreationDate="2026-11-20T18:03:11.000Z",
        itemEndDate="2026-11-27T18:03:11.000Z",
    )
    listing = parse_browse_item(raw)

    assert listing.price == Decimal("41.00")
    assert listing.buying_format == "auction"
    assert listing.engagement.bids == 7 and listing.engagement.watchers == 12
    assert listing.listed_at == datetime(2026, 11, 20, 18, 3, 11, tzinfo=UTC)
    assert listing.ends_at == datetime(2026, 11, 27, 18, 3, 11, tzinfo=UTC)


def test_auction_without_bids_keeps_its_price():
    listing = parse_browse_item(item(buyingOptions=["AUCTION", "FIXED_PRICE"]))
    assert listing.price == Decimal("85.00")
    assert listing.buying_format == "auction+fixed_price"


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        (["FIXED_PRICE"], "fixed_price"),
        (["BEST_OFFER", "FIXED_PRICE"], "fixed_price+best_offer"),
        (["FIXED_PRICE", "AUCTION"], "auction+fixed_price"),
        (["CLASSIFIED_AD"], "classified_ad"),
        (["FIXED_PRICE", "SOMETHING_NEW"], "fixed_price+something_new"),
        ([], None),
    ],
)
def test_buying_format(options, expected):
    assert parse_browse_item(item(buyingOptions=options)).buying_format == expected


def test_converted_price_keeps_the_sellers_amount_and_the_usd_one():
    """A UK seller seen on EBAY_US: eBay shows USD, converted from the seller's GBP."""
    raw = item(
        price={
            "value": "63.50",
            "currency": "USD",
            "convertedFromValue": "50.00",
            "convertedFromCurrency": "GBP",
        },
        shippingOptions=[
            {
                "shippingCostType": "FIXED",
                "shippingCost": {
                    "value": "19.05",
                    "currency": "USD",
                    "convertedFromValue": "15.00",
                    "convertedFromCurrency": "GBP",
                },
            }
        ],
        itemLocation={"country": "GB"},
    )
    listing = parse_browse_item(raw)

    assert (listing.price, listing.currency, listing.price_usd) == (
        Decimal("50.00"),
        "GBP",
        Decimal("63.50"),
    )
    assert listing.shipping_cost == Decimal("15.00")  # in the listing's currency, GBP
    assert listing.location == "GB"


def test_converted_price_between_two_other_currencies_uses_the_fx_table():
    """A German seller seen on EBAY_GB: EUR converted to GBP, no USD anywhere."""
    raw = item(
        price={
            "value": "43.00",
            "currency": "GBP",
            "convertedFromValue": "50.00",
            "convertedFromCurrency": "EUR",
        }
    )

    assert parse_browse_item(raw).price_usd is None  # no rate known: no guess
    listing = parse_browse_item(raw, fx={"EUR": Decimal("1.08"), "GBP": Decimal("1.27")})
    assert (listing.price, listing.currency) == (Decimal("50.00"), "EUR")
    assert listing.price_usd == Decimal("54.00")  # from the seller's own amount


@pytest.mark.parametrize(
    ("currency", "rate", "usd"),
    [
        ("GBP", Decimal("1.27"), Decimal("31.75")),
        ("EUR", Decimal("1.08"), Decimal("27.00")),
    ],
)
def test_home_marketplace_price_in_another_currency(currency, rate, usd):
    raw = item(price={"value": "25.00", "currency": currency})
    listing = parse_browse_item(raw, fx={currency: rate})
    assert (listing.price, listing.currency, listing.price_usd) == (Decimal("25.00"), currency, usd)
    assert parse_browse_item(raw, fx={"JPY": Decimal("0.0067")}).price_usd is None


def test_shipping_cost_is_the_cheapest_stated_one():
    raw = item(
        shippingOptions=[
            {"shippingCostType": "FIXED", "shippingCost": {"value": "12.50", "currency": "USD"}},
            {"shippingCostType": "FIXED", "shippingCost": {"value": "7.95", "currency": "USD"}},
            {"shippingCostType": "CALCULATED"},
        ]
    )
    assert parse_browse_item(raw).shipping_cost == Decimal("7.95")


def test_calculated_shipping_without_a_cost_is_unknown_not_free():
    raw = item(shippingOptions=[{"shippingCostType": "CALCULATED"}])
    assert parse_browse_item(raw).shipping_cost is None
    assert parse_browse_item(item()).shipping_cost is None  # no shippingOptions at all


def test_free_shipping_is_zero():
    raw = item(
        shippingOptions=[
            {"shippingCostType": "FIXED", "shippingCost": {"value": "0.00", "currency": "USD"}}
        ]
    )
    assert parse_browse_item(raw).shipping_cost == Decimal(0)


def test_images_are_deduplicated_in_order():
    raw = item(
        image={"imageUrl": "https://i.ebayimg.com/a.jpg"},
        additionalImages=[
            {"imageUrl": "https://i.ebayimg.com/b.jpg"},
            {"imageUrl": "https://i.ebayimg.com/a.jpg"},
            {"imageUrl": "https://i.ebayimg.com/c.jpg"},
        ],
        thumbnailImages=[{"imageUrl": "https://i.ebayimg.com/thumb-a.jpg"}],
    )
    assert parse_browse_item(raw).image_urls == [
        "https://i.ebayimg.com/a.jpg",
        "https://i.ebayimg.com/b.jpg",
        "https://i.ebayimg.com/c.jpg",
    ]


def test_brand_and_size_come_only_from_what_ebay_states():
    raw = item(
        localizedAspects=[
            {"type": "STRING", "name": "Size Type", "value": "Regular"},
            {"type": "STRING", "name": "Brand", "value": "Levi's"},
            {"type": "STRING", "name": "Size (Men's)", "value": "32"},
        ]
    )
    listing = parse_browse_item(raw)
    assert (listing.brand, listing.size) == ("Levi's", "32")

    bare = parse_browse_item(item())  # "Levi's" in the title is for the enricher, not for eBay
    assert (bare.brand, bare.size) == (None, None)


def test_primary_aspects_win_and_localized_names_are_understood():
    german = item(
        localizedAspects=[
            {"type": "STRING", "name": "Marke", "value": "Lee"},
            {"type": "STRING", "name": "Größe", "value": "W31/L32"},
        ]
    )
    assert (parse_browse_item(german).brand, parse_browse_item(german).size) == ("Lee", "W31/L32")

    primary = item(
        brand="Wrangler",
        size="34",
        localizedAspects=[{"type": "STRING", "name": "Brand", "value": "Other"}],
    )
    assert (parse_browse_item(primary).brand, parse_browse_item(primary).size) == ("Wrangler", "34")


def test_description_prefers_the_full_one_as_text():
    raw = item(
        description="<div><p>Big E&nbsp;redline</p><style>p{}</style><p>No holes</p></div>",
        shortDescription="Short one",
    )
    assert parse_browse_item(raw).description == "Big E redline\nNo holes"
    assert parse_browse_item(item(shortDescription="Short one")).description == "Short one"
    assert parse_browse_item(item()).description is None


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ({"title": "no id"}, "itemId"),
        ({"itemId": "v1|1|0"}, "title"),
        ({"itemId": "v1|1|0", "title": "  "}, "title"),
        (
            {"itemId": "v1|1|0", "title": "x", "price": {"value": "cheap", "currency": "USD"}},
            "price",
        ),
        ({"itemId": "v1|1|0", "title": "x", "price": {"value": "NaN", "currency": "USD"}}, "price"),
        (
            {"itemId": "v1|1|0", "title": "x", "price": {"value": "5", "currency": "usd!"}},
            "currency",
        ),
    ],
)
def test_malformed_items_are_refused_with_the_reason(raw, reason):
    with pytest.raises(MalformedItem, match=reason):
        parse_browse_item(raw)


# --- search pages -------------------------------------------------------------------------------


def test_a_malformed_item_is_skipped_and_reported_not_fatal():
    body = {
        "href": "h",
        "total": 3,
        "limit": 3,
        "offset": 0,
        "itemSummaries": [
            item(itemId="v1|1|0"),
            {"itemId": "v1|2|0", "price": {"value": "10.00", "currency": "USD"}},
            "not an item",
            item(itemId="v1|4|0"),
        ],
    }
    page = parse_search_response(body)

    assert [listing.external_id for listing in page.listings] == ["v1|1|0", "v1|4|0"]
    assert page.errors == [
        SkippedItem(1, "v1|2|0", "item without title"),
        SkippedItem(2, None, "item is a JSON str, not an object"),
    ]


def test_a_page_without_item_summaries_has_no_results():
    body = {
        "href": "https://api.ebay.com/buy/browse/v1/item_summary/search?q=zzz&limit=50&offset=0",
        "total": 0,
        "limit": 50,
        "offset": 0,
    }
    assert parse_search_response(body).listings == []
    assert parse_response(json.dumps(body)) == []


def test_parse_response_logs_skipped_items(caplog):
    body = {
        "href": "h",
        "total": 2,
        "limit": 2,
        "offset": 0,
        "itemSummaries": [item(), {"itemId": "v1|2|0"}],
    }
    with caplog.at_level(logging.WARNING):
        listings = parse_response(json.dumps(body))
    assert len(listings) == 1
    assert "v1|2|0" in caplog.text and "title" in caplog.text


REDDIT_LISTING = {
    "kind": "Listing",
    "data": {
        "after": None,
        "dist": 1,
        "children": [
            {"kind": "t3", "data": {"id": "abc", "title": "Found 501s", "subreddit": "rawdenim"}}
        ],
    },
}
EBAY_ERROR = {
    "errors": [
        {
            "errorId": 12001,
            "domain": "API_BROWSE",
            "category": "REQUEST",
            "message": "The value of limit is invalid.",
            "longMessage": "The maximum value for limit is 200.",
        }
    ]
}
ETSY_LISTINGS = {
    "count": 1,
    "results": [
        {"listing_id": 1, "title": "Lee Riders", "price": {"amount": 4500, "divisor": 100}}
    ],
}


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "not JSON"),
        ("<html><body>Service unavailable</body></html>", "not JSON"),
        (json.dumps(EBAY_ERROR), "eBay error response: The maximum value for limit is 200"),
        (json.dumps(REDDIT_LISTING), "neither itemSummaries nor itemId"),
        (json.dumps(ETSY_LISTINGS), "neither itemSummaries nor itemId"),
        ("{}", "neither itemSummaries nor itemId"),
        ("[]", "JSON list"),
        (json.dumps([REDDIT_LISTING, REDDIT_LISTING]), "JSON list"),
        ('"itemId"', "JSON str"),
        (json.dumps({"itemId": "v1|1|0"}), "not an eBay item: item without title"),
        (json.dumps({"itemSummaries": {"itemId": "v1|1|0"}}), "itemSummaries is not a list"),
        (json.dumps({"itemSummaries": [{"foo": 1}, {"bar": 2}]}), "none of the 2 itemSummaries"),
    ],
)
def test_parse_response_refuses_what_is_not_a_browse_response(text, reason):
    with pytest.raises(NotAResponse, match=reason) as raised:
        parse_response(text)
    assert "\n" not in str(raised.value)


# --- HTML descriptions --------------------------------------------------------------------------


def test_html_to_text():
    html = (
        "<font><title>Shop</title><meta charset='utf-8'><link href='x.css'>"
        "<h2>Levi&#39;s 501</h2><ul><li>W32</li><li>L30</li></ul>"
        "Made in<br>USA &amp; <b>faded</b>&nbsp;&nbsp;nicely"
        "<script>var x = '<p>';</script></font>"
    )
    assert html_to_text(html) == "Levi's 501\nW32\nL30\nMade in\nUSA & faded nicely"
    assert html_to_text("plain  text, W<32") == "plain text, W<32"
    assert html_to_text("<p> </p>") == ""
