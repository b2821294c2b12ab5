"""item_summary/search: paging, keywords, filters, sorts and the wire format, against a full-size
catalogue frozen in time."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from indigo_sandbox.money import USD_PER_UNIT

from .conftest import EbayClient, json_type_differences, shared_json, spec_violations

ALL_FORMATS = "buyingOptions:{FIXED_PRICE|AUCTION}"


def words(title: str) -> set[str]:
    return set(re.findall(r"[a-z0-9]+", re.sub(r"['’]", "", title.lower())))


async def all_items(ebay: EbayClient, **params: str) -> list[dict]:
    items, offset = [], 0
    while True:
        status, body = await ebay.search(limit="200", offset=str(offset), **params)
        assert status == 200, body
        items += body.get("itemSummaries", [])
        if "next" not in body:
            return items
        offset += 200


async def test_pages_follow_next_links_through_every_match(catalogue_ebay: EbayClient) -> None:
    status, page = await catalogue_ebay.search(q="jeans", limit="40", filter=ALL_FORMATS)
    assert status == 200
    total, seen, pages = page["total"], [], 0
    assert 500 < total < 1500
    while True:
        pages += 1
        assert page["limit"] == 40
        assert page["offset"] == 40 * (pages - 1)
        assert ("prev" in page) == (pages > 1)
        seen += [item["itemId"] for item in page["itemSummaries"]]
        if "next" not in page:
            break
        async with catalogue_ebay.session.get(
            page["next"], headers={"Authorization": f"Bearer {catalogue_ebay.access_token}"}
        ) as response:
            page = await response.json()
        assert page["href"].endswith(f"limit=40&offset={40 * pages}")
    assert len(seen) == len(set(seen)) == total
    assert pages == -(-total // 40)


async def test_a_page_holds_up_to_200_items(catalogue_ebay: EbayClient) -> None:
    status, body = await catalogue_ebay.search(q="jeans", limit="200")
    assert status == 200
    assert len(body["itemSummaries"]) == 200


@pytest.mark.parametrize(
    ("params", "error_id"),
    [
        ({"limit": "0"}, 12006),
        ({"limit": "201"}, 12006),
        ({"limit": "ten"}, 12007),
        ({"offset": "-50"}, 12004),
        ({"offset": "lots"}, 12005),
        ({"offset": "25", "limit": "50"}, 12515),
        ({"offset": "10000", "limit": "200"}, 12029),
        ({"sort": "cheapest"}, 12008),
        ({"filter": "color:{Blue}"}, 12002),
        ({"filter": "price:[cheap]"}, 12002),
        ({"filter": "conditionIds:1000"}, 12002),
        ({"filter": "buyingOptions:{BARTER}"}, 12002),
        ({"q": ""}, 12001),
    ],
)
async def test_bad_parameters_get_ebays_400(
    catalogue_ebay: EbayClient, params: dict[str, str], error_id: int
) -> None:
    status, body = await catalogue_ebay.search(**{"q": "levis", **params})
    assert status == 400
    [error] = body["errors"]
    assert error["errorId"] == error_id
    assert error["domain"] == "API_BROWSE"
    assert error["category"] == "REQUEST"
    assert error["message"] and error["longMessage"]
    assert not spec_violations(error, "Error")


async def test_every_keyword_must_be_in_the_title(catalogue_ebay: EbayClient) -> None:
    levis = await all_items(catalogue_ebay, q="Levis")
    levis_501 = await all_items(catalogue_ebay, q="LEVI'S 501")
    assert 0 < len(levis_501) < len(levis)
    assert all({"levis", "501"} <= words(item["title"]) for item in levis_501)


async def test_keywords_in_parentheses_want_either(catalogue_ebay: EbayClient) -> None:
    lee = await all_items(catalogue_ebay, q="lee")
    wrangler = await all_items(catalogue_ebay, q="wrangler")
    either = await all_items(catalogue_ebay, q="(lee, wrangler)")
    assert {i["itemId"] for i in either} == {i["itemId"] for i in lee + wrangler}


async def test_no_match_leaves_item_summaries_out(catalogue_ebay: EbayClient) -> None:
    status, body = await catalogue_ebay.search(q="iphone")
    assert status == 200
    assert body["total"] == 0
    assert "itemSummaries" not in body and "next" not in body


async def test_price_filter_bounds_the_price(catalogue_ebay: EbayClient) -> None:
    for price, low, high in [("[20..50]", 20, 50), ("[..30]", 0, 30), ("[100]", 100, 10**6)]:
        items = await all_items(
            catalogue_ebay, q="jeans", filter=f"price:{price},priceCurrency:USD"
        )
        assert items
        assert all(low <= Decimal(item["price"]["value"]) <= high for item in items)


async def test_price_filter_without_currency_is_ignored_with_a_warning(
    catalogue_ebay: EbayClient,
) -> None:
    _, unfiltered = await catalogue_ebay.search(q="jeans")
    status, body = await catalogue_ebay.search(q="jeans", filter="price:[20..50]")
    assert status == 200
    assert body["total"] == unfiltered["total"]
    assert [warning["errorId"] for warning in body["warnings"]] == [12012]


async def test_condition_filters(catalogue_ebay: EbayClient) -> None:
    new = await all_items(catalogue_ebay, q="jeans", filter="conditionIds:{1000|1500}")
    used = await all_items(catalogue_ebay, q="jeans", filter="conditions:{USED}")
    unspecified = await all_items(catalogue_ebay, q="jeans", filter="conditions:{UNSPECIFIED}")
    everything = await all_items(catalogue_ebay, q="jeans")
    assert new and used and unspecified
    assert {item["conditionId"] for item in new} == {"1000", "1500"}
    assert {item["conditionId"] for item in used} == {"2990", "3000", "3010"}
    assert not any("conditionId" in item for item in unspecified)
    assert len(new) + len(used) + len(unspecified) == len(everything)


async def test_auctions_only_come_when_asked_for(catalogue_ebay: EbayClient) -> None:
    default = await all_items(catalogue_ebay, q="jeans")
    auctions = await all_items(catalogue_ebay, q="jeans", filter="buyingOptions:{AUCTION}")
    both = await all_items(catalogue_ebay, q="jeans", filter=ALL_FORMATS)
    assert all("FIXED_PRICE" in item["buyingOptions"] for item in default)
    assert all("AUCTION" in item["buyingOptions"] for item in auctions)
    assert all({"currentBidPrice", "bidCount", "itemEndDate"} <= item.keys() for item in auctions)
    assert {i["itemId"] for i in both} == {i["itemId"] for i in default + auctions}
    # An auction with Buy It Now shows by default until its first bid.
    assert any(item["buyingOptions"] == ["AUCTION", "FIXED_PRICE"] for item in default)


def total_cost(item: dict) -> Decimal:
    shipping = item["shippingOptions"][0].get("shippingCost", {"value": "0"})
    return Decimal(item["price"]["value"]) + Decimal(shipping["value"])


async def test_sorts(catalogue_ebay: EbayClient) -> None:
    cheapest = await all_items(catalogue_ebay, q="levis", sort="price")
    dearest = await all_items(catalogue_ebay, q="levis", sort="-price")
    newest = await all_items(catalogue_ebay, q="levis", sort="newlyListed")
    ending = await all_items(catalogue_ebay, q="levis", sort="endingSoonest", filter=ALL_FORMATS)

    # Price sorts go by price plus shipping, compared in USD before rounding, so allow a cent.
    costs = [total_cost(item) for item in cheapest]
    assert all(a <= b + Decimal("0.01") for a, b in zip(costs, costs[1:], strict=False))
    costs = [total_cost(item) for item in dearest]
    assert all(a + Decimal("0.01") >= b for a, b in zip(costs, costs[1:], strict=False))
    created = [item["itemCreationDate"] for item in newest]
    assert created == sorted(created, reverse=True)
    ends = [item["itemEndDate"] for item in ending if "itemEndDate" in item]
    assert ends and ends == sorted(ends)
    assert all("itemEndDate" not in item for item in ending[len(ends) :])


async def test_foreign_sellers_prices_are_converted_for_the_buyer(
    catalogue_ebay: EbayClient,
) -> None:
    items = await all_items(catalogue_ebay, q="jeans", filter=ALL_FORMATS)
    foreign = [item for item in items if "convertedFromCurrency" in item["price"]]
    assert 0.08 < len(foreign) / len(items) < 0.25
    assert {item["price"]["convertedFromCurrency"] for item in foreign} == {
        "GBP", "EUR", "CAD", "AUD", "JPY"
    }  # fmt: skip
    for item in foreign:
        price = item["price"]
        assert price["currency"] == "USD"
        assert item["itemLocation"]["country"] != "US"
        original = (
            Decimal(price["convertedFromValue"]) * USD_PER_UNIT[price["convertedFromCurrency"]]
        )
        assert abs(Decimal(price["value"]) - original) <= Decimal("0.01")


async def test_marketplace_header_sets_the_buyers_currency(catalogue_ebay: EbayClient) -> None:
    status, body, _ = await catalogue_ebay.get(
        "/buy/browse/v1/item_summary/search",
        headers={"X-EBAY-C-MARKETPLACE-ID": "EBAY_GB"},
        q="jeans",
        limit="200",
    )
    assert status == 200
    prices = [item["price"] for item in body["itemSummaries"]]
    assert {price["currency"] for price in prices} == {"GBP"}
    assert {p.get("convertedFromCurrency") for p in prices} >= {None, "USD"}


async def test_items_use_only_the_specs_fields_and_types(catalogue_ebay: EbayClient) -> None:
    status, page = await catalogue_ebay.search(q="jeans", limit="3", filter="price:[10..50]")
    assert not spec_violations(page, "SearchPagedCollection")
    items = await all_items(catalogue_ebay, q="jeans", filter=ALL_FORMATS)
    problems = {problem for item in items for problem in spec_violations(item, "ItemSummary")}
    assert not problems


async def test_items_match_the_recorded_search_response(catalogue_ebay: EbayClient) -> None:
    recorded = shared_json("recorded/ebay/ebay_browse_search_q-iphone_2020-03-17.json")
    _, page = await catalogue_ebay.search(q="jeans", limit="200", filter=ALL_FORMATS)
    assert not json_type_differences(
        {**page, "itemSummaries": []}, {**recorded, "itemSummaries": []}
    )
    for item in page["itemSummaries"]:
        for example in recorded["itemSummaries"]:
            assert not json_type_differences(item, example)
        assert re.fullmatch(r"v1\|\d{12}\|\d+", item["itemId"])
        assert item["itemId"].split("|")[1] == item["legacyItemId"]
        assert item["itemHref"].endswith(f"/ebay/buy/browse/v1/item/{item['itemId']}")
        assert re.fullmatch(r"\d+\.\d\d", item["price"]["value"])
        assert len(item["title"]) <= 80


async def test_catalogue_shows_the_variety_of_real_listings(catalogue_ebay: EbayClient) -> None:
    items = await all_items(catalogue_ebay, q="jeans", filter=ALL_FORMATS)
    auctions = [item for item in items if "AUCTION" in item["buyingOptions"]]
    assert 0.1 < len(auctions) / len(items) < 0.22
    assert any(item["bidCount"] > 0 for item in auctions)
    assert any("shippingCost" not in item["shippingOptions"][0] for item in items)
    assert any("conditionId" not in item for item in items)
    assert any("watchCount" in item for item in items)
    assert any("marketingPrice" in item for item in items)
    levis = [item for item in items if {"levis", "levi"} & words(item["title"])]
    assert len(levis) / len(items) > 0.35
