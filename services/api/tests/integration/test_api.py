"""The HTTP API over a real read model: filters, sorts, pagination, validation, sync triggers."""

from __future__ import annotations

import uuid
from decimal import Decimal

import pytest
from indigo_api.projector.main import create_app as create_projector
from indigo_shared.events import Attributes, SyncRequested
from indigo_shared.nats import publish_event
from indigo_shared.streams import listing_enriched
from indigo_shared.testing import eventually, sample_enriched, sample_listing

from ..conftest import api_client

pytestmark = pytest.mark.integration

CATALOGUE = [
    ("v1|1|0", "ebay", "Levi's", Decimal("120.00"), "USD", 32, 30, "excellent"),
    ("v1|2|0", "ebay", "Lee", Decimal("45.00"), "USD", 34, 32, "good"),
    ("v1|3|0", "ebay", "Levi's", Decimal("60.00"), "GBP", 32, 32, "fair"),
    ("9001", "etsy", "Wrangler", Decimal("80.00"), "USD", 30, 30, "good"),
    ("t3_x", "reddit", "Levi's", None, None, None, None, None),
]


@pytest.fixture
async def seeded(api_settings, jetstream):
    async with create_projector(api_settings):
        for ext, platform, brand, price, currency, waist, inseam, cond in CATALOGUE:
            listing = sample_listing(
                ext,
                platform=platform,
                price=price,
                currency=currency,
                title=f"Vintage {brand} jeans {waist}x{inseam}",
            )
            attrs = Attributes(brand=brand, waist=waist, inseam=inseam, condition=cond)
            await publish_event(
                jetstream, listing_enriched(platform), sample_enriched(listing, attributes=attrs)
            )

        async def all_projected():
            async with api_client(api_settings) as client:
                return (await client.get("/api/marketplace/listings")).json()["total"] == 5

        await eventually(all_projected)
    return api_settings


async def test_listings_filter_sort_and_paginate(seeded):
    async with api_client(seeded) as client:
        ebay = (await client.get("/api/marketplace/listings", params={"platform": "ebay"})).json()
        assert ebay["total"] == 3 and {i["platform"] for i in ebay["items"]} == {"ebay"}

        levis = (
            await client.get(
                "/api/marketplace/listings",
                params={"brand": "levi's", "sort": "price", "sort_order": "asc"},
            )
        ).json()
        # GBP 60 is about USD 76: converted prices sort with the rest; no price sorts last.
        assert [i["external_id"] for i in levis["items"]] == ["v1|3|0", "v1|1|0", "t3_x"]
        assert levis["items"][0]["price"] == 60.0 and levis["items"][0]["currency"] == "GBP"
        assert levis["items"][2]["price"] is None

        cheap = (
            await client.get(
                "/api/marketplace/listings", params={"min_price": "40", "max_price": "79"}
            )
        ).json()
        assert sorted(i["external_id"] for i in cheap["items"]) == ["v1|2|0", "v1|3|0"]

        sized = (await client.get("/api/marketplace/listings", params={"size": "32x30"})).json()
        assert [i["external_id"] for i in sized["items"]] == ["v1|1|0"]
        waist = (await client.get("/api/marketplace/listings", params={"size": "32"})).json()
        assert waist["total"] == 2

        good = (await client.get("/api/marketplace/listings", params={"condition": "good"})).json()
        assert good["total"] == 2

        page = (
            await client.get("/api/marketplace/listings", params={"limit": 2, "offset": 4})
        ).json()
        assert (page["total"], page["limit"], page["offset"], len(page["items"])) == (5, 2, 4, 1)


async def test_listing_detail_and_404(seeded):
    async with api_client(seeded) as client:
        first = (await client.get("/api/marketplace/listings", params={"platform": "etsy"})).json()
        listing_id = first["items"][0]["id"]
        detail = await client.get(f"/api/marketplace/listings/{listing_id}")
        assert detail.status_code == 200
        body = detail.json()
        assert (
            body["raw_data"] and "price_history" in body and body["attributes"]["waist"] is not None
        )
        missing = await client.get(f"/api/marketplace/listings/{uuid.uuid4()}")
        assert missing.status_code == 404 and "not found" in missing.json()["detail"]
        assert (await client.get("/api/marketplace/listings/not-a-uuid")).status_code == 422


@pytest.mark.parametrize(
    "params, field",
    [
        ({"limit": 100000}, "limit"),
        ({"limit": 0}, "limit"),
        ({"min_price": "abc"}, "min_price"),
        ({"max_price": "-5"}, "max_price"),
        ({"platform": "amazon"}, "platform"),
        ({"sort": "title"}, "sort"),
        ({"size": "large"}, "size"),
        ({"min_price": "100", "max_price": "10"}, "min_price"),
    ],
)
async def test_bad_filters_answer_422_naming_the_field(api_settings, params, field):
    async with api_client(api_settings) as client:
        response = await client.get("/api/marketplace/listings", params=params)
    assert response.status_code == 422
    assert any(error["loc"][-1] == field for error in response.json()["detail"])


async def test_trigger_sync_queues_a_request_and_reports_pending(api_settings, jetstream):
    async with create_projector(api_settings), api_client(api_settings) as client:
        response = await client.post(
            "/api/marketplace/sync/trigger",
            json={"platform": "ebay", "keywords": "levis 501", "limit": 50},
        )
        assert response.status_code == 202
        job_id = response.json()["job_id"]
        # Read-your-writes: the projector shows the job the moment the trigger answers.
        status = (await client.get(f"/api/marketplace/sync/status/{job_id}")).json()
        assert status["status"] == "pending" and status["keywords"] == "levis 501"
        jobs = (await client.get("/api/marketplace/sync-jobs")).json()
        assert jobs["total"] == 1

        bad = await client.post("/api/marketplace/sync/trigger", json={"platform": "amazon"})
        assert bad.status_code == 422 and bad.json()["detail"][0]["loc"][-1] == "platform"
        assert (await client.get(f"/api/marketplace/sync/status/{uuid.uuid4()}")).status_code == 404

        everything = await client.post("/api/marketplace/sync/trigger", json={"platform": "all"})
        assert {j["platform"] for j in everything.json()["jobs"]} == {"ebay", "etsy", "reddit"}

    msg = await jetstream.get_msg("SYNC_REQUESTS", seq=1)
    request = SyncRequested.model_validate_json(msg.data)
    assert str(request.job_id) == job_id and request.limit == 50


async def test_stats_health_and_readiness(seeded):
    async with api_client(seeded) as client:
        stats = (await client.get("/api/marketplace/stats")).json()
        assert stats["total_listings"] == 5
        assert {p["platform"]: p["listings"] for p in stats["platforms"]} == {
            "ebay": 3,
            "etsy": 1,
            "reddit": 1,
        }
        assert stats["database"] == "ok" and stats["nats"] == "ok"
        assert any(c["consumer"] == "api-projector" for c in stats["consumers"])
        assert (await client.get("/healthz")).json() == {"status": "ok"}
        assert (await client.get("/readyz")).status_code == 200
        cors = await client.options(
            "/api/marketplace/listings",
            headers={"Origin": "http://localhost:5173", "Access-Control-Request-Method": "GET"},
        )
        assert cors.headers["access-control-allow-origin"] == "http://localhost:5173"
