"""Sold listings never alert (a new match nor a price drop), and stay off the market when a sync
sees them again; relisted unsold, they are back on the market (and alert back_on_market); every
alert's listing carries its buying_format. Real NATS, PostgreSQL and a loopback webhook."""

from __future__ import annotations

import asyncio
import uuid
from datetime import timedelta
from decimal import Decimal

import pytest
from indigo_shared.events import ListingsSeen, utcnow
from indigo_shared.nats import publish_event
from indigo_shared.streams import listing_enriched, listings_seen
from indigo_shared.testing import eventually, sample_enriched, sample_listing
from standardwebhooks.webhooks import Webhook

from .alerts_harness import create_search, existing_recorded, matches_of, receiver, running_system

pytestmark = pytest.mark.integration

START = utcnow() - timedelta(hours=1)


def levis(external_id: str, price: str, minutes: int, buying_format: str | None = None):
    listing = sample_listing(external_id, price=Decimal(price), buying_format=buying_format)
    return sample_enriched(listing, collected_at=START + timedelta(minutes=minutes))


async def publish(jetstream, event):
    await publish_event(
        jetstream, listing_enriched(event.listing.platform), event, msg_id=str(uuid.uuid4())
    )


async def received(hook, n: int) -> None:
    async def enough():
        return len(hook.received) >= n

    await eventually(enough, timeout=10)


async def state(client, external_id: str):
    async def stored():
        return await client.alerts.pool.fetchrow(
            "SELECT sold, ended_at, collected_at FROM alerts_listings WHERE external_id = $1",
            external_id,
        )

    await eventually(stored)
    return await stored()


async def test_sold_listings_never_alert_and_a_relist_is_back_on_the_market(
    nats_url, database_url, jetstream
):
    async with receiver() as hook, running_system(nats_url, database_url) as client:
        search = await create_search(
            client,
            name="501s",
            criteria={"lots": ["501"]},
            triggers={"new": True, "price_drop": {"percent": 10}, "back_on_market": True},
            channels=[{"type": "webhook", "url": hook.url}],
        )
        secret = search["channels"][0]["secret"]
        await eventually(lambda: existing_recorded(client, search["id"]))

        # Sold when first seen: no "new" alert, ended at its sale (twice: the same state).
        sold_first = levis("v1|801|0", "60.00", 0, "sold")
        for _ in range(2):
            await publish(jetstream, sold_first)
        assert (await state(client, "v1|801|0"))["ended_at"] == sold_first.collected_at

        # On sale (a "new" alert, carrying its buying_format), then sold at a lower price: no
        # price drop alert.
        on_sale = levis("v1|802|0", "80.00", 0, "fixed_price")
        await publish(jetstream, on_sale)
        await received(hook, 1)
        first = Webhook(secret).verify(hook.received[0].body, hook.received[0].headers)["data"]
        assert first["trigger"] == "new" and first["listing"]["external_id"] == "v1|802|0"
        assert first["listing"]["buying_format"] == "fixed_price"
        sold = levis("v1|802|0", "50.00", 5, "sold")
        await publish(jetstream, sold)

        async def sold_recorded():
            return (await state(client, "v1|802|0"))["ended_at"] == sold.collected_at

        await eventually(sold_recorded)

        # A sync still sees both sold posts: they stay ended, nothing alerts.
        seen = ListingsSeen(
            job_id=uuid.uuid4(),
            platform="ebay",
            keywords="levis",
            page=0,
            external_ids=["v1|801|0", "v1|802|0"],
            seen_at=START + timedelta(minutes=10),
        )
        await publish_event(jetstream, listings_seen("ebay"), seen)
        await asyncio.sleep(1.5)
        for external_id, sale in (("v1|801|0", sold_first), ("v1|802|0", sold)):
            assert (await state(client, external_id))["ended_at"] == sale.collected_at
        assert len(hook.received) == 1
        matched = await matches_of(client, search["id"])
        assert [(m["trigger"], m["listing"]["external_id"]) for m in matched] == [
            ("new", "v1|802|0")
        ]

        # Relisted unsold: back on the market for the search that had it, new for the other.
        relisted = levis("v1|802|0", "55.00", 15, "fixed_price+best_offer")
        await publish(jetstream, relisted)
        await publish(jetstream, levis("v1|801|0", "60.00", 15, "fixed_price"))
        await received(hook, 3)
        await asyncio.sleep(1)
        assert len(hook.received) == 3
        alerts = [Webhook(secret).verify(r.body, r.headers)["data"] for r in hook.received[1:]]
        by_listing = {a["listing"]["external_id"]: a for a in alerts}
        assert by_listing["v1|802|0"]["trigger"] == "back_on_market"
        assert by_listing["v1|802|0"]["listing"]["buying_format"] == "fixed_price+best_offer"
        assert by_listing["v1|801|0"]["trigger"] == "new"
        back = await state(client, "v1|802|0")
        assert (back["sold"], back["ended_at"]) == (False, None)
