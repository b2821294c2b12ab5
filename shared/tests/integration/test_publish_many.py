"""``Publisher.publish_many``, the outbox relays' way to publish: everything in flight at once,
each message stored once by its msg id, in order, and an outage waited out without losing any."""

from __future__ import annotations

import asyncio

import pytest
from indigo_shared import nats as indigo_nats
from indigo_shared.failures import MessageTooLarge
from indigo_shared.nats import Publisher
from indigo_shared.streams import ALERT_MATCHED, ALERTS
from indigo_shared.testing import TcpProxy

pytestmark = pytest.mark.asyncio


def batch(count: int, prefix: str = "m") -> list[tuple[str, bytes, str]]:
    return [(ALERT_MATCHED, f'{{"n": {n}}}'.encode(), f"{prefix}-{n}") for n in range(count)]


async def stored(jetstream, count: int) -> list[bytes]:
    sub = await jetstream.pull_subscribe(ALERT_MATCHED, stream=ALERTS)
    data = []
    while len(data) < count:
        try:
            messages = await sub.fetch(min(500, count - len(data)), timeout=2)
        except TimeoutError:
            break
        for message in messages:
            data.append(message.data)
            await message.ack()
    await sub.unsubscribe()
    return data


async def test_every_message_is_stored_once_in_order(publisher, jetstream):
    messages = batch(2000)
    await publisher.publish_many(messages)
    await publisher.publish_many(messages[:700])  # a relay that crashed before deleting its rows

    info = await jetstream.stream_info(ALERTS)
    assert info.state.messages == 2000
    assert await stored(jetstream, 2000) == [data for _, data, _ in messages]


async def test_a_message_too_large_is_refused_before_any_is_sent(publisher, jetstream):
    messages = batch(3) + [(ALERT_MATCHED, b"x" * (publisher.max_payload + 1), "big")]
    with pytest.raises(MessageTooLarge, match="exceeds the max payload"):
        await publisher.publish_many(messages)
    assert (await jetstream.stream_info(ALERTS)).state.messages == 0


async def test_an_outage_is_waited_out_and_nothing_is_lost_or_doubled(nats_url, jetstream):
    proxy = TcpProxy(nats_url.removeprefix("nats://"))
    port = await proxy.start()
    nc = await indigo_nats.connect(f"nats://127.0.0.1:{port}", "publish-many-test")
    publisher = Publisher(nc, stopping=asyncio.Event(), backoff=(0.2,), timeout=1.0)
    try:
        await publisher.publish_many(batch(100, "before"))
        await proxy.cut()
        sending = asyncio.create_task(publisher.publish_many(batch(500, "during")))
        await asyncio.sleep(1.5)
        assert not sending.done(), "the publish should be waiting for NATS"
        await proxy.restore()
        await asyncio.wait_for(sending, 30)
    finally:
        await nc.close()
        await proxy.close()

    data = await stored(jetstream, 600)
    assert len(data) == 600
    assert data[:100] == [d for _, d, _ in batch(100, "before")]
    assert sorted(data[100:]) == sorted(d for _, d, _ in batch(500, "during"))
