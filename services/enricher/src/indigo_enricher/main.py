"""The enricher service: ``ListingCollected`` in, ``ListingEnriched`` out; analysis jobs.

Two durable consumers named ``enricher``: ``listings.collected.*`` on ``LISTINGS`` and
``analysis.requested`` on ``SYNC_REQUESTS`` (the work queue); replicas share them, and every
message in hand is heartbeated. Collected listings go by batches of ``INDIGO_ENRICHER_BATCH_SIZE``
when the rules alone enrich them, and one by one, ``INDIGO_ENRICHER_CONCURRENCY`` at once, when
each waits on the LLM.

With ``OPENAI_API_KEY`` or ``OPENAI_BASE_URL`` set the LLM completes the rules, and its answers
are cached in PostgreSQL (``DATABASE_URL``, or the running ``indigo dev``'s); without, the
enricher needs NATS only.
"""

from __future__ import annotations

import contextlib
import logging

from indigo_shared.consumer import Subscription
from indigo_shared.events import AnalysisRequested, ListingCollected
from indigo_shared.service import Service, run_service
from indigo_shared.streams import (
    ALL_COLLECTED,
    ANALYSIS_REQUESTED,
    ENRICHER,
    LISTINGS,
    SYNC_REQUESTS,
)
from nats.aio.msg import Msg

from indigo_enricher.bootstrap import open_enricher
from indigo_enricher.handlers import (
    Enricher,
    handle_analysis_requested,
    handle_listing_collected,
    handle_listings_collected,
    report_analysis_failure,
)
from indigo_enricher.settings import EnricherSettings

log = logging.getLogger(__name__)

#: Analysis jobs are few and each waits on the LLM: a handful at a time per replica.
ANALYSIS_CONCURRENCY = 4
#: Batches in hand at once when the rules alone enrich.
RULES_BATCHES = 2


class EnricherService(Service):
    name = ENRICHER

    def __init__(self, settings: EnricherSettings) -> None:
        super().__init__(settings)
        self.settings: EnricherSettings = settings
        self.enricher = Enricher()
        self._resources = contextlib.AsyncExitStack()

    async def setup(self) -> None:
        settings = self.settings
        self.enricher = await self._resources.enter_async_context(open_enricher(settings))
        if settings.llm_enabled:
            log.info(
                "LLM enrichment on: model %s at %s",
                settings.openai_model,
                settings.openai_base_url or "api.openai.com",
            )
        policy = settings.delivery_policy(ENRICHER)
        if settings.llm_enabled:
            # Each listing waits on the LLM: many at once, which the LLM service batches.
            work = dict(
                handle=self._on_listing_collected, concurrency=settings.enricher_concurrency
            )
        else:
            # The rules alone are CPU work: a fetched batch enriched in one go and published at
            # once (no round trip per listing); a second batch in hand overlaps its acks.
            work = dict(handle_many=self._on_listings_collected, concurrency=RULES_BATCHES)
        self.consume(
            Subscription(
                stream=LISTINGS,
                subject=ALL_COLLECTED,
                policy=policy,
                decode=lambda msg: ListingCollected.model_validate_json(msg.data),
                batch_size=settings.enricher_batch_size,
                **work,
            )
        )
        self.consume(
            Subscription(
                stream=SYNC_REQUESTS,
                subject=ANALYSIS_REQUESTED,
                policy=policy,
                decode=lambda msg: AnalysisRequested.model_validate_json(msg.data),
                handle=self._on_analysis_requested,
                concurrency=ANALYSIS_CONCURRENCY,
                batch_size=ANALYSIS_CONCURRENCY,
                on_parked=self._fail_parked_analysis,
            )
        )

    async def teardown(self) -> None:
        await self._resources.aclose()

    async def _on_listing_collected(self, event: ListingCollected, msg: Msg) -> None:
        await handle_listing_collected(self.publisher, self.enricher, event)

    async def _on_listings_collected(self, events: list[ListingCollected]) -> None:
        await handle_listings_collected(self.publisher, self.enricher, events)

    async def _on_analysis_requested(self, request: AnalysisRequested, msg: Msg) -> None:
        await handle_analysis_requested(self.publisher, self.enricher, request)

    async def _fail_parked_analysis(self, msg: Msg, error: str) -> None:
        await report_analysis_failure(self.publisher, msg.data, error)


def create_app(settings: EnricherSettings) -> EnricherService:
    return EnricherService(settings)


def run() -> None:
    settings = EnricherSettings()
    # The openai client's HTTP library logs every request at INFO: thousands a sync.
    for name in ("httpx", "httpx2"):
        logging.getLogger(name).setLevel(logging.WARNING)
    run_service(create_app(settings))
