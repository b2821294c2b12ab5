"""The enricher service: ``ListingCollected`` in, ``ListingEnriched`` out; analysis jobs.

Two durable consumers named ``enricher``: ``listings.collected.*`` on ``LISTINGS`` and
``analysis.requested`` on ``SYNC_REQUESTS`` (the work queue). Each works on several messages at
once (``INDIGO_ENRICHER_CONCURRENCY``) and heartbeats the slow ones; replicas share them.

With ``OPENAI_API_KEY`` or ``OPENAI_BASE_URL`` set the LLM completes the rules, and its answers
are cached in PostgreSQL (``DATABASE_URL``, or the running ``indigo dev``'s); without, the
enricher needs NATS only.
"""

from __future__ import annotations

import asyncio
import logging

from indigo_shared.consumer import ConcurrentConsumer
from indigo_shared.db import create_pool
from indigo_shared.events import AnalysisRequested
from indigo_shared.service import Runtime, configure_logging, serve_until_signalled
from indigo_shared.streams import (
    ALL_COLLECTED,
    ANALYSIS_REQUESTED,
    ENRICHER,
    LISTINGS,
    SYNC_REQUESTS,
)
from nats.aio.msg import Msg

from indigo_enricher.adapters.answer_cache import AnswerCache
from indigo_enricher.adapters.openai_chat import OpenAIChat
from indigo_enricher.domain.llm import PROMPT_VERSION
from indigo_enricher.handlers import (
    Enricher,
    handle_analysis_requested,
    handle_listing_collected,
    report_analysis_failure,
    settle,
)
from indigo_enricher.llm_service import LlmService
from indigo_enricher.rate_limit import RateLimiter
from indigo_enricher.settings import EnricherSettings

log = logging.getLogger(__name__)

#: Analysis jobs are few and each waits on the LLM: a handful at a time per replica.
ANALYSIS_CONCURRENCY = 4


class EnricherService:
    def __init__(self, settings: EnricherSettings) -> None:
        self.settings = settings
        self.runtime = Runtime(settings, ENRICHER)
        self.policy = settings.delivery_policy(ENRICHER)
        self.enricher = Enricher()
        self.consumers: list[ConcurrentConsumer] = []
        self._pool = None
        self._chat: OpenAIChat | None = None

    async def start(self) -> None:
        settings = self.settings
        await self.runtime.start()
        if settings.llm_enabled:
            self._pool = await create_pool(settings.require_database_url(), max_size=4)
            self._chat = OpenAIChat(
                model=settings.openai_model,
                api_key=(
                    settings.openai_api_key.get_secret_value() if settings.openai_api_key else None
                ),
                base_url=settings.openai_base_url,
                timeout=settings.openai_timeout_seconds,
            )
            llm = LlmService(
                self._chat,
                AnswerCache(self._pool, prompt_version=PROMPT_VERSION, model=settings.openai_model),
                RateLimiter(settings.openai_requests_per_minute, settings.openai_tokens_per_minute),
                batch_size=settings.openai_batch_size,
                batch_wait=settings.openai_batch_wait_seconds,
                concurrency=settings.openai_concurrency,
                input_price_per_1k=settings.openai_input_price_per_1k,
                output_price_per_1k=settings.openai_output_price_per_1k,
            )
            self.enricher = Enricher(
                llm, model=settings.openai_model, threshold=settings.llm_confidence_threshold
            )
            log.info(
                "LLM enrichment on: model %s at %s",
                settings.openai_model,
                settings.openai_base_url or "api.openai.com",
            )
        js = self.runtime.js
        common = dict(policy=self.policy, heartbeat_interval=settings.heartbeat_interval)
        self.consumers = [
            ConcurrentConsumer(
                js,
                stream=LISTINGS,
                subject=ALL_COLLECTED,
                handler=self._on_listing_collected,
                concurrency=settings.enricher_concurrency,
                fetch_size=settings.enricher_batch_size,
                **common,
            ),
            ConcurrentConsumer(
                js,
                stream=SYNC_REQUESTS,
                subject=ANALYSIS_REQUESTED,
                handler=self._on_analysis_requested,
                concurrency=ANALYSIS_CONCURRENCY,
                fetch_size=ANALYSIS_CONCURRENCY,
                **common,
            ),
        ]
        for consumer in self.consumers:
            await consumer.start()

    async def stop(self) -> None:
        await asyncio.gather(*(consumer.stop() for consumer in self.consumers))
        if self.enricher.llm is not None:
            await self.enricher.llm.close()
        if self._chat is not None:
            await self._chat.close()
        await self.runtime.stop()
        if self._pool is not None:
            await self._pool.close()

    async def __aenter__(self) -> EnricherService:
        await self.start()
        return self

    async def __aexit__(self, *exc) -> None:
        await self.stop()

    async def _on_listing_collected(self, msg: Msg) -> None:
        js = self.runtime.js
        await settle(
            js, msg, self.policy, lambda: handle_listing_collected(js, self.enricher, msg.data)
        )

    async def _on_analysis_requested(self, msg: Msg) -> None:
        js = self.runtime.js

        async def work() -> None:
            request = AnalysisRequested.model_validate_json(msg.data)
            await handle_analysis_requested(js, self.enricher, request)

        async def before_parking(exc: BaseException) -> None:
            await report_analysis_failure(js, msg.data, exc)

        await settle(js, msg, self.policy, work, before_parking=before_parking)


def create_app(settings: EnricherSettings) -> EnricherService:
    return EnricherService(settings)


def run() -> None:
    settings = EnricherSettings()
    configure_logging(settings.log_level)
    # The openai client's HTTP library logs every request at INFO: thousands a sync.
    for name in ("httpx", "httpx2"):
        logging.getLogger(name).setLevel(max(logging.WARNING, logging.getLogger().level))
    asyncio.run(serve_until_signalled(create_app(settings)))
