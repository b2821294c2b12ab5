"""The seed's contract and the inputs that used to answer 5xx (issue 9), against a real read model."""

from __future__ import annotations

import uuid
from datetime import timedelta

import httpx
import pytest
from indigo_api.projector.main import create_app as create_projector
from indigo_shared.db import create_pool
from indigo_shared.events import Attributes, utcnow
from indigo_shared.nats import publish_event
from indigo_shared.streams import listing_enriched
from indigo_shared.testing import eventually, sample_enriched, sample_listing

from ..conftest import api_client

pytestmark = pytest.mark.integration

API = "/api/marketplace"
LISTINGS = f"{API}/listings"


async def publish(jetstream, external_id: str, *, platform="ebay", price="80", **attrs):
    listing = sample_listing(
        external_id, platform=platform, price=price, title=f"Vintage Levi's 501 {external_id}"
    )
    attributes = Attributes(**({"brand": "Levi's", "model": "501"} | attrs))
    await publish_event(
        jetstream, listing_enriched(platform), sample_enriched(listing, attributes=attributes)
    )


@pytest.fixture
async def three(api_settings, jetstream):
    """Three eBay listings at 30, 90 and 60 USD, projected."""
    async with create_projector(api_settings):
        for external_id, price in (("a", "30"), ("b", "90"), ("c", "60")):
            await publish(jetstream, external_id, price=price, waist=32, inseam=30)

        async def projected():
            async with api_client(api_settings) as client:
                return (await client.get(LISTINGS)).json()["total"] == 3

        await eventually(projected)
    return api_settings


def field_of(response: httpx.Response) -> list:
    assert response.status_code == 422, response.text
    # The field: the last name in each error's location (a list item's index comes after it).
    return [
        next(part for part in reversed(error["loc"]) if isinstance(part, str))
        for error in response.json()["detail"]
    ]


async def test_seed_names_sort_by_and_its_older_alias(three):
    async with api_client(three) as client:

        async def order(**params):
            response = await client.get(LISTINGS, params=params)
            assert response.status_code == 200, response.text
            return [item["external_id"] for item in response.json()["items"]]

        assert await order(sort_by="price", sort_order="asc") == ["a", "c", "b"]
        assert await order(sort_by="price", sort_order="desc") == ["b", "c", "a"]
        assert await order(sort="price", sort_order="asc") == ["a", "c", "b"]
        assert await order(sort="price", sort_by="price", sort_order="asc") == ["a", "c", "b"]
        assert field_of(
            await client.get(LISTINGS, params={"sort": "price", "sort_by": "created_at"})
        ) == ["sort"]


@pytest.mark.parametrize(
    "path, params, unknown",
    [
        ("/listings", {"platfrom": "ebay"}, "platfrom"),
        ("/listings", {"brnad": "Levi's"}, "brnad"),
        ("/listings", {"min_prize": "10"}, "min_prize"),
        ("/sync-jobs", {"stauts": "failed"}, "stauts"),
        ("/trends", {"day": "7"}, "day"),
        ("/listings/search/levis", {"platfrom": "ebay"}, "platfrom"),
        (f"/listings/{uuid.uuid4()}", {"expand": "all"}, "expand"),
        ("/stats", {"verbose": "1"}, "verbose"),
    ],
)
async def test_an_unknown_parameter_is_a_422_naming_it(api_settings, path, params, unknown):
    async with api_client(api_settings) as client:
        response = await client.get(f"{API}{path}", params=params)
    assert field_of(response) == [unknown]
    assert response.json()["detail"][0]["type"] == "extra_forbidden"


async def test_seed_defaults_and_bounds(api_settings):
    async with api_client(api_settings) as client:
        jobs = (await client.get(f"{API}/sync-jobs")).json()
        assert (jobs["limit"], jobs["offset"]) == (20, 0)
        assert (await client.get(f"{API}/sync-jobs", params={"limit": 100})).status_code == 200
        assert field_of(await client.get(f"{API}/sync-jobs", params={"limit": 101})) == ["limit"]
        assert (await client.get(LISTINGS)).json()["limit"] == 50
        assert field_of(await client.get(LISTINGS, params={"limit": 201})) == ["limit"]
        assert (await client.get(f"{API}/trends/summary")).json()["days"] == 7
        assert field_of(await client.get(f"{API}/trends", params={"days": 91})) == ["days"]


async def test_trends_window_defaults_to_seven_days(api_settings):
    today = utcnow().date()
    pool = await create_pool(api_settings.database_url)
    async with pool.acquire() as conn:
        for age in (2, 10):
            await conn.execute(
                "INSERT INTO marketplace_trends (period_start, platform, category, key,"
                " listing_count) VALUES ($1, 'all', 'brand', $2, 5)",
                today - timedelta(days=age),
                f"Brand{age}",
            )
    await pool.close()
    async with api_client(api_settings) as client:
        keys = {r["key"] for r in (await client.get(f"{API}/trends")).json()["items"]}
        assert keys == {"Brand2"}
        month = (await client.get(f"{API}/trends", params={"days": 30})).json()["items"]
        assert {r["key"] for r in month} == {"Brand2", "Brand10"}


@pytest.mark.parametrize(
    "path, params, field",
    [
        ("/listings", {"brand": "Levi\x00s"}, "brand"),
        ("/listings", {"made_in": "US\x00A"}, "made_in"),
        ("/listings", {"lot": "\x00"}, "lot"),
        ("/listings", {"condition": "\\"}, "condition"),
        ("/listings", {"condition": "%"}, "condition"),
        ("/listings", {"min_price": "1e400"}, "min_price"),
        ("/listings", {"min_price": "NaN"}, "min_price"),
        ("/listings", {"waist": "Infinity"}, "waist"),
        ("/listings", {"min_deal_score": "-inf"}, "min_deal_score"),
        ("/listings", {"offset": "9223372036854775808"}, "offset"),
        ("/listings", {"cursor": "bm90LWEtY3Vyc29y"}, "cursor"),
        ("/listings", {"cursor": "%%%"}, "cursor"),
        ("/sync-jobs", {"offset": "9223372036854775808"}, "offset"),
        ("/sync-jobs", {"limit": "1e3"}, "limit"),
        ("/trends", {"key": "Lee\x00"}, "key"),
        ("/listings/search/levi%00s", {}, "keywords"),
    ],
)
async def test_inputs_that_used_to_fail_the_server_are_422s(api_settings, path, params, field):
    async with api_client(api_settings) as client:
        response = await client.get(f"{API}{path}", params=params)
    assert field in field_of(response)


@pytest.mark.parametrize(
    "body, field",
    [
        (b'{"platform": "ebay", "keywords": "levi\\u0000s"}', "keywords"),
        (b'{"platform": "ebay", "keywords": "\\ud800"}', "keywords"),
        (b'{"platform": "ebay", "min_price": 1e400}', "min_price"),
        (b'{"platform": "ebay", "min_price": NaN}', "min_price"),
        (b'{"platform": "ebay", "max_price": Infinity}', "max_price"),
        (b'{"platform": "ebay", "max_price": -Infinity}', "max_price"),
        (b'{"platform": "ebay", "limit": true}', "limit"),
        (b'{"platform": "ebay", "limit": 1e400}', "limit"),
        (b'{"platform": "ebay", "limit": "20"}', "limit"),
        (b'{"platform": "ebay", "conditions": ["\\u0000"]}', "conditions"),
        (b'{"platform": "ebay", "platfrom": "etsy"}', "platfrom"),
        (b'{"platform": "ebay", "keywords": "\xff\xfe"}', "body"),
        (b"[1, 2]", "body"),
    ],
)
async def test_bad_trigger_bodies_are_422s_that_render(api_settings, body, field):
    async with api_client(api_settings) as client:
        response = await client.post(
            f"{API}/sync/trigger", content=body, headers={"content-type": "application/json"}
        )
    assert field in field_of(response)


async def test_bodies_are_limited_and_errors_never_echo_them(api_settings):
    async with api_client(api_settings) as client:
        huge = b'{"platform": "ebay", "keywords": "' + b"x" * 2_000_000 + b'"}'
        response = await client.post(
            f"{API}/sync/trigger", content=huge, headers={"content-type": "application/json"}
        )
        assert response.status_code == 413

        long_keywords = {"platform": "ebay", "keywords": "levis " * 10_000}
        response = await client.post(f"{API}/sync/trigger", json=long_keywords)
        assert field_of(response) == ["keywords"]
        assert len(response.content) < 1000  # a short prefix of the input, not 60 KB of it
        assert response.json()["detail"][0]["input"].endswith("…")


@pytest.mark.parametrize(
    "body, field, says",
    [
        ({"platform": "ebay", "conditions": ["mint"]}, "conditions", "unknown eBay condition"),
        ({"platform": "etsy", "conditions": ["used"]}, "conditions", "Etsy listings state no"),
        ({"platform": "all", "conditions": ["used"]}, "conditions", "only eBay syncs filter"),
        ({"platform": "ebay", "min_price": 50, "max_price": 10}, "max_price", "below min_price"),
        ({"platform": "ebay", "keywords": "   "}, "keywords", "at least one word"),
        ({"platform": "ebay", "limit": 0}, "limit", ""),
        ({"platform": "ebay", "limit": 10_001}, "limit", ""),
        ({"platform": "ebay", "min_price": -1}, "min_price", ""),
    ],
)
async def test_trigger_refuses_what_collectors_would_refuse(api_settings, body, field, says):
    async with api_client(api_settings) as client:
        response = await client.post(f"{API}/sync/trigger", json=body)
    assert field_of(response) == [field]
    assert says in response.json()["detail"][0]["msg"]


async def test_listing_fields_size_condition_and_trend_score_are_filled(api_settings, jetstream):
    async with create_projector(api_settings):
        await publish(jetstream, "v1|9|0", waist=33, inseam=32, condition="good")
        await publish(jetstream, "t3_q", platform="reddit", waist=31, condition="excellent")
        await publish(jetstream, "77", platform="etsy")

        async def listed():
            async with api_client(api_settings) as client:
                body = (await client.get(LISTINGS)).json()
                return body if body["total"] == 3 else None

        body = await eventually(listed)
    by_id = {item["external_id"]: item for item in body["items"]}
    assert (by_id["v1|9|0"]["size"], by_id["v1|9|0"]["condition"]) == ("33x32", "good")
    assert by_id["v1|9|0"]["platform_condition"] == "Pre-owned"
    assert (by_id["t3_q"]["size"], by_id["t3_q"]["condition"]) == ("31", "excellent")
    assert (by_id["77"]["size"], by_id["77"]["condition"]) == (None, None)
    async with api_client(api_settings) as client:
        good = (await client.get(LISTINGS, params={"condition": "good"})).json()
        assert [item["external_id"] for item in good["items"]] == ["v1|9|0"]


async def test_keyset_cursor_walks_every_listing_once(api_settings, jetstream):
    async with create_projector(api_settings):
        for n in range(7):
            await publish(jetstream, f"k{n}", price=str(10 + n % 3))  # ties on price
        await publish(jetstream, "k-unpriced", price=None)

        async def projected():
            async with api_client(api_settings) as client:
                return (await client.get(LISTINGS)).json()["total"] == 8

        await eventually(projected)
    async with api_client(api_settings) as client:
        cursors = []
        for sort_order in ("asc", "desc"):
            params = {"sort_by": "price", "sort_order": sort_order, "limit": 3}
            seen, cursor = [], None
            while True:
                page = (await client.get(LISTINGS, params=params | _cursor(cursor))).json()
                assert page["total"] == 8 and page["total_exact"] is True
                seen += [item["external_id"] for item in page["items"]]
                cursor = page["next"]
                if cursor is None:
                    break
                cursors.append(cursor)
            assert len(seen) == 8 and set(seen) == {f"k{n}" for n in range(7)} | {"k-unpriced"}
            assert seen[-1] == "k-unpriced"  # no price sorts last, either way
            everything = (await client.get(LISTINGS, params=params | {"limit": 8})).json()
            assert [item["external_id"] for item in everything["items"]] == seen
        other_sort = {"sort_by": "created_at", "cursor": cursors[0]}
        assert field_of(await client.get(LISTINGS, params=other_sort)) == ["cursor"]
        with_offset = {"sort_by": "price", "sort_order": "asc", "cursor": cursors[0], "offset": 3}
        assert field_of(await client.get(LISTINGS, params=with_offset)) == ["offset"]


def _cursor(cursor: str | None) -> dict:
    return {"cursor": cursor} if cursor else {}


async def test_answers_stay_correct_right_after_the_projector_commits(api_settings, jetstream):
    """With a minute-long cache, only invalidation by the projector's commit can show a new
    listing within seconds."""
    settings = api_settings.model_copy(update={"cache_seconds": 60})
    async with create_projector(api_settings), api_client(settings) as client:
        await publish(jetstream, "first")
        await eventually(lambda: _total_is(client, 1))
        assert (await client.get(LISTINGS)).json()["total"] == 1  # now cached
        one_a_page = {"limit": 1, "offset": 1}  # a page short of the whole: counted (and cached)
        assert (await client.get(LISTINGS, params=one_a_page)).json()["total"] == 1
        await publish(jetstream, "second", price="20")
        await eventually(lambda: _total_is(client, 2), timeout=5)
        assert (await client.get(LISTINGS, params=one_a_page)).json()["total"] == 2
        body = (await client.get(LISTINGS, params={"sort_by": "price", "sort_order": "asc"})).json()
        assert [item["external_id"] for item in body["items"]] == ["second", "first"]


async def _total_is(client, total: int) -> bool:
    return (await client.get(LISTINGS)).json()["total"] == total
