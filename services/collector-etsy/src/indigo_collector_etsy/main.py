"""The Etsy collector: takes sync requests from the work queue and on a schedule.

Credentials: ``ETSY_API_KEY`` / ``ETSY_SHARED_SECRET``, else the stored ones, read before each
sync (a change applies to the next sync)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import aiohttp
from indigo_shared.collecting import FetchedPage, Fetcher
from indigo_shared.collector_app import (
    CollectorService,
    Schedule,
    can_use_stored_credentials,
    marketplace_access,
    missing_credentials,
)
from indigo_shared.events import SyncRequested
from indigo_shared.service import Service, run_service

from indigo_collector_etsy.adapters.client import EtsyClient
from indigo_collector_etsy.handlers import fetch_pages, handle_sync_requested
from indigo_collector_etsy.settings import EtsyCollectorSettings


def create_app(settings: EtsyCollectorSettings) -> CollectorService:
    environment = {
        "ETSY_API_KEY": settings.etsy_api_key and settings.etsy_api_key.get_secret_value(),
        "ETSY_SHARED_SECRET": settings.etsy_shared_secret
        and settings.etsy_shared_secret.get_secret_value(),
    }
    stored = can_use_stored_credentials(settings)
    if not all(environment.values()) and not stored:
        raise missing_credentials("etsy", "ETSY_API_KEY and ETSY_SHARED_SECRET")

    @asynccontextmanager
    async def open_api(service: Service) -> AsyncIterator[Fetcher]:
        access = marketplace_access(service, "etsy", environment)
        clients: dict[str, EtsyClient] = {}  # by credentials: the pacer learns Etsy's limits
        async with aiohttp.ClientSession() as session:

            async def pages(request: SyncRequested) -> AsyncIterator[FetchedPage]:
                credentials = await access.credentials.current()
                client = clients.get(credentials.fingerprint)
                if client is None:
                    clients.clear()
                    client = clients[credentials.fingerprint] = EtsyClient(
                        session,
                        base_url=settings.etsy_api_base,
                        keystring=credentials["client_id"],
                        shared_secret=credentials["client_secret"],
                        max_retry_after=settings.etsy_max_retry_after_seconds,
                    )
                async for page in fetch_pages(
                    client, request, page_size=settings.etsy_page_size, fx=settings.fx_rates
                ):
                    yield page

            yield pages

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
        uses_database=stored,
    )


def run() -> None:
    settings = EtsyCollectorSettings()
    run_service(create_app(settings))
