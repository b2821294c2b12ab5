"""Etsy listings -> Listing: items built from the Open API v3 spec's schemas (the spec has no
examples), hand-written items for the edge cases (escapes, divisors, missing prices, malformed
fields), and ``parse_response`` as ``indigo parse etsy`` uses it."""

from __future__ import annotations

import copy
import json
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from indigo_cli.main import cli
from indigo_collector_etsy.domain.mapping import (
    MalformedListing,
    parse_listing,
    parse_listings,
    parse_response,
)
from indigo_shared.parsing import NotAResponse

SPEC_FILE = (
    Path(__file__).resolve().parents[4].parent
    / "shared"
    / "data"
    / "specs"
    / "etsy_openapi_v3_oas3__amitray007-etsy-python-sdk_specs-baseline.json"
)
# Every field the mapping reads, by the spec schema that defines it.
FIELDS_READ = {
    "ShopListingWithAssociations": (
        "listing_id", "title", "description", "price", "converted_price", "url", "num_favorers",
        "created_timestamp", "creation_timestamp", "ending_timestamp", "images", "shop",
        "when_made", "state",
    ),
    "Money": ("amount", "divisor", "currency_code"),
    "ListingImage": ("rank", "url_fullxfull", "url_570xN", "url_170x135", "url_75x75"),
    "Shop": ("shop_name", "shop_location_country_iso", "shipping_from_country_iso"),
}  # fmt: skip
CREATED = 1_795_000_000  # 2026-11-18


@pytest.fixture(scope="module")
def schemas() -> dict[str, Any]:
    if not SPEC_FILE.is_file():
        pytest.skip(f"the Etsy Open API spec is not available ({SPEC_FILE} is absent)")
    return json.loads(SPEC_FILE.read_text(encoding="utf-8"))["components"]["schemas"]


def from_schema(schemas: dict[str, Any], name: str) -> dict[str, Any]:
    """An instance of a spec schema with every property set to a value of its declared type: the
    first enum value, a minimum where one is declared, a URL for ``url*`` strings."""

    def resolve(schema: dict[str, Any]) -> dict[str, Any]:
        if "$ref" in schema:
            return schemas[schema["$ref"].rsplit("/", 1)[1]]
        if "oneOf" in schema:
            return resolve(schema["oneOf"][0])
        return schema

    def sample(schema: dict[str, Any], field: str, depth: int) -> Any:
        schema = resolve(schema)
        if "properties" in schema:
            if depth > 2:  # deep associations (inventory offerings, ...) are not read
                return None
            return {key: sample(item, key, depth + 1) for key, item in schema["properties"].items()}
        if schema.get("type") == "array":
            return [sample(schema["items"], field, depth)]
        if "enum" in schema:
            return schema["enum"][0]
        kind = schema.get("type")
        if kind == "string":
            return f"https://example.etsy.test/{field}" if field.startswith("url") else field
        if kind == "integer":
            return max(schema.get("minimum", 1), CREATED if "timestamp" in field else 1)
        return {"number": 1.5, "boolean": False}[kind]

    return sample({"$ref": f"#/components/schemas/{name}"}, name, 0)


def spec_listing(schemas: dict[str, Any], name: str = "ShopListingWithAssociations", **fields):
    item = from_schema(schemas, name)
    item.update(
        listing_id=1_234_567_890,
        title="Vintage Levi&#39;s 501 &quot;Big E&quot; Jeans W30 &amp; L32",
        description="Measures 15&quot; flat.\nDon&#39;t miss it &amp; more.",
        price={"amount": 4500, "divisor": 100, "currency_code": "GBP"},
        converted_price=None,
        url="https://www.etsy.com/listing/1234567890/vintage-levis-501",
        num_favorers=17,
    )
    return {**item, **fields}


def listing_item(**fields) -> dict[str, Any]:
    """A minimal ShopListing as Etsy sends it, fields overridden as given."""
    base = {
        "listing_id": 1_600_000_001,
        "title": "Vintage Lee Riders Mom Jeans",
        "price": {"amount": 3800, "divisor": 100, "currency_code": "EUR"},
        "url": "https://www.etsy.com/listing/1600000001/vintage-lee-riders",
        "num_favorers": 4,
        "created_timestamp": CREATED,
        "when_made": "1980s",
    }
    return {**base, **fields}


def test_every_field_the_mapping_reads_is_one_the_spec_defines(schemas):
    for schema, fields in FIELDS_READ.items():
        assert set(fields) <= schemas[schema]["properties"].keys(), schema


def test_a_listing_with_associations_built_from_the_spec_maps_every_field(schemas):
    item = spec_listing(schemas)
    listing = parse_listing(copy.deepcopy(item))

    assert listing.platform == "etsy" and listing.external_id == "1234567890"
    assert listing.title == 'Vintage Levi\'s 501 "Big E" Jeans W30 & L32'
    assert listing.description == "Measures 15\" flat.\nDon't miss it & more."
    assert (listing.price, listing.currency) == (Decimal("45.00"), "GBP")
    assert listing.price_usd == Decimal("57.15")  # 45.00 GBP at 1.27
    assert listing.url == item["url"]
    assert listing.image_urls == ["https://example.etsy.test/url_fullxfull"]
    assert listing.seller_username == "shop_name"
    assert listing.location == "shop_location_country_iso"
    assert listing.listed_at == datetime.fromtimestamp(CREATED, UTC)
    assert listing.ends_at == datetime.fromtimestamp(CREATED, UTC)
    assert listing.engagement.favorites == 17
    assert listing.buying_format == "fixed_price"
    assert listing.condition is None and listing.brand is None and listing.size is None
    assert listing.raw_data == item  # untouched: still escaped, every association kept
    assert listing.content_hash and len(listing.content_hash) == 32


def test_a_plain_shop_listing_from_the_spec_maps_without_images_or_shop(schemas):
    listing = parse_listing(spec_listing(schemas, "ShopListing"))
    assert listing.image_urls == [] and listing.seller_username is None
    assert listing.location is None and listing.price == Decimal("45.00")


def test_when_made_is_kept_whatever_its_value(schemas):
    values = schemas["ShopListing"]["properties"]["when_made"]["enum"]
    # Etsy renames its rolling buckets every January: next year's are accepted as they come.
    for when_made in [*values, "2020_2027", "before_2008", "2000_2007", None]:
        listing = parse_listing(listing_item(when_made=when_made))
        assert listing.raw_data["when_made"] == when_made


def test_images_are_in_rank_order_at_full_size_else_the_largest_given():
    images = [
        {"rank": 3, "url_fullxfull": "https://i.etsystatic.com/3_full.jpg"},
        {"rank": 1, "url_570xN": "https://i.etsystatic.com/1_570.jpg"},
        {"rank": 2, "url_fullxfull": "https://i.etsystatic.com/2_full.jpg"},
        {"rank": 4},
        "not an image",
    ]
    listing = parse_listing(listing_item(images=images))
    assert listing.image_urls == [
        "https://i.etsystatic.com/1_570.jpg",
        "https://i.etsystatic.com/2_full.jpg",
        "https://i.etsystatic.com/3_full.jpg",
    ]


def test_text_is_unescaped_once():
    listing = parse_listing(
        listing_item(
            title="  90&#39;s Wrangler &quot;Cowboy Cut&quot; 13MWZ &amp;amp; more &lt;3  ",
            description="&#8220;Rare&#8221; &eacute;dition&nbsp;&mdash; 100% cotton",
        )
    )
    assert listing.title == '90\'s Wrangler "Cowboy Cut" 13MWZ &amp; more <3'
    assert listing.description == "“Rare” édition\xa0— 100% cotton"
    assert parse_listing(listing_item(description="   ")).description is None


@pytest.mark.parametrize(
    ("money", "price", "currency", "usd"),
    [
        ({"amount": 4500, "divisor": 100, "currency_code": "GBP"}, "45.00", "GBP", "57.15"),
        ({"amount": 3850, "divisor": 100, "currency_code": "EUR"}, "38.50", "EUR", "41.58"),
        ({"amount": 6800, "divisor": 1, "currency_code": "JPY"}, "6800", "JPY", "45.56"),
        ({"amount": 5999, "divisor": 100, "currency_code": "CAD"}, "59.99", "CAD", "43.79"),
        ({"amount": 12500, "divisor": 1000, "currency_code": "KWD"}, "12.500", "KWD", None),
        ({"amount": 100, "divisor": 3, "currency_code": "USD"}, str(Decimal(100) / 3), "USD", None),
        ({"amount": 2000, "divisor": 100, "currency_code": "usd"}, "20.00", "USD", "20.00"),
    ],
)
def test_price_is_amount_over_divisor(money, price, currency, usd):
    listing = parse_listing(listing_item(price=money))
    assert (listing.price, listing.currency) == (Decimal(price), currency)
    if usd is not None:
        assert listing.price_usd == Decimal(usd)
    elif currency != "USD":
        assert listing.price_usd is None  # no rate for it
    assert str(listing.price) == price


def test_a_converted_usd_price_is_etsys_own_conversion():
    listing = parse_listing(
        listing_item(converted_price={"amount": 4150, "divisor": 100, "currency_code": "USD"})
    )
    assert (listing.price, listing.currency, listing.price_usd) == (
        Decimal("38.00"),
        "EUR",
        Decimal("41.50"),
    )
    # Conversions to other currencies, or broken ones, leave it to our rates.
    for converted in (
        {"amount": 3200, "divisor": 100, "currency_code": "GBP"},
        {"amount": 3200, "divisor": 0, "currency_code": "USD"},
    ):
        assert parse_listing(listing_item(converted_price=converted)).price_usd == Decimal("41.04")


@pytest.mark.parametrize(
    "price",
    [None, {"amount": 0, "divisor": 100, "currency_code": "USD"}],
    ids=["no price", "zero amount"],
)
def test_no_stated_price_is_null_never_zero(price):
    item = listing_item(price=price)
    if price is None:
        del item["price"]
    listing = parse_listing(item)
    assert listing.price is None and listing.price_usd is None


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"listing_id": None}, "item without a listing_id"),
        ({"listing_id": "abc"}, "item without a listing_id"),
        ({"listing_id": True}, "item without a listing_id"),
        ({"title": "  "}, "listing 1600000001: no title"),
        ({"title": 501}, "listing 1600000001: no title"),
        ({"price": "45.00"}, "price: '45.00' is not a Money object"),
        ({"price": {"amount": "a lot", "divisor": 100, "currency_code": "USD"}}, "amount"),
        ({"price": {"amount": -100, "divisor": 100, "currency_code": "USD"}}, "amount"),
        ({"price": {"amount": 4500, "divisor": 0, "currency_code": "USD"}}, "divisor 0"),
        ({"price": {"amount": 4500, "currency_code": "USD"}}, "divisor None"),
        ({"price": {"amount": 4500, "divisor": 100}}, "no currency_code"),
        ({"price": {"amount": 4500, "divisor": 100, "currency_code": "dollars"}}, "currency"),
    ],
)
def test_malformed_items_say_what_is_wrong(changes, reason):
    with pytest.raises(MalformedListing, match=reason):
        parse_listing(listing_item(**changes))


def test_a_page_keeps_its_good_listings_and_reports_the_rest():
    parsed = parse_listings(
        [listing_item(), "text", listing_item(listing_id=5, title=""), listing_item(listing_id=6)]
    )
    assert [listing.external_id for listing in parsed.listings] == ["1600000001", "6"]
    assert [(e.index, e.item_id) for e in parsed.errors] == [(1, None), (2, 5)]
    assert "not an object" in parsed.errors[0].reason


def test_the_content_hash_follows_what_is_for_sale_not_the_favourites():
    base = parse_listing(listing_item())
    assert parse_listing(listing_item(num_favorers=40)).content_hash == base.content_hash
    cheaper = listing_item(price={"amount": 3000, "divisor": 100, "currency_code": "EUR"})
    assert parse_listing(cheaper).content_hash != base.content_hash
    assert parse_listing(listing_item(title="Other")).content_hash != base.content_hash


def test_parse_response_reads_listings_responses_and_single_listings(schemas):
    page = {"count": 2, "results": [listing_item(), spec_listing(schemas)]}
    listings = parse_response(json.dumps(page))
    assert [listing.external_id for listing in listings] == ["1600000001", "1234567890"]
    assert parse_response(json.dumps(spec_listing(schemas)))[0].seller_username == "shop_name"
    assert parse_response(json.dumps({"count": 0, "results": []})) == []
    # A bad item among good ones is skipped, not fatal.
    assert len(parse_response(json.dumps({"count": 2, "results": [listing_item(), 7]}))) == 1


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("<html>429</html>", "not JSON"),
        ("[1, 2]", "a JSON list, not an Etsy response object"),
        ('{"error": "Invalid API key"}', "an Etsy error response: Invalid API key"),
        ('{"itemSummaries": [], "total": 0}', "neither results nor listing_id"),
        ('{"count": 1, "results": {"listing_id": 1}}', "results is not a list"),
        ('{"count": 1, "results": [{"shop_id": 1, "shop_name": "X"}]}', "none of the 1 results"),
        ('{"listing_id": 12}', "not an Etsy listing: listing 12: no title"),
    ],
)
def test_parse_response_rejects_anything_else_with_one_line(text, reason):
    with pytest.raises(NotAResponse, match=reason) as raised:
        parse_response(text)
    assert "\n" not in str(raised.value)


def test_indigo_parse_etsy_prints_one_listing_per_line(tmp_path, schemas):
    response = tmp_path / "active.json"
    response.write_text(
        json.dumps({"count": 2, "results": [listing_item(), spec_listing(schemas)]})
    )
    result = CliRunner().invoke(cli, ["parse", "etsy", str(response)])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.output.splitlines()]
    assert [line["external_id"] for line in lines] == ["1600000001", "1234567890"]
    assert lines[1]["title"] == 'Vintage Levi\'s 501 "Big E" Jeans W30 & L32'

    not_etsy = tmp_path / "search.json"
    not_etsy.write_text('{"itemSummaries": [], "href": "x", "limit": 50, "offset": 0}')
    result = CliRunner().invoke(cli, ["parse", "etsy", str(not_etsy)])
    assert result.exit_code == 2
    assert result.output.count("\n") == 1 and "neither results nor listing_id" in result.output
