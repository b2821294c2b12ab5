"""A channel's health under load: a burst of alerts to a failing receiver, the pause policy, resume
pacing, and concurrent failures recorded with no deadlock and no attempt lost."""

from __future__ import annotations

import logging
import uuid
from collections import Counter
from decimal import Decimal

import pytest
from indigo_shared.nats import publish_event
from indigo_shared.streams import listing_enriched
from indigo_shared.testing import eventually, sample_enriched, sample_listing

from .alerts_harness import API, Receiver, create_search, existing_recorded, running_system

pytestmark = pytest.mark.integration


class Failing(Receiver):
    """Answers every request with ``status`` (503 unless changed; 200 is up)."""

    status: int = 503

    async def _handle(self, request):
        self.answers = [(self.status, {})]
        return await super()._handle(request)


async def burst(client, jetstream, n: int, url: str) -> dict:
    """``n`` listings known first, then a search with ``notify_existing``: n deliveries at once."""
    for i in range(n):
        event = sample_enriched(sample_listing(f"v1|7{i:03d}|0", price=Decimal("60.00")))
        await publish_event(jetstream, listing_enriched("ebay"), event, msg_id=str(uuid.uuid4()))

    async def known():
        return await client.alerts.pool.fetchval("SELECT count(*) FROM alerts_listings") == n

    await eventually(known)
    search = await create_search(
        client,
        name="burst",
        criteria={"lots": ["501"]},
        notify_existing=True,
        channels=[{"type": "webhook", "url": url}],
    )
    await eventually(lambda: existing_recorded(client, search["id"]))
    return search


async def deliveries(client, search_id) -> list:
    return await client.alerts.pool.fetch(
        "SELECT id, status, attempts, claimed_until > now() AS claimed, last_error"
        " FROM alerts_deliveries WHERE saved_search_id = $1 ORDER BY created_at, id",
        uuid.UUID(search_id),
    )


async def attempts_logged(client, search_id) -> Counter:
    rows = await client.alerts.pool.fetch(
        "SELECT a.delivery_id FROM alerts_delivery_attempts a JOIN alerts_deliveries d"
        " ON d.id = a.delivery_id WHERE d.saved_search_id = $1",
        uuid.UUID(search_id),
    )
    return Counter(str(r["delivery_id"]) for r in rows)


async def channel_of(client, search: dict) -> dict:
    response = await client.get(f"{API}/saved-searches/{search['id']}")
    return response.json()["channels"][0]


async def test_concurrent_failures_to_one_channel_deadlock_nothing_and_lose_no_attempt(
    nats_url, database_url, jetstream, caplog
):
    """Many deliveries to one failing channel at once, the channel paused in the middle of them:
    every request the receiver got is in the delivery log, nothing is left claimed, and no
    transaction deadlocks (each used to lock its delivery then the channel, the pause the channel
    then every delivery)."""
    n = 60
    caplog.set_level(logging.WARNING, logger="indigo_alerts")
    hook = await Failing().start()
    try:
        async with running_system(
            nats_url,
            database_url,
            delivery_concurrency=n + 4,
            retry_schedule_seconds=(3600.0,),
            pause_after_failing_seconds=0,
            pause_after_failures=3,
        ) as client:
            search = await burst(client, jetstream, n, hook.url)

            async def settled():
                rows = await deliveries(client, search["id"])
                return (
                    len(rows) == n
                    and not any(r["claimed"] for r in rows)
                    and all(r["attempts"] or r["status"] == "held" for r in rows)
                    and rows
                )

            rows = await eventually(settled, timeout=60)
            channel = await channel_of(client, search)
            assert channel["status"] == "paused"
            sent = Counter(hook.webhook_ids())
            logged = await attempts_logged(client, search["id"])
            assert logged == sent, "a request the receiver got is missing from the delivery log"
            by_id = {str(r["id"]): r for r in rows}
            assert all(by_id[i]["attempts"] == k for i, k in sent.items())
    finally:
        await hook.stop()
    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert not errors, errors
    assert not [r for r in caplog.records if "Deadlock" in r.getMessage()]
