"""The eBay collector: takes sync requests from the work queue and on a schedule."""

from __future__ import annotations

import asyncio
import contextlib

import aiohttp
from faststream import FastStream
from faststream.nats import NatsMessage
from indigo_shared.collecting import schedule_syncs
from indigo_shared.delivery import process
from indigo_shared.events import SyncRequested
from indigo_shared.service import (
    Runtime,
    attach_runtime,
    configure_logging,
    create_broker,
    durable_pull,
    run_faststream,
)
from indigo_shared.streams import SYNC_REQUESTS, sync_requested

from indigo_collector_ebay.adapters.client import BrowseClient
from indigo_collector_ebay.handlers import handle_sync_requested
from indigo_collector_ebay.settings import EbayCollectorSettings

CONSUMER = "collector-ebay"


def create_app(settings: EbayCollectorSettings) -> FastStream:
    if not (settings.ebay_client_id and settings.ebay_client_secret):
        raise SystemExit(
            "EBAY_CLIENT_ID and EBAY_CLIENT_SECRET are required (or run `indigo dev`, "
            "which points the collector at the sandbox)"
        )
    broker = create_broker(settings, CONSUMER)
    runtime = Runtime(settings, CONSUMER)
    # A sync can take minutes; it heartbeats per page, so the ack wait only covers one page.
    policy = settings.delivery_policy(CONSUMER)
    subject = sync_requested("ebay")
    state: dict = {}

    @broker.subscriber(subject, **durable_pull(SYNC_REQUESTS, policy, subject))
    async def on_sync_requested(msg: NatsMessage) -> None:
        async def work() -> None:
            request = SyncRequested.model_validate_json(msg.body)
            await handle_sync_requested(
                runtime.js,
                state["client"],
                request,
                page_size=settings.ebay_page_size,
                fx=settings.fx_rates,
                heartbeat=msg.raw_message.in_progress,
            )

        await process(runtime.js, msg.raw_message, policy, work)

    app = FastStream(broker)
    attach_runtime(app, runtime)

    @app.on_startup
    async def open_client() -> None:
        state["session"] = aiohttp.ClientSession()
        state["client"] = BrowseClient(
            state["session"],
            base_url=settings.ebay_api_base,
            client_id=settings.ebay_client_id,
            client_secret=settings.ebay_client_secret.get_secret_value(),
            marketplace_id=settings.ebay_marketplace_id,
        )

    @app.after_startup
    async def start_schedule() -> None:
        if settings.ebay_sync_interval_seconds > 0:
            state["schedule"] = asyncio.create_task(
                schedule_syncs(
                    runtime.js,
                    "ebay",
                    interval_seconds=settings.ebay_sync_interval_seconds,
                    keywords=settings.ebay_sync_keywords,
                    limit=settings.ebay_sync_limit,
                )
            )

    @app.on_shutdown
    async def close_client() -> None:
        if task := state.get("schedule"):
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        await state["session"].close()

    return app


def run() -> None:
    settings = EbayCollectorSettings()
    configure_logging(settings.log_level)
    run_faststream(create_app(settings))
