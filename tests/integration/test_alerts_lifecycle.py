"""Back on the market (ListingEnded, then a sighting), digests, replays and a killed service."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import uuid
from datetime import timedelta

import pytest
from click.testing import CliRunner
from indigo_cli.main import cli
from indigo_cli.replay.rebuild import rewind
from indigo_shared.events import ListingEnded, ListingsSeen, utcnow
from indigo_shared.nats import publish_event
from indigo_shared.streams import listing_ended, listings_seen
from indigo_shared.testing import eventually

from .alerts_harness import (
    SECRET_KEY,
    create_search,
    deliveries_of,
    existing_recorded,
    matches_of,
    publish_listing,
    receiver,
    running_system,
)

pytestmark = pytest.mark.integration


async def count(hook, n: int):
    async def enough():
        return len(hook.received) >= n

    await eventually(enough, timeout=10)


async def test_a_listing_back_on_the_market_alerts_once(nats_url, database_url, jetstream):
    async with receiver() as hook, running_system(nats_url, database_url) as client:
        search = await create_search(
            client,
            name="back",
            criteria={"lots": ["501"]},
            triggers={"new": True, "back_on_market": True},
            channels=[{"type": "webhook", "url": hook.url}],
        )
        await eventually(lambda: existing_recorded(client, search["id"]))
        event = await publish_listing(jetstream, "v1|40|0")
        await count(hook, 1)
        ended_at = event.collected_at
        await publish_event(
            jetstream,
            listing_ended("ebay"),
            ListingEnded(platform="ebay", external_id="v1|40|0", ended_at=ended_at),
        )

        async def ended():
            return await client.alerts.pool.fetchval(
                "SELECT ended_at IS NOT NULL FROM alerts_listings WHERE external_id = 'v1|40|0'"
            )

        await eventually(ended)
        seen = ListingsSeen(
            job_id=uuid.uuid4(),
            platform="ebay",
            keywords="vintage jeans",
            page=0,
            external_ids=["v1|40|0", "v1|unknown|0"],
            seen_at=ended_at + timedelta(hours=3),
        )
        await publish_event(jetstream, listings_seen("ebay"), seen)
        await publish_event(jetstream, listings_seen("ebay"), seen.model_copy(update={"page": 1}))
        await count(hook, 2)
        await asyncio.sleep(1)
        assert len(hook.received) == 2
        back = hook.received[1].json()["data"]
        assert back["trigger"] == "back_on_market" and back["why"]["reason"] == "back on the market"


async def test_hourly_digests_batch_a_period_and_send_once(nats_url, database_url, jetstream):
    offset = timedelta(0)

    def clock():
        return utcnow() + offset

    async with receiver() as hook, running_system(nats_url, database_url, clock=clock) as client:
        search = await create_search(
            client,
            name="hourly",
            criteria={"lots": ["501"]},
            delivery="hourly",
            channels=[{"type": "webhook", "url": hook.url}],
        )
        await eventually(lambda: existing_recorded(client, search["id"]))
        for i in range(3):
            await publish_listing(jetstream, f"v1|5{i}|0")

        async def three_matches():
            return len(await matches_of(client, search["id"])) == 3

        await eventually(three_matches)
        await asyncio.sleep(0.6)
        assert hook.received == []  # the hour has not ended
        offset = timedelta(hours=1)
        await count(hook, 1)
        await publish_listing(jetstream, "v1|60|0")  # in the next hour
        await asyncio.sleep(1)
        assert len(hook.received) == 1
        digest = hook.received[0].json()
        assert digest["type"] == "alert.digest" and digest["data"]["total"] == 3
        assert {m["listing"]["external_id"] for m in digest["data"]["matches"]} == {
            "v1|50|0",
            "v1|51|0",
            "v1|52|0",
        }
        offset = timedelta(hours=2)
        await count(hook, 2)
        await asyncio.sleep(1)
        assert len(hook.received) == 2
        assert hook.received[1].json()["data"]["total"] == 1
        assert [d["kind"] for d in await deliveries_of(client, search["id"])] == ["digest"] * 2


async def test_a_replay_of_the_stream_alerts_nobody_again(nats_url, database_url, jetstream):

    async with receiver() as hook, running_system(nats_url, database_url) as client:
        await create_search(
            client,
            name="replayed",
            criteria={"lots": ["501"]},
            triggers={"new": True, "price_drop": {"percent": 5}},
            channels=[{"type": "webhook", "url": hook.url}],
        )
        await asyncio.sleep(0.5)
        await publish_listing(jetstream, "v1|70|0", "100.00")
        await publish_listing(jetstream, "v1|71|0", "100.00")
        await count(hook, 2)
        await publish_listing(jetstream, "v1|70|0", "90.00")
        await count(hook, 3)

        # The whole stream again for the live durable, as a rebuild does.
        assert await rewind(jetstream, "LISTINGS", "alerts")

        async def replayed():
            info = await jetstream.consumer_info("LISTINGS", "alerts")
            return info.num_pending == 0 and info.num_ack_pending == 0

        await eventually(replayed)
        await asyncio.sleep(1.5)
        assert len(hook.received) == 3


def start_alerts(nats_url: str, database_url: str) -> subprocess.Popen:
    env = os.environ | {
        "NATS_URL": nats_url,
        "DATABASE_URL": database_url,
        "INDIGO_SECRET_KEY": SECRET_KEY,
        "INDIGO_ALERTS_ALLOW_PRIVATE_TARGETS": "true",
        "INDIGO_ALERTS_RETRY_SCHEDULE_SECONDS": "[0.3, 0.5, 1, 1, 1, 1]",
        "INDIGO_ALERTS_REFRESH_SECONDS": "0.2",
        "INDIGO_ALERTS_DELIVERY_TIMEOUT_SECONDS": "2",
        "INDIGO_ACK_WAIT_SECONDS": "3",
    }
    return subprocess.Popen(
        [sys.executable, "-m", "indigo_cli.main", "run", "alerts"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


async def test_a_service_killed_between_match_and_delivery_delivers_once(
    nats_url, database_url, jetstream
):
    """The receiver is down when the match is recorded; the service is killed (SIGKILL) with the
    delivery pending; a new process delivers it once the receiver is up. Then a kill while the
    receiver holds the request: the retry carries the same webhook-id."""
    async with receiver(answers=[(503, {})] * 50) as hook:
        async with running_system(nats_url, database_url, alerts=False) as client:
            search = await create_search(
                client,
                name="killed",
                criteria={"lots": ["501"]},
                channels=[{"type": "webhook", "url": hook.url}],
            )
            process = start_alerts(nats_url, database_url)
            try:
                await eventually(lambda: existing_recorded(client, search["id"]), timeout=30)
                await publish_listing(jetstream, "v1|80|0")
                await count(hook, 1)  # the first attempt: 503
                process.send_signal(signal.SIGKILL)
                await asyncio.to_thread(process.wait, 10)
                assert [d["status"] for d in await deliveries_of(client, search["id"])] == [
                    "pending"
                ]
                hook.answers.clear()
                process = start_alerts(nats_url, database_url)

                async def delivered():
                    found = await deliveries_of(client, search["id"])
                    return found and found[0]["status"] == "delivered"

                # The kill may fall while a retry is claimed: that claim holds for the send
                # timeout plus the lease margin (32 s here) before the new process takes it.
                await eventually(delivered, timeout=60)

                # Killed while the receiver holds the request.
                hook.hold = 3
                await publish_listing(jetstream, "v1|81|0")
                await asyncio.sleep(1.0)
                process.send_signal(signal.SIGKILL)
                await asyncio.to_thread(process.wait, 10)
                hook.hold = 0
                process = start_alerts(nats_url, database_url)
                await eventually(_all_delivered(client, search), timeout=60)
            finally:
                process.send_signal(signal.SIGTERM)
                await asyncio.to_thread(process.wait, 15)
        ids = [r.headers["webhook-id"] for r in hook.received]
        deliveries = await _deliveries(database_url, search["id"])
        # One delivery per (search, listing, trigger), whatever the kills; a request cut by a kill
        # may reach the receiver again, with the same webhook-id for it to drop.
        assert len(deliveries) == 2
        assert set(ids) == {str(d) for d in deliveries}


def _all_delivered(client, search):
    async def check():
        found = await deliveries_of(client, search["id"])
        return len(found) == 2 and all(d["status"] == "delivered" for d in found)

    return check


async def _deliveries(database_url: str, search_id: str) -> list:
    import asyncpg

    conn = await asyncpg.connect(database_url)
    try:
        rows = await conn.fetch(
            "SELECT id FROM alerts_deliveries WHERE saved_search_id = $1", uuid.UUID(search_id)
        )
    finally:
        await conn.close()
    return [r["id"] for r in rows]


async def test_indigo_alerts_tail_prints_matches(nats_url, database_url, jetstream):

    async with running_system(nats_url, database_url) as client:
        await create_search(client, name="tailed", criteria={"lots": ["501"]})
        await asyncio.sleep(0.5)
        event = await publish_listing(jetstream, "v1|90|0", "77.00")

        async def published():
            return (await jetstream.stream_info("ALERTS")).state.messages == 1

        await eventually(published)
        result = await asyncio.to_thread(
            CliRunner().invoke,
            cli,
            ["alerts", "tail", "--all", "--limit", "1"],
            env={"NATS_URL": nats_url, "DATABASE_URL": database_url},
        )
        assert result.exit_code == 0, result.output
        assert "new" in result.output and "77.00 USD" in result.output
        assert event.listing.title in result.output and "[tailed]" in result.output
