"""Failure paths of the service runtime, each against real NATS and PostgreSQL (issue 8).

Each test is a failure seen on the old runtime: an event near NATS's max payload, a collector
killed on every attempt, PostgreSQL down longer than every retry, NATS restarted mid-sync, a
collector that dies mid-job, values that can never be stored.
"""

from __future__ import annotations

import asyncio
import json
from decimal import Decimal

import asyncpg
import pytest
from indigo_api.projector.main import create_app as create_projector
from indigo_api.settings import ApiSettings
from indigo_enricher.main import create_app as create_enricher
from indigo_enricher.settings import EnricherSettings
from indigo_shared import dead_letters
from indigo_shared import nats as indigo_nats
from indigo_shared.collecting import FetchedPage, run_sync
from indigo_shared.collector_app import CollectorService, Schedule
from indigo_shared.delivery import DeliveryPolicy
from indigo_shared.embedded import EmbeddedNats
from indigo_shared.events import SyncRequested, SyncStatusChanged
from indigo_shared.settings import IndigoSettings
from indigo_shared.streams import LISTINGS, SYNC_EVENTS, SYNC_REQUESTS, sync_requested
from indigo_shared.testing import (
    TcpProxy,
    eventually,
    postgres_socket,
    postgres_through,
    sample_enriched,
    sample_listing,
)

pytestmark = pytest.mark.integration

NEAR_MAX = 1_000_000  # bytes: under NATS's 1 MiB, over it once parking headers are added


def collected_json(external_id: str, **listing_changes) -> bytes:
    """A ``ListingCollected`` as raw JSON, so a test can send what no collector would build."""
    listing = json.loads(sample_listing(external_id).model_dump_json())
    listing.update(listing_changes)
    return json.dumps({"collected_at": "2026-12-01T10:00:00Z", "listing": listing}).encode()


def enriched_json(listing_id: str, **listing_changes) -> bytes:
    event = json.loads(sample_enriched(sample_listing(listing_id)).model_dump_json())
    event["listing"].update(listing_changes)  # may replace the id itself
    return json.dumps(event).encode()


def rules_only(nats_url: str, **fields) -> EnricherSettings:
    return EnricherSettings(nats_url=nats_url, openai_api_key=None, openai_base_url=None, **fields)


async def stream_subjects(js, stream: str, subject: str) -> int:
    info = await js.stream_info(stream, subjects_filter=subject)
    return sum((info.state.subjects or {}).values())


async def dlq_letters(js, consumer: str | None = None):
    return [letter async for letter in dead_letters.read(js, consumer)]


# --- nothing is too big to park ---------------------------------------------------------------


async def test_a_near_max_payload_listing_does_not_knock_the_enricher_off_nats(nats_url, jetstream):
    async with create_enricher(rules_only(nats_url, ack_wait_seconds=5)) as enricher:
        huge = collected_json(
            "v1|huge|0",
            description="Selvedge Levi's, measured flat. " * 30_000,
            raw_data={"itemId": "v1|huge|0", "notes": "x" * 50_000},
        )
        assert NEAR_MAX - 100_000 < len(huge) < 1024 * 1024
        # Not an event at all, and so near the max that the parking headers would not fit.
        junk = b"{" + b"x" * (1024 * 1024 - 100) + b"}"
        await jetstream.publish("listings.collected.ebay", huge)
        await jetstream.publish("listings.collected.ebay", junk)
        for n in range(3):
            await jetstream.publish("listings.collected.ebay", collected_json(f"v1|{n}|0"))

        async def enriched() -> int:
            return await stream_subjects(jetstream, LISTINGS, "listings.enriched.ebay")

        # The huge one is enriched with its fields cut to their bounds; the others follow it.
        assert await eventually(lambda: _equals(enriched, 4), timeout=20)
        [letter] = await eventually(lambda: dlq_letters(jetstream, "enricher"))
        assert letter.by_reference and letter.subject == "listings.collected.ebay"
        assert await dead_letters.original(jetstream, letter) == junk
        assert enricher.connection.is_connected and not enricher.fatal
        assert await enricher.readiness() == {}


async def _equals(measure, expected) -> bool:
    return await measure() == expected


async def test_a_near_max_payload_enriched_event_does_not_freeze_the_read_model(
    nats_url, database_url, jetstream
):
    settings = ApiSettings(nats_url=nats_url, database_url=database_url, ack_wait_seconds=5)
    huge = enriched_json(
        "v1|huge|0",
        title="T" * 400_000,
        raw_data={"itemId": "v1|huge|0", "notes": "y" * 500_000},
    )
    assert len(huge) > NEAR_MAX - 100_000
    async with create_projector(settings):
        await jetstream.publish("listings.enriched.ebay", huge)
        await jetstream.publish("listings.enriched.ebay", b"[" * (1024 * 1024 - 100))
        for n in range(3):
            await jetstream.publish("listings.enriched.ebay", enriched_json(f"v1|{n}|0"))
        conn = await asyncpg.connect(database_url)
        try:

            async def rows() -> int:
                return await conn.fetchval("SELECT count(*) FROM marketplace_listings")

            await eventually(lambda: _equals(rows, 4))
            title = await conn.fetchval(
                "SELECT title FROM marketplace_listings WHERE external_id = 'v1|huge|0'"
            )
            assert title == "T" * 500
        finally:
            await conn.close()
    [letter] = await dlq_letters(jetstream, "api-projector")
    assert letter.by_reference


# --- jobs tell the truth ----------------------------------------------------------------------


def slow_pages(pages: int, per_page: int, delay: float, *, fetched: list | None = None):
    """A marketplace's pages, ``delay`` seconds apart."""

    def fetch(request: SyncRequested):
        async def pages_of():
            for page in range(pages):
                await asyncio.sleep(delay)
                listings = [sample_listing(f"v1|{page * per_page + i}|0") for i in range(per_page)]
                if fetched is not None:
                    fetched.append(page)
                yield FetchedPage(listings=listings)

        return pages_of()

    return fetch


def collector(settings: IndigoSettings, fetch) -> CollectorService:
    class Source:
        async def __aenter__(self):
            return fetch

        async def __aexit__(self, *exc):
            return None

    async def handle(publisher, request, source):
        return await run_sync(publisher, request, source(request), status_interval=0.5)

    return CollectorService(
        settings,
        platform="ebay",
        schedule=Schedule(0, "", 1),
        open_source=lambda service: Source(),
        handle=handle,
    )


async def job_statuses(js, job_id) -> list[SyncStatusChanged]:
    sub = await js.subscribe("sync.status.ebay", stream=SYNC_EVENTS, ordered_consumer=True)
    statuses = []
    try:
        while True:
            try:
                msg = await sub.next_msg(timeout=0.5)
            except TimeoutError:
                return statuses
            event = SyncStatusChanged.model_validate_json(msg.data)
            if event.job_id == job_id:
                statuses.append(event)
    finally:
        await sub.unsubscribe()


async def test_a_request_whose_collector_dies_on_every_attempt_is_parked_and_its_job_fails(
    nats_url, jetstream
):
    settings = IndigoSettings(nats_url=nats_url, max_deliver=2, ack_wait_seconds=1)
    policy: DeliveryPolicy = settings.delivery_policy("collector-ebay")
    request = SyncRequested(platform="ebay", keywords="levis", limit=10)
    await indigo_nats.publish_event(jetstream, sync_requested("ebay"), request)
    # Two collectors that take the request and die before settling it: fetched, never acked.
    subject = sync_requested("ebay")
    crashed = await jetstream.pull_subscribe(
        subject,
        durable=policy.consumer,
        stream=SYNC_REQUESTS,
        config=policy.consumer_config(subject),
    )
    for attempt in (1, 2):
        [msg] = await crashed.fetch(1, timeout=5)
        assert msg.metadata.num_delivered == attempt
    await crashed.unsubscribe()
    fetched: list = []
    async with collector(settings, slow_pages(1, 1, 0, fetched=fetched)):
        [letter] = await eventually(lambda: dlq_letters(jetstream, "collector-ebay"), timeout=15)
    assert "gave up after 2 deliveries" in letter.error
    assert fetched == [], "the third delivery is parked before any work"
    final = (await job_statuses(jetstream, request.job_id))[-1]
    assert final.status == "failed" and final.error.startswith("parked: gave up")


async def test_a_sync_survives_a_nats_restart_and_its_counts_match_the_stream(tmp_path):
    server = EmbeddedNats(tmp_path / "nats")
    url = server.start()
    port = server.port
    try:
        settings = IndigoSettings(
            nats_url=url, ack_wait_seconds=30, outage_backoff_seconds=(0.2, 0.5, 1.0)
        )
        fetched: list = []
        async with collector(settings, slow_pages(8, 25, 0.3, fetched=fetched)):
            nc = await indigo_nats.connect(url, "test")
            request = SyncRequested(platform="ebay", keywords="levis", limit=1000)
            await indigo_nats.publish_event(nc.jetstream(), sync_requested("ebay"), request)
            await nc.close()
            await eventually(lambda: _at_least(fetched, 3), timeout=15)
            server.stop()  # NATS goes down mid-sync for a few seconds, then comes back
            await asyncio.sleep(3)
            server.start(port=port)
            nc = await indigo_nats.connect(url, "test")
            js = nc.jetstream()

            async def finished():
                statuses = await job_statuses(js, request.job_id)
                return statuses and statuses[-1].status in ("completed", "failed") and statuses

            statuses = await eventually(finished, timeout=40)
        final = statuses[-1]
        assert final.status == "completed", final
        stored = await stream_subjects(js, LISTINGS, "listings.collected.ebay")
        assert final.counts.fetched == 200 and stored == 200
        assert final.counts.published + final.counts.unchanged == 200
        await nc.close()
    finally:
        server.stop()


async def _at_least(items: list, n: int) -> bool:
    return len(items) >= n


async def test_a_job_whose_collector_dies_is_shown_stalled_then_resumed_by_another(
    nats_url, database_url, jetstream
):
    common = dict(nats_url=nats_url, database_url=database_url, ack_wait_seconds=2)
    projector_settings = ApiSettings(**common, job_stalled_after_seconds=1.5)
    request = SyncRequested(platform="ebay", keywords="levis", limit=1000)
    conn = await asyncpg.connect(database_url)

    async def job():
        return await conn.fetchrow(
            "SELECT status, fetched, error FROM marketplace_sync_jobs WHERE id = $1",
            request.job_id,
        )

    try:
        async with create_projector(projector_settings):
            first = collector(IndigoSettings(**common), slow_pages(100, 5, 0.2))
            await first.start()
            await indigo_nats.publish_event(jetstream, sync_requested("ebay"), request)
            await eventually(lambda: _status(job, "running"), timeout=10)
            await first.stop(grace=0)  # dies mid-job: the request is never settled
            stalled = await eventually(lambda: _status(job, "stalled"), timeout=15)
            assert "no status from its collector" in stalled["error"]
            async with collector(IndigoSettings(**common), slow_pages(4, 5, 0)):
                done = await eventually(lambda: _status(job, "completed"), timeout=20)
            assert done["fetched"] == 20
    finally:
        await conn.close()


async def _status(job, status: str):
    row = await job()
    return row if row is not None and row["status"] == status else None


# --- outages are waited out, never counted ----------------------------------------------------


async def test_postgres_down_longer_than_every_retry_loses_and_parks_nothing(
    nats_url, database_url, jetstream
):
    proxy = TcpProxy(postgres_socket(database_url))
    await proxy.start()
    settings = ApiSettings(
        nats_url=nats_url,
        database_url=postgres_through(proxy.port, database_url),
        max_deliver=2,
        ack_wait_seconds=3,
        outage_backoff_seconds=(0.1, 0.3),
        projector_batch_size=50,
    )
    conn = await asyncpg.connect(database_url)

    async def rows() -> int:
        return await conn.fetchval("SELECT count(*) FROM marketplace_listings")

    try:
        async with create_projector(settings) as projector:
            for n in range(100):
                await jetstream.publish("listings.enriched.ebay", enriched_json(f"v1|{n}|0"))
            await eventually(lambda: _equals(rows, 100))
            await proxy.cut()
            for n in range(100, 300):
                await jetstream.publish("listings.enriched.ebay", enriched_json(f"v1|{n}|0"))
            # Longer than the retry delays of a failing message (1 s, then parked at the 2nd).
            await asyncio.sleep(8)
            problems = await projector.readiness()
            assert "PostgreSQL" in json.dumps(problems), problems
            await proxy.restore()
            await eventually(lambda: _equals(rows, 300), timeout=30)
            assert await projector.readiness() == {}
        info = await jetstream.consumer_info(LISTINGS, "api-projector")
        assert info.num_redelivered == 0, "an outage is not the messages' failure"
        assert await dlq_letters(jetstream) == []
    finally:
        await conn.close()
        await proxy.close()


# --- values that can never succeed ------------------------------------------------------------


async def test_values_that_can_never_be_stored_are_parked_at_once_and_the_rest_commit(
    nats_url, database_url, jetstream
):
    settings = ApiSettings(nats_url=nats_url, database_url=database_url, max_deliver=5)
    doomed = {
        "v1|overflow|0": dict(price=1e10),
        "v1|negative|0": dict(price=-5),
        "x" * 5000: {},
        "v1|unhashed|0": dict(content_hash=""),
        # JSON with an unpaired surrogate escape is not valid JSON: it never decodes.
        "v1|surrogate|0": dict(title="Levi's \ud800 501"),
    }
    async with create_projector(settings):
        for external_id, changes in doomed.items():
            await jetstream.publish(
                "listings.enriched.ebay",
                enriched_json("v1|9|0", **({"external_id": external_id} | changes)),
            )
        await jetstream.publish(
            "listings.enriched.ebay", enriched_json("v1|nul|0", title="Levi's\x00 501\x07 33x32")
        )
        await jetstream.publish(
            "listings.enriched.ebay", enriched_json("v1|long|0", title="W" * 1_000_000)
        )
        letters = await eventually(
            lambda: _length(dlq_letters(jetstream, "api-projector"), 5), timeout=15
        )
        conn = await asyncpg.connect(database_url)
        try:
            # The doomed are parked as the batch is decoded, before the rest of it commits.
            async def stored() -> int:
                return await conn.fetchval("SELECT count(*) FROM marketplace_listings")

            await eventually(lambda: _equals(stored, 2), timeout=15)
            titles = dict(await conn.fetch("SELECT external_id, title FROM marketplace_listings"))
        finally:
            await conn.close()
    assert {letter.deliveries for letter in letters} == {1}, "parked at once, not retried"
    errors = " ".join(letter.error for letter in letters)
    for reason in ("price", "external_id", "content_hash", "Invalid JSON"):
        assert reason in errors
    assert titles == {"v1|nul|0": "Levi's 501 33x32", "v1|long|0": "W" * 500}


async def _length(letters_coroutine, n):
    letters = await letters_coroutine
    return letters if len(letters) == n else None


def test_bounds_refuse_what_cannot_be_cleaned_and_cut_what_can():
    from indigo_shared.events import Listing
    from pydantic import ValidationError

    listing = Listing(
        platform="ebay",
        external_id="v1|1|0",
        title="Levi's\x00 " + "5" * 2000,
        description="d" * 100_000,
        raw_data={"big": "z" * 400_000, "itemId": "v1|1|0", "note": "a\x00b"},
        image_urls=["https://i.example/" + "p" * 5000, "https://i.example/1.jpg"],
    )
    assert len(listing.title) == 500 and "\x00" not in listing.title
    assert len(listing.description) == 20_000
    assert listing.raw_data == {"itemId": "v1|1|0", "note": "ab", "_indigo_dropped": ["big"]}
    assert listing.image_urls == ["https://i.example/1.jpg"]
    for bad in (
        dict(price=Decimal("1e10")),
        dict(price=Decimal("-1")),
        dict(price=Decimal("NaN")),
        dict(external_id="v1|\x00|0"),
        dict(external_id="e" * 300),
    ):
        with pytest.raises(ValidationError):
            Listing(**{"platform": "ebay", "external_id": "v1|2|0", "title": "jeans"} | bad)
