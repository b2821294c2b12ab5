"""The enricher service: ``ListingCollected`` in, ``ListingEnriched`` out."""

from __future__ import annotations

from faststream import FastStream
from faststream.nats import NatsMessage
from indigo_shared.delivery import process
from indigo_shared.service import (
    Runtime,
    attach_runtime,
    configure_logging,
    create_broker,
    durable_pull,
    run_faststream,
)
from indigo_shared.streams import ALL_COLLECTED, ENRICHER, LISTINGS

from indigo_enricher.handlers import handle_listing_collected
from indigo_enricher.settings import EnricherSettings


def create_app(settings: EnricherSettings) -> FastStream:
    broker = create_broker(settings, "enricher")
    runtime = Runtime(settings, "enricher")
    policy = settings.delivery_policy(ENRICHER)

    @broker.subscriber(
        ALL_COLLECTED,
        **durable_pull(LISTINGS, policy, ALL_COLLECTED, batch_size=settings.enricher_batch_size),
    )
    async def on_listing_collected(msg: NatsMessage) -> None:
        await process(
            runtime.js,
            msg.raw_message,
            policy,
            lambda: handle_listing_collected(runtime.js, msg.body),
        )

    app = FastStream(broker)
    attach_runtime(app, runtime)
    return app


def run() -> None:
    settings = EnricherSettings()
    configure_logging(settings.log_level)
    run_faststream(create_app(settings))
