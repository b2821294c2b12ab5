"""getItem: the full Item of a live listing, eBay's 404 for any other."""

from __future__ import annotations

from datetime import datetime

from indigo_sandbox.clock import ManualClock

from .conftest import EbayClient, json_type_differences, shared_json, spec_violations


async def test_item_of_a_search_result(ebay: EbayClient) -> None:
    _, page = await ebay.search(q="jeans", limit="200", filter="buyingOptions:{AUCTION}")
    summary = page["itemSummaries"][0]

    async with ebay.session.get(  # the link as given: "|" in the path
        summary["itemHref"], headers={"Authorization": f"Bearer {ebay.access_token}"}
    ) as response:
        assert response.status == 200
        item = await response.json()

    assert item["itemId"] == summary["itemId"]
    assert item["title"] == summary["title"]
    assert item["price"] == summary["price"]
    assert item["currentBidPrice"] == summary["currentBidPrice"]
    assert item["description"]
    aspects = {aspect["name"]: aspect["value"] for aspect in item["localizedAspects"]}
    assert {"Brand", "Size", "Style", "Department"} <= aspects.keys()
    assert item["estimatedAvailabilities"][0]["estimatedAvailabilityStatus"] == "IN_STOCK"
    assert {"city", "country"} <= item["itemLocation"].keys()


async def test_items_use_only_the_specs_fields_and_the_recorded_types(ebay: EbayClient) -> None:
    recorded = shared_json("recorded/ebay/ebay_browse_getitem_v1-312593647853-0_2020-03-17.json")
    _, page = await ebay.search(
        q="jeans", limit="200", filter="buyingOptions:{FIXED_PRICE|AUCTION}"
    )
    for summary in page["itemSummaries"]:
        status, item = await ebay.item(summary["itemId"])
        assert status == 200
        assert not spec_violations(item, "Item")
        assert not json_type_differences(item, recorded)


async def test_unknown_item_is_not_found(ebay: EbayClient) -> None:
    for item_id in ("v1|123456789012|0", "nonsense"):
        status, body = await ebay.item(item_id)
        assert status == 404
        [error] = body["errors"]
        assert error["errorId"] == 11001
        assert error["message"] == "The specified item ID was not found."
        assert error["parameters"] == [{"name": "itemId", "value": item_id}]


async def test_ended_item_is_not_found(ebay: EbayClient, clock: ManualClock) -> None:
    _, page = await ebay.search(q="jeans", sort="endingSoonest", filter="buyingOptions:{AUCTION}")
    first = page["itemSummaries"][0]
    clock.now = datetime.fromisoformat(first["itemEndDate"])
    clock.advance(60)  # into the next catalogue step

    status, body = await ebay.item(first["itemId"])
    assert status == 404
    assert body["errors"][0]["errorId"] == 11001
    _, page = await ebay.search(q="jeans", sort="endingSoonest", filter="buyingOptions:{AUCTION}")
    assert first["itemId"] not in {item["itemId"] for item in page.get("itemSummaries", [])}
