"""The lag gauges say what JetStream's consumer info says; dead letters are counted per consumer."""

from __future__ import annotations

from indigo_shared import metrics
from indigo_shared.delivery import park
from indigo_shared.events import ListingCollected
from indigo_shared.nats import publish_event
from indigo_shared.streams import LISTINGS, listing_collected
from indigo_shared.testing import eventually, sample_listing
from nats.js.api import AckPolicy, ConsumerConfig
from prometheus_client import REGISTRY


def gauge(name: str, **labels) -> float | None:
    return REGISTRY.get_sample_value(name, labels)


async def test_lag_gauges_match_consumer_info_and_dead_letters_are_counted(jetstream, publisher):
    durable = "metrics-lag-test"
    for n in range(7):
        event = ListingCollected(listing=sample_listing(f"v1|{n}|0"))
        await publish_event(jetstream, listing_collected("ebay"), event)
    await jetstream.add_consumer(
        LISTINGS,
        ConsumerConfig(
            durable_name=durable,
            filter_subject="listings.collected.*",
            ack_policy=AckPolicy.EXPLICIT,
            ack_wait=60,
        ),
    )
    subscription = await jetstream.pull_subscribe(
        "listings.collected.*", durable=durable, stream=LISTINGS
    )
    held = await subscription.fetch(3, timeout=5)
    await held[0].ack()
    await park(publisher, held[1], durable, "ValueError: test")

    async def settled():  # acks and terms are not awaited by the server's reply
        info = await jetstream.consumer_info(LISTINGS, durable)
        return info if (info.num_pending, info.num_ack_pending) == (4, 1) else None

    info = await eventually(settled)
    found = await metrics.refresh_consumer_lag(
        jetstream, [(LISTINGS, durable), (LISTINGS, "no-such-durable")]
    )
    assert found == {(LISTINGS, durable): (4, 1)}
    labels = dict(stream=LISTINGS, consumer=durable)
    assert gauge("indigo_consumer_pending_messages", **labels) == info.num_pending
    assert gauge("indigo_consumer_ack_pending_messages", **labels) == info.num_ack_pending
    assert (
        gauge("indigo_consumer_pending_messages", stream=LISTINGS, consumer="no-such-durable")
        is None
    )

    dead = await metrics.refresh_dead_letters(jetstream)
    assert dead == {durable: 1}
    assert gauge("indigo_dead_letters", consumer=durable) == 1

    # The gauges follow the consumer as it drains.
    for msg in await subscription.fetch(4, timeout=5):
        await msg.ack()
    await held[2].ack()

    async def drained():
        await metrics.refresh_consumer_lag(jetstream, [(LISTINGS, durable)])
        return gauge("indigo_consumer_ack_pending_messages", **labels) == 0

    await eventually(drained)
    assert gauge("indigo_consumer_pending_messages", **labels) == 0

    await jetstream.delete_consumer(LISTINGS, durable)
    await metrics.refresh_consumer_lag(jetstream, [(LISTINGS, durable)])
    assert gauge("indigo_consumer_pending_messages", **labels) is None
