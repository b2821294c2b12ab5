"""The eBay collector: takes sync requests from the work queue and on a schedule.

Credentials: ``EBAY_CLIENT_ID`` / ``EBAY_CLIENT_SECRET``, else the stored ones, read before each
sync (a change applies to the next sync); the application token is shared by every replica
through PostgreSQL when the service has it (:mod:`indigo_shared.oauth_tokens`)."""

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

from indigo_collector_ebay.adapters.call_budget import DailyCallBudget
from indigo_collector_ebay.adapters.client import BrowseClient
from indigo_collector_ebay.handlers import fetch_pages, handle_sync_requested
from indigo_collector_ebay.settings import EbayCollectorSettings


def create_app(settings: EbayCollectorSettings) -> CollectorService:
    environment = {
        "EBAY_CLIENT_ID": settings.ebay_client_id,
        "EBAY_CLIENT_SECRET": settings.ebay_client_secret
        and settings.ebay_client_secret.get_secret_value(),
    }
    stored = can_use_stored_credentials(settings)
    if not all(environment.values()) and not stored:
        raise missing_credentials("ebay", "EBAY_CLIENT_ID and EBAY_CLIENT_SECRET")

    @asynccontextmanager
    async def browse_api(service: Service) -> AsyncIterator[Fetcher]:
        # One daily budget for every replica (a NATS key-value counter).
        budget = await DailyCallBudget.open(
            service.js,
            limit=settings.ebay_daily_call_budget,
            replicas=settings.stream_replicas,
        )
        access = marketplace_access(service, "ebay", environment)
        async with aiohttp.ClientSession() as session:

            async def pages(request: SyncRequested) -> AsyncIterator[FetchedPage]:
                credentials = await access.credentials.current()
                client = BrowseClient(
                    session,
                    base_url=settings.ebay_api_base,
                    client_id=credentials["client_id"],
                    client_secret=credentials["client_secret"],
                    marketplace_id=settings.ebay_marketplace_id,
                    call_budget=budget,
                    tokens=access.tokens,
                    credential=credentials.fingerprint,
                )
                async for page in fetch_pages(
                    client, request, page_size=settings.ebay_page_size, fx=settings.fx_rates
                ):
                    yield page

            yield pages

    schedule = Schedule(
        interval_seconds=settings.ebay_sync_interval_seconds,
        keywords=settings.ebay_sync_keywords,
        limit=settings.ebay_sync_limit,
    )
    return CollectorService(
        settings,
        platform="ebay",
        schedule=schedule,
        open_source=browse_api,
        handle=handle_sync_requested,
        uses_database=stored,
    )


def run() -> None:
    settings = EbayCollectorSettings()
    run_service(create_app(settings))
