"""The service around a collector: the work-queue consumer, the schedule, the status events.

A marketplace collector supplies only how to fetch: an async context manager (opened at start-up,
closed at shutdown, e.g. around an HTTP session) that yields a :data:`Fetcher`.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass

from faststream import FastStream
from faststream.nats import NatsMessage

from indigo_shared.collecting import FetchedPage, run_sync, schedule_syncs
from indigo_shared.delivery import process
from indigo_shared.events import Platform, SyncRequested
from indigo_shared.service import Runtime, attach_runtime, create_broker, durable_pull
from indigo_shared.settings import IndigoSettings
from indigo_shared.streams import SYNC_REQUESTS, sync_requested

Fetcher = Callable[[SyncRequested], AsyncIterator[FetchedPage]]


@dataclass(frozen=True)
class Schedule:
    interval_seconds: float  # 0: no scheduled syncs
    keywords: str
    limit: int


def create_collector_app(
    settings: IndigoSettings,
    *,
    platform: Platform,
    schedule: Schedule,
    open_fetcher: Callable[[], AbstractAsyncContextManager[Fetcher]],
) -> FastStream:
    consumer = f"collector-{platform}"
    broker = create_broker(settings, consumer)
    runtime = Runtime(settings, consumer)
    # A sync can take minutes; it heartbeats after every page, so the ack wait covers one page.
    policy = settings.delivery_policy(consumer)
    subject = sync_requested(platform)
    resources = contextlib.AsyncExitStack()
    state: dict = {}

    @broker.subscriber(subject, **durable_pull(SYNC_REQUESTS, policy, subject))
    async def on_sync_requested(msg: NatsMessage) -> None:
        async def work() -> None:
            request = SyncRequested.model_validate_json(msg.body)
            await run_sync(
                runtime.js, request, state["fetch"](request), heartbeat=msg.raw_message.in_progress
            )

        await process(runtime.js, msg.raw_message, policy, work)

    app = FastStream(broker)
    attach_runtime(app, runtime)

    @app.on_startup
    async def open_source() -> None:
        state["fetch"] = await resources.enter_async_context(open_fetcher())

    @app.after_startup
    async def start_schedule() -> None:
        if schedule.interval_seconds > 0:
            state["schedule"] = asyncio.create_task(
                schedule_syncs(
                    runtime.js,
                    platform,
                    interval_seconds=schedule.interval_seconds,
                    keywords=schedule.keywords,
                    limit=schedule.limit,
                )
            )

    @app.on_shutdown
    async def close_source() -> None:
        if task := state.get("schedule"):
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    @app.after_shutdown
    async def close_resources() -> None:
        await resources.aclose()

    return app
