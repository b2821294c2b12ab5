"""``indigo dlq``: list, show, replay (dry run unless --yes) and purge dead letters, on a real NATS."""

from __future__ import annotations

import asyncio
import os
import sys

import pytest
from indigo_shared import dead_letters
from indigo_shared.delivery import DeliveryPolicy, park
from indigo_shared.events import ListingCollected
from indigo_shared.nats import event_bytes
from indigo_shared.streams import LISTINGS, listing_collected
from indigo_shared.testing import sample_listing

pytestmark = pytest.mark.integration


async def indigo(nats_url: str, *args: str) -> tuple[int, str]:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "indigo_cli.main",
        *args,
        env=os.environ | {"NATS_URL": nats_url},
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    out, _ = await process.communicate()
    return process.returncode, out.decode()


async def park_two(jetstream, publisher) -> list[bytes]:
    """Two collected listings parked by the enricher, as its consumer would park them."""
    bodies = [event_bytes(ListingCollected(listing=sample_listing(f"v1|{n}|0"))) for n in range(2)]
    for body in bodies:
        await jetstream.publish(listing_collected("ebay"), body)
    policy = DeliveryPolicy(consumer="enricher")
    subject = listing_collected("ebay")
    sub = await jetstream.pull_subscribe(
        subject, durable="enricher", stream=LISTINGS, config=policy.consumer_config(subject)
    )
    for msg in await sub.fetch(2, timeout=5):
        await park(publisher, msg, "enricher", "ValueError: the enricher could not read it")
    await sub.unsubscribe()
    return bodies


async def test_list_show_replay_and_purge(nats_url, jetstream, publisher):
    bodies = await park_two(jetstream, publisher)
    code, out = await indigo(nats_url, "dlq", "list")
    assert code == 0 and "2 dead letters (enricher: 2)" in out
    assert "could not read it" in out

    letters = [letter async for letter in dead_letters.read(jetstream)]
    code, out = await indigo(nats_url, "dlq", "show", str(letters[0].seq))
    assert code == 0 and '"consumer": "enricher"' in out and "v1|0|0" in out

    code, out = await indigo(nats_url, "dlq", "replay", "-c", "enricher")
    assert code == 0 and "dry run: 2 dead letters would be replayed" in out
    assert len([x async for x in dead_letters.read(jetstream)]) == 2, "a dry run changes nothing"

    code, out = await indigo(nats_url, "dlq", "replay", "-c", "enricher", "--yes", "--rate", "0")
    assert code == 0 and "replayed 2 dead letters" in out
    assert [x async for x in dead_letters.read(jetstream)] == []
    # Back on their subject, addressed to the enricher only.
    info = await jetstream.stream_info(LISTINGS)
    replayed = [
        await jetstream.get_msg(LISTINGS, seq)
        for seq in (info.state.last_seq - 1, info.state.last_seq)
    ]
    assert [m.data for m in replayed] == bodies
    assert {m.headers["Indigo-Replay-For"] for m in replayed} == {"enricher"}

    await park_two_more(jetstream, publisher)
    code, out = await indigo(nats_url, "dlq", "purge", "--error", "could not read")
    assert code == 0 and "dry run: 2 dead letters would be deleted" in out
    code, out = await indigo(nats_url, "dlq", "purge", "--error", "could not read", "--yes")
    assert code == 0 and "deleted 2 dead letters" in out
    assert [x async for x in dead_letters.read(jetstream)] == []


async def park_two_more(jetstream, publisher):
    """Two more, parked by another consumer of the same subject."""
    subject = listing_collected("ebay")
    policy = DeliveryPolicy(consumer="alerts")
    sub = await jetstream.pull_subscribe(
        subject, durable="alerts", stream=LISTINGS, config=policy.consumer_config(subject)
    )
    for msg in await sub.fetch(2, timeout=5):
        await park(publisher, msg, "alerts", "ValueError: the alerts could not read it")
    await sub.unsubscribe()
