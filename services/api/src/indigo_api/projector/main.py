"""The API's projector: keeps the PostgreSQL read model from ``ListingEnriched`` and
``SyncStatusChanged``. It runs as its own process (``indigo run api-projector``) and scales as
replicas sharing one durable consumer per stream.

It consumes in batches to write in bulk; see :mod:`indigo_shared.consumer` for why its loop is
nats-py's rather than FastStream's.
"""

from __future__ import annotations

import asyncio

from indigo_shared.consumer import BatchConsumer
from indigo_shared.db import create_pool
from indigo_shared.events import (
    AnalysisStatusChanged,
    ListingEnriched,
    ListingsSeen,
    SyncStatusChanged,
)
from indigo_shared.projection import apply_batch, decoding
from indigo_shared.service import Runtime, configure_logging, serve_until_signalled
from indigo_shared.streams import (
    ALL_ENRICHED,
    ALL_LISTINGS_SEEN,
    ALL_SYNC_STATUS,
    ANALYSIS_STATUS,
    API_PROJECTOR,
    API_PROJECTOR_ANALYSIS,
    API_PROJECTOR_SEEN,
    LISTINGS,
    SYNC_EVENTS,
)

from indigo_api.projector.analysis import project_analysis_jobs
from indigo_api.projector.repository import project_listings, project_seen, project_sync_jobs
from indigo_api.settings import ApiSettings


class Projector:
    def __init__(self, settings: ApiSettings) -> None:
        self.settings = settings
        self.runtime = Runtime(settings, API_PROJECTOR)
        self.policy = settings.delivery_policy(API_PROJECTOR)
        self.seen_policy = settings.delivery_policy(API_PROJECTOR_SEEN)
        self.analysis_policy = settings.delivery_policy(API_PROJECTOR_ANALYSIS)
        self.consumers: list[BatchConsumer] = []
        self.pool = None

    async def start(self) -> None:
        await self.runtime.start()
        self.pool = await create_pool(self.settings.require_database_url())
        js = self.runtime.js
        options = dict(
            policy=self.policy,
            batch_size=self.settings.projector_batch_size,
            max_wait=self.settings.projector_batch_timeout,
        )
        self.consumers = [
            BatchConsumer(
                js, stream=LISTINGS, subject=ALL_ENRICHED, handler=self._on_listings, **options
            ),
            BatchConsumer(
                js,
                stream=SYNC_EVENTS,
                subject=ALL_SYNC_STATUS,
                handler=self._on_sync_statuses,
                **options,
            ),
            BatchConsumer(
                js,
                stream=SYNC_EVENTS,
                subject=ALL_LISTINGS_SEEN,
                handler=self._on_listings_seen,
                **(options | {"policy": self.seen_policy}),
            ),
            BatchConsumer(
                js,
                stream=SYNC_EVENTS,
                subject=ANALYSIS_STATUS,
                handler=self._on_analysis_statuses,
                **(options | {"policy": self.analysis_policy}),
            ),
        ]
        for consumer in self.consumers:
            await consumer.start()

    async def stop(self) -> None:
        for consumer in self.consumers:
            await consumer.stop()
        await self.runtime.stop()
        if self.pool:
            await self.pool.close()

    async def __aenter__(self) -> Projector:
        await self.start()
        return self

    async def __aexit__(self, *exc) -> None:
        await self.stop()

    async def _on_listings(self, messages) -> None:
        async def apply(conn, events):
            await project_listings(conn, events, self.settings.fx_rates)

        await apply_batch(
            self.runtime.js, self.pool, messages, decoding(ListingEnriched), apply, self.policy
        )

    async def _on_listings_seen(self, messages) -> None:
        await apply_batch(
            self.runtime.js,
            self.pool,
            messages,
            decoding(ListingsSeen),
            project_seen,
            self.seen_policy,
        )

    async def _on_analysis_statuses(self, messages) -> None:
        await apply_batch(
            self.runtime.js,
            self.pool,
            messages,
            decoding(AnalysisStatusChanged),
            project_analysis_jobs,
            self.analysis_policy,
        )

    async def _on_sync_statuses(self, messages) -> None:
        await apply_batch(
            self.runtime.js,
            self.pool,
            messages,
            decoding(SyncStatusChanged),
            project_sync_jobs,
            self.policy,
        )


def create_app(settings: ApiSettings) -> Projector:
    return Projector(settings)


def run() -> None:
    settings = ApiSettings()
    configure_logging(settings.log_level)
    asyncio.run(serve_until_signalled(create_app(settings)))
