"""The enricher against a real NATS server: events in, enriched events out, poison parked,
replicas sharing the work."""

from __future__ import annotations

import pytest
from indigo_enricher.main import create_app
from indigo_enricher.settings import EnricherSettings
from indigo_shared.events import ListingCollected, ListingEnriched
from indigo_shared.nats import publish_event
from indigo_shared.streams import listing_collected
from indigo_shared.testing import eventually, sample_listing

pytestmark = pytest.mark.integration


@pytest.fixture
def settings(nats_url) -> EnricherSettings:
    # Rules only, whatever the environment says about an LLM.
    return EnricherSettings(
        nats_url=nats_url, max_deliver=2, openai_api_key=None, openai_base_url=None
    )


async def enriched_events(js) -> list[ListingEnriched]:
    sub = await js.subscribe("listings.enriched.*", ordered_consumer=True)
    events = []
    try:
        while True:
            msg = await sub.next_msg(timeout=0.5)
            events.append(ListingEnriched.model_validate_json(msg.data))
    except TimeoutError:
        return events
    finally:
        await sub.unsubscribe()


async def idle(js) -> bool:
    info = await js.consumer_info("LISTINGS", "enricher")
    return info.num_pending == 0 and info.num_ack_pending == 0


async def test_collected_listing_is_enriched_with_denim_attributes(settings, jetstream):
    listing = sample_listing(
        "v1|42|0", title="LEVIS 505 JEANS 36X30 DARK WASH MADE IN USA VINTAGE 80S"
    )
    async with create_app(settings):
        await publish_event(jetstream, listing_collected("ebay"), ListingCollected(listing=listing))
        await eventually(lambda: idle(jetstream))
    [event] = await enriched_events(jetstream)
    assert event.listing == listing
    attrs = event.attributes
    assert (attrs.brand, attrs.model, attrs.waist, attrs.inseam) == ("Levi's", "505", 36, 30)
    assert (attrs.era, attrs.wash, attrs.made_in) == ("1980s", "dark", "USA")
    assert event.enrichment.method == "rules" and event.enrichment.confidence["brand"] > 0.5


async def test_same_listing_collected_twice_is_enriched_once(settings, jetstream):
    listing = sample_listing("v1|43|0")
    async with create_app(settings):
        for _ in range(2):  # e.g. a redelivery after a crash, or two syncs of an unchanged listing
            await publish_event(
                jetstream, listing_collected("ebay"), ListingCollected(listing=listing)
            )
        await eventually(lambda: idle(jetstream))
    assert len(await enriched_events(jetstream)) == 1


async def test_poison_message_is_parked_and_the_stream_keeps_moving(settings, jetstream):
    async with create_app(settings):
        await jetstream.publish(listing_collected("ebay"), b"\xff not json")
        await publish_event(
            jetstream,
            listing_collected("ebay"),
            ListingCollected(listing=sample_listing("v1|44|0")),
        )
        await eventually(lambda: idle(jetstream))
    parked = await jetstream.get_last_msg("DLQ", "dlq.enricher")
    assert parked.data == b"\xff not json"
    assert parked.headers["Indigo-Original-Subject"] == "listings.collected.ebay"
    assert parked.headers["Indigo-Error"]
    assert [e.listing.external_id for e in await enriched_events(jetstream)] == ["v1|44|0"]


async def test_replicas_share_one_durable_consumer_and_each_listing_is_enriched_once(
    settings, jetstream
) -> None:
    backlog = [sample_listing(f"v1|{n}|0", title=f"Levi's 501 jeans {n} 32x32") for n in range(300)]
    narrow = settings.model_copy(update={"enricher_concurrency": 16})
    first, second = create_app(narrow), create_app(narrow)
    async with first, second:
        for listing in backlog:
            await publish_event(
                jetstream, listing_collected("ebay"), ListingCollected(listing=listing)
            )
        await eventually(lambda: idle(jetstream))
        info = await jetstream.consumer_info("LISTINGS", "enricher")
    handled = [service.consumers[0].handled for service in (first, second)]
    assert all(count > 0 for count in handled), handled  # both replicas worked
    assert sum(handled) == info.delivered.consumer_seq == len(backlog)  # none twice
    events = await enriched_events(jetstream)
    assert sorted(e.listing.external_id for e in events) == sorted(x.external_id for x in backlog)
