"""The Etsy collector: takes sync requests from the work queue and on a schedule."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import aiohttp
from indigo_shared.collecting import Fetcher
from indigo_shared.collector_app import CollectorService, Schedule
from indigo_shared.service import Service, run_service

from indigo_collector_etsy.adapters.client import EtsyClient
from indigo_collector_etsy.handlers import fetch_pages, handle_sync_requested
from indigo_collector_etsy.settings import EtsyCollectorSettings


def create_app(settings: EtsyCollectorSettings) -> CollectorService:
    if not (settings.etsy_api_key and settings.etsy_shared_secret):
        raise SystemExit(
            "ETSY_API_KEY and ETSY_SHARED_SECRET are required (or run `indigo dev`, "
            "which points the collector at the sandbox)"
        )

    @asynccontextmanager
    async def open_api(service: Service) -> AsyncIterator[Fetcher]:
        async with aiohttp.ClientSession() as session:
            client = EtsyClient(
                session,
                base_url=settings.etsy_api_base,
                keystring=settings.etsy_api_key.get_secret_value(),
                shared_secret=settings.etsy_shared_secret.get_secret_value(),
                max_retry_after=settings.etsy_max_retry_after_seconds,
            )
            yield lambda request: fetch_pages(
                client, request, page_size=settings.etsy_page_size, fx=settings.fx_rates
            )

    schedule = Schedule(
        interval_seconds=settings.etsy_sync_interval_seconds,
        keywords=settings.etsy_sync_keywords,
        limit=settings.etsy_sync_limit,
    )
    return CollectorService(
        settings,
        platform="etsy",
        schedule=schedule,
        open_source=open_api,
        handle=handle_sync_requested,
    )


def run() -> None:
    settings = EtsyCollectorSettings()
    run_service(create_app(settings))
