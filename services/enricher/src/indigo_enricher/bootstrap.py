"""The enricher as the service, a replay and the benchmarks build it: the rules, completed by the
LLM when ``OPENAI_*`` is configured (its answer cache in PostgreSQL, its rate limits)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from indigo_shared.db import create_pool

from indigo_enricher.adapters.answer_cache import AnswerCache
from indigo_enricher.adapters.openai_chat import OpenAIChat
from indigo_enricher.domain.llm import PROMPT_VERSION
from indigo_enricher.handlers import Enricher
from indigo_enricher.llm_service import LlmService
from indigo_enricher.rate_limit import RateLimiter
from indigo_enricher.settings import EnricherSettings


@asynccontextmanager
async def open_enricher(settings: EnricherSettings) -> AsyncIterator[Enricher]:
    """The rules, completed by the LLM when one is configured; closed on exit."""
    if not settings.llm_enabled:
        yield Enricher()
        return
    pool = await create_pool(settings.require_database_url(), max_size=4)
    chat = OpenAIChat(
        model=settings.openai_model,
        api_key=settings.openai_api_key.get_secret_value() if settings.openai_api_key else None,
        base_url=settings.openai_base_url,
        timeout=settings.openai_timeout_seconds,
    )
    llm = LlmService(
        chat,
        AnswerCache(pool, prompt_version=PROMPT_VERSION, model=settings.openai_model),
        RateLimiter(settings.openai_requests_per_minute, settings.openai_tokens_per_minute),
        batch_size=settings.openai_batch_size,
        batch_wait=settings.openai_batch_wait_seconds,
        concurrency=settings.openai_concurrency,
        input_price_per_1k=settings.openai_input_price_per_1k,
        output_price_per_1k=settings.openai_output_price_per_1k,
    )
    try:
        yield Enricher(
            llm, model=settings.openai_model, threshold=settings.llm_confidence_threshold
        )
    finally:
        await llm.close()
        await chat.close()
        await pool.close()
