"""The eBay collector: takes sync requests from the work queue and on a schedule."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import aiohttp
from indigo_shared.collecting import Fetcher
from indigo_shared.collector_app import CollectorService, Schedule
from indigo_shared.service import Service, run_service

from indigo_collector_ebay.adapters.call_budget import DailyCallBudget
from indigo_collector_ebay.adapters.client import BrowseClient
from indigo_collector_ebay.handlers import fetch_pages, handle_sync_requested
from indigo_collector_ebay.settings import EbayCollectorSettings


def create_app(settings: EbayCollectorSettings) -> CollectorService:
    if not (settings.ebay_client_id and settings.ebay_client_secret):
        raise SystemExit(
            "EBAY_CLIENT_ID and EBAY_CLIENT_SECRET are required (or run `indigo dev`, "
            "which points the collector at the sandbox)"
        )

    @asynccontextmanager
    async def browse_api(service: Service) -> AsyncIterator[Fetcher]:
        # One daily budget for every replica (a NATS key-value counter).
        budget = await DailyCallBudget.open(
            service.js,
            limit=settings.ebay_daily_call_budget,
            replicas=settings.stream_replicas,
        )
        async with aiohttp.ClientSession() as session:
            client = BrowseClient(
                session,
                base_url=settings.ebay_api_base,
                client_id=settings.ebay_client_id,
                client_secret=settings.ebay_client_secret.get_secret_value(),
                marketplace_id=settings.ebay_marketplace_id,
                call_budget=budget,
            )
            yield lambda request: fetch_pages(
                client, request, page_size=settings.ebay_page_size, fx=settings.fx_rates
            )

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
    )


def run() -> None:
    settings = EbayCollectorSettings()
    run_service(create_app(settings))
