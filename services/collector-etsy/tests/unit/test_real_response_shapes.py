"""Shapes real Etsy v3 responses take that the sandbox does not produce: ``includes=Shipping``
(the shipping profile's origin country is where the listing ships from), null associations,
sold-out and expired states, other currencies and divisors."""

from __future__ import annotations

from decimal import Decimal

from indigo_collector_etsy.domain.mapping import parse_listing

LISTING = {
    "listing_id": 1234567890, "user_id": 11, "shop_id": 22,
    "title": "Vintage 90s Levi&#39;s 501 W32 L30", "description": "Waist 32&quot;",
    "state": "active", "quantity": 1, "url": "https://www.etsy.com/listing/1234567890/vintage",
    "created_timestamp": 1_795_000_000, "original_creation_timestamp": 1_700_000_000,
    "ending_timestamp": 1_805_000_000, "num_favorers": 7, "when_made": "1990s",
    "who_made": "someone_else", "tags": ["levis"], "materials": ["cotton"], "taxonomy_id": 429,
    "shop_section_id": None, "is_customizable": False, "has_variations": False,
    "price": {"amount": 4500, "divisor": 100, "currency_code": "USD"},
}  # fmt: skip


def test_the_shipping_profiles_origin_is_the_location_without_the_shop():
    shipping = {"shipping_profile_id": 5, "origin_country_iso": "GB", "origin_postal_code": None,
                "shipping_profile_destinations": [{"destination_country_iso": "GB",
                    "primary_cost": {"amount": 399, "divisor": 100, "currency_code": "GBP"}}]}  # fmt: skip
    listing = parse_listing({**LISTING, "shipping_profile": shipping, "shop": None})
    assert listing.location == "GB"
    assert listing.shipping_cost is None  # the profile's costs are per destination: not guessed


def test_the_shops_country_wins_over_the_shipping_origin():
    listing = parse_listing(
        {**LISTING, "shop": {"shop_name": "DenimBarn", "shop_location_country_iso": "US"},
         "shipping_profile": {"origin_country_iso": "GB"}}
    )  # fmt: skip
    assert (listing.location, listing.seller_username) == ("US", "DenimBarn")


def test_null_associations_leave_the_fields_empty():
    listing = parse_listing({**LISTING, "shop": None, "user": None, "shipping_profile": None,
                             "images": []})  # fmt: skip
    assert (listing.location, listing.seller_username, listing.image_urls) == (None, None, [])
    assert listing.price == Decimal("45.00")


def test_states_and_other_currencies():
    sold = parse_listing({**LISTING, "state": "sold_out", "quantity": 0})
    assert sold.buying_format == "sold" and sold.price == Decimal("45.00")
    expired = parse_listing({**LISTING, "state": "expired"})
    assert expired.buying_format == "fixed_price"
    yen = parse_listing(
        {**LISTING, "price": {"amount": 6000, "divisor": 1, "currency_code": "JPY"}}
    )
    assert (yen.price, yen.currency) == (Decimal(6000), "JPY")
    assert parse_listing({**LISTING, "when_made": "made_to_order"}).raw_data["when_made"] == (
        "made_to_order"
    )
