"""Listings in the Browse API's JSON: ``ItemSummary`` for search, ``Item`` for getItem.

Field names, nesting and value types follow the published spec and the recorded responses: money
is ``{"value": "45.00", "currency": "USD"}`` with the value a string and, for a seller who lists in
another currency, ``convertedFromValue`` / ``convertedFromCurrency`` holding the seller's amount
(the spec's ConvertedAmount); ``itemId`` is ``v1|<legacy id>|<variation id>``; dates are
``2026-11-29T12:00:00.000Z``. Fields eBay omits when empty are left out, not set to null.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from indigo_sandbox.denim import size_label
from indigo_sandbox.ebay.catalogue import CATEGORIES, LiveListing
from indigo_sandbox.money import convert, format_amount

BROWSE_ROOT = "/buy/browse/v1"
# Shipping to a US buyer, by the seller's country: (service, carrier, days to deliver).
SHIPPING_SERVICES = {
    "US": ("USPS Ground Advantage", "USPS", (2, 5)),
    "GB": ("Royal Mail International Tracked", "Royal Mail", (7, 14)),
    "DE": ("DHL Paket International", "DHL", (7, 14)),
    "FR": ("Colissimo International", "La Poste", (7, 14)),
    "IT": ("Poste Italiane International", "Poste Italiane", (8, 18)),
    "CA": ("Canada Post Tracked Packet USA", "Canada Post", (5, 10)),
    "AU": ("Australia Post International Standard", "Australia Post", (8, 20)),
    "JP": ("Japan Post EMS", "Japan Post", (4, 9)),
}
WASH_ASPECTS = {"rigid": "Rigid", "dark": "Dark", "medium": "Medium", "light": "Light",
                "stonewash": "Stonewashed", "acid": "Acid Wash", "black": "Black"}  # fmt: skip


def item_summary(live: LiveListing, *, api_base: str, currency: str) -> dict[str, Any]:
    listing = live.listing
    summary: dict[str, Any] = {
        "itemId": listing.item_id,
        "title": listing.title,
        "leafCategoryIds": [CATEGORIES[listing.jeans.department][0][0]],
        "categories": _categories(live),
        "image": _image(listing.image_ids[0], "s-l225"),
        "price": _amount(live.price, listing.currency, currency),
        "itemHref": f"{api_base}{BROWSE_ROOT}/item/{listing.item_id}",
        "seller": _seller(live),
        **_marketing_price(live, currency),
        **_condition(live),
        "shippingOptions": [_shipping_cost(live, currency)],
        "buyingOptions": list(live.buying_options),
        **_auction_state(live, currency),
        "itemWebUrl": _web_url(live),
        "itemLocation": {
            "postalCode": listing.seller.postal_code,
            "country": listing.seller.country,
        },
        "additionalImages": [_image(image_id, "s-l225") for image_id in listing.image_ids[1:]],
        "adultOnly": False,
        "legacyItemId": listing.legacy_item_id,
        "availableCoupons": False,
        "itemCreationDate": _timestamp(listing.starts_at),
        "itemOriginDate": _timestamp(listing.starts_at),
        "topRatedBuyingExperience": _top_rated(live),
        "priorityListing": listing.best_match > 0.95,  # promoted listings rank high
    }
    if live.watch_count is not None:
        summary["watchCount"] = live.watch_count
    if listing.variation_id != "0":
        summary["itemGroupHref"] = (
            f"{api_base}{BROWSE_ROOT}/item/get_items_by_item_group"
            f"?item_group_id={listing.legacy_item_id}"
        )
        summary["itemGroupType"] = "SELLER_DEFINED_VARIATIONS"
    return summary


def item_detail(
    live: LiveListing, *, api_base: str, currency: str, now: datetime
) -> dict[str, Any]:
    listing, jeans, seller = live.listing, live.listing.jeans, live.listing.seller
    categories = CATEGORIES[jeans.department]
    revisions = sum(1 for since, _ in listing.asking_prices if since <= now)
    item: dict[str, Any] = {
        "itemId": listing.item_id,
        "sellerItemRevision": str(max(1, revisions)),
        "title": listing.title,
        "price": _amount(live.price, listing.currency, currency),
        **_marketing_price(live, currency),
        "categoryPath": "|".join(name for _, name in reversed(categories)),
        "categoryIdPath": "|".join(category_id for category_id, _ in reversed(categories)),
        **_condition(live),
        "itemLocation": {
            "city": seller.city,
            "stateOrProvince": seller.state_or_province,
            "postalCode": seller.postal_code,
            "country": seller.country,
        },
        "image": _image(listing.image_ids[0], "s-l1600"),
        "additionalImages": [_image(image_id, "s-l1600") for image_id in listing.image_ids[1:]],
        "color": "Black" if jeans.wash == "black" else "Blue",
        "brand": jeans.brand,
        "size": _size(live),
        "sizeType": "Regular",
        "gender": jeans.department,
        "material": "100% Cotton",
        "itemCreationDate": _timestamp(listing.starts_at),
        **_auction_state(live, currency),
        "seller": _seller(live),
        "estimatedAvailabilities": [_availability(live)],
        "shippingOptions": [_shipping_option(live, currency, now)],
        "shipToLocations": {
            "regionIncluded": [
                {"regionName": "United States", "regionType": "COUNTRY"}
                if seller.country == "US"
                else {"regionName": "Worldwide", "regionType": "WORLDWIDE"}
            ]
        },
        "returnTerms": _return_terms(live),
        "localizedAspects": _aspects(live),
        "topRatedBuyingExperience": _top_rated(live),
        "buyingOptions": list(live.buying_options),
        "itemWebUrl": _web_url(live),
        "description": listing.description,
        "enabledForGuestCheckout": True,
        "eligibleForInlineCheckout": True,
        "lotSize": 0,
        "legacyItemId": listing.legacy_item_id,
        "adultOnly": False,
        "categoryId": categories[0][0],
    }
    if live.watch_count is not None:
        item["watchCount"] = live.watch_count
    if jeans.flaws:
        item["conditionDescription"] = f"Flaws: {', '.join(jeans.flaws)}."
    return item


def _amount(value: Decimal, from_currency: str, currency: str) -> dict[str, str]:
    if from_currency == currency:
        return {"value": format_amount(value, currency), "currency": currency}
    return {
        "value": format_amount(convert(value, from_currency, currency), currency),
        "currency": currency,
        "convertedFromValue": format_amount(value, from_currency),
        "convertedFromCurrency": from_currency,
    }


def _timestamp(at: datetime) -> str:
    return at.strftime("%Y-%m-%dT%H:%M:%S.000Z")


def _image(image_id: str, size: str) -> dict[str, str]:
    return {"imageUrl": f"https://i.ebayimg.com/images/g/{image_id}/{size}.jpg"}


def _web_url(live: LiveListing) -> str:
    listing = live.listing
    url = f"https://www.ebay.com/itm/{listing.legacy_item_id}"
    return url if listing.variation_id == "0" else f"{url}?var={listing.variation_id}"


def _categories(live: LiveListing) -> list[dict[str, str]]:
    return [
        {"categoryId": category_id, "categoryName": name}
        for category_id, name in CATEGORIES[live.listing.jeans.department]
    ]


def _seller(live: LiveListing) -> dict[str, Any]:
    seller = live.listing.seller
    return {
        "username": seller.username,
        "feedbackPercentage": seller.feedback_percentage,
        "feedbackScore": seller.feedback_score,
    }


def _top_rated(live: LiveListing) -> bool:
    seller = live.listing.seller
    return seller.feedback_score >= 5000 and Decimal(seller.feedback_percentage) >= Decimal("99.5")


def _condition(live: LiveListing) -> dict[str, str]:
    if live.listing.condition is None:
        return {}
    condition_id, condition = live.listing.condition
    return {"condition": condition, "conditionId": condition_id}


def _marketing_price(live: LiveListing, currency: str) -> dict[str, Any]:
    """A seller's price cut shows as a markdown from the original price."""
    if live.original_price is None:
        return {}
    discount = live.original_price - live.price
    seller_currency = live.listing.currency
    return {
        "marketingPrice": {
            "originalPrice": _amount(live.original_price, seller_currency, currency),
            "discountPercentage": str(round(100 * discount / live.original_price)),
            "discountAmount": _amount(discount, seller_currency, currency),
            "priceTreatment": "MARKDOWN",
        }
    }


def _auction_state(live: LiveListing, currency: str) -> dict[str, Any]:
    if live.current_bid is None:
        return {}
    return {
        "currentBidPrice": _amount(live.current_bid, live.listing.currency, currency),
        "bidCount": live.bid_count,
        "itemEndDate": _timestamp(live.listing.ends_at),
    }


def _shipping_cost(live: LiveListing, currency: str) -> dict[str, Any]:
    cost = live.listing.shipping_cost
    if cost is None:
        return {"shippingCostType": "CALCULATED"}
    return {
        "shippingCostType": "FIXED",
        "shippingCost": _amount(cost, live.listing.currency, currency),
    }


def _shipping_option(live: LiveListing, currency: str, now: datetime) -> dict[str, Any]:
    service, carrier, (fastest, slowest) = SHIPPING_SERVICES[live.listing.seller.country]
    return {
        "shippingServiceCode": service,
        "shippingCarrierCode": carrier,
        "type": "Standard Shipping",
        **_shipping_cost(live, currency),
        "quantityUsedForEstimate": 1,
        "minEstimatedDeliveryDate": _timestamp(_morning(now + timedelta(days=fastest))),
        "maxEstimatedDeliveryDate": _timestamp(_morning(now + timedelta(days=slowest))),
    }


def _morning(at: datetime) -> datetime:
    return at.replace(hour=8, minute=0, second=0, microsecond=0)


def _availability(live: LiveListing) -> dict[str, Any]:
    # A listing with size variations has a few pairs; a vintage pair is one of a kind.
    several = live.listing.variation_id != "0"
    return {
        "deliveryOptions": ["SHIP_TO_HOME"],
        "estimatedAvailabilityStatus": "IN_STOCK",
        "estimatedAvailableQuantity": 3 if several else 1,
        "estimatedSoldQuantity": 2 if several else 0,
    }


def _return_terms(live: LiveListing) -> dict[str, Any]:
    if live.listing.seller.feedback_score < 1000:
        return {"returnsAccepted": False}
    return {
        "returnsAccepted": True,
        "refundMethod": "MONEY_BACK",
        "returnShippingCostPayer": "BUYER",
        "returnPeriod": {"value": 30, "unit": "CALENDAR_DAY"},
    }


def _size(live: LiveListing) -> str:
    """The waist, or a women's size: ``"32"``, ``"10"``."""
    return size_label(live.listing.jeans).removeprefix("Size ").split("x")[0]


def _aspects(live: LiveListing) -> list[dict[str, str]]:
    jeans = live.listing.jeans
    aspects = {
        "Brand": jeans.brand,
        "Department": jeans.department,
        "Size": _size(live),
        "Size Type": "Regular",
        "Waist Size": f"{jeans.waist} in" if jeans.waist else None,
        "Inseam": f"{jeans.inseam} in" if jeans.inseam else None,
        "Model": jeans.lot,
        "Product Line": jeans.line,
        "Style": jeans.style,
        "Closure": "Button" if jeans.fly == "Button Fly" else "Zip",
        "Fabric Wash": WASH_ASPECTS[jeans.wash],
        "Color": "Black" if jeans.wash == "black" else "Blue",
        "Material": "100% Cotton",
        "Country/Region of Manufacture": (
            "United States" if jeans.made_in == "USA" else jeans.made_in
        ),
        "Vintage": "Yes" if jeans.era else "No",
        "Decade": jeans.era,
        "Features": "Selvedge" if jeans.selvedge else None,
    }
    return [
        {"type": "STRING", "name": name, "value": value}
        for name, value in aspects.items()
        if value is not None
    ]
