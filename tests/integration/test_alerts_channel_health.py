"""A channel's health under load: a burst of alerts to a failing receiver, the pause policy, resume
pacing, and concurrent failures recorded with no deadlock and no attempt lost."""

from __future__ import annotations

import logging
import time
import uuid
from collections import Counter
from datetime import timedelta
from decimal import Decimal

import asyncpg
import pytest
from indigo_alerts.adapters import deliveries as store
from indigo_shared.events import utcnow
from indigo_shared.nats import publish_event
from indigo_shared.streams import listing_enriched
from indigo_shared.testing import eventually, sample_enriched, sample_listing

from .alerts_harness import API, Receiver, create_search, existing_recorded, running_system

pytestmark = pytest.mark.integration


class Failing(Receiver):
    """Answers every request with ``status`` (503 unless changed; 200 is up); ``times`` holds
    when each request came (monotonic), by webhook-id."""

    status: int = 503

    def __init__(self, **options) -> None:
        super().__init__(**options)
        self.times: dict[str, list[float]] = {}

    async def _handle(self, request):
        self.times.setdefault(request.headers.get("webhook-id"), []).append(time.monotonic())
        self.answers = [(self.status, {})]
        return await super()._handle(request)


#: An hour's retry, its jitter included: when a test moves the clock on by this, it is due.
JUMP = 3600 * 1.2 + 1


class Clock:
    """The service's clock: now, plus ``offset`` (a test moves time on without waiting)."""

    def __init__(self) -> None:
        self.offset = timedelta(0)

    def __call__(self):
        return utcnow() + self.offset


async def publish(jetstream, external_id: str) -> None:
    event = sample_enriched(sample_listing(external_id, price=Decimal("60.00")))
    await publish_event(jetstream, listing_enriched("ebay"), event, msg_id=str(uuid.uuid4()))


async def burst(client, jetstream, n: int, url: str) -> dict:
    """``n`` listings known first, then a search with ``notify_existing``: n deliveries at once."""
    for i in range(n):
        await publish(jetstream, f"v1|7{i:03d}|0")

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


async def test_a_burst_to_a_failing_receiver_pauses_the_channel_only_once_it_has_failed_for_the_window(
    nats_url, database_url, jetstream
):
    """23 deliveries at once to a receiver answering 503, each through its whole (short)
    schedule: 69 failed attempts in a couple of seconds do not pause the channel, and each is
    counted once. It is paused by the first failure past the window (1 h of the service's
    clock, moved on by the test), with that failure's exact count in the reason."""
    clock = Clock()
    hook = await Failing().start()
    try:
        async with running_system(
            nats_url,
            database_url,
            clock=clock,
            retry_schedule_seconds=(0.3, 0.6),
            pause_after_failing_seconds=3600,
            pause_after_failures=3,
        ) as client:
            search = await burst(client, jetstream, 23, hook.url)

            async def all_failed(n: int):
                rows = await deliveries(client, search["id"])
                return (
                    len(rows) == n
                    and all(r["status"] == "failed" and not r["claimed"] for r in rows)
                    and rows
                )

            await eventually(lambda: all_failed(23), timeout=30)
            channel = await channel_of(client, search)
            assert channel["status"] == "active", channel
            assert channel["consecutive_failures"] == 69 == len(hook.received)
            assert sum((await attempts_logged(client, search["id"])).values()) == 69

            # Five minutes short of the window: three more failures, still active.
            clock.offset = timedelta(seconds=3600 - 300)
            await publish(jetstream, "v1|8001|0")
            await eventually(lambda: all_failed(24), timeout=30)
            channel = await channel_of(client, search)
            assert channel["status"] == "active", channel
            assert channel["consecutive_failures"] == 72

            # Past the window: the next failure pauses it, and it alone.
            clock.offset = timedelta(seconds=3601)
            await publish(jetstream, "v1|8002|0")

            async def paused():
                channel = await channel_of(client, search)
                return channel["status"] == "paused" and channel

            channel = await eventually(paused, timeout=30)
            reason = channel["status_reason"]
            assert reason.startswith("paused: every attempt failed for 1 h"), reason
            assert "(73 in a row since " in reason and "last: HTTP 503" in reason, reason
            assert channel["consecutive_failures"] == 73
            rows = await deliveries(client, search["id"])
            assert [r["status"] for r in rows].count("held") == 1
            held = next(r for r in rows if r["status"] == "held")
            assert held["attempts"] == 1
            assert len(hook.received) == 73
    finally:
        await hook.stop()


async def test_resume_sends_held_deliveries_one_at_a_time_with_a_fresh_failure_window(
    nats_url, database_url, jetstream
):
    """A paused channel's 10 held deliveries: resumed, they go one every 0.5 s, oldest first,
    each at its place in its retry schedule; still failing, the channel is not paused again
    before a new window has passed; once the receiver is up they are delivered."""
    clock = Clock()
    interval = 0.5
    hook = await Failing().start()
    try:
        async with running_system(
            nats_url,
            database_url,
            clock=clock,
            retry_schedule_seconds=(3600.0, 3600.0, 3600.0),
            pause_after_failing_seconds=3600,
            pause_after_failures=1,
            resume_interval_seconds=interval,
        ) as client:
            search = await burst(client, jetstream, 10, hook.url)

            async def sent_once():
                rows = await deliveries(client, search["id"])
                return len(rows) == 10 and all(r["attempts"] == 1 for r in rows) and rows

            await eventually(sent_once, timeout=30)
            assert (await channel_of(client, search))["status"] == "active"
            # Their first retries (an hour on, +-20 %) are due, and fail: past the window.
            clock.offset = timedelta(seconds=JUMP)

            async def all_held():
                rows = await deliveries(client, search["id"])
                return all(r["status"] == "held" and not r["claimed"] for r in rows) and rows

            await eventually(all_held, timeout=30)
            channel = await channel_of(client, search)
            assert channel["status"] == "paused"
            sent = len(hook.received)
            assert sum((await attempts_logged(client, search["id"])).values()) == sent

            order = [str(r["id"]) for r in await deliveries(client, search["id"])]
            started = time.monotonic()
            resumed = await client.post(
                f"{API}/saved-searches/{search['id']}/channels/{channel['id']}/resume"
            )
            assert resumed.status_code == 200 and resumed.json()["count"] == 10, resumed.text

            async def all_sent_again():
                return len(hook.received) >= sent + 10

            await eventually(all_sent_again, timeout=30)
            for place, delivery in enumerate(order):
                # Never before its turn (a slow machine only makes the gaps longer).
                assert hook.times[delivery][-1] - started >= place * interval - 0.05, place

            async def retried():
                rows = await deliveries(client, search["id"])
                return (
                    all(r["status"] == "pending" and not r["claimed"] for r in rows)
                    and sum((await attempts_logged(client, search["id"])).values())
                    == len(hook.received)
                    and rows
                )

            await eventually(retried, timeout=30)
            channel = await channel_of(client, search)
            # A fresh window: ten more failures, and no pause before an hour of them.
            assert channel["status"] == "active" and channel["status_reason"] is None
            assert channel["consecutive_failures"] == 10
            assert len(hook.received) == sent + 10

            hook.status = 200
            clock.offset = timedelta(seconds=2 * JUMP)

            async def delivered():
                rows = await deliveries(client, search["id"])
                return all(r["status"] == "delivered" for r in rows) and rows

            await eventually(delivered, timeout=30)
            channel = await channel_of(client, search)
            assert channel["status"] == "active" and channel["consecutive_failures"] == 0
    finally:
        await hook.stop()


async def test_a_database_error_while_an_attempt_is_recorded_is_retried_and_counts_nothing(
    nats_url, database_url, jetstream, monkeypatch, caplog
):
    """A deadlock while a failed attempt is recorded (twice) and a lost connection while a
    delivered one is: each record is tried again, the rolled-back tries count nothing (neither
    the delivery's attempts nor the channel's failures), nothing is left claimed or held."""
    caplog.set_level(logging.WARNING, logger="indigo_alerts")
    raised = Counter()
    channel_failed, record_delivered = store.channel_failed, store.record_delivered

    async def deadlocking(conn, channel_id, now):
        health = await channel_failed(conn, channel_id, now)  # rolled back with what it wrote
        if raised["failed"] < 2:
            raised["failed"] += 1
            raise asyncpg.DeadlockDetectedError("deadlock detected")
        return health

    async def disconnecting(conn, delivered):
        if raised["delivered"] < 1:
            raised["delivered"] += 1
            raise asyncpg.ConnectionDoesNotExistError("connection was closed")
        return await record_delivered(conn, delivered)

    monkeypatch.setattr(store, "channel_failed", deadlocking)
    monkeypatch.setattr(store, "record_delivered", disconnecting)
    hook = await Failing().start()
    try:
        async with running_system(
            nats_url, database_url, retry_schedule_seconds=(0.3,), resume_interval_seconds=0
        ) as client:
            search = await create_search(
                client,
                name="501s",
                criteria={"lots": ["501"]},
                channels=[{"type": "webhook", "url": hook.url}],
            )
            await eventually(lambda: existing_recorded(client, search["id"]))
            await publish(jetstream, "v1|9001|0")

            async def failed():
                rows = await deliveries(client, search["id"])
                return rows and rows[0]["status"] == "failed" and not rows[0]["claimed"] and rows

            (row,) = await eventually(failed, timeout=30)
            assert raised["failed"] == 2
            assert row["attempts"] == 2 == len(hook.received)  # the first attempt and one retry
            channel = await channel_of(client, search)
            assert channel["consecutive_failures"] == 2 and channel["status"] == "active"

            hook.status = 200
            retried = await client.post(f"{API}/saved-searches/{search['id']}/deliveries/retry")
            assert retried.json() == {"count": 1}

            async def delivered():
                rows = await deliveries(client, search["id"])
                return rows[0]["status"] == "delivered" and rows

            (row,) = await eventually(delivered, timeout=30)
            assert raised["delivered"] == 1
            assert row["attempts"] == 3 == len(hook.received)
            logged = await attempts_logged(client, search["id"])
            assert logged == {str(row["id"]): 3}
            assert (await channel_of(client, search))["consecutive_failures"] == 0
    finally:
        await hook.stop()
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
