"""The API's projector: keeps the PostgreSQL read model from ``ListingEnriched`` and
``SyncStatusChanged``. It runs as its own process (``indigo run api-projector``) and scales as
replicas sharing one durable consumer per stream."""

from __future__ import annotations

from faststream import FastStream
from faststream.nats import NatsMessage

from indigo_api.projector.handlers import project_batch
from indigo_api.projector.repository import project_listings, project_sync_jobs
from indigo_api.settings import ApiSettings
from indigo_shared.db import create_pool
from indigo_shared.delivery import DeliveryPolicy
from indigo_shared.events import ListingEnriched, SyncStatusChanged
from indigo_shared.service import (
    Runtime,
    attach_runtime,
    configure_logging,
    create_broker,
    durable_pull,
    run_faststream,
)
from indigo_shared.streams import (
    ALL_ENRICHED,
    ALL_SYNC_STATUS,
    API_PROJECTOR,
    LISTINGS,
    SYNC_EVENTS,
)


def create_app(settings: ApiSettings) -> FastStream:
    broker = create_broker(settings, API_PROJECTOR)
    runtime = Runtime(settings, API_PROJECTOR)
    policy = DeliveryPolicy(consumer=API_PROJECTOR, max_deliver=settings.max_deliver)
    state: dict = {}
    batch = dict(batch_size=settings.projector_batch_size, batch=True,
                 timeout=settings.projector_batch_timeout)

    async def apply_listings(conn, events):
        await project_listings(conn, events, settings.fx_rates)

    @broker.subscriber(ALL_ENRICHED, **durable_pull(LISTINGS, policy, ALL_ENRICHED, **batch))
    async def on_listings_enriched(msg: NatsMessage) -> None:
        await project_batch(runtime.js, state["pool"], msg.raw_message, ListingEnriched,
                            apply_listings, policy)

    @broker.subscriber(ALL_SYNC_STATUS,
                       **durable_pull(SYNC_EVENTS, policy, ALL_SYNC_STATUS, **batch))
    async def on_sync_status_changed(msg: NatsMessage) -> None:
        await project_batch(runtime.js, state["pool"], msg.raw_message, SyncStatusChanged,
                            project_sync_jobs, policy)

    app = FastStream(broker)
    attach_runtime(app, runtime)

    @app.on_startup
    async def open_pool() -> None:
        state["pool"] = await create_pool(settings.require_database_url())

    @app.after_shutdown
    async def close_pool() -> None:
        await state["pool"].close()

    return app


def run() -> None:
    settings = ApiSettings()
    configure_logging(settings.log_level)
    run_faststream(create_app(settings))
