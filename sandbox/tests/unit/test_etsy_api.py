"""The Etsy sandbox's API: keys, findAllListingsActive, the batch and single-listing calls, all in the
wire format of the Etsy Open API v3 spec (``../shared/data/specs``)."""

from __future__ import annotations

import html
import re
from collections.abc import AsyncIterator
from datetime import timedelta
from decimal import Decimal
from typing import Any

import aiohttp
import pytest
import pytest_asyncio
from indigo_sandbox.clock import ManualClock
from indigo_sandbox.ebay import EbaySandboxConfig
from indigo_sandbox.etsy import EtsySandboxConfig
from indigo_sandbox.money import USD_PER_UNIT
from indigo_sandbox.testing import running_sandbox

from .conftest import START, shared_json

KEY = "indigo-sandbox-etsy-key"
SECRET = "indigo-sandbox-etsy-secret"
API = "/v3/application"
SPEC_FILE = "specs/etsy_openapi_v3_oas3__amitray007-etsy-python-sdk_specs-baseline.json"
JSON_TYPES = {"string": str, "integer": int, "number": (int, float), "boolean": bool}
# Many requests in a row: a per-second limit would only slow these tests down.
UNTHROTTLED = EtsySandboxConfig(limit_per_second=10_000, limit_per_day=1_000_000)


class EtsyClient:
    """Talks to the sandbox the way a collector talks to openapi.etsy.com."""

    def __init__(self, session: aiohttp.ClientSession, etsy_url: str) -> None:
        self.session = session
        self.etsy_url = etsy_url

    async def get(
        self, path: str, *, api_key: str | None = f"{KEY}:{SECRET}", **params: str
    ) -> tuple[int, Any]:
        headers = {"x-api-key": api_key} if api_key is not None else {}
        async with self.session.get(
            f"{self.etsy_url}{API}{path}", params=params, headers=headers
        ) as response:
            return response.status, await response.json()

    async def active(self, **params: str) -> dict[str, Any]:
        status, body = await self.get("/listings/active", **params)
        assert status == 200, body
        return body

    async def everything(self, **params: str) -> list[dict[str, Any]]:
        results: list[dict[str, Any]] = []
        while True:
            page = await self.active(limit="100", offset=str(len(results)), **params)
            results += page["results"]
            if len(results) >= page["count"] or not page["results"]:
                return results


@pytest_asyncio.fixture(scope="module")
async def etsy() -> AsyncIterator[EtsyClient]:
    """A full-size Etsy catalogue frozen in time, shared by the module's read-only tests."""
    async with (
        running_sandbox(
            ebay=EbaySandboxConfig(catalogue_size=10), etsy=UNTHROTTLED, clock=ManualClock(START)
        ) as sandbox,
        aiohttp.ClientSession() as session,
    ):
        yield EtsyClient(session, sandbox.etsy_url)


def spec_violations(value: Any, schema_name: str) -> list[str]:
    """Where ``value`` uses a field the Etsy spec's schema does not define, a value of another type
    than it declares, null where it is not nullable, or a value outside its enum."""
    schemas = shared_json(SPEC_FILE)["components"]["schemas"]

    def resolve(schema: dict[str, Any]) -> dict[str, Any]:
        if "$ref" in schema:
            return schemas[schema["$ref"].rsplit("/", 1)[1]]
        if "oneOf" in schema:  # the spec wraps each reference in a one-element oneOf
            return {**resolve(schema["oneOf"][0]), "nullable": schema.get("nullable", False)}
        return schema

    def check(value: Any, schema: dict[str, Any], where: str) -> list[str]:
        schema = resolve(schema)
        if value is None:
            return [] if schema.get("nullable") else [f"{where}: null is not allowed"]
        if "properties" in schema:
            if not isinstance(value, dict):
                return [f"{where}: {value!r} is not an object"]
            return [
                problem
                for key, item in value.items()
                for problem in (
                    check(item, schema["properties"][key], f"{where}.{key}")
                    if key in schema["properties"]
                    else [f"{where}.{key}: not in the spec"]
                )
            ]
        if schema.get("type") == "array":
            if not isinstance(value, list):
                return [f"{where}: {value!r} is not an array"]
            return [p for item in value for p in check(item, schema["items"], f"{where}[]")]
        expected = JSON_TYPES[schema["type"]]
        if not isinstance(value, expected) or (expected is int and isinstance(value, bool)):
            return [f"{where}: {value!r} is not a {schema['type']}"]
        if "enum" in schema and value not in schema["enum"]:
            return [f"{where}: {value!r} is not one of {schema['enum']}"]
        if "minimum" in schema and value < schema["minimum"]:
            return [f"{where}: {value!r} is below {schema['minimum']}"]
        return []

    return check(value, {"$ref": f"#/components/schemas/{schema_name}"}, schema_name)


def text_words(text: str) -> set[str]:
    return set(re.findall(r"[a-z0-9]+", re.sub(r"['’]", "", html.unescape(text).lower())))


@pytest.mark.parametrize(
    ("api_key", "status", "error"),
    [
        (None, 401, "Missing x-api-key header."),
        (KEY, 403, "Shared secret is required in x-api-key header."),
        (f"{KEY}:wrong-secret", 403, "Invalid API key"),
        (f"someone-else:{SECRET}", 403, "Invalid API key"),
    ],
)
async def test_every_call_needs_the_keystring_and_its_shared_secret(
    etsy: EtsyClient, api_key: str | None, status: int, error: str
) -> None:
    assert await etsy.get("/listings/active", api_key=api_key) == (status, {"error": error})
    assert (await etsy.get("/openapi-ping"))[0] == 200


async def test_active_listings_are_shop_listings_as_the_spec_defines_them(
    etsy: EtsyClient,
) -> None:
    page = await etsy.active(keywords="jeans", limit="100")
    assert spec_violations(page, "ShopListings") == []
    assert len(page["results"]) == 100 and page["count"] > 500
    listing = page["results"][0]
    # ShopListing carries no associations; those come from the batch call.
    assert not {"images", "shop", "user", "views"} & listing.keys()
    assert listing["state"] == "active"
    assert listing["url"].startswith(f"https://www.etsy.com/listing/{listing['listing_id']}/")
    assert set(listing["price"]) == {"amount", "divisor", "currency_code"}


async def test_the_batch_call_adds_images_and_shops_as_the_spec_defines_them(
    etsy: EtsyClient,
) -> None:
    page = await etsy.active(keywords="levis", limit="100")
    ids = [listing["listing_id"] for listing in page["results"]]
    status, batch = await etsy.get(
        "/listings/batch", listing_ids=",".join(map(str, ids)), includes="Images,Shop"
    )
    assert status == 200
    assert spec_violations(batch, "ShopListingsWithAssociations") == []
    assert [listing["listing_id"] for listing in batch["results"]] == ids
    for listing in batch["results"]:
        assert listing["shop"]["shop_id"] == listing["shop_id"]
        assert listing["user"] is None  # not asked for
        ranks = [image["rank"] for image in listing["images"]]
        assert ranks == list(range(1, len(ranks) + 1)) and len(ranks) >= 3
        assert all(
            image["url_fullxfull"].startswith("https://i.etsystatic.com/")
            for image in listing["images"]
        )
    # The same listing, from the active search and from the batch, agrees on every common field.
    first, batched = page["results"][0], batch["results"][0]
    assert {key: batched[key] for key in first} == first


async def test_a_single_listing_with_associations(etsy: EtsyClient) -> None:
    listing_id = (await etsy.active(limit="1"))["results"][0]["listing_id"]
    status, listing = await etsy.get(f"/listings/{listing_id}", includes="Shop,User")
    assert status == 200
    assert spec_violations(listing, "ShopListingWithAssociations") == []
    assert listing["shop"]["shop_name"] and listing["user"]["user_id"] == listing["user_id"]
    assert "images" not in listing


async def test_unknown_ids_and_bad_parameters_get_etsy_errors(etsy: EtsyClient) -> None:
    assert await etsy.get("/listings/123") == (
        404,
        {"error": "Could not find a listing with listing_id = 123."},
    )
    for path, params in [
        ("/listings/active", {"limit": "0"}),
        ("/listings/active", {"limit": "101"}),
        ("/listings/active", {"limit": "ten"}),
        ("/listings/active", {"offset": "12001"}),
        ("/listings/active", {"keywords": "jeans", "sort_on": "popularity"}),
        ("/listings/active", {"keywords": "jeans", "sort_order": "sideways"}),
        ("/listings/active", {"min_price": "cheap"}),
        ("/listings/active", {"min_price": "50", "max_price": "10"}),
        ("/listings/active", {"currency": "XYZ"}),
        ("/listings/batch", {}),
        ("/listings/batch", {"listing_ids": "12,abc"}),
        ("/listings/batch", {"listing_ids": ",".join(str(n) for n in range(1, 102))}),
        ("/listings/batch", {"listing_ids": "12", "includes": "Images,Reviews"}),
        ("/listings/abc", {}),
    ]:
        status, body = await etsy.get(path, **params)
        assert status == 400, (path, params, body)
        assert list(body) == ["error"] and body["error"], body
    # Etsy serves results up to offset 12,000: past the matches, an empty page.
    assert (await etsy.active(keywords="jeans", offset="12000"))["results"] == []


async def test_pages_cover_every_match_once(etsy: EtsyClient) -> None:
    results = await etsy.everything(keywords="jeans")
    ids = [listing["listing_id"] for listing in results]
    assert len(ids) == len(set(ids)) == (await etsy.active(keywords="jeans"))["count"]
    # Newest first by default.
    created = [listing["created_timestamp"] for listing in results]
    assert created == sorted(created, reverse=True)


async def test_keywords_must_all_be_in_the_title_or_the_tags(etsy: EtsyClient) -> None:
    results = await etsy.everything(keywords="Levis 501")
    assert results
    for listing in results:
        assert {"levis", "501"} <= text_words(" ".join([listing["title"], *listing["tags"]]))
    # Apostrophes do not matter: "levis" finds "Levi's" in a title.
    assert any("levi&#39;s" in listing["title"].lower() for listing in results)
    assert len(await etsy.everything(keywords="levis")) > len(results)


async def test_sorting_by_price_in_usd_and_by_score(etsy: EtsyClient) -> None:
    def usd(listing: dict[str, Any]) -> Decimal:
        price = listing["price"]
        amount = Decimal(price["amount"]) / price["divisor"]
        return amount * USD_PER_UNIT[price["currency_code"]]

    cheapest = await etsy.everything(keywords="wrangler", sort_on="price", sort_order="asc")
    prices = [usd(listing) for listing in cheapest]
    assert prices == sorted(prices) and len(prices) > 10
    dearest = await etsy.everything(keywords="wrangler", sort_on="price", sort_order="down")
    assert [usd(listing) for listing in dearest] == sorted(prices, reverse=True)
    by_score = await etsy.everything(keywords="wrangler", sort_on="score", sort_order="asc")
    assert {listing["listing_id"] for listing in by_score} == {
        listing["listing_id"] for listing in cheapest
    }
    # Without a search option, sort_on does nothing: newest first.
    unsorted = (await etsy.active(sort_on="price", sort_order="asc", limit="50"))["results"]
    created = [listing["created_timestamp"] for listing in unsorted]
    assert created == sorted(created, reverse=True)


async def test_price_filters_are_in_usd_unless_a_currency_is_asked_for(etsy: EtsyClient) -> None:
    in_range = await etsy.everything(keywords="jeans", min_price="40", max_price="80")
    assert in_range
    for listing in in_range:
        price = listing["price"]
        usd = Decimal(price["amount"]) / price["divisor"] * USD_PER_UNIT[price["currency_code"]]
        assert Decimal("39.9") <= usd <= Decimal("80.1")
        assert "converted_price" not in listing

    in_pounds = await etsy.everything(keywords="jeans", max_price="30", currency="GBP")
    assert in_pounds
    for listing in in_pounds:
        converted = listing["converted_price"]
        assert converted["currency_code"] == "GBP" and converted["divisor"] == 100
        assert converted["amount"] <= 3000


async def test_text_comes_html_escaped_as_etsy_sends_it(etsy: EtsyClient) -> None:
    results = await etsy.everything()
    texts = [listing["title"] for listing in results] + [
        listing["description"] for listing in results
    ]
    for entity in ("&#39;", "&quot;", "&amp;"):
        assert any(entity in text for text in texts), entity
    assert not any(re.search(r"['\"<>]|&(?!amp;|quot;|#39;|lt;|gt;)", text) for text in texts)
    assert all(len(html.unescape(listing["title"])) <= 140 for listing in results)


async def test_a_sold_listing_is_gone() -> None:
    clock = ManualClock(START)
    async with (
        running_sandbox(
            ebay=EbaySandboxConfig(catalogue_size=10),
            etsy=EtsySandboxConfig(catalogue_size=100),
            clock=clock,
        ) as sandbox,
        aiohttp.ClientSession() as session,
    ):
        small = EtsyClient(session, sandbox.etsy_url)
        listing_id = (await small.active(limit="1"))["results"][0]["listing_id"]
        assert (await small.get(f"/listings/{listing_id}"))[0] == 200
        # No listing stays up longer than 60 days without selling.
        clock.advance(timedelta(days=61).total_seconds())
        assert (await small.get(f"/listings/{listing_id}"))[0] == 404
        status, batch = await small.get("/listings/batch", listing_ids=str(listing_id))
        assert (status, batch) == (200, {"count": 0, "results": []})
