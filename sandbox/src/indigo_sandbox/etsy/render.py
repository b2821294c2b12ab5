"""Listings in Etsy Open API v3 JSON: ``ShopListing``, ``ShopListingWithAssociations``, ``Shop``,
``ListingImage``, ``Money``.

As the spec and Etsy's answers have them: timestamps are epoch seconds; money is ``{"amount":
4500, "divisor": 100, "currency_code": "GBP"}`` (an integer amount of the currency's minor unit, so
JPY has divisor 1); text the seller typed (titles, descriptions, shop titles) comes HTML-escaped
(``Levi&#39;s``, ``32&quot; waist``, ``Rock &amp; Roll``); nullable fields are null rather than
left out; ``url`` carries Etsy's ``utm_*`` parameters for API traffic.
"""

from __future__ import annotations

import colorsys
import re
from collections.abc import Collection
from datetime import datetime
from decimal import Decimal
from typing import Any

from indigo_sandbox.etsy.catalogue import TAXONOMY_IDS, ListingImage, LiveListing, Shop, when_made
from indigo_sandbox.money import convert, quantize

# The associations ``includes`` can ask for, as Etsy spells them.
ASSOCIATIONS = ("Images", "Shop", "User", "Translations", "Videos", "Personalization", "BuyerPrice")
_ESCAPES = str.maketrans({"&": "&amp;", '"': "&quot;", "'": "&#39;", "<": "&lt;", ">": "&gt;"})
_IMAGE_SIZES = ("75x75", "170x135", "570xN", "fullxfull")


def etsy_escape(text: str | None) -> str | None:
    """Text as Etsy's API returns it: ``&``, quotes and angle brackets as HTML entities."""
    return None if text is None else text.translate(_ESCAPES)


def money(amount: Decimal, currency: str) -> dict[str, Any]:
    """``Money``: the amount in the currency's minor unit over a divisor (JPY has none)."""
    amount = quantize(amount, currency)
    divisor = 10 ** -int(amount.as_tuple().exponent)
    return {"amount": int(amount * divisor), "divisor": divisor, "currency_code": currency}


def shop_listing(live: LiveListing, *, now: datetime, currency: str | None) -> dict[str, Any]:
    """``ShopListing``; ``currency``: the buyer's, asked for with the ``currency`` parameter."""
    listing, jeans = live.listing, live.listing.jeans
    created = _epoch(listing.starts_at)
    updated = _epoch(live.updated_at)
    body: dict[str, Any] = {
        "listing_id": listing.listing_id,
        "user_id": listing.shop.user_id,
        "shop_id": listing.shop.shop_id,
        "title": etsy_escape(listing.title),
        "description": etsy_escape(listing.description),
        "state": "active",
        "creation_timestamp": created,
        "created_timestamp": created,
        "ending_timestamp": _epoch(listing.expires_at),
        "original_creation_timestamp": _epoch(listing.first_listed_at),
        "last_modified_timestamp": updated,
        "updated_timestamp": updated,
        "state_timestamp": created,
        "quantity": listing.quantity,
        "shop_section_id": listing.shop_section_id,
        "featured_rank": listing.featured_rank,
        "url": _listing_url(live),
        "num_favorers": live.num_favorers,
        "non_taxable": False,
        "is_taxable": True,
        "is_customizable": False,
        "is_personalizable": False,
        "listing_type": "physical",
        "tags": list(listing.tags),
        "materials": list(listing.materials),
        "shipping_profile_id": listing.shipping_profile_id,
        "return_policy_id": listing.return_policy_id,
        "processing_min": listing.processing_days[0],
        "processing_max": listing.processing_days[1],
        "who_made": listing.who_made,
        "when_made": when_made(listing.when_made, now.year),
        "is_supply": False,
        "item_weight": None,
        "item_weight_unit": None,
        "item_length": None,
        "item_width": None,
        "item_height": None,
        "item_dimensions_unit": None,
        "is_private": False,
        "style": list(listing.styles),
        "file_data": "",
        "has_variations": False,
        "should_auto_renew": listing.should_auto_renew,
        "language": listing.shop.language,
        "price": money(live.price, listing.currency),
        "taxonomy_id": TAXONOMY_IDS[jeans.department],
        "readiness_state_id": listing.shop.shop_id * 10 + listing.processing_days[1],
    }
    if currency is not None:
        body["converted_price"] = money(convert(live.price, listing.currency, currency), currency)
    return body


def listing_with_associations(
    live: LiveListing, *, now: datetime, currency: str | None, includes: Collection[str]
) -> dict[str, Any]:
    """``ShopListingWithAssociations``: the listing, plus what ``includes`` asked for. The nullable
    associations are null when not asked for; ``images`` and ``videos`` are then left out."""
    listing = live.listing
    body = shop_listing(live, now=now, currency=currency)
    body["shipping_profile"] = None
    body["user"] = _user(listing.shop) if "User" in includes else None
    body["shop"] = shop(listing.shop) if "Shop" in includes else None
    if "Images" in includes:
        body["images"] = [
            listing_image(image, listing.listing_id, listing.shop, rank, listing.starts_at)
            for rank, image in enumerate(listing.images, start=1)
        ]
    if "Videos" in includes:
        body["videos"] = []
    body["inventory"] = None
    body["production_partners"] = []
    body["skus"] = []
    body["translations"] = None
    body["views"] = live.views
    body["personalization"] = None
    body["buyer_price"] = None
    return body


def listing_image(
    image: ListingImage, listing_id: int, owner: Shop, rank: int, uploaded_at: datetime
) -> dict[str, Any]:
    red, green, blue = image.rgb
    hue, saturation, brightness = _hsv(image.rgb)
    directory, suffix = image.key.split("_")
    urls = {
        f"url_{size}": (
            f"https://i.etsystatic.com/{owner.shop_id}/r/il/{directory}/{image.image_id}/"
            f"il_{size}.{image.image_id}_{suffix}.jpg"
        )
        for size in _IMAGE_SIZES
    }
    return {
        "listing_id": listing_id,
        "listing_image_id": image.image_id,
        "hex_code": f"{red:02X}{green:02X}{blue:02X}",
        "red": red,
        "green": green,
        "blue": blue,
        "hue": hue,
        "saturation": saturation,
        "brightness": brightness,
        "is_black_and_white": False,
        "creation_tsz": _epoch(uploaded_at),
        "created_timestamp": _epoch(uploaded_at),
        "rank": rank,
        **urls,
        "full_height": image.height,
        "full_width": image.width,
        "alt_text": None,
    }


def shop(owner: Shop) -> dict[str, Any]:
    created = _epoch(owner.created_at)
    return {
        "shop_id": owner.shop_id,
        "user_id": owner.user_id,
        "shop_name": owner.shop_name,
        "create_date": created,
        "created_timestamp": created,
        "title": etsy_escape(owner.title),
        "announcement": etsy_escape(owner.announcement),
        "currency_code": owner.currency,
        "is_vacation": False,
        "vacation_message": None,
        "sale_message": etsy_escape(owner.sale_message),
        "digital_sale_message": None,
        "update_date": created,
        "updated_timestamp": created,
        "listing_active_count": owner.active_listings,
        "digital_listing_count": 0,
        "login_name": owner.shop_name.lower(),
        "accepts_custom_requests": False,
        "policy_welcome": None,
        "policy_payment": None,
        "policy_shipping": None,
        "policy_refunds": None,
        "policy_additional": None,
        "policy_seller_info": None,
        "policy_update_date": created,
        "policy_has_private_receipt_info": False,
        "has_unstructured_policies": False,
        "policy_privacy": None,
        "vacation_autoreply": None,
        "url": (
            f"https://www.etsy.com/shop/{owner.shop_name}"
            "?utm_source=indigo&utm_medium=api&utm_campaign=api"
        ),
        "image_url_760x100": None,
        "num_favorers": owner.num_favorers,
        "languages": [owner.language],
        "icon_url_fullxfull": (
            f"https://i.etsystatic.com/iusa/{owner.icon_key}/{owner.shop_id}/"
            f"iusa_fullxfull.{owner.shop_id}_{owner.icon_key[:4]}.jpg"
        ),
        "is_using_structured_policies": True,
        "has_onboarded_structured_policies": True,
        "include_dispute_form_link": owner.country in ("GB", "DE", "FR", "NL", "IT", "ES", "IE"),
        "is_direct_checkout_onboarded": True,
        "is_etsy_payments_onboarded": True,
        "is_calculated_eligible": owner.country in ("US", "CA"),
        "is_opted_in_to_buyer_promise": True,
        "is_shop_us_based": owner.country == "US",
        "transaction_sold_count": owner.sold_count,
        "shipping_from_country_iso": owner.country,
        "shop_location_country_iso": owner.country,
        "review_count": owner.review_count,
        "review_average": owner.review_average,
    }


def _user(owner: Shop) -> dict[str, Any]:
    # Etsy shows another member's name and e-mail only to apps that member authorised.
    return {
        "user_id": owner.user_id,
        "primary_email": None,
        "first_name": None,
        "last_name": None,
        "image_url_75x75": None,
    }


def _listing_url(live: LiveListing) -> str:
    slug = "-".join(re.findall(r"[a-z0-9]+", live.listing.title.lower().replace("'", "")))
    slug = slug[:80].rstrip("-")
    return (
        f"https://www.etsy.com/listing/{live.listing.listing_id}/{slug}"
        "?utm_source=indigo&utm_medium=api&utm_campaign=api"
    )


def _hsv(rgb: tuple[int, int, int]) -> tuple[int, int, int]:
    """Hue in degrees, saturation and brightness in percent, as ListingImage gives them."""
    hue, saturation, value = colorsys.rgb_to_hsv(*(channel / 255 for channel in rgb))
    return round(hue * 360) % 360, round(saturation * 100), round(value * 100)


def _epoch(at: datetime) -> int:
    return int(at.timestamp())
