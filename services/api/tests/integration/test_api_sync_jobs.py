"""Sync triggers over a real queue: coalescing, the queue bound, cancel (pending and running), and
/stats with every durable consumer; PostgreSQL and NATS going down answer 503, never 500."""

from __future__ import annotations

import asyncio
import uuid

import pytest
from indigo_api.projector.main import create_app as create_projector
from indigo_shared.collecting import FetchedPage, run_sync
from indigo_shared.delivery import DeliveryPolicy
from indigo_shared.events import SyncRequested
from indigo_shared.streams import SYNC_REQUESTS, sync_requested
from indigo_shared.sync_requests import collector_consumer, queued_requests
from indigo_shared.testing import eventually, sample_listing

from ..conftest import api_client

pytestmark = pytest.mark.integration

API = "/api/marketplace"
TRIGGER = f"{API}/sync/trigger"


async def trigger(client, **body):
    return await client.post(TRIGGER, json={"platform": "ebay", **body})


async def test_an_identical_waiting_request_returns_its_job(api_settings, jetstream):
    async with create_projector(api_settings), api_client(api_settings) as client:
        first = await trigger(client, keywords="levis 501", limit=40)
        again = await trigger(client, keywords="  Levis   501 ", limit=40)
        other = await trigger(client, keywords="levis 505", limit=40)
        assert first.status_code == again.status_code == other.status_code == 202
        assert again.json()["job_id"] == first.json()["job_id"]
        assert again.json()["jobs"][0]["coalesced"] is True
        assert first.json()["jobs"][0]["coalesced"] is False
        assert other.json()["job_id"] != first.json()["job_id"]
        assert len(await queued_requests(jetstream, "ebay")) == 2
        jobs = (await client.get(f"{API}/sync-jobs")).json()
        assert jobs["total"] == 2


async def test_the_queue_per_platform_is_bounded(api_settings, jetstream):
    settings = api_settings.model_copy(update={"sync_queue_limit": 2})
    async with api_client(settings) as client:
        settings_ok = [await trigger(client, keywords=f"lot {n}") for n in range(2)]
        assert all(r.status_code == 202 for r in settings_ok)
        full = await trigger(client, keywords="lot 3")
        assert full.status_code == 429
        assert int(full.headers["retry-after"]) > 0 and "waiting" in full.json()["detail"]
        # Another platform has its own queue; the same search still coalesces.
        assert (await client.post(TRIGGER, json={"platform": "etsy"})).status_code == 202
        assert (await trigger(client, keywords="lot 0")).status_code == 202
    assert len(await queued_requests(jetstream, "ebay")) == 2


async def test_cancel_a_pending_job(api_settings, jetstream):
    async with create_projector(api_settings), api_client(api_settings) as client:
        job_id = (await trigger(client, keywords="cancel me")).json()["job_id"]
        response = await client.post(f"{API}/sync/{job_id}/cancel")
        assert response.status_code == 200, response.text
        assert response.json()["status"] == "cancelled"
        assert response.json()["job"]["status"] == "cancelled"
        status = (await client.get(f"{API}/sync/status/{job_id}")).json()
        assert status["status"] == "cancelled" and status["finished_at"]
        assert await queued_requests(jetstream, "ebay") == []  # off the queue

        again = await client.post(f"{API}/sync/{job_id}/cancel")
        assert again.status_code == 409 and "ended already" in again.json()["detail"]
        missing = await client.post(f"{API}/sync/{uuid.uuid4()}/cancel")
        assert missing.status_code == 404
        cancelled = (await client.get(f"{API}/sync-jobs", params={"status": "cancelled"})).json()
        assert [j["job_id"] for j in cancelled["items"]] == [job_id]


async def test_cancel_a_running_job_stops_it_before_its_next_page(
    api_settings, jetstream, publisher
):
    fetched_pages = []
    cancel_requested = asyncio.Event()

    async def pages(request: SyncRequested):
        for n in range(50):
            fetched_pages.append(n)
            yield FetchedPage(listings=[sample_listing(f"v1|{n}|0")])
            if n == 1:
                await cancel_requested.wait()

    async with create_projector(api_settings), api_client(api_settings) as client:
        job_id = (await trigger(client, keywords="run then cancel")).json()["job_id"]
        # Take the request off the work queue as collector-ebay does.
        policy = DeliveryPolicy(consumer=collector_consumer("ebay"))
        subscription = await jetstream.pull_subscribe(
            sync_requested("ebay"),
            durable=policy.consumer,
            stream=SYNC_REQUESTS,
            config=policy.consumer_config(sync_requested("ebay")),
        )
        [msg] = await subscription.fetch(1, timeout=5)
        request = SyncRequested.model_validate_json(msg.data)
        assert str(request.job_id) == job_id
        sync = asyncio.create_task(run_sync(publisher, request, pages(request)))

        async def running():
            return (await client.get(f"{API}/sync/status/{job_id}")).json()["status"] == "running"

        await eventually(running)
        response = await client.post(f"{API}/sync/{job_id}/cancel")
        assert response.status_code == 202 and response.json()["status"] == "cancelling"
        cancel_requested.set()
        final = await asyncio.wait_for(sync, 20)
        await msg.ack()
        # The page being fetched when the cancel came is stored; the next one is never fetched.
        assert final.status == "cancelled" and final.counts.fetched == 3
        assert fetched_pages == [0, 1, 2]

        async def recorded():
            job = (await client.get(f"{API}/sync/status/{job_id}")).json()
            return job if job["status"] == "cancelled" else None

        job = await eventually(recorded)
        assert job["counts"]["fetched"] == 3 and "cancelled after 3 pages" in job["error"]


async def test_a_collector_skips_a_request_cancelled_while_it_waited(
    api_settings, jetstream, publisher
):
    async with create_projector(api_settings), api_client(api_settings) as client:
        job_id = (await trigger(client, keywords="skip me")).json()["job_id"]
        [queued] = await queued_requests(jetstream, "ebay")
        await client.post(f"{API}/sync/{job_id}/cancel")

    async def never(request):
        raise AssertionError("a cancelled request is never fetched")
        yield  # pragma: no cover

    final = await run_sync(publisher, queued.request, never(queued.request))
    assert final.status == "cancelled"


async def test_stats_lists_every_durable_with_dead_letters_version_and_uptime(
    api_settings, jetstream
):
    async with create_projector(api_settings):
        # Not a ListingEnriched: the projector parks it on dlq.api-projector at once.
        await jetstream.publish("listings.enriched.ebay", b"not json")
        async with api_client(api_settings) as client:

            async def parked():
                stats = (await client.get(f"{API}/stats")).json()
                projector = next(c for c in stats["consumers"] if c["consumer"] == "api-projector")
                return stats if projector["dead_letters"] == 1 else None

            stats = await eventually(parked)
    names = {c["consumer"] for c in stats["consumers"]}
    assert names >= {
        "collector-ebay",
        "collector-etsy",
        "collector-reddit",
        "enricher",
        "api-projector",
        "api-projector-seen",
        "api-projector-analysis",
        "trends",
    }
    by_name = {c["consumer"]: c for c in stats["consumers"]}
    assert {s["stream"] for s in by_name["enricher"]["streams"]} == {"LISTINGS", "SYNC_REQUESTS"}
    assert {s["stream"] for s in by_name["trends"]["streams"]} == {"LISTINGS", "SYNC_EVENTS"}
    assert all(s["present"] for s in by_name["api-projector"]["streams"])
    assert by_name["trends"]["streams"][0]["present"] is False  # never started here
    assert stats["dead_letters"] == 1 and stats["status"] == "ok"
    assert stats["version"] and stats["uptime_seconds"] >= 0


async def test_postgresql_down_is_503_with_retry_after_and_stats_say_so(
    api_settings, postgres_outage
):
    settings = api_settings.model_copy(
        update={"database_url": postgres_outage.url, "dependency_timeout": 2}
    )
    async with api_client(settings) as client:
        assert (await client.get(f"{API}/listings")).status_code == 200
        await postgres_outage.cut()

        async def noticed():  # the API's notice connection is gone: nothing is cached
            return (await client.get("/readyz")).status_code == 503

        await eventually(noticed)
        for path in ("/listings", "/listings/search/levis", "/sync-jobs", "/trends/summary"):
            response = await client.get(f"{API}{path}")
            assert response.status_code == 503, (path, response.text)
            assert int(response.headers["retry-after"]) > 0
            assert "PostgreSQL is unavailable" in response.json()["detail"]
        stats = await client.get(f"{API}/stats")
        assert stats.status_code == 200
        body = stats.json()
        assert body["database"] == "unavailable" and body["status"] == "degraded"
        assert body["total_listings"] is None and body["llm"] is None
        assert all(p["listings"] is None for p in body["platforms"])
        assert body["nats"] == "ok" and body["consumers"]
        await postgres_outage.restore()

        async def back():
            return (await client.get(f"{API}/listings")).status_code == 200

        await eventually(back)


async def test_nats_down_is_503_and_stats_say_so(api_settings, nats_outage):
    settings = api_settings.model_copy(
        update={"nats_url": nats_outage.url, "dependency_timeout": 2}
    )
    async with api_client(settings) as client:
        await nats_outage.cut()

        async def disconnected():
            return (await client.get("/readyz")).status_code == 503

        await eventually(disconnected)
        response = await trigger(client)
        assert response.status_code == 503 and "NATS is unavailable" in response.json()["detail"]
        assert int(response.headers["retry-after"]) > 0
        stats = (await client.get(f"{API}/stats")).json()
        assert stats["nats"] == "unavailable" and stats["dead_letters"] is None
        assert stats["consumers"] == [] and stats["database"] == "ok"
        assert (await client.get(f"{API}/listings")).status_code == 200
